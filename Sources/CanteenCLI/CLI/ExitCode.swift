import CanteenCore

/// The process exit codes of CLI.md, in one place.
enum ExitCode: Int32 {
    case ok = 0
    case refused = 1
    case usage = 64
    case invalidInput = 65
    case notFound = 66
    case storage = 74
    case busy = 75
    case permission = 77

    init(_ kind: CanteenError.Kind) {
        switch kind {
        case .rule: self = .refused
        case .invalidInput: self = .invalidInput
        case .notFound: self = .notFound
        case .usage: self = .usage
        case .storage: self = .storage
        case .busy: self = .busy
        case .permission: self = .permission
        }
    }
}
