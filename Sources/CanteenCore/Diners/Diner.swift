/// A registered diner: an eligible elder identified by their resident ID number.
public struct Diner: Sendable, Equatable {
    /// The row id; also the number on the card (D00042).
    public let id: Int64
    /// Unique among diners; prints masked, so use `.value` where the full number is meant.
    public let residentID: ResidentID
    /// As the clerk typed it, trimmed; at most 64 characters.
    public let name: String
    /// nil when the diner gave none.
    public let phone: PhoneNumber?
    /// The category in force on the day the diner was loaded (today): what lists and cards show.
    public let category: DinerCategory
    /// Every category the diner has had, oldest first: the one in force on a meal's date sets its copay.
    public let categoryHistory: [CategoryChange]
    /// The home canteen's code, or nil; it does not limit where the diner may eat.
    public let homeSite: String?
    /// The first date a subsidised meal may be recorded for them.
    public let registeredOn: CivilDate
    /// The first day without meals; nil while the diner is active.
    public let deactivatedOn: CivilDate?
    /// Why they stopped; nil exactly when `deactivatedOn` is nil.
    public let deactivationReason: DeactivationReason?

    /// The short number printed on the diner's card and receipts.
    public var number: DinerNumber { DinerNumber(id: id) }
    /// Read from the ID number, never typed separately.
    public var birthDate: CivilDate { residentID.birthDate }

    /// The category in force on `date`: the latest change from that date or before (the registration's at least).
    public func category(on date: CivilDate) -> DinerCategory {
        categoryHistory.last { $0.from <= date }?.category ?? categoryHistory.first?.category ?? .standard
    }

    /// True when the diner may eat a subsidised meal on `date` as far as registration goes.
    public func isActive(on date: CivilDate) -> Bool {
        registeredOn <= date && (deactivatedOn.map { date < $0 } ?? true)
    }
}

/// A category a diner is in from a date on.
public struct CategoryChange: Sendable, Equatable {
    /// The first day it applies.
    public let from: CivilDate
    /// The category from then on.
    public let category: DinerCategory
}

/// The card number of a diner: "D" and at least five digits, such as D00042.
public struct DinerNumber: Hashable, Sendable, CustomStringConvertible {
    /// The diner's row id, which the number only formats.
    public let id: Int64

    /// Wraps a row id; does not check that the diner exists.
    public init(id: Int64) { self.id = id }

    /// Parses a diner number only as it is printed ("D00042", the D in either case): "D0042", "D000042" or "42"
    /// are refused, since a number typed a digit short or long would otherwise name another diner.
    public init?(parsing text: String) {
        let trimmed = text.trimmed
        guard Self.isDigitsAfterD(trimmed), let id = Int64.parseDigits(trimmed.dropFirst()), id > 0,
              trimmed.utf8.count == 1 + max(5, String(id).utf8.count) else { return nil }
        self.id = id
    }

    /// "D" (or "d") and digits only: shaped like a diner number, whether or not in the printed form.
    static func isDigitsAfterD(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, first == UInt8(ascii: "D") || first == UInt8(ascii: "d"), bytes.count > 1 else { return false }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// As printed on the card: "D00042" (at least five digits).
    public var description: String { "D" + String(id).leftPadded(to: 5) }
}

/// How a counter names a diner: by diner number, by ID number, or by the code their card's barcode reads.
public enum DinerReference: Sendable, Equatable {
    case number(DinerNumber)
    case residentID(ResidentID)
    case card(CardCode)

    /// Parses a DINER argument: an 18-character ID number (validated), else a card code (ten characters of the
    /// card alphabet, in any case), else a diner number. A card code wins over a diner number it could also
    /// read as ("D234567892"): printed diner numbers are six characters, and no diner has a ten-digit number.
    public init(parsing text: String, today: CivilDate) throws {
        let trimmed = text.trimmed
        if trimmed.count == 18 {
            self = .residentID(try ResidentID(parsing: trimmed, today: today))
        } else if let code = CardCode(scanned: trimmed) {
            self = .card(code)
        } else if let number = DinerNumber(parsing: trimmed) {
            self = .number(number)
        } else if DinerNumber.isDigitsAfterD(trimmed) {
            throw CanteenError.invalid(.dinerNumberNotAsPrinted, ["text": trimmed])
        } else {
            // Shown masked when it may hold an ID number's area code and birth date; a shorter slip ('12345') is
            // shown as typed, so the clerk sees what was wrong.
            throw CanteenError.invalid(.dinerReferenceMalformed, ["text": trimmed.count < 10 ? .text(trimmed) : MessageValue.idNumber(trimmed)])
        }
    }
}

/// Why a diner stopped eating at the canteens.
public enum DeactivationReason: String, Sendable, CaseIterable {
    case deceased, moved, withdrew, other

    /// Parses a reason in any case; anything else is invalid input.
    public init(parsing text: String) throws {
        guard let reason = DeactivationReason(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid(.deactivationReasonUnknown, ["text": text, "reasons": DeactivationReason.allCases])
        }
        self = reason
    }
}

/// The details a clerk types when registering a diner.
public struct Registration: Sendable {
    /// As typed; validated (check character, birth date) when registered.
    public var idNumber: String
    /// As typed; trimmed and limited to 64 characters when registered.
    public var name: String
    /// As typed; nil or blank for none.
    public var phone: String?
    /// A category name such as "low-income"; nil means standard.
    public var category: String?
    /// The home canteen's code; nil for none.
    public var site: String?
    /// The registration date; nil means today.
    public var date: CivilDate?

    /// Collects the typed fields; nothing is checked until `Books.register`.
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
    /// The diner as stored, with the new card number.
    public let diner: Diner
    /// Completed years on the registration date: 60 or more.
    public let age: Int
}

/// The changes `diner update` may make; nil leaves a field as it is.
public struct DinerChanges: Sendable {
    /// A new phone; blank removes it.
    public var phone: String?
    /// A new category name, such as "low-income".
    public var category: String?
    /// A new home canteen code.
    public var site: String?

    /// The first day of the new category; nil means today.
    public var categoryFrom: CivilDate?

    /// Leave a field nil to keep it; at least one must be given.
    public init(phone: String? = nil, category: String? = nil, site: String? = nil, categoryFrom: CivilDate? = nil) {
        self.phone = phone
        self.categoryFrom = categoryFrom
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
