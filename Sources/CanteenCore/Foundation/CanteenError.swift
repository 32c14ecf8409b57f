/// A refusal or failure of a core operation, classified so the CLI can map it to one exit code.
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
    public let message: String
    /// Further lines: what to do about it, or every bad row of an import.
    public let details: [String]

    /// `details` are printed as further lines after the message.
    public init(_ kind: Kind, _ message: String, details: [String] = []) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    /// The message alone; `details` are printed separately.
    public var description: String { message }

    static func rule(_ message: String, _ details: String...) -> CanteenError { .init(.rule, message, details: details) }
    static func invalid(_ message: String, _ details: String...) -> CanteenError { .init(.invalidInput, message, details: details) }
    static func notFound(_ message: String, _ details: String...) -> CanteenError { .init(.notFound, message, details: details) }
    static func storage(_ message: String, _ details: String...) -> CanteenError { .init(.storage, message, details: details) }
    static func permission(_ message: String, _ details: String...) -> CanteenError { .init(.permission, message, details: details) }
}
