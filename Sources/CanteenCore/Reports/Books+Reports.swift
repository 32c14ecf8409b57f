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

    /// Builds the whole-city report inside a read or write transaction.
    func buildReport(_ month: YearMonth) throws -> MonthReport {
        let seal = try loadSeal(month)
        var computed = try computeFigures(month)
        var budget = try computeBudget(month, drawn: computed.totals.payable)
        if seal != nil {
            // A closed month reports what was sealed, forever; the breakdowns are recomputed as of the month's own books.
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

    /// Per-canteen figures and totals of a month, as of the month's own books: a meal counts unless its
    /// void was posted in this month or before; reversals posted this month for earlier months are adjustments.
    func computeFigures(_ month: YearMonth) throws -> MonthFigures {
        var sites: [String: SiteReport] = [:]
        var dinersBySite: [String: Set<Int64>] = [:]
        var allDiners: Set<Int64> = []
        var totals = Figures()
        var breakdown = Breakdown()
        func touch(_ code: String, _ name: String) {
            if sites[code] == nil { sites[code] = SiteReport(site: code, name: name, figures: Figures(), breakdown: Breakdown()) }
        }
        let monthText = month.description
        try db.cached("""
            SELECT s.code, s.name, m.diner_id, m.slot, m.pay, m.price_fen, m.copay_fen, m.subsidy_fen,
                   v.period IS NOT NULL AND v.period <= ?
            FROM meals m JOIN sites s ON s.id = m.site_id LEFT JOIN journal v ON v.id = m.void_entry_id
            WHERE m.meal_date BETWEEN ? AND ?
            """).forEach([monthText, month.firstDay.description, month.lastDay.description]) { row in
            let code = row.text(0)
            touch(code, row.text(1))
            if row.int(8) == 1 {
                sites[code]!.breakdown.voidedMeals += 1
                breakdown.voidedMeals += 1
                return
            }
            let slot = MealSlot(rawValue: row.text(3)) ?? .lunch
            let pay = PaymentMethod(rawValue: row.text(4)) ?? .cash
            let price = Money(fen: row.int(5)), copay = Money(fen: row.int(6)), subsidy = Money(fen: row.int(7))
            var site = sites[code]!
            try site.figures.count(price: price, copay: copay, subsidy: subsidy)
            try site.breakdown.count(slot: slot, pay: pay, copay: copay)
            sites[code] = site
            try totals.count(price: price, copay: copay, subsidy: subsidy)
            try breakdown.count(slot: slot, pay: pay, copay: copay)
            dinersBySite[code, default: []].insert(row.int(2))
            allDiners.insert(row.int(2))
        }
        try db.cached("""
            SELECT s.code, s.name, m.subsidy_fen, m.copay_fen FROM journal v JOIN meals m ON m.id = v.meal_id JOIN sites s ON s.id = m.site_id
            WHERE v.kind = 'void' AND v.period = ? AND m.meal_date < ?
            """).forEach([monthText, month.firstDay.description]) { row in
            touch(row.text(0), row.text(1))
            let subsidy = Money(fen: row.int(2)), copay = Money(fen: row.int(3))
            sites[row.text(0)]!.figures.adjustments = try sites[row.text(0)]!.figures.adjustments.subtracting(subsidy)
            sites[row.text(0)]!.figures.copayAdjustments = try sites[row.text(0)]!.figures.copayAdjustments.subtracting(copay)
            totals.adjustments = try totals.adjustments.subtracting(subsidy)
            totals.copayAdjustments = try totals.copayAdjustments.subtracting(copay)
        }
        for (code, name, amount) in try latestDeclarations(month) {
            touch(code, name)
            sites[code]!.figures.cashDeclared = amount
            totals.cashDeclared = try (totals.cashDeclared ?? .zero).adding(amount)
        }
        for code in sites.keys { sites[code]!.figures.diners = dinersBySite[code]?.count ?? 0 }
        totals.copayOfDeclared = try sites.values.filter { $0.figures.cashDeclared != nil }.map(\.figures.copay).checkedSum()
        totals.diners = allDiners.count
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

    /// The fund over a month: opening = appropriations before it − drawn before it, from the postings.
    func computeBudget(_ month: YearMonth, drawn: Money) throws -> BudgetMonth {
        let sums = try db.cached("""
            SELECT coalesce(sum(CASE WHEN p.account = 'budget:appropriations' AND j.period < ?1 THEN -p.amount_fen END), 0),
                   coalesce(sum(CASE WHEN p.account = 'budget:drawn' AND j.period < ?1 THEN p.amount_fen END), 0),
                   coalesce(sum(CASE WHEN p.account = 'budget:appropriations' AND j.period = ?1 THEN -p.amount_fen END), 0)
            FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE p.account IN ('budget:appropriations', 'budget:drawn') AND j.period <= ?1
            """).first([month.description]) { ($0.int(0), $0.int(1), $0.int(2)) } ?? (0, 0, 0)
        return BudgetMonth(month: month, opening: try Money(fen: sums.0).subtracting(Money(fen: sums.1)), appropriated: Money(fen: sums.2), drawn: drawn)
    }

    /// The subsidy drawn in a month according to the postings (audit verify compares it with the report's payable).
    func drawnInPeriod(_ month: YearMonth) throws -> Money {
        Money(fen: try db.scalarInt("""
            SELECT coalesce(sum(p.amount_fen), 0) FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE p.account = 'budget:drawn' AND j.period = ?
            """, month.description) ?? 0)
    }

    /// The fund month by month from the first month with activity to `month`, whose figures are `current`.
    func budgetHistory(upTo month: YearMonth, current: BudgetMonth) throws -> [BudgetMonth] {
        let rows = try db.cached("""
            SELECT j.period,
                   coalesce(sum(CASE WHEN p.account = 'budget:appropriations' THEN -p.amount_fen END), 0),
                   coalesce(sum(CASE WHEN p.account = 'budget:drawn' THEN p.amount_fen END), 0)
            FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE p.account IN ('budget:appropriations', 'budget:drawn') AND j.period < ?
            GROUP BY j.period ORDER BY j.period
            """).rows([month.description]) { ($0.text(0), $0.int(1), $0.int(2)) }
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
            SELECT DISTINCT period FROM journal WHERE kind IN ('meal', 'void') AND period <= ? ORDER BY period DESC LIMIT 3
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
        let bySite = try db.prepare("""
            SELECT substr(p.account, length(?1) + 1), -sum(p.amount_fen) FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE j.kind IN ('meal', 'void') AND p.account LIKE ?1 || '%' AND j.period IN (\(placeholders))
            GROUP BY p.account ORDER BY p.account
            """).rows([Account.payable("")] + window.map(\.description)) { (site: $0.text(0), drawn: Money(fen: $0.int(1))) }
        let drawn = try bySite.map(\.drawn).checkedSum()
        return Forecast(basis: drawn > .zero ? basis : .none, drawnInWindow: drawn, windowDays: days,
                        remaining: remaining, asOf: date, bySite: bySite)
    }

    /// The fund's forecast as of today.
    public func forecast() throws -> Forecast {
        try read { try computeForecast(asOf: today, throughMonth: today.yearMonth, remaining: try balance(Account.available)) }
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
        return (sites, sealedTotals, budget)
    }

    func loadSettlements(_ month: YearMonth) throws -> [String: Settlement] {
        let rows = try db.cached("""
            SELECT s.code, t.amount_fen, t.voucher, t.paid_at, o.name FROM settlements t
            JOIN sites s ON s.id = t.site_id JOIN operators o ON o.id = t.operator_id WHERE t.month = ?
            """).rows([month.description]) {
            Settlement(site: $0.text(0), month: month, amount: Money(fen: $0.int(1)), voucher: $0.text(2), paidAt: $0.text(3), paidBy: $0.text(4))
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.site, $0) })
    }
}
