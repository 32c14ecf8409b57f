import SQLite

/// One failed check of `audit verify`.
public struct Problem: Sendable, Equatable {
    /// Which check failed, e.g. "hash-chain".
    public let check: String
    /// What is wrong, naming the entry, meal or month; the CLI words it.
    public let detail: Message
}

/// The outcome of `audit verify`: which checks ran and what failed.
public struct Verification: Sendable, Equatable {
    /// The names of every check run, in order, passed or not.
    public let checks: [String]
    /// What failed; capped at 500 so a wrecked file still gives a readable answer.
    public let problems: [Problem]
    /// How many journal entries the chain walk read.
    public let entries: Int
    /// How many meals were matched against their journal entries.
    public let meals: Int
    /// How many closed months had their seals rechecked.
    public let closedMonths: Int
    /// How many rows of the audit chain were walked.
    public let auditRows: Int
    /// True when no check failed.
    public var ok: Bool { problems.isEmpty }
}

extension Books {
    /// Every integrity check, read-only. SQLite's integrity_check runs on a thread of its own meanwhile. One streaming pass over the journal (each entry with its meal) recomputes
    /// the hash chain, balances every entry, follows the fund (never below zero), matches meals and voids to their
    /// entries and rebuilds every figure the ledger derives; then the kept balance, the derived figures, closed
    /// months against their seals, the reconciliation identities, the audit chain and the facts it records, the
    /// schema and SQLite's integrity_check are compared with what the pass found. Memory stays flat: what the
    /// pass keeps is a few rows per period and canteen.
    /// `integrityOnThisConnection`: inside a migration, whose changes only this connection sees.
    public func verify() throws -> Verification { try verify(integrityOnThisConnection: false) }

    func verify(integrityOnThisConnection: Bool) throws -> Verification {
        // The file mapped into memory: verify reads every page of it, and copying each through read() costs as
        // much system time as the checks themselves.
        try? db.execute("PRAGMA mmap_size = \(IntegrityCheck.mapSize)")
        defer { try? db.execute("PRAGMA mmap_size = 0") }
        return try read {
            var problems: [Problem] = []
            func problem(_ check: String, _ detail: Message) {
                if problems.count < 500 { problems.append(Problem(check: check, detail: detail)) }
            }
            let integrity = integrityOnThisConnection ? IntegrityCheck(db: db) : IntegrityCheck(path: db.path)
            var pass = JournalPass(books: self)
            try pass.run(problem)
            try verifyKeptState(pass, problem)
            try verifySettlements(problem)
            let closed = try verifyClosedMonths(pass, problem)
            let auditRows = try verifyAuditChain(problem)
            try verifySchema(problem, integrity: integrity)
            return Verification(checks: Self.verifyChecks, problems: problems, entries: pass.entries, meals: pass.meals,
                                closedMonths: closed, auditRows: auditRows)
        }
    }

    static let verifyChecks = ["hash-chain", "balanced", "balances", "budget", "meal-entries", "meal-amounts",
                               "closed-months", "identities", "derived", "audit-chain", "register", "append-only", "schema", "integrity"]

