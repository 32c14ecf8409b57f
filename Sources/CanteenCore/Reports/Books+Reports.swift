import SQLite

/// A month's figures as computed from its own books: per canteen, in total, and the total breakdown.
typealias MonthFigures = (sites: [SiteReport], totals: Figures, breakdown: Breakdown)

extension Books {
    /// The reconciliation report of a month: sealed figures for a closed month, provisional ones for an open month.
    public func monthReport(_ month: YearMonth, site: String? = nil) throws -> MonthReport {
        let siteCode = try site.map { try SiteCode($0) }
        return try read {
            if let siteCode { _ = try requireSite(siteCode) }
            var report = try buildReport(month)
            if let siteCode {
                report.sites = report.sites.filter { $0.site == siteCode.value }
                report.totals = report.sites.first?.figures ?? Figures()
                report.totalBreakdown = report.sites.first?.breakdown ?? Breakdown()
            }
            return report
        }
    }

    /// Builds the whole-city report inside a read or write transaction. It reads the month's derived figures (and,
    /// for an open month, its meals to count diners) or its seal, never the rest of the history.
    func buildReport(_ month: YearMonth) throws -> MonthReport {
        let seal = try loadSeal(month)
        var computed = try computeFigures(month, countingDiners: seal == nil)
        var budget = try computeBudget(month, drawn: computed.totals.payable)
        if seal != nil {
            // A closed month reports what was sealed, forever; the breakdowns are the month's own derived figures.
            let sealed = try loadSealedFigures(month)
            computed.sites = sealed.sites.map { line in
                var site = computed.sites.first { $0.site == line.site } ?? SiteReport(site: line.site, name: line.name, figures: Figures(), breakdown: Breakdown())
                site.figures = line.figures
                return site
            }
            computed.totals = sealed.totals
            budget = sealed.budget
        }
        let settlements = try loadSettlements(month)
        for index in computed.sites.indices {
            computed.sites[index].settlement = settlements[computed.sites[index].site]
        }
        let history = try budgetHistory(upTo: month, current: budget)
        let forecast = try computeForecast(asOf: month < today.yearMonth ? min(month.lastDay, today) : today,
                                           throughMonth: month, remaining: budget.closing)
        var report = MonthReport(month: month, seal: seal, sites: computed.sites, totals: computed.totals,
                                 totalBreakdown: computed.breakdown, budget: budget, history: history, forecast: forecast)
        if seal == nil, let closed = try lastClosedMonth(), month <= closed { report.sealedByLaterClose = true }
        return report
    }

    /// Per-canteen figures and totals of a month, as of the month's own books (a meal counts unless its void was
    /// posted in this month or before; reversals posted this month for earlier months are adjustments), from the
    /// derived figures the ledger keeps per period, canteen, slot and payment. Distinct diners cannot be summed, so
    /// they are counted from the month's meals, when asked (a closed month's are sealed).
    func computeFigures(_ month: YearMonth, countingDiners: Bool = true) throws -> MonthFigures {
        var sites: [String: SiteReport] = [:]
        var totals = Figures()
        var breakdown = Breakdown()
        func touch(_ code: String, _ name: String) {
            if sites[code] == nil { sites[code] = SiteReport(site: code, name: name, figures: Figures(), breakdown: Breakdown()) }
        }
        try db.cached("""
            SELECT s.code, s.name, f.slot, f.pay, f.meals, f.gross_fen, f.copay_fen, f.subsidy_fen, f.voided,
                   f.adjustments_fen, f.copay_adjustments_fen
            FROM period_figures f JOIN sites s ON s.id = f.site_id WHERE f.period = ?
            """).forEach([month.description]) { row in
            let code = row.text(0)
            touch(code, row.text(1))
            let slot = MealSlot(rawValue: row.text(2)) ?? .lunch
            let pay = PaymentMethod(rawValue: row.text(3)) ?? .cash
            let line = LineFigures(meals: Int(row.int(4)), gross: Money(fen: row.int(5)), copay: Money(fen: row.int(6)),
                                   subsidy: Money(fen: row.int(7)), voided: Int(row.int(8)), adjustments: Money(fen: row.int(9)),
                                   copayAdjustments: Money(fen: row.int(10)))
            try sites[code]!.figures.add(line)
            try sites[code]!.breakdown.add(line, slot: slot, pay: pay)
            try totals.add(line)
            try breakdown.add(line, slot: slot, pay: pay)
        }
        for (code, name, amount) in try latestDeclarations(month) {
            touch(code, name)
            sites[code]!.figures.cashDeclared = amount
            totals.cashDeclared = try (totals.cashDeclared ?? .zero).adding(amount)
        }
        if countingDiners {
            let range: [any SQLBindable] = [month.firstDay.description, month.lastDay.description, month.description]
            let counted = "FROM meals m LEFT JOIN journal v ON v.id = m.void_entry_id WHERE m.meal_date BETWEEN ?1 AND ?2 AND (v.period IS NULL OR v.period > ?3)"
            try db.cached("SELECT s.code, count(DISTINCT m.diner_id) \(counted.replacing("FROM meals m", with: "FROM meals m JOIN sites s ON s.id = m.site_id")) GROUP BY s.code")
                .forEach(range) { sites[$0.text(0)]?.figures.diners = Int($0.int(1)) }
            totals.diners = Int(try db.cached("SELECT count(DISTINCT m.diner_id) \(counted)").first(range) { $0.int(0) } ?? 0)
        }
        totals.copayOfDeclared = try sites.values.filter { $0.figures.cashDeclared != nil }.map(\.figures.copay).checkedSum()
        for site in sites.values { try site.figures.requireExact() }
        try totals.requireExact()
        return (sites.values.sorted { $0.site < $1.site }, totals, breakdown)
    }

