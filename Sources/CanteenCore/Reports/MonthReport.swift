/// The reconciliation figures of one canteen (or of all, for totals) in one month.
public struct Figures: Sendable, Equatable {
    /// Meals of the month not voided (as of the month's own books).
    public var meals = 0
    /// Distinct diners who ate them; for totals, distinct across the city, not summed.
    public var diners = 0
    /// Meal value: the price of those meals.
    public var gross = Money.zero
    /// Copay due from diners.
    public var copay = Money.zero
    /// Subsidy drawn for those meals.
    public var subsidy = Money.zero
    /// Subsidy reversals posted this month for meals of earlier, closed months (zero or negative).
    public var adjustments = Money.zero
    /// The copay due those reversed meals had carried (zero or negative): the operator's takings to match fall by as much.
    public var copayAdjustments = Money.zero
    /// What the city owes the operator for the month: subsidy + adjustments. Subsidy ≥ 0 ≥ adjustments, so the
    /// sum cannot overflow for figures the books made; the books check it for figures read from a file
    /// (`requireExact`), so a damaged file's is refused rather than shown clamped.
    public var payable: Money { subsidy + adjustments }
    /// The copay takings the canteen declared, nil when it has not.
    public var cashDeclared: Money?
    /// For totals only: the copay due at the canteens that declared, so that an undeclared canteen does not
    /// count as a shortfall. Nil for a single canteen, whose declaration is compared with its own copay.
    public var copayOfDeclared: Money?
    /// Declared − due, nil when undeclared; for totals, the sum of the declared canteens' variances.
    public var cashVariance: Money? { cashDeclared.map { $0 - (copayOfDeclared ?? copay) } }

    /// All zeros; the books fill the figures in as they count meals.
    public init() {}
}

/// Breakdowns that explain the figures: by slot, by payment method, and voids.
public struct Breakdown: Sendable, Equatable {
    /// Meals counted (not voided) per slot; a slot with none is absent.
    public var mealsBySlot: [MealSlot: Int] = [:]
    /// Copay due per payment method; a method with none is absent.
    public var copayByPay: [PaymentMethod: Money] = [:]
    /// Meals of the month voided within the month's own books.
    public var voidedMeals = 0
    /// Meals counted over every slot: the slots' total, summed exactly as the rows were read.
    public var meals = 0
    /// Copay due over every payment method, summed likewise.
    public var copay = Money.zero

    /// Empty: nothing counted yet.
    public init() {}
}

/// One canteen's line of the monthly report.
public struct SiteReport: Sendable, Equatable {
    /// The canteen's code; lines are sorted by it.
    public let site: String
    /// The canteen's display name.
    public let name: String
    /// Sealed figures once the month is closed, computed ones while it is open.
    public var figures: Figures
    /// Recomputed from the meals even for a closed month: breakdowns are not sealed.
    public var breakdown: Breakdown
    /// The settlement of this month's payable, once made.
    public var settlement: Settlement?

    /// A line with no settlement unless given; settlements are attached when the report is built.
    public init(site: String, name: String, figures: Figures, breakdown: Breakdown, settlement: Settlement? = nil) {
        self.site = site
        self.name = name
        self.figures = figures
        self.breakdown = breakdown
        self.settlement = settlement
    }
}

/// The fund over one month: opening + appropriated − drawn = closing.
public struct BudgetMonth: Sendable, Equatable {
    /// The month these figures cover.
    public let month: YearMonth
    /// Appropriations before the month (the opening one included) minus the subsidy drawn before it.
    public let opening: Money
    /// Appropriations posted into this month.
    public let appropriated: Money
    /// Subsidy drawn in this month net of voids posted in it: the canteens' payable in total.
    public let drawn: Money
    /// The next month's opening. Exact for every fund the books make (at most `Money.fundLimit`); the books check
    /// it for figures read from a file (`requireExact`).
    public var closing: Money { opening + appropriated - drawn }

