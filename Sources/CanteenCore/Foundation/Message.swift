/// Something to tell a person, as a kind and its values: the core never words it; the CLI renders it in the
/// language asked for, so every refusal, hint, anomaly and verify problem exists in Chinese and English.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// Which sentence it is.
    public let key: MessageKey
    /// The values its sentence names, by placeholder.
    public let values: [String: MessageValue]

    /// A message with the values its template names.
    public init(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:]) {
        self.key = key
        var converted: [String: MessageValue] = [:]
        for (name, value) in values { converted[name] = value.messageValue }
        self.values = converted
    }

    /// A message from values already converted.
    public init(_ key: MessageKey, values: [String: MessageValue]) {
        self.key = key
        self.values = values
    }

    /// For logs and test failures only: the key and its values, never shown to a person.
    public var description: String {
        key.rawValue + (values.isEmpty ? "" : " " + values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " "))
    }
}

/// A value a message names, typed so the renderer can word it in each language (a slot is 午餐 in Chinese) and
/// mask what is personal (an ID number is never shown in full in a message).
public indirect enum MessageValue: Sendable, Equatable, CustomStringConvertible {
    /// Text shown as given, with control characters escaped: names, refs, codes, paths.
    case text(String)
    case int(Int64)
    case money(Money)
    case date(CivilDate)
    case month(YearMonth)
    case slot(MealSlot)
    case pay(PaymentMethod)
    case role(Role)
    /// Several roles, as "clerks or admins".
    case roles([Role])
    case action(Action)
    case category(DinerCategory)
    case deactivation(DeactivationReason)
    case entryKind(JournalEntry.Kind)
    /// A resident ID number or what was typed as one: always shown masked.
    case idNumber(String)
    /// A phone number or what was typed as one: always shown masked.
    case phone(String)
    /// What was being dated, in `requireOpen` and `requireNotFuture`.
    case dated(DatedThing)
    /// Which free-text field was refused.
    case field(TextFieldName)
    /// An operating-system error number, worded from strerror or the CLI's own words.
    case systemError(Int32)
    /// What is wrong with a CSV file's structure.
    case csvProblem(CSVError.Problem)
    /// Several values, joined as a list.
    case list([MessageValue])
    /// A message inside another, such as a bad import row's reason.
    case message(Message)

    /// For logs and test failures only.
    public var description: String {
        switch self {
        case .text(let s): "'\(s)'"
        case .int(let n): String(n)
        case .money(let m): m.description
        case .date(let d): d.description
        case .month(let m): m.description
        case .slot(let s): s.rawValue
        case .pay(let p): p.rawValue
        case .role(let r): r.rawValue
        case .roles(let r): r.map(\.rawValue).joined(separator: "|")
        case .action(let a): "\(a)"
        case .category(let c): c.rawValue
        case .deactivation(let r): r.rawValue
        case .entryKind(let k): k.rawValue
        case .idNumber(let s): ResidentID.mask(s)
        case .phone(let s): "phone(\(s.count))"
        case .dated(let d): d.rawValue
        case .field(let f): f.rawValue
        case .systemError(let code): "errno \(code)"
        case .csvProblem(let p): "\(p)"
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .message(let m): "(\(m))"
        }
    }
}

/// A type that a message can name as a value.
public protocol MessageArgument {
    /// The typed value the renderer words.
    var messageValue: MessageValue { get }
}

extension String: MessageArgument { public var messageValue: MessageValue { .text(self) } }
extension Substring: MessageArgument { public var messageValue: MessageValue { .text(String(self)) } }
extension Int: MessageArgument { public var messageValue: MessageValue { .int(Int64(self)) } }
extension Int64: MessageArgument { public var messageValue: MessageValue { .int(self) } }
extension Money: MessageArgument { public var messageValue: MessageValue { .money(self) } }
extension CivilDate: MessageArgument { public var messageValue: MessageValue { .date(self) } }
extension YearMonth: MessageArgument { public var messageValue: MessageValue { .month(self) } }
extension MealSlot: MessageArgument { public var messageValue: MessageValue { .slot(self) } }
extension PaymentMethod: MessageArgument { public var messageValue: MessageValue { .pay(self) } }
extension Role: MessageArgument { public var messageValue: MessageValue { .role(self) } }
extension Action: MessageArgument { public var messageValue: MessageValue { .action(self) } }
extension DinerCategory: MessageArgument { public var messageValue: MessageValue { .category(self) } }
extension DeactivationReason: MessageArgument { public var messageValue: MessageValue { .deactivation(self) } }
extension JournalEntry.Kind: MessageArgument { public var messageValue: MessageValue { .entryKind(self) } }
extension DinerNumber: MessageArgument { public var messageValue: MessageValue { .text(description) } }
extension MealNumber: MessageArgument { public var messageValue: MessageValue { .text(description) } }
extension SiteCode: MessageArgument { public var messageValue: MessageValue { .text(value) } }
extension ResidentID: MessageArgument { public var messageValue: MessageValue { .idNumber(value) } }
extension DatedThing: MessageArgument { public var messageValue: MessageValue { .dated(self) } }
extension TextFieldName: MessageArgument { public var messageValue: MessageValue { .field(self) } }
extension CSVError.Problem: MessageArgument { public var messageValue: MessageValue { .csvProblem(self) } }
extension SystemError: MessageArgument { public var messageValue: MessageValue { .systemError(code) } }
extension MessageValue: MessageArgument { public var messageValue: MessageValue { self } }
extension Message: MessageArgument { public var messageValue: MessageValue { .message(self) } }
extension Array: MessageArgument where Element: MessageArgument {
    public var messageValue: MessageValue { .list(map(\.messageValue)) }
}

/// What a date rule was applied to, so "no meal can be dated …" names it in each language.
public enum DatedThing: String, Sendable, CaseIterable {
    case meal, registration, appropriation, categoryChange, deactivation, cashDeclaration, void, settlement, price, policy, cardIssue
}

/// The free-text fields a person types, named in the message that refuses one.
public enum TextFieldName: String, Sendable, CaseIterable {
    case dinerName, operatorName, siteName, district, note, ref, voidReason, voucher, keyComment
}

/// An errno value that made a file operation fail.
public struct SystemError: Sendable, Equatable {
    /// The errno value.
    public let code: Int32
    /// Wraps the errno value the failing call left.
    public init(_ code: Int32) { self.code = code }
}
