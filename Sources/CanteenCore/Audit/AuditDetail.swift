// The audit log's detail column is stored as English text and covered by the audit hash chain, so what a row says
// can never be rewritten. It is written from this fixed set of shapes, one per kind of change, and read back into
// them: the CLI words a row in the asked language from its kind and values, and shows the stored text as it is
// when it does not read as one of them (a row from an older shape, or text a person typed that happens to look odd).
// `text` is the stored form and `init?(action:detail:)` its exact inverse; a test proves the round trip.

/// What an audit row says about its change, as a kind and its values.
public enum AuditDetail: Sendable, Equatable {
    /// init: the opening appropriation, the default copay, the time zone.
    case initialized(budget: Money, copay: Money, timeZone: String)
    /// migrate: from one schema version to another, past some audit verify problems if forced.
    case migrated(from: Int, to: Int, forcedPast: Int)
    /// migrate to schema 3: the audit chain begins with every fact as found.
    case registerBegan
    /// migrate to schema 4: a card for each diner registered before cards.
    case firstCards(diners: Int)
    /// operator add.
    case operatorAdded(role: Role)
    /// operator deactivate: their keys left service with them.
    case keysRetired(count: Int)
    /// operator key add.
    case keyAdded(type: String, bits: Int, fingerprint: String)
    /// operator key remove.
    case keyRemoved(fingerprint: String)
    /// site add: the name and first price; `from` nil when the price is in force for every date.
    case siteAdded(name: String, price: Money, from: CivilDate?)
    /// site price.
    case priceSet(price: Money, from: CivilDate)
    /// policy set: nil category for all diners, nil age for any, nil cap for none, nil `from` for every date.
    case policySet(category: DinerCategory?, minAge: Int?, copay: Money, cap: Money?, from: CivilDate?)
    /// budget add: the note as typed (the subject is the amount).
    case appropriation(note: String)
    /// diner register: the masked ID number and the registration date.
    case registered(maskedID: String, from: CivilDate)
    /// diner update: each change, old value first.
    case dinerUpdated([DinerChange])
    /// diner deactivate, and how many meals were already recorded on or after the date.
    case deactivated(reason: DeactivationReason, from: CivilDate, mealsOnOrAfter: Int)
    /// diner card --reissue: the code retired, if the diner had a card in use.
    case cardReissued(retired: String?)
    /// meal void: the reason as typed.
    case mealVoided(reason: String)
    /// meal import.
    case mealsImported(recorded: Int, skipped: Int)
    /// cash declare, and the figure it replaced.
    case cashDeclared(amount: Money, replaced: Money?)
    /// month close: the payable, the journal's chain head, and the canteens left undeclared when forced.
    case monthClosed(payable: Money, chainHead: String, forcedUndeclared: [String])
    /// settle: the amount paid and the voucher as typed.
    case settled(amount: Money, voucher: String)
    /// unmask on diner list: the filters asked for.
    case unmaskedList(site: String?, active: Bool?)
    /// unmask on diner show.
    case unmaskedShow
    /// unmask on diner find (and on diner list, as older rows say): how many diners were shown.
    case unmaskedCount(diners: Int)
    /// backup to standard output, and how many bytes went.
    case backupToStandardOutput(bytes: Int64)
    /// gate: a call let in.
    case gateEntered(GateOrigin)
    /// gate refused: a call refused, and why.
    case gateRefused(GateOrigin, reason: RefusalReason)
    /// gate exit: a call that ended with an exit code other than 0.
    case gateExited(GateOrigin, exitCode: Int)
}

/// One change `diner update` made.
public enum DinerChange: Sendable, Equatable {
    /// Masked numbers, "-" for none.
    case phone(from: String, to: String)
    case category(from: DinerCategory, to: DinerCategory, on: CivilDate)
    /// Canteen codes, "-" for none.
    case site(from: String, to: String)
}

