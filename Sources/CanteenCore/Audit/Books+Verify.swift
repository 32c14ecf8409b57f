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
    /// Every integrity check, read-only: the hash chain, balanced entries, kept balances, the fund never overdrawn,
    /// meals and entries matching one to one, closed months unchanged, the reconciliation identities, the append-only triggers.
    public func verify() throws -> Verification {
        try read {
            var problems: [Problem] = []
            func problem(_ check: String, _ detail: Message) {
                if problems.count < 500 { problems.append(Problem(check: check, detail: detail)) }
            }
            let entries = try verifyChain(problem)
            try verifyBalances(problem)
            let meals = try verifyMeals(problem)
            // Both the seal check and the postings check need each month's figures: compute them once.
            var computed: [YearMonth: MonthFigures] = [:]
            let figures = { (month: YearMonth) throws -> MonthFigures in
                if let known = computed[month] { return known }
                let fresh = try self.computeFigures(month)
                computed[month] = fresh
                return fresh
            }
            let closed = try verifyClosedMonths(problem, figures: figures)
            try verifyReportsAgainstPostings(problem, figures: figures)
            try verifyFundPeriods(problem)
            let auditRows = try verifyAuditChain(problem)
            try verifySchema(problem)
            return Verification(checks: Self.verifyChecks, problems: problems, entries: entries, meals: meals, closedMonths: closed,
                                auditRows: auditRows)
        }
    }

    static let verifyChecks = ["hash-chain", "balanced", "balances", "budget", "meal-entries", "meal-amounts",
                               "closed-months", "identities", "derived", "audit-chain", "register", "append-only", "schema", "integrity"]

    /// Walks the journal in order: contiguous ids, each hash recomputed, each previous hash linked, each entry balanced,
    /// and the fund's running balance never below zero.
    private func verifyChain(_ problem: (String, Message) -> Void) throws -> Int {
        var previousHash = JournalEntry.genesisHash
        var expectedID: Int64 = 1
        var available = Money.zero
        var count = 0
        try db.prepare("""
            SELECT id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id, recorded_at, prev_hash, hash
            FROM journal ORDER BY id
            """).forEach { row in
            count += 1
            let id = row.int(0)
            if id != expectedID { problem("hash-chain", Message(.verifyEntryMissing, ["entry": expectedID, "next": id])) }
            expectedID = id + 1
            let postings = try self.postings(ofEntry: id)
            let entry = JournalEntry(id: id, kind: JournalEntry.Kind(rawValue: row.text(1)) ?? .meal, date: row.text(2),
                                     period: row.text(3), memo: row.text(4), mealID: row.optionalInt(5), correctsID: row.optionalInt(6),
                                     operatorID: row.int(7), recordedAt: row.text(8), postings: postings,
                                     previousHash: row.text(9), hash: row.text(10))
            if entry.previousHash != previousHash {
                problem("hash-chain", Message(.verifyEntryUnlinked, ["entry": id]))
            }
            if entry.expectedHash != entry.hash {
                problem("hash-chain", Message(.verifyEntryAltered, ["entry": id]))
            }
            previousHash = entry.hash
            if postings.count < 2 || postings.map(\.amount).sum() != .zero {
                problem("balanced", Message(.verifyEntryUnbalanced, ["entry": id, "sum": postings.map(\.amount).sum()]))
            }
            available += postings.filter { $0.account == Account.available }.map(\.amount).sum()
            if available < .zero { problem("budget", Message(.verifyFundOverdrawnAt, ["amount": available, "entry": id])) }
        }
        return count
    }

    /// The kept running balances equal the sums of the postings, and total = drawn + remaining.
    private func verifyBalances(_ problem: (String, Message) -> Void) throws {
        let derived = try db.prepare("SELECT account, sum(amount_fen) FROM postings GROUP BY account").rows { ($0.text(0), $0.int(1)) }
        let kept = try db.prepare("SELECT account, balance_fen FROM balances").rows { ($0.text(0), $0.int(1)) }
        let keptByAccount = Dictionary(kept, uniquingKeysWith: { a, _ in a })
        let derivedByAccount = Dictionary(derived, uniquingKeysWith: { a, _ in a })
        for (account, sum) in derived where keptByAccount[account] != sum {
            problem("balances", Message(.verifyBalanceDiffers, ["account": account, "kept": Money(fen: keptByAccount[account] ?? 0), "sum": Money(fen: sum)]))
        }
        for (account, balance) in kept where derivedByAccount[account] == nil && balance != 0 {
            problem("balances", Message(.verifyBalanceWithoutPostings, ["account": account, "kept": Money(fen: balance)]))
        }
        let total = -(derivedByAccount[Account.appropriations] ?? 0)
        let drawn = derivedByAccount[Account.drawn] ?? 0
        let remaining = derivedByAccount[Account.available] ?? 0
        if total - drawn != remaining {
            problem("budget", Message(.verifyFundIdentity, ["total": Money(fen: total), "drawn": Money(fen: drawn), "remaining": Money(fen: remaining)]))
        }
        if remaining < 0 { problem("budget", Message(.verifyFundOverdrawn, ["amount": Money(fen: remaining)])) }
    }

    /// Every meal has its entry and every meal or void entry its meal, with matching amounts and links.
    private func verifyMeals(_ problem: (String, Message) -> Void) throws -> Int {
        for orphan in try db.prepare("""
            SELECT m.id FROM meals m WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.meal_id = m.id AND j.kind = 'meal')
            """).rows([], { $0.int(0) }) {
            problem("meal-entries", Message(.verifyMealWithoutEntry, ["meal": MealNumber(id: orphan)]))
        }
        for (entry, meal) in try db.prepare("""
            SELECT j.id, j.meal_id FROM journal j WHERE j.meal_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meals m WHERE m.id = j.meal_id)
            """).rows([], { ($0.int(0), $0.int(1)) }) {
            problem("meal-entries", Message(.verifyEntryMealMissing, ["entry": entry, "meal": MealNumber(id: meal)]))
        }
        for meal in try db.prepare("""
            SELECT meal_id FROM journal WHERE kind = 'meal' GROUP BY meal_id HAVING count(*) > 1
            """).rows([], { $0.int(0) }) {
            problem("meal-entries", Message(.verifyMealEntries, ["meal": MealNumber(id: meal)]))
        }
        for (meal, voidEntry) in try db.prepare("""
            SELECT m.id, m.void_entry_id FROM meals m LEFT JOIN journal v ON v.id = m.void_entry_id
            WHERE m.void_entry_id IS NOT NULL AND (v.kind IS NOT 'void' OR v.meal_id IS NOT m.id)
            UNION ALL
            SELECT v.meal_id, v.id FROM journal v JOIN meals m ON m.id = v.meal_id
            WHERE v.kind = 'void' AND m.void_entry_id IS NOT v.id
            """).rows([], { ($0.int(0), $0.int(1)) }) {
            problem("meal-entries", Message(.verifyVoidLink, ["meal": MealNumber(id: meal), "entry": voidEntry]))
        }
        var count = 0
        let statement = try db.prepare("""
            SELECT m.id, s.code, m.price_fen, m.copay_fen, m.subsidy_fen, j.id, m.diner_id, m.meal_date, m.slot, m.pay,
                   j.entry_date, j.memo, m.policy_id, m.ref, m.operator_id, j.operator_id, m.recorded_at, j.recorded_at
            FROM meals m JOIN sites s ON s.id = m.site_id
            JOIN journal j ON j.meal_id = m.id AND j.kind = 'meal' ORDER BY m.id
            """)
        try statement.forEach { row in
            count += 1
            let site = row.text(1)
            let expected = Posting.meal(site: site, price: Money(fen: row.int(2)), copay: Money(fen: row.int(3)), subsidy: Money(fen: row.int(4)))
            if try postings(ofEntry: row.int(5)) != expected {
                problem("meal-amounts", Message(.verifyMealPostings, ["meal": MealNumber(id: row.int(0))]))
            }
            // The entry's hashed date and memo name the day, slot, diner, canteen and payment: the meal row must agree.
            let memo = Self.mealMemo(slot: row.text(8), diner: DinerNumber(id: row.int(6)), site: site, pay: row.text(9),
                                     policyID: row.int(12), ref: row.optionalText(13))
            if row.text(7) != row.text(10) || memo != row.text(11) || row.int(14) != row.int(15) || row.text(16) != row.text(17) {
                problem("meal-entries", Message(.verifyMealRowChanged, ["meal": MealNumber(id: row.int(0)), "row": "\(row.text(7)) \(memo)", "entry": "\(row.text(10)) \(row.text(11))"]))
            }
            if row.int(2) != row.int(3) + row.int(4) {
                problem("meal-amounts", Message(.verifyMealSplit, ["meal": MealNumber(id: row.int(0))]))
            }
        }
        for (site, month, amount, entry, sealed) in try db.prepare("""
            SELECT s.code, t.month, t.amount_fen, t.entry_id, c.payable_fen FROM settlements t JOIN sites s ON s.id = t.site_id
            LEFT JOIN month_close_sites c ON c.month = t.month AND c.site_id = t.site_id ORDER BY t.id
            """).rows([], { ($0.text(0), $0.text(1), $0.int(2), $0.optionalInt(3), $0.optionalInt(4)) }) {
            let expected = Posting.settlement(site: site, amount: Money(fen: amount))
            let actual = try entry.map { try postings(ofEntry: $0) } ?? []
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
        return count
    }

    /// Closed months: the seal recomputes, the chain head is the entry it names, nothing was posted into them
    /// after the close, their figures recompute to what was sealed, and each opening is the previous closing.
    private func verifyClosedMonths(_ problem: (String, Message) -> Void, figures: (YearMonth) throws -> MonthFigures) throws -> Int {
        let months = try db.prepare("SELECT month FROM month_closes ORDER BY month").rows { $0.text(0) }.compactMap { try? YearMonth(parsing: $0) }
        var previousClosing: Money?
        for month in months {
            guard let seal = try loadSeal(month) else { continue }
            let sealed = try loadSealedFigures(month)
            let head = (id: seal.lastEntryID, hash: seal.chainHead)
            if try db.scalarText("SELECT hash FROM journal WHERE id = ?", seal.lastEntryID) != seal.chainHead {
                problem("closed-months", Message(.verifySealedHead, ["month": month, "entry": seal.lastEntryID]))
            }
            let sealedReport = MonthReport(
                month: month, seal: seal,
                sites: sealed.sites.map { SiteReport(site: $0.site, name: $0.name, figures: $0.figures, breakdown: Breakdown()) },
                totals: sealed.totals, totalBreakdown: Breakdown(), budget: sealed.budget, history: [],
                forecast: Forecast(basis: .none, drawnInWindow: .zero, windowDays: 0, remaining: .zero, asOf: month.lastDay, bySite: []))
            if let audit = seal.auditHead, try db.cached("SELECT hash FROM audit_log WHERE id = ?").first([audit.id], { $0.blob(0) }) != audit.hash {
                problem("closed-months", Message(.verifySealedAuditHead, ["month": month, "row": audit.id]))
            }
            if SHA256.hexDigest(Self.sealText(sealedReport, head: head, auditHead: seal.auditHead.map { ($0.id, $0.hash) })) != seal.sealHash {
                problem("closed-months", Message(.verifySealHash, ["month": month]))
            }
            if let late = try db.scalarInt("SELECT min(id) FROM journal WHERE period <= ? AND period <> ? AND id > ?",
                                           month.description, Period.beforeAnyMonth, seal.lastEntryID) {
                problem("closed-months", Message(.verifyPostedAfterClose, ["month": month, "entry": late]))
            }
            let recomputed = try figures(month)
            let recomputedLines = recomputed.sites.map { ($0.site, $0.figures) }
            let sealedLines = sealed.sites.map { ($0.site, $0.figures) }
            if recomputedLines.map(\.0) != sealedLines.map(\.0) || recomputedLines.map(\.1) != sealedLines.map(\.1)
                || recomputed.totals != sealed.totals {
                problem("closed-months", Message(.verifyClosedChanged, ["month": month]))
            }
            let budget = try computeBudget(month, drawn: sealed.totals.payable)
            let drawn = try drawnInPeriod(month)
            if budget != sealed.budget || drawn != sealed.totals.payable {
                problem("identities", Message(.verifySealedFund, ["month": month]))
            }
            if let previousClosing, previousClosing != sealed.budget.opening, months.first != month {
                problem("identities", Message(.verifyOpeningClosing, ["month": month, "opening": sealed.budget.opening, "closing": previousClosing]))
            }
            for line in sealed.sites where line.figures.gross != line.figures.copay + line.figures.subsidy {
                problem("identities", Message(.verifySiteSplit, ["month": month, "site": line.site]))
            }
            if sealed.sites.map(\.figures.payable).sum() != sealed.budget.drawn {
                problem("identities", Message(.verifyPayableDrawn, ["month": month]))
            }
            previousClosing = sealed.budget.closing
        }
        return months.count
    }

    /// Every month's report, canteen by canteen, agrees with the postings of that period: meal value, copay due
    /// and payable (adjustments included), and the canteens' payable adds up to the fund's drawn.
    private func verifyReportsAgainstPostings(_ problem: (String, Message) -> Void, figures monthFigures: (YearMonth) throws -> MonthFigures) throws {
        let periods = try db.prepare("SELECT DISTINCT period FROM journal WHERE kind IN ('meal', 'void') ORDER BY period")
            .rows { $0.text(0) }.compactMap { try? YearMonth(parsing: $0) }
        let sums = try db.prepare("""
            SELECT p.account, sum(p.amount_fen) FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE j.period = ? AND j.kind IN ('meal', 'void') GROUP BY p.account
            """)
        for month in periods {
            let posted = Dictionary(try sums.rows([month.description]) { ($0.text(0), Money(fen: $0.int(1))) }, uniquingKeysWith: +)
            let figures = try monthFigures(month)
            for line in figures.sites {
                let f = line.figures
                let expected = [(Account.meals(line.site), f.gross + f.copayAdjustments + f.adjustments),
                                (Account.copay(line.site), -(f.copay + f.copayAdjustments)),
                                (Account.payable(line.site), -f.payable)]
                for (account, amount) in expected where (posted[account] ?? .zero) != amount {
                    problem("identities", Message(.verifyReportPostings, ["month": month, "site": line.site, "account": account, "report": amount, "postings": posted[account] ?? .zero]))
                }
            }
            if figures.totals.payable != (posted[Account.drawn] ?? .zero) {
                problem("identities", Message(.verifyPayableDrawnAmounts, ["month": month, "payable": figures.totals.payable, "drawn": posted[Account.drawn] ?? .zero]))
            }
        }
    }

    /// The names of the schema's triggers: each guards something append-only, and verify checks each one.
    static var guardTriggers: [String] {
        ((try? Schema.expectedObjects()) ?? [:]).filter { $0.value.type == "trigger" }.map(\.key).sorted()
    }
}
