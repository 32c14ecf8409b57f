import SQLite

/// The one writer of the journal, its postings and the state derived from them (the fund's remaining, its
/// per-period figures, each period's meal figures). The rest of the core asks it to post and reads what it keeps.
/// On every write it asserts the invariants: entries balance (a meal's and a void's by construction), the fund
/// never goes below zero, in total or at any month's close, and nothing is posted or dated into a closed month
/// or before what it corrects. It lives for one write transaction: the derived state it moved is written by
/// `flush`, just before the commit.
final class Ledger {
    let db: Database
    private var head: (id: Int64, hash: SHA256.Digest)?
    private var closedKnown = false
    private var closed: YearMonth?
    /// The fund's remaining as the transaction found it and as it leaves it, in fen.
    private var keptAvailable: Int64?
    private var available: Int64 = 0
    /// The fund's net movement (appropriated − drawn) per period as the transaction found it; loaded on first need.
    private var fundNet: [String: Money]?
    /// What this transaction's entries moved, per period. Added raw: they are amounts the books make (an
    /// appropriation within the fund's limit, a new meal's subsidy, a void of a meal whose amounts were checked),
    /// whereas everything read from the file is added checked.
    private var fundDeltas: [String: (appropriated: Int64, drawn: Int64)] = [:]
    private var figures: [FigureKey: FigureDelta] = [:]
    private var text = EntryText()

    init(db: Database) { self.db = db }

    // MARK: Reading what the ledger keeps

    /// The latest closed month; every month up to it is sealed.
    func lastClosedMonth() throws -> YearMonth? {
        if !closedKnown {
            closed = try db.cached("SELECT max(month) FROM month_closes").first { $0.optionalText(0) }.flatMap { $0.flatMap { try? YearMonth(parsing: $0) } }
            closedKnown = true
        }
        return closed
    }

    /// The month just closed, as `Books.closeMonth` tells it, so later entries of the same transaction see it.
    func noteClosed(_ month: YearMonth) {
        closed = month
        closedKnown = true
    }

    /// The fund's remaining now, with this transaction's entries.
    func fundRemaining() throws -> Money {
        try loadAvailable()
        return Money(fen: available)
    }

    /// What the fund can still give to something posted in `period` without any month's closing going below zero:
    /// the lowest closing of that period and of every later one. An appropriation dated in a later month does not
    /// reach back, so a back-filled meal is checked against the fund as of its own month.
    func fundAvailable(forPeriod period: String) throws -> Money {
        var net = try loadFundNet()
        for (key, delta) in fundDeltas {
            net[key] = try (net[key] ?? .zero).adding(Money(fen: delta.appropriated).subtracting(Money(fen: delta.drawn)))
        }
        // The stored figures are summed checked: a file edited behind the program's back may hold any of them.
        var closing = Money.zero
        var lowest: Money?
        for key in net.keys.sorted() {
            if key > period && lowest == nil { lowest = closing }
            closing = try closing.adding(net[key]!)
            if key >= period { lowest = min(lowest ?? closing, closing) }
        }
        return lowest ?? closing
    }

    // MARK: Posting

    /// Records an appropriation: the fund grows by `amount`.
    func appropriate(_ amount: Money, date: CivilDate, period: String, memo: String, by actor: Operator, at stamp: String) throws -> Int64 {
        let postings = Posting.appropriation(amount)
        let id = try postStored(.appropriation, date: date, period: period, memo: memo, correctsID: nil, by: actor, at: stamp,
                                postings: postings)
        try loadAvailable()
        available = try Money(fen: available).adding(amount).fen
        fundDeltas[period, default: (0, 0)].appropriated += amount.fen
        return id
    }

    /// Records the payment of a closed month's payable to a canteen's operator; nothing when the amount is zero.
    func settle(site: String, amount: Money, date: CivilDate, period: String, memo: String, by actor: Operator, at stamp: String) throws -> Int64? {
        guard amount != .zero else { return nil }
        return try postStored(.settlement, date: date, period: period, memo: memo, correctsID: nil, by: actor, at: stamp,
                              postings: Posting.settlement(site: site, amount: amount))
    }