    /// Closing is derived, never given, so the identity cannot break.
    public init(month: YearMonth, opening: Money, appropriated: Money, drawn: Money) {
        self.month = month
        self.opening = opening
        self.appropriated = appropriated
        self.drawn = drawn
    }
}

/// A payment of the subsidy owed to a canteen's operator for a closed month.
public struct Settlement: Sendable, Equatable {
    /// The code of the canteen whose operator was paid.
    public let site: String
    /// The closed month the subsidy was owed for, not the month it was paid in.
    public let month: YearMonth
    /// The month's sealed payable; when zero, no journal entry is written.
    public let amount: Money
    /// The payment voucher number as typed, at most 64 characters.
    public let voucher: String
    /// When it was recorded, as an ISO 8601 UTC timestamp.
    public let paidAt: String
    /// The name of the operator who recorded it.
    public let paidBy: String

    /// A settlement as stored; paying once per canteen and month is `Books.settle`'s rule.
    public init(site: String, month: YearMonth, amount: Money, voucher: String, paidAt: String, paidBy: String) {
        self.site = site
        self.month = month
        self.amount = amount
        self.voucher = voucher
        self.paidAt = paidAt
        self.paidBy = paidBy
    }
}

/// The seal of a closed month.
public struct MonthSeal: Sendable, Equatable {
    /// When the close ran, as an ISO 8601 UTC timestamp.
    public let closedAt: String
    /// The name of the operator who closed it.
    public let closedBy: String
    /// True when closed with --force while a canteen with meals had not declared its takings.
    public let forced: Bool
    /// The newest journal entry at the close; a later entry posted into the month means tampering.
    public let lastEntryID: Int64
    /// The journal's chain head when the month was closed; an auditor keeps a copy.
    public let chainHead: String
    /// Lower-case hex SHA-256 of the sealed figures and chain head; audit verify recomputes it.
    public let sealHash: String
    /// The audit chain's newest row at the close; nil for months closed before the audit chain existed.
    public let auditHead: AuditHead?

    /// A seal as stored; only `Books.closeMonth` makes new ones.
    public init(closedAt: String, closedBy: String, forced: Bool, lastEntryID: Int64, chainHead: String, sealHash: String,
                auditHead: AuditHead? = nil) {
        self.auditHead = auditHead
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.forced = forced
        self.lastEntryID = lastEntryID
        self.chainHead = chainHead
        self.sealHash = sealHash
    }
}

/// The month's reconciliation: per canteen, totals, the fund, and (for a closed month) its seal.
public struct MonthReport: Sendable, Equatable {
    /// The month reported on.
    public let month: YearMonth
    /// Nil while the month is open: the figures are provisional.
    public let seal: MonthSeal?
    /// One line per canteen with meals, adjustments or a declaration, by code.
    public var sites: [SiteReport]
    /// The whole city's figures, or the one canteen's when the report is for a single canteen.
    public var totals: Figures
    /// The breakdown that goes with `totals`.
    public var totalBreakdown: Breakdown
    /// The fund over this month; sealed once the month is closed.
    public let budget: BudgetMonth
    /// The fund month by month up to this one, quiet months included, at most the last 24: for the chart.
    public let history: [BudgetMonth]
    /// How long the fund lasts, as of the month's last day (today for the current month).
    public let forecast: Forecast

    /// A month with no activity of its own that was sealed when a later month closed (nothing can be dated into it).
    public var sealedByLaterClose = false

    /// Nothing can be dated into the month any more, by its own close or a later one.
    public var isClosed: Bool { seal != nil || sealedByLaterClose }

    /// Builds a report from figures already computed or sealed; `sealedByLaterClose` starts false.
    public init(month: YearMonth, seal: MonthSeal?, sites: [SiteReport], totals: Figures, totalBreakdown: Breakdown,
                budget: BudgetMonth, history: [BudgetMonth], forecast: Forecast) {
        self.month = month
        self.seal = seal
        self.sites = sites
        self.totals = totals
        self.totalBreakdown = totalBreakdown
        self.budget = budget
        self.history = history
        self.forecast = forecast
    }
}