/// Where a gate call came from, as sshd told it.
public struct GateOrigin: Sendable, Equatable {
    /// The key's fingerprint, nil when the forced command named none.
    public let fingerprint: String?
    public let address: Address

    public enum Address: Sendable, Equatable {
        /// sshd's client address and port.
        case client(host: String, port: String)
        /// $SSH_CONNECTION as it was, when it was not sshd's four fields.
        case other(String)
        case unknown
    }

    public init(fingerprint: String?, address: Address) {
        self.fingerprint = fingerprint
        self.address = address
    }
}

/// Why the gate refused a call, as the log keeps it: the message's kind and those of the messages inside it,
/// without their values.
public struct RefusalReason: Sendable, Equatable {
    /// A `MessageKey` raw value.
    public let key: String
    public let inner: [RefusalReason]

    public init(key: String, inner: [RefusalReason] = []) {
        self.key = key
        self.inner = inner
    }

    /// The reason of a refusal's message.
    public init(_ message: Message) {
        let inner = message.values.keys.sorted().compactMap { name -> RefusalReason? in
            if case .message(let nested) = message.values[name]! { return RefusalReason(nested) }
            return nil
        }
        self.init(key: message.key.rawValue, inner: inner)
    }
}

// MARK: - The stored text

extension AuditDetail {
    /// The English text the audit row stores: the record, never changed once written.
    public var text: String {
        switch self {
        case .initialized(let budget, let copay, let zone): "budget \(budget), copay \(copay), time zone \(zone)"
        case .migrated(let from, let to, let forced):
            "schema \(from) → \(to)" + (forced > 0 ? "; forced past \(forced) audit verify problems" : "")
        case .registerBegan: "the register begins: every fact recorded as found"
        case .firstCards(let diners): "a card for each of \(diners) diners registered before cards"
        case .operatorAdded(let role): "role \(role.rawValue)"
        case .keysRetired(let count): "keys out of service: \(count)"
        case .keyAdded(let type, let bits, let fingerprint): "\(type) \(bits) \(fingerprint)"
        case .keyRemoved(let fingerprint): fingerprint
        case .siteAdded(let name, let price, let from): "\(name), price \(price) from \(Self.dateOrAlways(from))"
        case .priceSet(let price, let from): "\(price) from \(from)"
        case .policySet(let category, let minAge, let copay, let cap, let from):
            "category \(category?.rawValue ?? "all"), min-age \(minAge.map(String.init) ?? "any"), copay \(copay), "
                + "cap \(cap?.description ?? "none"), from \(Self.dateOrAlways(from))"
        case .appropriation(let note): note
        case .registered(let masked, let from): "\(masked) from \(from)"
        case .dinerUpdated(let changes): changes.map(\.text).joined(separator: "; ")
        case .deactivated(let reason, let from, let later):
            "\(reason.rawValue) from \(from)" + (later > 0 ? "; \(later) meals already recorded on or after it" : "")
        case .cardReissued(let retired): retired.map { "card \($0) retired; a new card issued" } ?? "a new card issued"
        case .mealVoided(let reason): reason
        case .mealsImported(let recorded, let skipped): "\(recorded) recorded, \(skipped) skipped"
        case .cashDeclared(let amount, let replaced): "\(amount)" + (replaced.map { " (was \($0))" } ?? "")
        case .monthClosed(let payable, let head, let undeclared):
            "payable \(payable), chain head \(head)" + (undeclared.isEmpty ? "" : "; forced, undeclared: \(undeclared.joined(separator: ", "))")
        case .settled(let amount, let voucher): "\(amount), voucher \(voucher)"
        case .unmaskedList(let site, let active):
            [site.map { "site \($0)" }, active.map { $0 ? "active" : "inactive" }].compactMap { $0 }.joined(separator: ", ")
        case .unmaskedShow: "diner show"
        case .unmaskedCount(let diners): "\(diners) diners"
        case .backupToStandardOutput(let bytes): "standard output, \(bytes) bytes"
        case .gateEntered(let origin): origin.text
        case .gateRefused(let origin, let reason): origin.text + "; " + reason.text
        case .gateExited(let origin, let code): origin.text + "; exit \(code)"
        }
    }