    /// Writes a meal row and its entry (whose date, memo and postings are the row's). Refuses it when the fund,
    /// in total or as of the meal's month, cannot pay its subsidy, and throws `SlotTaken` when the diner already
    /// has the slot (the unique index says so).
    func record(_ meal: NewMeal) throws -> (meal: Int64, entry: Int64) {
        let period = meal.date.yearMonth.description
        try requireOpen(date: meal.date, period: period, kind: .meal)
        try loadAvailable()
        guard meal.subsidy.fen <= available else { throw FundShort(available: Money(fen: available), month: nil) }
        if let latest = try latestFundPeriod(), period < latest {
            let asOfMonth = try fundAvailable(forPeriod: period)
            if meal.subsidy > asOfMonth { throw FundShort(available: asOfMonth, month: meal.date.yearMonth) }
        }
        do {
            try db.cached("""
                INSERT INTO meals (diner_id, site_id, meal_date, slot, pay, price_fen, copay_fen, subsidy_fen, policy_id, ref, operator_id, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute([meal.dinerID, meal.siteID, meal.date.description, meal.slot.rawValue, meal.pay.rawValue, meal.price.fen,
                              meal.copay.fen, meal.subsidy.fen, meal.policyID, meal.ref, meal.operatorID, meal.recordedAt])
        } catch let error as DatabaseError where error.isConstraint && error.message.contains("meals.slot") {
            throw SlotTaken()
        }
        let mealID = db.lastInsertRowID
        let (id, previous) = try nextEntry()
        text.build(.init(id: id, kind: .meal, date: meal.date.description, period: period,
                         memo: .meal(slot: meal.slot, diner: meal.dinerID, site: meal.siteCode, pay: meal.pay, policy: meal.policyID, ref: meal.ref),
                         mealID: mealID, correctsID: nil, operatorID: meal.operatorID, recordedAt: meal.recordedAt),
                   lines: .meal(site: meal.siteCode, price: meal.price.fen, copay: meal.copay.fen, subsidy: meal.subsidy.fen, negated: false),
                   previous: previous)
        let hash = text.digest()
        try db.cached("INSERT INTO journal (id, kind, meal_id, hash) VALUES (?, 'meal', ?, ?)").execute([id, mealID, hash.bytes])
        head = (id, hash)
        available -= meal.subsidy.fen
        fundDeltas[period, default: (0, 0)].drawn += meal.subsidy.fen
        figures[FigureKey(period: period, siteID: meal.siteID, slot: meal.slot, pay: meal.pay), default: FigureDelta()]
            .count(price: meal.price.fen, copay: meal.copay.fen, subsidy: meal.subsidy.fen)
        return (mealID, id)
    }

    /// Voids a meal: an exact reversal of its entry, in `period` (its own month while open, else the earliest
    /// open one), dated `date`, which may not be before the meal. The meal's slot is freed.
    func void(_ meal: StoredMeal, date: CivilDate, period: String, memo: String, by actor: Operator, at stamp: String) throws -> Int64 {
        try requireOpen(date: date, period: period, kind: .void)
        if date < meal.date {
            throw CanteenError.rule(.entryBeforeCorrected, ["what": DatedThing.void, "date": date, "entry": meal.entryID, "corrected": meal.date])
        }
        let (id, previous) = try nextEntry()
        text.build(.init(id: id, kind: .void, date: date.description, period: period, memo: .text(memo), mealID: meal.id,
                         correctsID: meal.entryID, operatorID: actor.id, recordedAt: stamp),
                   lines: .meal(site: meal.siteCode, price: meal.price.fen, copay: meal.copay.fen, subsidy: meal.subsidy.fen, negated: true),
                   previous: previous)
        let hash = text.digest()
        try db.cached("""
            INSERT INTO journal (id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id, recorded_at, hash)
            VALUES (?, 'void', ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([id, date.description, period, memo, meal.id, meal.entryID, actor.id, stamp, hash.bytes])
        try db.cached("UPDATE meals SET void_entry_id = ? WHERE id = ?").execute([id, meal.id])
        head = (id, hash)
        try loadAvailable()
        available = try Money(fen: available).adding(meal.subsidy).fen
        fundDeltas[period, default: (0, 0)].drawn -= meal.subsidy.fen
        let mealPeriod = meal.date.yearMonth.description
        if period == mealPeriod {
            figures[FigureKey(period: period, siteID: meal.siteID, slot: meal.slot, pay: meal.pay), default: FigureDelta()]
                .voidWithin(price: meal.price.fen, copay: meal.copay.fen, subsidy: meal.subsidy.fen)
        } else {
            figures[FigureKey(period: period, siteID: meal.siteID, slot: meal.slot, pay: meal.pay), default: FigureDelta()]
                .adjust(copay: meal.copay.fen, subsidy: meal.subsidy.fen)
        }
        return id
    }

    /// Writes the derived state this transaction's entries moved; the fund's CHECK refuses a remaining below zero.
    func flush() throws {
        if !figures.isEmpty {
            let upsert = try db.cached("""
                INSERT INTO period_figures (period, site_id, slot, pay, meals, gross_fen, copay_fen, subsidy_fen, voided, adjusted,
                                            adjustments_fen, copay_adjustments_fen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (period, site_id, slot, pay) DO UPDATE SET meals = meals + excluded.meals, gross_fen = gross_fen + excluded.gross_fen,
                    copay_fen = copay_fen + excluded.copay_fen, subsidy_fen = subsidy_fen + excluded.subsidy_fen, voided = voided + excluded.voided,
                    adjusted = adjusted + excluded.adjusted, adjustments_fen = adjustments_fen + excluded.adjustments_fen,
                    copay_adjustments_fen = copay_adjustments_fen + excluded.copay_adjustments_fen
                """)
            for (key, delta) in figures {
                try upsert.execute([key.period, key.siteID, key.slot.rawValue, key.pay.rawValue, delta.meals, delta.gross, delta.copay,
                                    delta.subsidy, delta.voided, delta.adjusted, delta.adjustments, delta.copayAdjustments])
            }
            figures.removeAll()
        }
        if !fundDeltas.isEmpty {
            let upsert = try db.cached("""
                INSERT INTO fund_periods (period, appropriated_fen, drawn_fen) VALUES (?, ?, ?)
                ON CONFLICT (period) DO UPDATE SET appropriated_fen = appropriated_fen + excluded.appropriated_fen,
                                                   drawn_fen = drawn_fen + excluded.drawn_fen
                """)
            for (period, delta) in fundDeltas { try upsert.execute([period, delta.appropriated, delta.drawn]) }
            fundDeltas.removeAll()
            fundNet = nil
        }
        if let kept = keptAvailable, kept != available {
            do {
                try db.cached("""
                    INSERT INTO balances (account, balance_fen) VALUES ('budget:available', ?)
                    ON CONFLICT (account) DO UPDATE SET balance_fen = excluded.balance_fen
                    """).execute([available])
            } catch let error as DatabaseError where error.isConstraint {
                throw CanteenError.rule(.fundWouldOverdraw, ["kind": JournalEntry.Kind.meal])
            }
            keptAvailable = available
        }
    }

    // MARK: Internals

    /// An entry with stored fields and postings (appropriations and settlements).
    private func postStored(_ kind: JournalEntry.Kind, date: CivilDate, period: String, memo: String, correctsID: Int64?,
                            by actor: Operator, at stamp: String, postings: [Posting]) throws -> Int64 {
        guard !postings.isEmpty, postings.map(\.amount).sum() == .zero else {
            throw CanteenError.storage(.unbalancedEntry, ["kind": kind])
        }
        try requireOpen(date: date, period: period, kind: kind)
        let (id, previous) = try nextEntry()
        text.build(.init(id: id, kind: kind, date: date.description, period: period, memo: .text(memo), mealID: nil,
                         correctsID: correctsID, operatorID: actor.id, recordedAt: stamp),
                   lines: .stored(postings), previous: previous)
        let hash = text.digest()
        try db.cached("""
            INSERT INTO journal (id, kind, entry_date, period, memo, corrects_id, operator_id, recorded_at, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([id, kind.rawValue, date.description, period, memo, correctsID, actor.id, stamp, hash.bytes])
        let insert = try db.cached("INSERT INTO postings (journal_id, account, amount_fen) VALUES (?, ?, ?)")
        for posting in postings { try insert.execute([id, posting.account, posting.amount.fen]) }
        head = (id, hash)
        return id
    }

    /// Nothing is dated or posted into a closed month.
    private func requireOpen(date: CivilDate, period: String, kind: JournalEntry.Kind) throws {
        guard let closed = try lastClosedMonth() else { return }
        if date.yearMonth <= closed {
            throw CanteenError.rule(.monthClosedFor, ["month": date.yearMonth, "closed": closed, "what": DatedThing(kind), "date": date])
        }
        if period <= closed.description && period != Period.beforeAnyMonth {
            throw CanteenError.rule(.monthClosedFor, ["month": period, "closed": closed, "what": DatedThing(kind), "date": date])
        }
    }

    /// The next entry's id and the hash it chains to.
    private func nextEntry() throws -> (Int64, SHA256.Digest) {
        if head == nil {
            head = try db.cached("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").first { row in
                (row.int(0), row.withBlob(1) { SHA256.Digest(bytes: $0) } ?? .zero)
            } ?? (0, .zero)
        }
        return (try head!.id.checkedAdding(1), head!.hash)
    }

    private func loadAvailable() throws {
        guard keptAvailable == nil else { return }
        let kept = try db.cached("SELECT balance_fen FROM balances WHERE account = 'budget:available'").first { $0.int(0) } ?? 0
        keptAvailable = kept
        available = kept
    }

    private func loadFundNet() throws -> [String: Money] {
        if let fundNet { return fundNet }
        // Subtracted here, checked: SQLite's `-` turns an overflowing integer into an inexact REAL without a word.
        let rows = Dictionary(try db.cached("SELECT period, appropriated_fen, drawn_fen FROM fund_periods").rows {
            ($0.text(0), try Money(fen: $0.int(1)).subtracting(Money(fen: $0.int(2))))
        }, uniquingKeysWith: { first, _ in first })
        fundNet = rows
        return rows
    }

    /// The latest period with any fund movement, pending ones included.
    private func latestFundPeriod() throws -> String? {
        let stored = try loadFundNet().keys.max()
        let pending = fundDeltas.keys.max()
        switch (stored, pending) {
        case let (a?, b?): return max(a, b)
        case let (a, b): return a ?? b
        }
    }
}

/// A meal to write: everything its row stores, resolved and checked by the caller.
struct NewMeal {
    let dinerID: Int64
    let siteID: Int64
    let siteCode: String
    let date: CivilDate
    let slot: MealSlot
    let pay: PaymentMethod
    let price: Money
    let copay: Money
    let subsidy: Money
    let policyID: Int64
    let ref: String?
    let operatorID: Int64
    let recordedAt: String
}

/// A meal as stored, with its entry, as a void needs it.
struct StoredMeal {
    let id: Int64
    let entryID: Int64
    let siteID: Int64
    let siteCode: String
    let date: CivilDate
    let slot: MealSlot
    let pay: PaymentMethod
    let price: Money
    let copay: Money
    let subsidy: Money

    /// True when the row holds amounts a meal of these books can have; then its reversal's sums are exact.
    var hasAmountsTheBooksMake: Bool { Money.areMealAmounts(price: price, copay: copay, subsidy: subsidy) }
}

/// The diner already has a subsidised meal in that slot that day.
struct SlotTaken: Error {}

/// The fund cannot pay a meal's subsidy: in total (month nil), or as of the meal's month.
struct FundShort: Error {
    let available: Money
    let month: YearMonth?
}

/// A row of period_figures.
struct FigureKey: Hashable {
    let period: String
    let siteID: Int64
    let slot: MealSlot
    let pay: PaymentMethod
}

/// What entries add to a row of period_figures. The sums wrap instead of trapping and each change says whether one
/// left Int64: the ledger adds only amounts the books make (bounded, so its sums are exact), but audit verify adds
/// up whatever a damaged file holds, and reports a sum that overflowed rather than crashing on it.
struct FigureDelta: Equatable {
    var meals: Int64 = 0, gross: Int64 = 0, copay: Int64 = 0, subsidy: Int64 = 0
    var voided: Int64 = 0, adjusted: Int64 = 0, adjustments: Int64 = 0, copayAdjustments: Int64 = 0

    /// A meal of the period; true when a sum overflowed.
    @discardableResult
    mutating func count(price: Int64, copay: Int64, subsidy: Int64) -> Bool {
        var overflow = Self.add(&meals, 1)
        overflow = Self.add(&gross, price) || overflow
        overflow = Self.add(&self.copay, copay) || overflow
        return Self.add(&self.subsidy, subsidy) || overflow
    }

    /// A meal of the period voided within it: it no longer counts. True when a sum overflowed.
    @discardableResult
    mutating func voidWithin(price: Int64, copay: Int64, subsidy: Int64) -> Bool {
        var overflow = Self.subtract(&meals, 1)
        overflow = Self.subtract(&gross, price) || overflow
        overflow = Self.subtract(&self.copay, copay) || overflow
        overflow = Self.subtract(&self.subsidy, subsidy) || overflow
        return Self.add(&voided, 1) || overflow
    }

    /// A meal of an earlier, closed month reversed in this period: a prior-month adjustment. True when a sum overflowed.
    @discardableResult
    mutating func adjust(copay: Int64, subsidy: Int64) -> Bool {
        var overflow = Self.add(&adjusted, 1)
        overflow = Self.subtract(&adjustments, subsidy) || overflow
        return Self.subtract(&copayAdjustments, copay) || overflow
    }

    private static func add(_ sum: inout Int64, _ value: Int64) -> Bool {
        let (result, overflow) = sum.addingReportingOverflow(value)
        sum = result
        return overflow
    }

    private static func subtract(_ sum: inout Int64, _ value: Int64) -> Bool {
        let (result, overflow) = sum.subtractingReportingOverflow(value)
        sum = result
        return overflow
    }
}