    /// The latest declared copay takings of each canteen for a month.
    func latestDeclarations(_ month: YearMonth) throws -> [(String, String, Money)] {
        try db.cached("""
            SELECT s.code, s.name, c.amount_fen FROM cash_declarations c JOIN sites s ON s.id = c.site_id
            WHERE c.month = ? AND c.id = (SELECT max(id) FROM cash_declarations WHERE site_id = c.site_id AND month = c.month)
            ORDER BY s.code
            """).rows([month.description]) { ($0.text(0), $0.text(1), Money(fen: $0.int(2))) }
    }

    /// The fund over a month: opening = appropriations before it − drawn before it, from the fund's per-period
    /// figures (a row a month, however old the books).
    func computeBudget(_ month: YearMonth, drawn: Money) throws -> BudgetMonth {
        let sums = try db.cached("""
            SELECT coalesce(sum(CASE WHEN period < ?1 THEN appropriated_fen END), 0), coalesce(sum(CASE WHEN period < ?1 THEN drawn_fen END), 0),
                   coalesce(sum(CASE WHEN period = ?1 THEN appropriated_fen END), 0)
            FROM fund_periods WHERE period <= ?1
            """).first([month.description]) { ($0.int(0), $0.int(1), $0.int(2)) } ?? (0, 0, 0)
        let budget = BudgetMonth(month: month, opening: try Money(fen: sums.0).subtracting(Money(fen: sums.1)),
                                 appropriated: Money(fen: sums.2), drawn: drawn)
        try budget.requireExact()
        return budget
    }

    /// The fund month by month from the first month with activity to `month`, whose figures are `current`.
    func budgetHistory(upTo month: YearMonth, current: BudgetMonth) throws -> [BudgetMonth] {
        let rows = try db.cached("SELECT period, appropriated_fen, drawn_fen FROM fund_periods WHERE period < ? ORDER BY period")
            .rows([month.description]) { ($0.text(0), $0.int(1), $0.int(2)) }
        var opening = Money.zero
        var history: [BudgetMonth] = []
        var cursor: YearMonth?
        for (period, appropriated, drawn) in rows {
            guard let periodMonth = try? YearMonth(parsing: period) else {
                opening = try opening.adding(try Money(fen: appropriated).subtracting(Money(fen: drawn)))   // before any month
                continue
            }
            // Months without activity in between still carry the balance, so the line has no gaps.
            while let next = cursor, next < periodMonth {
                history.append(BudgetMonth(month: next, opening: opening, appropriated: .zero, drawn: .zero))
                cursor = next.next
            }
            let line = BudgetMonth(month: periodMonth, opening: opening, appropriated: Money(fen: appropriated), drawn: Money(fen: drawn))
            _ = try opening.adding(line.appropriated).subtracting(line.drawn)   // so that `closing` is exact
            history.append(line)
            opening = line.closing
            cursor = periodMonth.next
        }
        while let next = cursor, next < month {
            history.append(BudgetMonth(month: next, opening: opening, appropriated: .zero, drawn: .zero))
            cursor = next.next
        }
        return Array((history + [current]).suffix(24))
    }

    /// The run rate over the last complete months up to `throughMonth` (up to three), or over the recent days
    /// of the current month when there is no complete month with activity yet.
    func computeForecast(asOf date: CivilDate, throughMonth: YearMonth, remaining: Money) throws -> Forecast {
        let lastComplete = date == date.yearMonth.lastDay ? date.yearMonth : date.yearMonth.previous
        let active = try db.cached("""
            SELECT DISTINCT period FROM period_figures WHERE period <= ? ORDER BY period DESC LIMIT 3
            """).rows([min(lastComplete, throughMonth).description]) { $0.text(0) }.compactMap { try? YearMonth(parsing: $0) }
        let window: [YearMonth]
        let basis: Forecast.Basis
        let days: Int
        if let latest = active.first, let earliest = active.last {
            // The window runs over consecutive months, including quiet ones between active months.
            var months: [YearMonth] = []
            var cursor = latest
            while cursor >= earliest && months.count < 3 { months.append(cursor); cursor = cursor.previous }
            window = months
            basis = .months(months.count)
            days = months.map(\.dayCount).reduce(0, +)
        } else {
            let month = date.yearMonth
            let first = try db.scalarText("SELECT min(meal_date) FROM meals WHERE meal_date BETWEEN ? AND ?",
                                          month.firstDay.description, date.description)
            guard let first, let firstDay = try? CivilDate(parsing: first) else {
                return Forecast(basis: .none, drawnInWindow: .zero, windowDays: 0, remaining: remaining, asOf: date, bySite: [])
            }
            window = [month]
            days = date.dayNumber - firstDay.dayNumber + 1
            basis = .days(days)
        }
        let placeholders = window.map { _ in "?" }.joined(separator: ",")
        // Summed apart and added here: SQLite's `+` turns an overflowing integer into an inexact REAL without a word.
        let bySite = try db.prepare("""
            SELECT s.code, sum(f.subsidy_fen), sum(f.adjustments_fen) FROM period_figures f JOIN sites s ON s.id = f.site_id
            WHERE f.period IN (\(placeholders)) GROUP BY s.code ORDER BY s.code
            """).rows(window.map(\.description)) { row in
            (site: row.text(0), drawn: try Money(fen: row.int(1)).adding(Money(fen: row.int(2))))
        }
        let drawn = try bySite.map(\.drawn).checkedSum()
        return Forecast(basis: drawn > .zero ? basis : .none, drawnInWindow: drawn, windowDays: days,
                        remaining: remaining, asOf: date, bySite: bySite)
    }