    /// The kept balance, the fund's per-period figures and each period's meal figures equal what the pass derived
    /// from the entries, and total − drawn = remaining.
    private func verifyKeptState(_ pass: JournalPass, _ problem: (String, Message) -> Void) throws {
        var kept = Dictionary(try db.prepare("SELECT account, balance_fen FROM balances").rows { ($0.text(0), $0.int(1)) },
                              uniquingKeysWith: { a, _ in a })
        let available = kept.removeValue(forKey: Account.available) ?? 0
        if available != pass.available {
            problem("balances", Message(.verifyBalanceDiffers, ["account": Account.available, "kept": Money(fen: available),
                                                               "sum": Money(fen: pass.available)]))
        }
        for (account, balance) in kept.sorted(by: { $0.key < $1.key }) {
            problem("balances", Message(.verifyBalanceWithoutPostings, ["account": account, "kept": Money(fen: balance)]))
        }
        // Wrapping sums of what the pass added up (itself wrapping): an overflow is a problem of its own, named by the
        // pass, and must not trap here.
        let total = pass.fund.values.reduce(Int64(0)) { $0 &+ $1.appropriated }
        let drawn = pass.fund.values.reduce(Int64(0)) { $0 &+ $1.drawn }
        if total &- drawn != pass.available {
            problem("budget", Message(.verifyFundIdentity, ["total": Money(fen: total), "drawn": Money(fen: drawn), "remaining": Money(fen: pass.available)]))
        }
        if pass.available < 0 { problem("budget", Message(.verifyFundOverdrawn, ["amount": Money(fen: pass.available)])) }
        if let entry = pass.fundOverflowAt { problem("budget", Message(.verifyFundOverflow, ["entry": entry])) }

        var fund = pass.fund
        func fundProblem(_ period: String, kept: (Int64, Int64), derived: (appropriated: Int64, drawn: Int64)) {
            problem("derived", Message(.verifyFundPeriod, ["period": period, "keptAppropriated": Money(fen: kept.0), "keptDrawn": Money(fen: kept.1),
                                                           "appropriated": Money(fen: derived.appropriated), "drawn": Money(fen: derived.drawn)]))
        }
        try db.prepare("SELECT period, appropriated_fen, drawn_fen FROM fund_periods ORDER BY period").forEach { row in
            let period = row.text(0)
            // A kept row where no entry was posted is wrong even when it holds zeros: it makes a month look active.
            guard let derived = fund.removeValue(forKey: period) else {
                problem("derived", Message(.verifyKeptRowWithoutEntries, ["period": period, "site": "–"]))
                return
            }
            if derived != (row.int(1), row.int(2)) { fundProblem(period, kept: (row.int(1), row.int(2)), derived: derived) }
        }
        for (period, derived) in fund.sorted(by: { $0.key < $1.key }) where derived != (0, 0) {
            fundProblem(period, kept: (0, 0), derived: derived)
        }

        var figures = pass.figures
        let codes = pass.siteCodes
        try db.prepare("""
            SELECT period, site_id, slot, pay, meals, gross_fen, copay_fen, subsidy_fen, voided, adjusted, adjustments_fen, copay_adjustments_fen
            FROM period_figures ORDER BY period, site_id, slot, pay
            """).forEach { row in
            guard let slot = MealSlot(rawValue: row.text(2)), let pay = PaymentMethod(rawValue: row.text(3)) else { return }
            let key = FigureKey(period: row.text(0), siteID: row.int(1), slot: slot, pay: pay)
            guard let derived = figures.removeValue(forKey: key) else {
                problem("derived", Message(.verifyKeptRowWithoutEntries, ["period": key.period, "site": codes[key.siteID] ?? "#\(key.siteID)"]))
                return
            }
            let stored = FigureDelta(meals: row.int(4), gross: row.int(5), copay: row.int(6), subsidy: row.int(7), voided: row.int(8),
                                     adjusted: row.int(9), adjustments: row.int(10), copayAdjustments: row.int(11))
            if stored != derived {
                problem("derived", Message(.verifyPeriodFigures, ["period": key.period, "site": codes[key.siteID] ?? "#\(key.siteID)",
                                                                  "slot": slot, "pay": pay]))
            }
        }
        for key in figures.keys.sorted(by: { ($0.period, $0.siteID) < ($1.period, $1.siteID) }) where figures[key] != FigureDelta() {
            problem("derived", Message(.verifyPeriodFigures, ["period": key.period, "site": codes[key.siteID] ?? "#\(key.siteID)",
                                                              "slot": key.slot, "pay": key.pay]))
        }
    }

