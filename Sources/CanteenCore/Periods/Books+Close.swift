import SQLite

/// One month's state in `month list`.
public struct MonthStatus: Sendable, Equatable {
    /// A month with journal activity, a declaration, a close or meals.
    public let month: YearMonth
    /// The close's record; nil while the month is open.
    public let seal: MonthSeal?
    /// Meals of the month not voided within it: sealed once closed, else counted now.
    public let meals: Int
    /// The subsidy owed to operators for it: sealed once closed, else computed now.
    public let payable: Money
}

/// A declaration just recorded, with the figure it replaced.
public struct CashDeclaration: Sendable, Equatable {
    /// The canteen's code.
    public let site: String
    /// The month the takings were collected in; it must still be open.
    public let month: YearMonth
    /// The copays the canteen says it took, compared with the copay due in the report.
    public let amount: Money
    /// The previous figure for the same canteen and month, kept in history; nil for the first.
    public let replaced: Money?
}

extension Books {
    /// Records a canteen's declared copay takings for a month (finance); declaring again replaces the figure, history kept.
    public func declareCash(site: String, month: YearMonth, amount: Money, by actorName: String?) throws -> CashDeclaration {
        let siteCode = try SiteCode(site)
        return try write { tx in
            let actor = try authorize(actorName, .finance)
            let siteID = try requireSite(siteCode)
            if month > today.yearMonth {
                throw CanteenError.rule(.declareMonthNotBegun, ["month": month, "today": today])
            }
            try requireOpen(month.firstDay, .cashDeclaration)
            let previous = try db.scalarInt("SELECT amount_fen FROM cash_declarations WHERE site_id = ? AND month = ? ORDER BY id DESC LIMIT 1",
                                            siteID, month.description).map { Money(fen: $0) }
            try tx.run("INSERT INTO cash_declarations (site_id, month, amount_fen, declared_at, operator_id) VALUES (?, ?, ?, ?, ?)",
                       siteID, month.description, amount.fen, clock.timestamp(), actor.id)
            try log(actor, "cash declare", subject: "\(siteCode) \(month)", detail: .cashDeclared(amount: amount, replaced: previous),
                    facts: [.row(.cash_declarations, db.lastInsertRowID)], in: tx)
            return CashDeclaration(site: siteCode.value, month: month, amount: amount, replaced: previous)
        }
    }