/// How long the fund lasts at the recent run rate.
public struct Forecast: Sendable, Equatable {
    /// What the rate was measured over.
    public enum Basis: Sendable, Equatable {
        /// Complete months (drawn per month).
        case months(Int)
        /// Recent days, when there is less than a month of history.
        case days(Int)
        /// Nothing drawn yet.
        case none
    }
    /// Months or days the rate was measured over, or none when nothing was drawn.
    public let basis: Basis
    /// Subsidy drawn over the window and the window's length in days: the rate is drawn / days.
    public let drawnInWindow: Money
    /// The window's length in days, the rate's divisor; 0 when there is no window.
    public let windowDays: Int
    /// The fund's balance the forecast runs down from.
    public let remaining: Money
    /// The day the forecast is made from; `runOutDate` counts from it.
    public let asOf: CivilDate
    /// Per canteen: the subsidy drawn in the window.
    public let bySite: [(site: String, drawn: Money)]

    /// Subsidy per 30 days at this rate, rounded down to the fen.
    public var monthlyRate: Money { perThirtyDays(drawnInWindow) }

    /// An amount drawn over the window, scaled to 30 days (a canteen's share of the rate). Computed with a
    /// 128-bit product: what is drawn is at most `Money.fundLimit`, so the exact result always fits; a damaged
    /// file's figure is clamped at Int64's ends rather than crashing.
    public func perThirtyDays(_ drawn: Money) -> Money {
        windowDays > 0 ? drawn.scaled(by: 30, dividedBy: Int64(windowDays)) : .zero
    }

    /// Days the remaining fund lasts at this rate; nil when nothing is drawn. A 128-bit product again: a fund
    /// of `Money.fundLimit` drawn a fen a day lasts 10^14 days, far past the horizon, and never traps.
    public var daysLeft: Int? {
        guard drawnInWindow > .zero else { return nil }
        return Int(Int64.scaled(remaining.fen, by: Int64(windowDays), dividedBy: drawnInWindow.fen))
    }

    /// The day the fund would run out; nil when nothing is drawn or it lasts beyond a century.
    public var runOutDate: CivilDate? {
        // asOf is at most CivilDate.inputRange's end, which leaves room for the horizon in four-digit years.
        // A fund below zero (only a damaged file has one) has run out already: on asOf.
        guard let days = daysLeft, days <= Forecast.horizonDays else { return nil }
        return asOf.adding(days: max(days, 0))
    }

    /// Past this many days a run-out date means nothing: the rate says "more than a century".
    public static let horizonDays = 36_500

    /// Compares every field; written by hand because the `bySite` tuples are not Equatable.
    public static func == (a: Forecast, b: Forecast) -> Bool {
        a.basis == b.basis && a.drawnInWindow == b.drawnInWindow && a.windowDays == b.windowDays
            && a.remaining == b.remaining && a.asOf == b.asOf
            && a.bySite.map(\.site) == b.bySite.map(\.site) && a.bySite.map(\.drawn) == b.bySite.map(\.drawn)
    }

    /// A forecast as the books compute it; `bySite` sums to `drawnInWindow`.
    public init(basis: Basis, drawnInWindow: Money, windowDays: Int, remaining: Money, asOf: CivilDate,
                bySite: [(site: String, drawn: Money)]) {
        self.basis = basis
        self.drawnInWindow = drawnInWindow
        self.windowDays = windowDays
        self.remaining = remaining
        self.asOf = asOf
        self.bySite = bySite
    }
}

/// The audit chain's head as a close sealed it: the newest row and its hash.
public struct AuditHead: Sendable, Equatable {
    /// The row id.
    public let id: Int64
    /// The row's SHA-256.
    public let hash: [UInt8]

    /// The head as stored.
    public init(id: Int64, hash: [UInt8]) {
        self.id = id
        self.hash = hash
    }
}