    private static func dateOrAlways(_ date: CivilDate?) -> String { date?.description ?? "always" }
}

extension DinerChange {
    public var text: String {
        switch self {
        case .phone(let from, let to): "phone \(from) → \(to)"
        case .category(let from, let to, let on): "category \(from.rawValue) → \(to.rawValue) from \(on)"
        case .site(let from, let to): "site \(from) → \(to)"
        }
    }
}

extension GateOrigin {
    /// "key SHA256:… from 203.0.113.7 port 50022", or "no key named, from …".
    public var text: String {
        (fingerprint.map { "key \($0) from " } ?? "no key named, from ") + {
            switch address {
            case .client(let host, let port): "\(host) port \(port)"
            case .other(let raw): "'\(raw)'"
            case .unknown: "an unknown address"
            }
        }()
    }

    /// The origin of a call: sshd's four fields give the client's address and port; anything else is kept for what
    /// it is, printable ASCII only and within bounds.
    init(fingerprint: String?, connection: String?) {
        let fields = (connection ?? "").split(separator: " ")
        if fields.count == 4, fields.allSatisfy({ $0.utf8.count <= 64 && $0.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F } }) {
            self.init(fingerprint: fingerprint, address: .client(host: String(fields[0]), port: String(fields[1])))
        } else if let connection, !connection.isEmpty {
            self.init(fingerprint: fingerprint,
                      address: .other(String(connection.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(120))))
        } else {
            self.init(fingerprint: fingerprint, address: .unknown)
        }
    }
}

extension RefusalReason {
    /// "gateCommandRefused(gateWhyKeys)".
    public var text: String { key + (inner.isEmpty ? "" : "(" + inner.map(\.text).joined(separator: ", ") + ")") }
}

// MARK: - Reading a stored row back

extension AuditDetail {
    /// The detail a row of `action` stores, read back; nil when the text is not one of the shapes this program
    /// writes (or wrote before), which is then shown as stored.
    public init?(action: String, detail: String) {
        guard !detail.isEmpty, let parsed = Self.parse(action, detail) else { return nil }
        self = parsed
    }

