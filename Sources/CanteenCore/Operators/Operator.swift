/// A person who acts on the books, with the role that bounds what they may do.
public struct Operator: Sendable, Equatable {
    /// The row id; journal entries and the audit log refer to it.
    public let id: Int64
    /// Unique, trimmed, at most 64 characters: what `--operator` names.
    public let name: String
    /// Bounds what they may do; an admin may do everything.
    public let role: Role
    /// False once deactivated: they can no longer act, but their past changes keep their name.
    public let active: Bool

    /// True when `text` names this operator as `--operator` would find them: trimmed, in any Unicode normal form.
    public func isNamed(_ text: String) -> Bool { text.trimmed == name }
}

/// What a person is allowed to do (CLI.md, Roles).
public enum Role: String, Sendable, CaseIterable {
    case clerk, finance, auditor, admin

    /// Parses a role name as typed.
    public init(parsing text: String) throws {
        guard let role = Role(rawValue: text.lowercased()) else {
            throw CanteenError.invalid(.roleUnknown, ["text": text])
        }
        self = role
    }

    /// "a clerk", "an auditor": for messages.
    var withArticle: String {
        switch self {
        case .clerk: "a clerk"
        case .finance: "a finance officer"
        case .auditor: "an auditor"
        case .admin: "an admin"
        }
    }

    /// "clerks", "finance officers": for messages.
    var plural: String { self == .finance ? "finance officers" : rawValue + "s" }

    /// True when this role may perform `action`.
    public func may(_ action: Action) -> Bool {
        self == .admin || action.roles.contains(self)
    }
}

/// The kinds of change (and the one kind of sensitive read) that roles are checked against.
public enum Action: String, Sendable {
    case setup = "manage operators, canteens, prices and policies"
    case counter = "register diners and record meals"
    case void = "void meals"
    case finance = "manage the budget, declarations, closes and settlements"
    case unmask = "see full ID and phone numbers"
    case backup = "back up the database"

    /// The roles besides admin that may do it.
    var roles: Set<Role> {
        switch self {
        case .setup: []
        case .counter: [.clerk]
        case .void: [.clerk, .finance]
        case .finance: [.finance]
        case .unmask: [.auditor]
        case .backup: [.finance, .auditor]
        }
    }
}

/// An operator's name: trimmed, not empty, at most 64 characters.
struct OperatorName {
    let value: String

    /// A new operator's name, under every rule of a name.
    init(_ text: String) throws {
        value = try TextField.validatedName(text, field: .operatorName, limit: 64)
    }

    /// The name of an operator who may already be in the books, taken under older rules: an admin must still be
    /// able to deactivate `李<U+3000>明` or an operator whose name mixes alphabets.
    init(naming text: String) throws {
        value = try TextField.validated(text, field: .operatorName, limit: 64, naming: true)
    }
}

extension String {
    /// Without leading and trailing white space (Unicode aware, so a full-width space counts).
    var trimmed: String {
        // Most text has a visible ASCII character at each end and is already trimmed: known from two bytes.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