    /// Closes a month (finance): seals its figures per canteen and in total, the chain head and a seal hash.
    /// Refuses a month not yet ended, one with an earlier month with activity still open, a closed one, and
    /// one in which a canteen with meals has not declared its takings, unless `force` (recorded).
    public func closeMonth(_ month: YearMonth, force: Bool, by actorName: String?) throws -> MonthReport {
        try write { tx in
            let actor = try authorize(actorName, .finance)
            guard month.lastDay < today else {
                throw CanteenError.rule(.closeMonthNotEnded, ["month": month, "today": today])
            }
            if let closed = try lastClosedMonth(), month <= closed {
                throw try loadSeal(month) != nil ? CanteenError.rule(.closeAlreadyClosed, ["month": month]) : CanteenError.rule(.closeSealedByLater, ["month": month, "closed": closed])
            }
            let from = (try lastClosedMonth())?.next.description ?? "0001-01"
            if let earlier = try activeMonths(from: from, before: month.description).first {
                throw CanteenError.rule(.closeEarlierOpen, ["month": earlier])
            }
            var report = try buildReport(month)
            // The seal's CHECKs hold for every month the books make; figures that break them come from a file edited
            // behind the program's back, and are named as such rather than by the CHECK that refuses them.
            guard report.sites.allSatisfy({ $0.figures.canBeSealed }), report.totals.canBeSealed,
                  report.budget.opening >= .zero, report.budget.appropriated >= .zero else {
                throw CanteenError.storage(.sealFiguresDamaged, ["month": month])
            }
            // Meals are refused when they would take a month's closing below zero, so this holds for every book this
            // version wrote; a book edited behind its back is refused in words rather than by the CHECK.
            if report.budget.closing < .zero {
                throw CanteenError.rule(.closeFundNegative, ["month": month, "closing": report.budget.closing])
            }
            let undeclared = report.sites.filter { $0.figures.meals > 0 && $0.figures.cashDeclared == nil }.map(\.site)
            if !undeclared.isEmpty && !force {
                throw CanteenError.rule(.closeUndeclared, ["month": month, "count": undeclared.count, "sites": undeclared], hint: Message(.hintDeclareOrForce))
            }
            let head = try chainHead()
            let auditHead = try tx.audit.head()
            let stamp = clock.timestamp()
            let sealHash = SHA256.hexDigest(Self.sealText(report, head: head, auditHead: auditHead))
            let t = report.totals, b = report.budget
            try tx.run("""
                INSERT INTO month_closes (month, closed_at, closed_by, forced, last_entry_id, chain_head, meals, diners, gross_fen,
                    copay_fen, subsidy_fen, adjustments_fen, copay_adjustments_fen, payable_fen, cash_declared_fen, opening_remaining_fen,
                    appropriated_fen, drawn_fen, closing_remaining_fen, seal_hash, audit_last_id, audit_head)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, month.description, stamp, actor.id, force && !undeclared.isEmpty, head.id, head.hash, t.meals, t.diners,
                       t.gross.fen, t.copay.fen, t.subsidy.fen, t.adjustments.fen, t.copayAdjustments.fen, t.payable.fen, t.cashDeclared?.fen,
                       b.opening.fen, b.appropriated.fen, b.drawn.fen, b.closing.fen, sealHash, auditHead.id, auditHead.hash)
            let insertSite = try tx.statement("""
                INSERT INTO month_close_sites (month, site_id, meals, diners, gross_fen, copay_fen, subsidy_fen, adjustments_fen,
                                               copay_adjustments_fen, payable_fen, cash_declared_fen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var facts = [FactKey(.month_closes, .text(month.description))]
            for line in report.sites {
                let f = line.figures
                let siteID = try requireSite(try SiteCode(line.site))
                try insertSite.execute([month.description, siteID, f.meals, f.diners, f.gross.fen,
                                        f.copay.fen, f.subsidy.fen, f.adjustments.fen, f.copayAdjustments.fen, f.payable.fen, f.cashDeclared?.fen])
                facts.append(FactKey(.month_close_sites, .text(month.description), .integer(siteID)))
            }
            tx.ledger.noteClosed(month)
            try log(actor, "month close", subject: month.description,
                    detail: .monthClosed(payable: t.payable, chainHead: head.hash, forcedUndeclared: force ? undeclared : []),
                    facts: facts, in: tx)
            report = try buildReport(month)
            return report
        }
    }

    /// The canonical text a month's seal hash covers: the month, the journal's and the audit chain's heads, every
    /// sealed figure. Months closed before the audit chain existed have no audit head and keep version 1.
    static func sealText(_ report: MonthReport, head: (id: Int64, hash: String), auditHead: (id: Int64, hash: [UInt8])?) -> String {
        func line(_ label: String, _ f: Figures) -> String {
            "\(label):\(f.meals):\(f.diners):\(f.gross.fen):\(f.copay.fen):\(f.subsidy.fen):\(f.adjustments.fen):\(f.copayAdjustments.fen):\(f.payable.fen):\(f.cashDeclared.map { String($0.fen) } ?? "-")"
        }
        var lines = [auditHead == nil ? "canteen-seal-v1" : "canteen-seal-v2", "month:\(report.month)", "last-entry:\(head.id)", "chain-head:\(head.hash)"]
        if let auditHead { lines.append("audit-head:\(auditHead.id):\(auditHead.hash.hexString)") }
        lines += report.sites.map { line("site:\($0.site)", $0.figures) }
        lines.append(line("totals", report.totals))
        let b = report.budget
        lines.append("budget:\(b.opening.fen):\(b.appropriated.fen):\(b.drawn.fen):\(b.closing.fen)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Records the payment of a closed month's payable subsidy to a canteen's operator (finance), once.
    public func settle(site: String, month: YearMonth, voucher: String, by actorName: String?) throws -> Settlement {
        let siteCode = try SiteCode(site)
        let voucherText = try TextField.validated(voucher, field: .voucher, limit: 64)
        return try write { tx in
            let actor = try authorize(actorName, .finance)
            let siteID = try requireSite(siteCode)
            guard month.lastDay < today else {
                throw CanteenError.rule(.settleBeforeMonthEnd, ["month": month, "date": today])
            }
            guard try loadSeal(month) != nil else {
                if let closed = try lastClosedMonth(), month < closed {
                    throw CanteenError.rule(.settleQuietMonth, ["month": month, "closed": closed])
                }
                throw CanteenError.rule(.settleOpenMonth, ["month": month])
            }
            if let existing = try loadSettlements(month)[siteCode.value] {
                throw CanteenError.rule(.settleAlreadyPaid, ["site": siteCode, "month": month, "voucher": existing.voucher, "at": existing.paidAt])
            }
            guard let payable = try db.scalarInt("SELECT payable_fen FROM month_close_sites WHERE month = ? AND site_id = ?",
                                                 month.description, siteID).map({ Money(fen: $0) }) else {
                throw CanteenError.rule(.settleNothingPayable, ["site": siteCode, "month": month])
            }
            let stamp = clock.timestamp()
            let period = try postingPeriod(for: today.yearMonth, in: tx)
            let entryID = try tx.ledger.settle(site: siteCode.value, amount: payable, date: today, period: period.description,
                                               memo: "subsidy for \(month) to \(siteCode), voucher \(voucherText)", by: actor, at: stamp)
            try tx.run("INSERT INTO settlements (site_id, month, amount_fen, voucher, entry_id, paid_at, operator_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       siteID, month.description, payable.fen, voucherText, entryID, stamp, actor.id)
            try log(actor, "settle", subject: "\(siteCode) \(month)", detail: .settled(amount: payable, voucher: voucherText),
                    facts: [.row(.settlements, db.lastInsertRowID)], in: tx)
            return Settlement(site: siteCode.value, month: month, amount: payable, voucher: voucherText, paidAt: stamp, paidBy: actor.name)
        }
    }

    /// Every month with activity or a close, oldest first, with its state.
    public func months() throws -> [MonthStatus] {
        try read {
            let names = try activeMonths(from: "0001-01", before: "9999-99", closes: true)
            return try names.map { month in
                let seal = try loadSeal(month)
                let figures = seal != nil ? try loadSealedFigures(month).totals : try computeFigures(month).totals
                return MonthStatus(month: month, seal: seal, meals: figures.meals, payable: figures.payable)
            }
        }
    }

    /// The months from `from` up to (not including) `before` that had meals, voids, appropriations, payments or
    /// declarations (and, with `closes`, a close), oldest first: read from the derived figures and the few entries
    /// with a period of their own, never from every meal.
    func activeMonths(from: String, before: String, closes: Bool = false) throws -> [YearMonth] {
        try db.prepare("""
            SELECT m FROM (SELECT DISTINCT period AS m FROM period_figures WHERE period >= ?1 AND period < ?2
                           UNION SELECT period FROM fund_periods WHERE period >= ?1 AND period < ?2 AND period <> ?3
                           UNION SELECT period FROM journal WHERE period >= ?1 AND period < ?2 AND period <> ?3
                           UNION SELECT month FROM cash_declarations WHERE month >= ?1 AND month < ?2
                           UNION SELECT month FROM month_closes WHERE ?4 AND month >= ?1 AND month < ?2)
            ORDER BY m
            """).rows([from, before, Period.beforeAnyMonth, closes]) { $0.text(0) }.compactMap { try? YearMonth(parsing: $0) }
    }
}

