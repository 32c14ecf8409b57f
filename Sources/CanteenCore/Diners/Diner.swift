/// A registered diner: an eligible elder identified by their resident ID number.
public struct Diner: Sendable, Equatable {
    public let id: Int64
    public let residentID: ResidentID
    public let name: String
    public let phone: PhoneNumber?
    public let category: DinerCategory
    public let homeSite: String?
    public let registeredOn: CivilDate
    public let deactivatedOn: CivilDate?
    public let deactivationReason: DeactivationReason?

    /// The short number printed on the diner's card and receipts.
    public var number: DinerNumber { DinerNumber(id: id) }
    public var birthDate: CivilDate { residentID.birthDate }

    /// True when the diner may eat a subsidised meal on `date` as far as registration goes.
    public func isActive(on date: CivilDate) -> Bool {
        registeredOn <= date && (deactivatedOn.map { date < $0 } ?? true)
    }
}

/// The card number of a diner: "D" and at least five digits, such as D00042.
public struct DinerNumber: Hashable, Sendable, CustomStringConvertible {
    public let id: Int64

    public init(id: Int64) { self.id = id }

    /// Parses "D00042", "d42" or "42".
    public init?(parsing text: String) {
        var body = Substring(text.trimmed)
        if body.first == "D" || body.first == "d" { body = body.dropFirst() }
        guard let id = Int64.parseDigits(body), id > 0 else { return nil }
        self.id = id
    }

    public var description: String { "D" + String(id).leftPadded(to: 5) }
}

/// How a counter names a diner: by card number or by ID number.
public enum DinerReference: Sendable, Equatable {
    case number(DinerNumber)
    case residentID(ResidentID)

    /// Parses a DINER argument: an 18-character ID number (validated), else a diner number.
    public init(parsing text: String, today: CivilDate) throws {
        let trimmed = text.trimmed
        if trimmed.count == 18 {
            self = .residentID(try ResidentID(parsing: trimmed, today: today))
        } else if let number = DinerNumber(parsing: trimmed) {
            self = .number(number)
        } else {
            throw CanteenError.invalid("'\(text)' is neither a diner number (such as D00042) nor an 18-character ID number")
        }
    }
}

/// Why a diner stopped eating at the canteens.
public enum DeactivationReason: String, Sendable, CaseIterable {
    case deceased, moved, withdrew, other

    public init(parsing text: String) throws {
        guard let reason = DeactivationReason(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid("unknown reason '\(text)': use deceased, moved, withdrew or other")
        }
        self = reason
    }
}

/// The details a clerk types when registering a diner.
public struct Registration: Sendable {
    public var idNumber: String
    public var name: String
    public var phone: String?
    public var category: String?
    public var site: String?
    public var date: CivilDate?

    public init(idNumber: String, name: String, phone: String? = nil, category: String? = nil, site: String? = nil, date: CivilDate? = nil) {
        self.idNumber = idNumber
        self.name = name
        self.phone = phone
        self.category = category
        self.site = site
        self.date = date
    }
}

/// A diner who was just registered, with their age on the registration date.
public struct RegisteredDiner: Sendable, Equatable {
    public let diner: Diner
    public let age: Int
}

/// The changes `diner update` may make; nil leaves a field as it is.
public struct DinerChanges: Sendable {
    public var phone: String?
    public var category: String?
    public var site: String?

    public init(phone: String? = nil, category: String? = nil, site: String? = nil) {
        self.phone = phone
        self.category = category
        self.site = site
    }

    var isEmpty: Bool { phone == nil && category == nil && site == nil }
}

extension Int64 {
    /// Parses ASCII digits only.
    static func parseDigits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 15, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(text)
    }
}
