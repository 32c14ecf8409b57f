/// The meal slots of a day; one subsidised meal per diner per slot.
public enum MealSlot: String, Sendable, CaseIterable {
    case breakfast, lunch, dinner

    public init(parsing text: String) throws {
        guard let slot = MealSlot(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid("unknown slot '\(text)': use breakfast, lunch or dinner")
        }
        self = slot
    }
}

/// How the diner paid the copay at the counter.
public enum PaymentMethod: String, Sendable, CaseIterable {
    case cash, wechat, alipay, card

    public init(parsing text: String) throws {
        guard let method = PaymentMethod(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid("unknown payment method '\(text)': use cash, wechat, alipay or card")
        }
        self = method
    }
}

/// The number printed on a receipt: "M" and at least six digits.
public struct MealNumber: Hashable, Sendable, CustomStringConvertible {
    public let id: Int64

    public init(id: Int64) { self.id = id }

    /// Parses "M000123", "m123" or "123".
    public init(parsing text: String) throws {
        var body = Substring(text.trimmed)
        if body.first == "M" || body.first == "m" { body = body.dropFirst() }
        guard let id = Int64.parseDigits(body), id > 0 else {
            throw CanteenError.invalid("'\(text)' is not a meal number (such as M000123)")
        }
        self.id = id
    }

    public var description: String { "M" + String(id).leftPadded(to: 6) }
}

/// What a counter asks to record.
public struct MealRequest: Sendable, Equatable {
    public var diner: String
    public var site: String
    public var date: CivilDate?
    public var slot: MealSlot
    public var pay: PaymentMethod
    public var ref: String?

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
    public let number: MealNumber
    public let dinerNumber: DinerNumber
    public let dinerName: String
    public let residentID: String
    public let site: String
    public let siteName: String
    public let date: CivilDate
    public let slot: MealSlot
    public let pay: PaymentMethod
    public let price: Money
    public let copay: Money
    public let subsidy: Money
    public let ref: String?
    public let recordedAt: String
    /// Set when the meal was voided: the period its reversal was posted into.
    public let voidedIn: String?

    public var isVoided: Bool { voidedIn != nil }
}

/// What the counter prints after recording a meal.
public struct MealReceipt: Sendable, Equatable {
    public let meal: Meal
    /// The fund's balance after this meal.
    public let budgetRemaining: Money
    /// True when `--ref` named a meal already recorded: nothing new was written.
    public let replayed: Bool
}

/// What a void did.
public struct VoidResult: Sendable, Equatable {
    public let meal: Meal
    /// The month the reversal was posted into: the meal's own, or the earliest open one when the meal's month is closed.
    public let postedIn: YearMonth
    /// True when the reversal landed in a later month, as a prior-month adjustment.
    public var isAdjustment: Bool { postedIn != meal.date.yearMonth }
    public let budgetRemaining: Money
}

/// Which meals `meal list` shows.
public struct MealFilter: Sendable {
    public var site: String?
    public var date: CivilDate?
    public var month: YearMonth?
    public var diner: String?

    public init(site: String? = nil, date: CivilDate? = nil, month: YearMonth? = nil, diner: String? = nil) {
        self.site = site
        self.date = date
        self.month = month
        self.diner = diner
    }
}