    /// Each settlement matches its entry and the sealed payable, and every payment entry has exactly one settlement.
    private func verifySettlements(_ problem: (String, Message) -> Void) throws {
        for (site, month, amount, entry, sealed) in try db.prepare("""
            SELECT s.code, t.month, t.amount_fen, t.entry_id, c.payable_fen FROM settlements t JOIN sites s ON s.id = t.site_id
            LEFT JOIN month_close_sites c ON c.month = t.month AND c.site_id = t.site_id ORDER BY t.id
            """).rows([], { ($0.text(0), $0.text(1), $0.int(2), $0.optionalInt(3), $0.optionalInt(4)) }) {
            let expected = Posting.settlement(site: site, amount: Money(fen: amount))
            let actual = try entry.map { id in
                try db.cached("SELECT account, amount_fen FROM postings WHERE journal_id = ? ORDER BY id").rows([id]) { Posting($0.text(0), Money(fen: $0.int(1))) }
            } ?? []
            if actual != expected {
                problem("meal-amounts", Message(.verifySettlementEntry, ["site": site, "month": month, "amount": Money(fen: amount)]))
            }
            if sealed != amount {
                problem("meal-amounts", Message(.verifySettlementSealed, ["site": site, "month": month, "amount": Money(fen: amount), "sealed": Money(fen: sealed ?? 0)]))
            }
        }
        // A payment entry without its settlement row would let the same month be paid twice.
        for entry in try db.prepare("""
            SELECT j.id FROM journal j WHERE j.kind = 'settlement'
            AND (SELECT count(*) FROM settlements t WHERE t.entry_id = j.id) <> 1
            """).rows([], { $0.int(0) }) {
            problem("meal-entries", Message(.verifyPaymentWithoutSettlement, ["entry": entry]))
        }
    }

