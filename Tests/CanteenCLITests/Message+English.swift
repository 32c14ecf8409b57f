@testable import CanteenCLI
import CanteenCore

extension Message {
    /// The English wording, as stderr shows it with --lang en.
    var english: String { Lang.en.render(self) }
    /// The Chinese wording.
    var chinese: String { Lang.zh.render(self) }
}