    /// The fund's forecast as of today.
    public func forecast() throws -> Forecast {
        try read { try computeForecast(asOf: today, throughMonth: today.yearMonth, remaining: try fundRemaining()) }
    }

    func loadSeal(_ month: YearMonth) throws -> MonthSeal? {
        try db.cached("""
            SELECT c.closed_at, o.name, c.forced, c.last_entry_id, c.chain_head, c.seal_hash, c.audit_last_id, c.audit_head
            FROM month_closes c JOIN operators o ON o.id = c.closed_by WHERE c.month = ?
            """).first([month.description]) { row in
            MonthSeal(closedAt: row.text(0), closedBy: row.text(1), forced: row.int(2) == 1, lastEntryID: row.int(3),
                      chainHead: row.text(4), sealHash: row.text(5),
                      auditHead: row.optionalInt(6).map { AuditHead(id: $0, hash: row.blob(7)) })
        }
    }

    func loadSealedFigures(_ month: YearMonth) throws -> (sites: [(site: String, name: String, figures: Figures)], totals: Figures, budget: BudgetMonth) {
        func figures(_ row: Row, from index: Int) -> Figures {
            var f = Figures()
            f.meals = Int(row.int(index)); f.diners = Int(row.int(index + 1)); f.gross = Money(fen: row.int(index + 2))
            f.copay = Money(fen: row.int(index + 3)); f.subsidy = Money(fen: row.int(index + 4))
            f.adjustments = Money(fen: row.int(index + 5)); f.cashDeclared = row.optionalInt(index + 7).map { Money(fen: $0) }
            f.copayAdjustments = Money(fen: row.int(index + 8))
            return f
        }
        let sites = try db.cached("""
            SELECT s.code, s.name, c.meals, c.diners, c.gross_fen, c.copay_fen, c.subsidy_fen, c.adjustments_fen, c.payable_fen,
                   c.cash_declared_fen, c.copay_adjustments_fen
            FROM month_close_sites c JOIN sites s ON s.id = c.site_id WHERE c.month = ? ORDER BY s.code
            """).rows([month.description]) { (site: $0.text(0), name: $0.text(1), figures: figures($0, from: 2)) }
        guard let (totals, budget) = try db.cached("""
            SELECT meals, diners, gross_fen, copay_fen, subsidy_fen, adjustments_fen, payable_fen, cash_declared_fen,
                   copay_adjustments_fen, opening_remaining_fen, appropriated_fen, drawn_fen
            FROM month_closes WHERE month = ?
            """).first([month.description], {
                (figures($0, from: 0), BudgetMonth(month: month, opening: Money(fen: $0.int(9)), appropriated: Money(fen: $0.int(10)), drawn: Money(fen: $0.int(11))))
            }) else { throw CanteenError.storage(.sealMissing, ["month": month]) }
        var sealedTotals = totals
        sealedTotals.copayOfDeclared = try sites.filter { $0.figures.cashDeclared != nil }.map(\.figures.copay).checkedSum()
        for site in sites { try site.figures.requireExact() }
        try sealedTotals.requireExact()
        try budget.requireExact()
        return (sites, sealedTotals, budget)
    }

    func loadSettlements(_ month: YearMonth) throws -> [String: Settlement] {
        let rows = try db.cached("""
            SELECT s.code, t.amount_fen, t.voucher, t.paid_at, o.name FROM settlements t
            JOIN sites s ON s.id = t.site_id JOIN operators o ON o.id = t.operator_id WHERE t.month = ?
            """).rows([month.description]) {
            Settlement(site: $0.text(0), month: month, amount: Money(fen: $0.int(1)), voucher: $0.text(2), paidAt: $0.text(3), paidBy: $0.text(4))
        }
        // One settlement per canteen and month is the books' rule; a damaged file's second one must not trap.
        return Dictionary(rows.map { ($0.site, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