    private static func parse(_ action: String, _ text: String) -> AuditDetail? {
        var scan = Scan(text)
        switch action {
        case "init":
            guard scan.take("budget "), let budget = scan.money(until: ", copay "), let copay = scan.money(until: ", time zone "),
                  !scan.rest.isEmpty else { return nil }
            return .initialized(budget: budget, copay: copay, timeZone: scan.rest)
        case "migrate":
            if text == AuditDetail.registerBegan.text { return .registerBegan }
            if scan.take("a card for each of "), let count = scan.int(until: " diners registered before cards"), scan.atEnd {
                return .firstCards(diners: count)
            }
            scan = Scan(text)
            guard scan.take("schema "), let from = scan.int(until: " → ") else { return nil }
            if let to = Int(decimal: scan.rest) { return .migrated(from: from, to: to, forcedPast: 0) }
            guard let to = scan.int(until: "; forced past "), let forced = scan.int(until: " audit verify problems"), scan.atEnd, forced > 0 else { return nil }
            return .migrated(from: from, to: to, forcedPast: forced)
        case "operator add":
            guard scan.take("role "), let role = Role(rawValue: scan.rest) else { return nil }
            return .operatorAdded(role: role)
        case "operator deactivate":
            if scan.take("keys out of service: "), let count = Int(decimal: scan.rest) { return .keysRetired(count: count) }
            // An older row: "2 keys out of service".
            scan = Scan(text)
            guard let count = scan.int(until: " keys out of service"), scan.atEnd else { return nil }
            return .keysRetired(count: count)
        case "operator key add":
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, let bits = Int(decimal: String(parts[1])), GateCommand.isFingerprint(String(parts[2])) else { return nil }
            return .keyAdded(type: String(parts[0]), bits: bits, fingerprint: String(parts[2]))
        case "operator key remove":
            return GateCommand.isFingerprint(text) ? .keyRemoved(fingerprint: text) : nil
        case "site add":
            // The name is typed text and may itself hold ", price ": the price is read from the end.
            guard let cut = text.ranges(of: ", price ").last else { return nil }
            var tail = Scan(String(text[cut.upperBound...]))
            guard let price = tail.money(until: " from "), let from = Scan.dateOrAlways(tail.rest) else { return nil }
            return .siteAdded(name: String(text[..<cut.lowerBound]), price: price, from: from)
        case "site price":
            guard let price = scan.money(until: " from "), let from = Scan.date(scan.rest) else { return nil }
            return .priceSet(price: price, from: from)
        case "policy set":
            guard scan.take("category "), let category = scan.field(until: ", min-age "), let age = scan.field(until: ", copay "),
                  let copay = scan.money(until: ", cap "), let cap = scan.field(until: ", from "), let from = Scan.dateOrAlways(scan.rest) else { return nil }
            let parsedCategory = category == "all" ? Optional<DinerCategory?>.some(nil) : DinerCategory(rawValue: category).map { Optional($0) }
            let parsedAge = age == "any" ? Optional<Int?>.some(nil) : Int(decimal: age).map { Optional($0) }
            let parsedCap = cap == "none" ? Optional<Money?>.some(nil) : Scan.money(cap).map { Optional($0) }
            guard let parsedCategory, let parsedAge, let parsedCap else { return nil }
            return .policySet(category: parsedCategory, minAge: parsedAge, copay: copay, cap: parsedCap, from: from)
        case "budget add":
            return .appropriation(note: text)
        case "diner register":
            guard let masked = scan.field(until: " from "), !masked.isEmpty, !masked.contains(" "), let from = Scan.date(scan.rest) else { return nil }
            return .registered(maskedID: masked, from: from)
        case "diner update":
            var changes: [DinerChange] = []
            for part in text.split(separator: "; ", omittingEmptySubsequences: false).map(String.init) {
                guard let change = DinerChange(parsing: part) else { return nil }
                changes.append(change)
            }
            return .dinerUpdated(changes)
        case "diner deactivate":
            guard let reasonText = scan.field(until: " from "), let reason = DeactivationReason(rawValue: reasonText) else { return nil }
            if let from = Scan.date(scan.rest) { return .deactivated(reason: reason, from: from, mealsOnOrAfter: 0) }
            guard let dateText = scan.field(until: "; "), let from = Scan.date(dateText),
                  let later = scan.int(until: " meals already recorded on or after it"), scan.atEnd, later > 0 else { return nil }
            return .deactivated(reason: reason, from: from, mealsOnOrAfter: later)
        case "diner card reissue":
            if text == "a new card issued" { return .cardReissued(retired: nil) }
            guard scan.take("card "), let code = scan.field(until: " retired; a new card issued"), scan.atEnd, !code.isEmpty, !code.contains(" ") else { return nil }
            return .cardReissued(retired: code)
        case "meal void":
            return .mealVoided(reason: text)
        case "meal import":
            guard let recorded = scan.int(until: " recorded, "), let skipped = scan.int(until: " skipped"), scan.atEnd else { return nil }
            return .mealsImported(recorded: recorded, skipped: skipped)
        case "cash declare":
            if let amount = Scan.money(text) { return .cashDeclared(amount: amount, replaced: nil) }
            guard let amount = scan.money(until: " (was "), let was = scan.money(until: ")"), scan.atEnd else { return nil }
            return .cashDeclared(amount: amount, replaced: was)
        case "month close":
            guard scan.take("payable "), let payable = scan.money(until: ", chain head ") else { return nil }
            guard let head = scan.field(until: "; forced, undeclared: ") else {
                return Scan.isHash(scan.rest) ? .monthClosed(payable: payable, chainHead: scan.rest, forcedUndeclared: []) : nil
            }
            let undeclared = scan.rest.split(separator: ", ", omittingEmptySubsequences: false).map(String.init)
            guard Scan.isHash(head), !undeclared.contains(where: \.isEmpty) else { return nil }
            return .monthClosed(payable: payable, chainHead: head, forcedUndeclared: undeclared)
        case "settle":
            guard let amount = scan.money(until: ", voucher "), !scan.rest.isEmpty else { return nil }
            return .settled(amount: amount, voucher: scan.rest)
        case "unmask":
            if text == "diner show" { return .unmaskedShow }
            if let count = scan.int(until: " diners"), scan.atEnd { return .unmaskedCount(diners: count) }
            var site: String?
            var active: Bool?
            var parts = text.split(separator: ", ", omittingEmptySubsequences: false).map(String.init)[...]
            if let first = parts.first, first.hasPrefix("site ") {
                site = String(first.dropFirst(5))
                parts = parts.dropFirst()
            }
            if let last = parts.first {
                guard last == "active" || last == "inactive" else { return nil }
                active = last == "active"
                parts = parts.dropFirst()
            }
            guard parts.isEmpty, site.map({ !$0.isEmpty && !$0.contains(" ") }) ?? true else { return nil }
            return .unmaskedList(site: site, active: active)
        case "backup":
            guard scan.take("standard output, "), let bytes = scan.int(until: " bytes"), scan.atEnd else { return nil }
            return .backupToStandardOutput(bytes: Int64(bytes))
        case "gate":
            return GateOrigin(parsing: text).map { .gateEntered($0) }
        case "gate refused":
            // The origin may quote a connection that holds "; ": the reason is after the last one.
            guard let cut = text.ranges(of: "; ").last, let origin = GateOrigin(parsing: String(text[..<cut.lowerBound])),
                  let reason = RefusalReason(parsing: String(text[cut.upperBound...])) else { return nil }
            return .gateRefused(origin, reason: reason)
        case "gate exit":
            guard let cut = text.ranges(of: "; exit ").last, let origin = GateOrigin(parsing: String(text[..<cut.lowerBound])),
                  let code = Int(decimal: String(text[cut.upperBound...])) else { return nil }
            return .gateExited(origin, exitCode: code)
        default:
            return nil
        }
    }
}