    /// Closed months: the seal recomputes, the chain and audit heads are the entries it names, nothing was posted
    /// into them after the close, their figures recompute (from the pass) to what was sealed, and each opening is
    /// the previous closing.
    private func verifyClosedMonths(_ pass: JournalPass, _ problem: (String, Message) -> Void) throws -> Int {
        let months = try db.prepare("SELECT month FROM month_closes ORDER BY month").rows { $0.text(0) }.compactMap { try? YearMonth(parsing: $0) }
        var previousClosing: Money?
        // Wrapping, like the pass's own sums: a damaged file's figures are named, not trapped on.
        var opening: Int64 = pass.fund[Period.beforeAnyMonth].map { $0.appropriated &- $0.drawn } ?? 0
        var periodsBefore = pass.fund.keys.filter { $0 != Period.beforeAnyMonth }.sorted()[...]
        for month in months {
            guard let seal = try loadSeal(month) else { continue }
            let sealed: (sites: [(site: String, name: String, figures: Figures)], totals: Figures, budget: BudgetMonth)
            do { sealed = try loadSealedFigures(month) } catch let error as CanteenError where error.isOverflow {
                problem("closed-months", Message(.verifyPeriodOverflow, ["period": month.description]))
                continue
            }
            let head = (id: seal.lastEntryID, hash: seal.chainHead)
            if pass.heads[seal.lastEntryID] != seal.chainHead {
                problem("closed-months", Message(.verifySealedHead, ["month": month, "entry": seal.lastEntryID]))
            }
            if let audit = seal.auditHead, try db.cached("SELECT hash FROM audit_log WHERE id = ?").first([audit.id], { $0.blob(0) }) != audit.hash {
                problem("closed-months", Message(.verifySealedAuditHead, ["month": month, "row": audit.id]))
            }
            let sealedReport = MonthReport(
                month: month, seal: seal,
                sites: sealed.sites.map { SiteReport(site: $0.site, name: $0.name, figures: $0.figures, breakdown: Breakdown()) },
                totals: sealed.totals, totalBreakdown: Breakdown(), budget: sealed.budget, history: [],
                forecast: Forecast(basis: .none, drawnInWindow: .zero, windowDays: 0, remaining: .zero, asOf: month.lastDay, bySite: []))
            if SHA256.hexDigest(Self.sealText(sealedReport, head: head, auditHead: seal.auditHead.map { ($0.id, $0.hash) })) != seal.sealHash {
                problem("closed-months", Message(.verifySealHash, ["month": month]))
            }
            if let late = pass.postedAfterClose[month] {
                problem("closed-months", Message(.verifyPostedAfterClose, ["month": month, "entry": late]))
            }
            // The month's figures as the pass derived them, with its declarations and the diners counted at its close.
            do {
                var derived = try pass.figures(of: month, declarations: try latestDeclarations(month))
                if let diners = pass.sealedDiners[month.description] {
                    for index in derived.sites.indices { derived.sites[index].figures.diners = diners.bySite[derived.sites[index].site] ?? 0 }
                    derived.totals.diners = diners.total
                }
                if derived.sites.map(\.site) != sealed.sites.map(\.site) || derived.sites.map(\.figures) != sealed.sites.map(\.figures)
                    || derived.totals != sealed.totals {
                    problem("closed-months", Message(.verifyClosedChanged, ["month": month]))
                }
            } catch let error as CanteenError where error.isOverflow || error.message.key == .keptFiguresDamaged {
                // The entries' figures of the month leave Int64 or are ones no book holds (the pass has named the meal
                // or period): they cannot match a seal.
                problem("closed-months", Message(.verifyClosedChanged, ["month": month]))
            }
            // The fund: opening = everything before the month; appropriated and drawn = the month's own.
            while let first = periodsBefore.first, first < month.description {
                let row = pass.fund[first]!
                opening &+= row.appropriated &- row.drawn
                periodsBefore = periodsBefore.dropFirst()
            }
            let own = pass.fund[month.description] ?? (0, 0)
            let budget = BudgetMonth(month: month, opening: Money(fen: opening), appropriated: Money(fen: own.appropriated), drawn: Money(fen: own.drawn))
            if budget != sealed.budget || Money(fen: own.drawn) != sealed.totals.payable {
                problem("identities", Message(.verifySealedFund, ["month": month]))
            }
            if let previousClosing, previousClosing != sealed.budget.opening, months.first != month {
                problem("identities", Message(.verifyOpeningClosing, ["month": month, "opening": sealed.budget.opening, "closing": previousClosing]))
            }
            for line in sealed.sites where (try? line.figures.copay.adding(line.figures.subsidy)) != line.figures.gross {
                problem("identities", Message(.verifySiteSplit, ["month": month, "site": line.site]))
            }
            if (try? sealed.sites.map(\.figures.payable).checkedSum()) != sealed.budget.drawn {
                problem("identities", Message(.verifyPayableDrawn, ["month": month]))
            }
            previousClosing = sealed.budget.closing
        }
        return months.count
    }

    /// The names of the schema's triggers: each guards something append-only, and verify checks each one.
    static var guardTriggers: [String] {
        ((try? Schema.expectedObjects()) ?? [:]).filter { $0.value.type == "trigger" }.map(\.key).sorted()
    }
}

/// The one pass over the journal that audit verify makes: every entry in order with its meal, the postings of
/// the entries that store them walked alongside. It recomputes each hash and keeps only what later checks need.
struct JournalPass {
    let books: Books
    private(set) var entries = 0
    private(set) var meals = 0
    /// The fund's remaining after every entry. This and the sums below wrap instead of trapping, since they add up
    /// whatever the file holds; where one leaves Int64 the pass names the entry or period (`overflowed`).
    private(set) var available: Int64 = 0
    /// The periods whose fund or meal figures left Int64, each named once.
    private var overflowed: Set<String> = []
    /// The first entry after which the fund's running balance left Int64.
    private(set) var fundOverflowAt: Int64?
    /// The fund's movements per period, as the entries make them.
    private(set) var fund: [String: (appropriated: Int64, drawn: Int64)] = [:]
    /// Each period's meal figures, as the entries make them.
    private(set) var figures: [FigureKey: FigureDelta] = [:]
    /// The stored hash (hex) of each entry a seal names.
    private(set) var heads: [Int64: String] = [:]
    /// The first entry posted into a closed month after its close, by month.
    private(set) var postedAfterClose: [YearMonth: Int64] = [:]
    /// Distinct diners of each closed month as of its close, by canteen and in total.
    private(set) var sealedDiners: [String: (bySite: [String: Int], total: Int)] = [:]
    private(set) var siteCodes: [Int64: String] = [:]

