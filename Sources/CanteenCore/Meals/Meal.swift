/// The meal slots of a day; one subsidised meal per diner per slot.
public enum MealSlot: String, Sendable, CaseIterable {
    case breakfast, lunch, dinner

    /// Parses a slot name in any case; anything else is invalid input.
    public init(parsing text: String) throws {
        guard let slot = MealSlot(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid(.slotUnknown, ["text": text])
        }
        self = slot
    }
}

/// How the diner paid the copay at the counter.
public enum PaymentMethod: String, Sendable, CaseIterable {
    case cash, wechat, alipay, card

    /// Parses a method name in any case; anything else is invalid input.
    public init(parsing text: String) throws {
        guard let method = PaymentMethod(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid(.payUnknown, ["text": text])
        }
        self = method
    }
}

/// The number printed on a receipt: "M" and at least six digits.
public struct MealNumber: Hashable, Sendable, CustomStringConvertible {
    /// The meal's row id, which the number only formats.
    public let id: Int64

    /// Wraps a row id; does not check that the meal exists.
    public init(id: Int64) { self.id = id }

    /// Parses "M000123", "m123" or "123".
    public init(parsing text: String) throws {
        var body = Substring(text.trimmed)
        if body.first == "M" || body.first == "m" { body = body.dropFirst() }
        guard let id = Int64.parseDigits(body), id > 0 else {
            throw CanteenError.invalid(.mealNumberMalformed, ["text": text])
        }
        self.id = id
    }

    /// As printed on the receipt: "M000123" (at least six digits).
    public var description: String { "M" + String(id).leftPadded(to: 6) }
}

/// What a counter asks to record.
public struct MealRequest: Sendable, Equatable {
    /// A diner number (D00042) or an 18-character ID number, as typed.
    public var diner: String
    /// The code of the canteen where it was eaten.
    public var site: String
    /// The meal date; nil means today.
    public var date: CivilDate?
    /// Lunch unless given.
    public var slot: MealSlot
    /// How the copay was paid; cash unless given.
    public var pay: PaymentMethod
    /// An idempotency key (at most 128 characters): the same ref again returns the first meal.
    public var ref: String?

    /// Collects the typed fields; they are validated by `Books.recordMeal`.
    public init(diner: String, site: String, date: CivilDate? = nil, slot: MealSlot = .lunch, pay: PaymentMethod = .cash, ref: String? = nil) {
        self.diner = diner
        self.site = site
        self.date = date
        self.slot = slot
        self.pay = pay
        self.ref = ref
    }
}

/// A recorded meal as stored, with who ate it and where.
public struct Meal: Sendable, Equatable {
    /// The receipt number (M000123).
    public let number: MealNumber
    /// The card number of the diner who ate it.
    public let dinerNumber: DinerNumber
    /// The diner's name as registered, for the receipt.
    public let dinerName: String
    /// The full ID number, unmasked: mask it (`ResidentID.mask`) before listing it.
    public let residentID: String
    /// The canteen's code.
    public let site: String
    /// The canteen's display name, for the receipt.
    public let siteName: String
    /// The day it was eaten; may be before the day it was recorded (back-fill).
    public let date: CivilDate
    /// One subsidised meal per diner per slot per day.
    public let slot: MealSlot
    /// How the diner paid the copay.
    public let pay: PaymentMethod
    /// The canteen's contracted price on the meal date; a later price change never alters it.
    public let price: Money
    /// The diner's share, from the policy in force on the meal date.
    public let copay: Money
    /// price − copay, drawn from the fund; a void returns it.
    public let subsidy: Money
    /// The idempotency key it was recorded with; nil when none was given.
    public let ref: String?
    /// When it was recorded, as an ISO 8601 UTC timestamp.
    public let recordedAt: String
    /// Set when the meal was voided: the period its reversal was posted into.
    public let voidedIn: String?

    /// A voided meal stays in the books; its reversal entry cancels it.
    public var isVoided: Bool { voidedIn != nil }
}

/// What the counter prints after recording a meal.
public struct MealReceipt: Sendable, Equatable {
    /// The meal recorded, or the earlier one when its ref was replayed.
    public let meal: Meal
    /// The fund's balance after this meal.
    public let budgetRemaining: Money
    /// True when `--ref` named a meal already recorded: nothing new was written.
    public let replayed: Bool
}

/// What a void did.
public struct VoidResult: Sendable, Equatable {
    /// The meal as it now stands, with `voidedIn` set.
    public let meal: Meal
    /// The month the reversal was posted into: the meal's own, or the earliest open one when the meal's month is closed.
    public let postedIn: YearMonth
    /// True when the reversal landed in a later month, as a prior-month adjustment.
    public var isAdjustment: Bool { postedIn != meal.date.yearMonth }
    /// The fund's balance after the subsidy came back.
    public let budgetRemaining: Money
}

/// Which meals `meal list` shows.
public struct MealFilter: Sendable {
    /// A canteen code; nil for all canteens.
    public var site: String?
    /// One meal date; nil for any.
    public var date: CivilDate?
    /// Meal dates within this month; nil for any.
    public var month: YearMonth?
    /// A diner number or ID number, as typed; nil for all diners.
    public var diner: String?

    /// A nil criterion matches everything; the criteria given must all hold.
    public init(site: String? = nil, date: CivilDate? = nil, month: YearMonth? = nil, diner: String? = nil) {
        self.site = site
        self.date = date
        self.month = month
        self.diner = diner
    }
}
