/// What a diner's card carries in its barcode: an opaque code, never the resident ID number, drawn at random
/// from letters and digits that cannot be misread for one another (no 0/O, no 1/I), so that a code says
/// nothing about its diner and the next one cannot be guessed.
public struct CardCode: Hashable, Sendable, CustomStringConvertible {
    /// Ten characters from `alphabet`.
    public let value: String

    /// The 32 symbols a code is made of: 5 bits each, 50 bits in a code.
    public static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    /// The length of every code the program issues.
    public static let length = 10

    /// A new code from the random source.
    static func random(_ source: RandomSource) -> CardCode {
        var bits = source.next()
        var text = ""
        for _ in 0..<length {
            text.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return CardCode(verified: text)
    }

    private init(verified value: String) { self.value = value }

    /// A scanned or typed code, trimmed and upper-cased (a scanner on a Chinese PC may type lower case); nil
    /// when it cannot be a card code.
    public init?(scanned text: String) {
        let value = text.trimmed.uppercased()
        guard value.count == CardCode.length, value.allSatisfy({ CardCode.alphabet.contains($0) }) else { return nil }
        self.value = value
    }

    /// The code as printed under the barcode.
    public var description: String { value }
}