    init(books: Books) { self.books = books }

    mutating func run(_ problem: (String, Message) -> Void) throws {
        let db = books.db
        siteCodes = Dictionary(try db.prepare("SELECT id, code FROM sites").rows { ($0.int(0), $0.text(1)) }, uniquingKeysWith: { a, _ in a })
        let siteUTF8 = siteCodes.mapValues { Array($0.utf8) }
        // The seals, in the order the pass meets them: at its last entry a month's diners are final.
        let seals = try db.prepare("SELECT month, last_entry_id FROM month_closes ORDER BY last_entry_id, month")
            .rows { ($0.text(0), $0.int(1)) }
        var nextSeal = 0
        var closedThrough: String?
        var diners: [String: [DinerAtSite: Int]] = [:]
        let postings = try db.prepare("SELECT journal_id, account, amount_fen FROM postings ORDER BY journal_id, id")
        try postings.bind([])
        defer { postings.reset() }
        var pending = try postings.next().map { ($0.int(0), Posting($0.text(1), Money(fen: $0.int(2)))) }
        let voidTarget = try db.prepare("SELECT kind, meal_id FROM journal WHERE id = ?")
        var text = EntryText()
        // The hashes are recomputed on the other core while this one reads on.
        let checker = HashChecker()
        var previous = SHA256.Digest.zero
        var expectedID: Int64 = 1
        var lastMealID: Int64 = 0
        var voidsLinked = 0
        var periodNames: [Int: String] = [:]
        try db.prepare("""
            SELECT j.id, j.kind, j.entry_date, j.period, j.memo, j.meal_id, j.corrects_id, j.operator_id, j.recorded_at, j.hash,
                   m.id, m.diner_id, m.site_id, m.meal_date, m.slot, m.pay, m.price_fen, m.copay_fen, m.subsidy_fen, m.policy_id,
                   m.ref, m.operator_id, m.recorded_at, m.void_entry_id
            FROM journal j LEFT JOIN meals m ON m.id = j.meal_id ORDER BY j.id
            """).forEach { row in
            entries += 1
            let id = row.int(0)
            if id != expectedID { problem("hash-chain", Message(.verifyEntryMissing, ["entry": expectedID, "next": id])) }
            expectedID = id &+ 1
            var stored: [Posting] = []
            while let (journalID, posting) = pending, journalID <= id {
                if journalID == id { stored.append(posting) }
                pending = try postings.next().map { ($0.int(0), Posting($0.text(1), Money(fen: $0.int(2)))) }
            }
            guard let kind = row.storedName(1, as: JournalEntry.Kind.self) else {
                problem("hash-chain", Message(.verifyEntryAltered, ["entry": id]))
                previous = row.withBlob(9) { SHA256.Digest(bytes: $0) } ?? .zero
                return
            }
            let hasMeal = !row.isNull(10)
            var period = row.text(3)
            switch kind {
            case .meal, .void:
                guard hasMeal else {
                    problem("meal-entries", Message(.verifyEntryMealMissing, ["entry": id, "meal": MealNumber(id: row.int(5))]))
                    previous = row.withBlob(9) { SHA256.Digest(bytes: $0) } ?? .zero
                    return
                }
                if !stored.isEmpty { problem("balanced", Message(.verifyMealEntryPostings, ["entry": id, "meal": MealNumber(id: row.int(5))])) }
                func overflow(in period: String) {
                    if overflowed.insert(period).inserted { problem("derived", Message(.verifyPeriodOverflow, ["period": period])) }
                }
                let mealID = row.int(10), siteID = row.int(12)
                let site = siteCodes[siteID] ?? "#\(siteID)"
                // The month's name is made once per month, not once per meal.
                let mealPeriod = row.storedMonthNumber(13).map { number in
                    if let known = periodNames[number] { return known }
                    let name = String(row.text(13).prefix(7))
                    periodNames[number] = name
                    return name
                } ?? String(row.text(13).prefix(7))
                guard let slot = row.storedName(14, as: MealSlot.self), let pay = row.storedName(15, as: PaymentMethod.self) else {
                    problem("meal-amounts", Message(.verifyMealAltered, ["meal": MealNumber(id: mealID), "entry": id]))
                    previous = row.withBlob(9) { SHA256.Digest(bytes: $0) } ?? .zero
                    return
                }
                let price = row.int(16), copay = row.int(17), subsidy = row.int(18)
                let bounds = 0...Money.largest.fen
                if kind == .meal, !bounds.contains(price) || !bounds.contains(copay) || !bounds.contains(subsidy) {
                    problem("meal-amounts", Message(.verifyMealOutOfBounds, ["meal": MealNumber(id: mealID), "price": Money(fen: price),
                                                                             "copay": Money(fen: copay), "subsidy": Money(fen: subsidy),
                                                                             "largest": Money.largest]))
                }
                let split = copay.addingReportingOverflow(subsidy)
                if kind == .meal, split.overflow || price != split.partialValue {
                    problem("meal-amounts", Message(.verifyMealSplit, ["meal": MealNumber(id: mealID)]))
                }
                let key = FigureKey(period: kind == .meal ? mealPeriod : period, siteID: siteID, slot: slot, pay: pay)
                let pair = DinerAtSite(siteID: siteID, diner: row.int(11))
                if kind == .meal {
                    meals += 1
                    if mealID <= lastMealID { problem("meal-entries", Message(.verifyMealEntries, ["meal": MealNumber(id: mealID)])) }
                    lastMealID = max(lastMealID, mealID)
                    period = mealPeriod
                    let siteBytes = siteUTF8[siteID] ?? Array(site.utf8)
                    let hasRef = !row.isNull(20)
                    row.withText(13) { date in
                        row.withText(22) { recorded in
                            row.withText(20) { ref in
                                text.buildMeal(id: id, mealID: mealID, date: date, slot: slot, diner: row.int(11), site: siteBytes, pay: pay,
                                               policy: row.int(19), ref: hasRef ? ref : nil, operatorID: row.int(21), recordedAt: recorded,
                                               price: price, copay: copay, subsidy: subsidy, previous: previous)
                            }
                        }
                    }
                    available = track(available.subtractingReportingOverflow(subsidy), entry: id)
                    let drawn = (fund[mealPeriod]?.drawn ?? 0).addingReportingOverflow(subsidy)
                    fund[mealPeriod, default: (0, 0)].drawn = drawn.partialValue
                    if drawn.overflow || figures[key, default: FigureDelta()].count(price: price, copay: copay, subsidy: subsidy) {
                        overflow(in: mealPeriod)
                    }
                    diners[mealPeriod, default: [:]][pair, default: 0] += 1
                } else {
                    if row.optionalInt(23) != id { problem("meal-entries", Message(.verifyVoidLink, ["meal": MealNumber(id: mealID), "entry": id])) } else { voidsLinked += 1 }
                    let corrects = row.int(6)
                    let target = try voidTarget.first([corrects]) { ($0.text(0), $0.int(1)) }
                    if target?.0 != JournalEntry.Kind.meal.rawValue || target?.1 != mealID {
                        problem("meal-entries", Message(.verifyVoidLink, ["meal": MealNumber(id: mealID), "entry": id]))
                    }
                    text.build(.init(id: id, kind: .void, date: row.text(2), period: period, memo: .text(row.text(4)), mealID: mealID,
                                     correctsID: corrects, operatorID: row.int(7), recordedAt: row.text(8)),
                               lines: .meal(site: site, price: price, copay: copay, subsidy: subsidy, negated: true), previous: previous)
                    available = track(available.addingReportingOverflow(subsidy), entry: id)
                    let drawn = (fund[period]?.drawn ?? 0).subtractingReportingOverflow(subsidy)
                    fund[period, default: (0, 0)].drawn = drawn.partialValue
                    if drawn.overflow { overflow(in: period) }
                    if period == mealPeriod {
                        if figures[key, default: FigureDelta()].voidWithin(price: price, copay: copay, subsidy: subsidy) { overflow(in: period) }
                        diners[mealPeriod, default: [:]][pair, default: 0] -= 1
                    } else if figures[key, default: FigureDelta()].adjust(copay: copay, subsidy: subsidy) {
                        overflow(in: period)
                    }
                }
            case .appropriation, .settlement:
                // Exact: a sum that leaves Int64 does not balance, whatever it wraps to.
                if stored.count < 2 || (try? stored.map(\.amount).checkedSum()) != .zero {
                    problem("balanced", Message(.verifyEntryUnbalanced, ["entry": id, "sum": stored.map(\.amount).sum()]))
                }
                for posting in stored where posting.amount.fen.magnitude > Money.largest.fen.magnitude {
                    problem("balanced", Message(.verifyPostingOutOfBounds, ["entry": id, "account": posting.account, "amount": posting.amount,
                                                                            "largest": Money.largest]))
                }
                text.build(.init(id: id, kind: kind, date: row.text(2), period: period, memo: .text(row.text(4)), mealID: nil,
                                 correctsID: row.optionalInt(6), operatorID: row.int(7), recordedAt: row.text(8)),
                           lines: .stored(stored), previous: previous)
                let moved = stored.filter { $0.account == Account.available }.reduce(Int64(0)) { $0 &+ $1.amount.fen }
                available = track(available.addingReportingOverflow(moved), entry: id)
                let appropriated = 0 &- stored.filter { $0.account == Account.appropriations }.reduce(Int64(0)) { $0 &+ $1.amount.fen }
                if appropriated != 0 || moved != 0 {
                    let sum = (fund[period]?.appropriated ?? 0).addingReportingOverflow(appropriated)
                    fund[period, default: (0, 0)].appropriated = sum.partialValue
                    if sum.overflow, overflowed.insert(period).inserted {
                        problem("derived", Message(.verifyPeriodOverflow, ["period": period]))
                    }
                }
            }
            let storedHash = row.withBlob(9) { SHA256.Digest(bytes: $0) }
            if let storedHash {
                checker.submit(text.bytes, stored: storedHash, entry: id, kind: kind, meal: row.int(5))
            } else {
                problem("hash-chain", Message(kind == .meal ? .verifyMealAltered : .verifyEntryAltered, ["entry": id, "meal": MealNumber(id: row.int(5))]))
            }
            if available < 0 { problem("budget", Message(.verifyFundOverdrawnAt, ["amount": Money(fen: available), "entry": id])) }
            previous = storedHash ?? .zero
            // Months close in order, so an entry after a close is posted into a closed month when its period is at or
            // before the latest month closed so far.
            if let closedThrough, period <= closedThrough, period != Period.beforeAnyMonth, let month = try? YearMonth(parsing: closedThrough),
               postedAfterClose[month] == nil {
                postedAfterClose[month] = id
            }
            while nextSeal < seals.count, seals[nextSeal].1 <= id {
                if seals[nextSeal].1 == id { heads[id] = previous.hex }
                let month = seals[nextSeal].0
                closedThrough = max(closedThrough ?? month, month)
                sealedDiners[month] = count(diners[month] ?? [:])
                diners[month] = nil
                nextSeal += 1
            }
        }
        for mismatch in checker.finish() {
            problem("hash-chain", Message(mismatch.kind == .meal ? .verifyMealAltered : .verifyEntryAltered,
                                          ["entry": mismatch.entry, "meal": MealNumber(id: mismatch.meal)]))
        }
        // Seals naming an entry the journal no longer has.
        while nextSeal < seals.count {
            sealedDiners[seals[nextSeal].0] = count(diners[seals[nextSeal].0] ?? [:])
            nextSeal += 1
        }
        let mealRows = try db.scalarInt("SELECT count(*) FROM meals") ?? 0
        if mealRows != Int64(meals) {
            for orphan in try db.prepare("""
                SELECT m.id FROM meals m WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.meal_id = m.id AND j.kind = 'meal') LIMIT 100
                """).rows([], { $0.int(0) }) {
                problem("meal-entries", Message(.verifyMealWithoutEntry, ["meal": MealNumber(id: orphan)]))
            }
        }
        let linked = try db.scalarInt("SELECT count(*) FROM meals WHERE void_entry_id IS NOT NULL") ?? 0
        if linked != Int64(voidsLinked) {
            for (meal, voidEntry) in try db.prepare("""
                SELECT m.id, m.void_entry_id FROM meals m LEFT JOIN journal v ON v.id = m.void_entry_id
                WHERE m.void_entry_id IS NOT NULL AND (v.kind IS NOT 'void' OR v.meal_id IS NOT m.id) LIMIT 100
                """).rows([], { ($0.int(0), $0.int(1)) }) {
                problem("meal-entries", Message(.verifyVoidLink, ["meal": MealNumber(id: meal), "entry": voidEntry]))
            }
        }
    }