extension DinerChange {
    init?(parsing text: String) {
        var scan = Scan(text)
        if scan.take("phone "), let from = scan.field(until: " → "), !from.isEmpty, !scan.rest.isEmpty {
            self = .phone(from: from, to: scan.rest)
            return
        }
        scan = Scan(text)
        if scan.take("category "), let from = scan.field(until: " → ").flatMap(DinerCategory.init(rawValue:)),
           let to = scan.field(until: " from ").flatMap(DinerCategory.init(rawValue:)), let on = Scan.date(scan.rest) {
            self = .category(from: from, to: to, on: on)
            return
        }
        scan = Scan(text)
        if scan.take("site "), let from = scan.field(until: " → "), !from.isEmpty, !scan.rest.isEmpty, !scan.rest.contains(" ") {
            self = .site(from: from, to: scan.rest)
            return
        }
        return nil
    }
}

extension GateOrigin {
    init?(parsing text: String) {
        var scan = Scan(text)
        let fingerprint: String?
        if scan.take("no key named, from ") {
            fingerprint = nil
        } else if scan.take("key "), let named = scan.field(until: " from "), GateCommand.isFingerprint(named) {
            fingerprint = named
        } else {
            return nil
        }
        let rest = scan.rest
        if rest == "an unknown address" {
            self.init(fingerprint: fingerprint, address: .unknown)
        } else if rest.count >= 2, rest.hasPrefix("'"), rest.hasSuffix("'") {
            self.init(fingerprint: fingerprint, address: .other(String(rest.dropFirst().dropLast())))
        } else if let cut = rest.firstRange(of: " port "), !rest[..<cut.lowerBound].isEmpty, !rest[..<cut.lowerBound].contains(" "),
                  !rest[cut.upperBound...].isEmpty, !rest[cut.upperBound...].contains(" ") {
            self.init(fingerprint: fingerprint, address: .client(host: String(rest[..<cut.lowerBound]), port: String(rest[cut.upperBound...])))
        } else {
            return nil
        }
    }
}

