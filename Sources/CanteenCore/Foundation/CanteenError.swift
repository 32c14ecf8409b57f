/// A refusal or failure of a core operation: a kind that decides the exit code, and a typed message that the
/// CLI words in the language asked for.
public struct CanteenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why the operation did not happen; each kind has one exit code in the CLI.
    public enum Kind: Sendable, Equatable {
        /// A business rule refused it (under 60, duplicate meal, month closed, budget exhausted, …).
        case rule
        /// The input is malformed (bad ID check character, date, amount, import rows).
        case invalidInput
        /// A diner, canteen, meal or file named does not exist.
        case notFound
        /// The command line itself is wrong.
        case usage
        /// The database or a file could not be read or written, or its schema does not fit.
        case storage
        /// Another process held the database past the busy timeout.
        case busy
        /// The operator is unknown or their role may not do this.
        case permission
    }

    /// Decides the CLI's exit code.
    public let kind: Kind
    /// One line, naming the rule or the bad value.
    public let message: Message
    /// Further lines: what to do about it, or every bad row of an import.
    public let details: [Message]

    /// `details` are printed as further lines after the message.
    public init(_ kind: Kind, _ message: Message, details: [Message] = []) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    /// A message of `key` with its values; `hint` is a further line, when there is one.
    public init(_ kind: Kind, _ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) {
        self.init(kind, Message(key, values), details: hint.map { [$0] } ?? [])
    }

    /// True for the storage error of a sum or count read from the file that left Int64 ("the file may be damaged").
    public var isOverflow: Bool {
        kind == .storage && (message.key == .amountOverflow || message.key == .countOverflow)
    }

    /// The key and values, for logs and test failures; people see the CLI's rendering.
    public var description: String { message.description }

    static func rule(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) -> CanteenError {
        .init(.rule, key, values, hint: hint)
    }
    static func invalid(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) -> CanteenError {
        .init(.invalidInput, key, values, hint: hint)
    }
    static func notFound(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) -> CanteenError {
        .init(.notFound, key, values, hint: hint)
    }
    static func storage(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) -> CanteenError {
        .init(.storage, key, values, hint: hint)
    }
    static func permission(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], hint: Message? = nil) -> CanteenError {
        .init(.permission, key, values, hint: hint)
    }

    /// The same failure with its message placed inside another, as "--date: '2026-13-01' is not a date".
    public func within(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:]) -> CanteenError {
        var all: [(String, any MessageArgument)] = values.map { ($0.key, $0.value) }
        all.append(("error", message))
        var merged: [String: MessageValue] = [:]
        for (name, value) in all { merged[name] = value.messageValue }
        return CanteenError(kind, Message(key, values: merged), details: details)
    }
}