    /// The fund's running balance after an entry; the first entry at which it leaves Int64 is named, once.
    private mutating func track(_ result: (partialValue: Int64, overflow: Bool), entry: Int64) -> Int64 {
        if result.overflow && fundOverflowAt == nil { fundOverflowAt = entry }
        return result.partialValue
    }

    /// A diner who ate at a canteen in a month, by row ids: hashed once a meal, so no text is.
    private struct DinerAtSite: Hashable {
        let siteID: Int64
        let diner: Int64
    }

    private func count(_ pairs: [DinerAtSite: Int]) -> (bySite: [String: Int], total: Int) {
        var bySite: [String: Int] = [:]
        var all: Set<Int64> = []
        for (pair, meals) in pairs where meals > 0 {
            bySite[siteCodes[pair.siteID] ?? "#\(pair.siteID)", default: 0] += 1
            all.insert(pair.diner)
        }
        return (bySite, all.count)
    }

    /// A month's figures per canteen and in total, as the pass derived them, with the month's declarations.
    func figures(of month: YearMonth, declarations: [(String, String, Money)]) throws -> MonthFigures {
        var sites: [String: SiteReport] = [:]
        var totals = Figures()
        var breakdown = Breakdown()
        for (key, delta) in figures where key.period == month.description {
            let code = siteCodes[key.siteID] ?? "#\(key.siteID)"
            if sites[code] == nil { sites[code] = SiteReport(site: code, name: "", figures: Figures(), breakdown: Breakdown()) }
            let line = LineFigures(meals: Int(delta.meals), gross: Money(fen: delta.gross), copay: Money(fen: delta.copay),
                                   subsidy: Money(fen: delta.subsidy), voided: Int(delta.voided), adjustments: Money(fen: delta.adjustments),
                                   copayAdjustments: Money(fen: delta.copayAdjustments))
            try sites[code]!.figures.add(line)
            try totals.add(line)
            try breakdown.add(line, slot: key.slot, pay: key.pay)
        }
        for (code, name, amount) in declarations {
            if sites[code] == nil { sites[code] = SiteReport(site: code, name: name, figures: Figures(), breakdown: Breakdown()) }
            sites[code]!.figures.cashDeclared = amount
            totals.cashDeclared = try (totals.cashDeclared ?? .zero).adding(amount)
        }
        totals.copayOfDeclared = try sites.values.filter { $0.figures.cashDeclared != nil }.map(\.figures.copay).checkedSum()
        return (sites.values.sorted { $0.site < $1.site }, totals, breakdown)
    }
}