extension RefusalReason {
    /// Reads "key" or "key(inner, inner(…))": identifiers, parentheses and ", " only.
    init?(parsing text: String) {
        var characters = Substring(text)
        guard let reason = Self.read(&characters), characters.isEmpty else { return nil }
        self = reason
    }

    private static func read(_ text: inout Substring) -> RefusalReason? {
        let key = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard !key.isEmpty else { return nil }
        text = text.dropFirst(key.count)
        guard text.first == "(" else { return RefusalReason(key: String(key)) }
        text = text.dropFirst()
        var inner: [RefusalReason] = []
        while true {
            guard let next = read(&text) else { return nil }
            inner.append(next)
            if text.hasPrefix(", ") { text = text.dropFirst(2); continue }
            guard text.first == ")" else { return nil }
            text = text.dropFirst()
            return RefusalReason(key: String(key), inner: inner)
        }
    }
}

/// A cursor over a stored detail, for reading it back exactly as it was written.
private struct Scan {
    private var remaining: Substring

    init(_ text: String) { remaining = Substring(text) }

    var rest: String { String(remaining) }
    var atEnd: Bool { remaining.isEmpty }

    /// Steps over `prefix` when the text goes on with it.
    mutating func take(_ prefix: String) -> Bool {
        guard remaining.hasPrefix(prefix) else { return false }
        remaining = remaining.dropFirst(prefix.count)
        return true
    }

    /// The text up to the first `separator`, stepping past both; nil when there is none.
    mutating func field(until separator: String) -> String? {
        guard let range = remaining.firstRange(of: separator) else { return nil }
        let value = String(remaining[..<range.lowerBound])
        remaining = remaining[range.upperBound...]
        return value
    }

    mutating func money(until separator: String) -> Money? { field(until: separator).flatMap(Self.money) }

    mutating func int(until separator: String) -> Int? { field(until: separator).flatMap { Int(decimal: $0) } }

    /// A date, or nil for "always"; nil outside when the text is neither.
    static func dateOrAlways(_ text: String) -> CivilDate?? {
        if text == "always" { return .some(nil) }
        return Self.date(text).map { .some($0) }
    }

    /// Yuan as `Money.description` writes it: an optional minus, digits, a point and two digits.
    static func money(_ text: String) -> Money? {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        guard digits.count >= 4, digits.dropLast(3).allSatisfy(\.isASCIIDigit), digits.dropLast(2).last == ".",
              digits.suffix(2).allSatisfy(\.isASCIIDigit), let money = try? Money(parsing: digits),
              money.description == digits else { return nil }
        return negative ? Money.zero - money : money
    }

    /// YYYY-MM-DD as `CivilDate.description` writes it.
    static func date(_ text: String) -> CivilDate? {
        guard let date = try? CivilDate(parsing: text), date.description == text else { return nil }
        return date
    }

    /// A chain head: 64 lower-case hexadecimal digits.
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

private extension Int {
    /// A whole number written in plain decimal digits, as `\(n)` writes it (an optional minus, no plus, no spaces).
    init?(decimal text: String) {
        guard let value = Int(text), String(value) == text else { return nil }
        self = value
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
