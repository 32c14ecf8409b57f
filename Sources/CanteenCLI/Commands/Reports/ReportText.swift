import CanteenCore

/// The month report as aligned text for the terminal.
enum ReportText {
    static func render(_ report: MonthReport, _ l: Lang) -> String {
        var out = l("Senior canteen subsidy reconciliation — \(report.month)\n", "长者饭堂补贴月度对账 — \(report.month)\n")
        if let seal = report.seal {
            out += l("Closed \(seal.closedAt) by \(seal.closedBy)", "\(seal.closedAt) 由 \(seal.closedBy) 结账")
            out += seal.forced ? l(" (forced: some canteens had not declared)\n", "（强制结账：有饭堂未申报）\n") : "\n"
            out += l("Chain head \(seal.chainHead)\nSeal       \(seal.sealHash)\n", "链头哈希 \(seal.chainHead)\n封存哈希 \(seal.sealHash)\n")
        } else if report.sealedByLaterClose {
            out += l("Closed: no activity of its own; sealed when a later month closed.\n", "已结账：本月无业务，随后续月份一并封存。\n")
        } else {
            out += l("PROVISIONAL: the month is open; figures may still change.\n", "临时数据：本月尚未结账，数字仍可能变动。\n")
        }
        out += "\n"
        var table = TextTable(headers: [l("Canteen", "饭堂"), l("Name", "名称"), l("Meals", "餐数"), l("Diners", "人数"), l("Value", "餐费"),
                                        l("Copay due", "应收自付"), l("Declared", "申报现金"), l("Variance", "差额"), l("Subsidy", "补贴"),
                                        l("Adjust.", "往月调整"), l("Payable", "应付补贴"), l("Paid", "已支付"), l("Voided", "作废")],
                              alignments: [.left, .left] + Array(repeating: .right, count: 9) + [.left, .right])
        func cells(_ f: Figures) -> [String] {
            [String(f.meals), String(f.diners), f.gross.description, f.copay.description, f.cashDeclared?.description ?? "-",
             f.cashVariance?.description ?? "-", f.subsidy.description, f.adjustments.description, f.payable.description]
        }
        for site in report.sites {
            let paid = site.settlement.map { "\($0.amount) (\($0.voucher))" } ?? (report.isClosed ? l("unpaid", "未付") : "")
            table.add([site.site, site.name] + cells(site.figures) + [paid, String(site.breakdown.voidedMeals)])
        }
        table.addSeparator()
        table.add([l("Total", "合计"), ""] + cells(report.totals) + ["", String(report.totalBreakdown.voidedMeals)])
        out += report.sites.isEmpty ? l("No meals, adjustments or declarations this month.\n", "本月没有就餐、调整或申报。\n") : table.render()
        if !report.sites.isEmpty {
            // Per canteen: meals by slot and copay due by payment method, what each canteen's till can confirm.
            var detail = TextTable(headers: [l("Canteen", "饭堂")] + MealSlot.allCases.map { MealListCommand.slot($0, l) }
                                    + PaymentMethod.allCases.map { MealListCommand.pay($0, l) },
                                   alignments: [.left] + Array(repeating: .right, count: MealSlot.allCases.count + PaymentMethod.allCases.count))
            func cells(_ b: Breakdown) -> [String] {
                MealSlot.allCases.map { String(b.mealsBySlot[$0] ?? 0) } + PaymentMethod.allCases.map { (b.copayByPay[$0] ?? .zero).description }
            }
            report.sites.forEach { detail.add([$0.site] + cells($0.breakdown)) }
            detail.addSeparator()
            detail.add([l("Total", "合计")] + cells(report.totalBreakdown))
            out += "\n" + l("Meals by slot and copay due by payment method:\n", "分餐次餐数与自付方式：\n") + detail.render()
        }
        out += "\n" + KeyValueText([
            (l("Budget opening", "期初余额"), report.budget.opening.grouped),
            (l("Appropriated", "本月拨款"), report.budget.appropriated.grouped),
            (l("Drawn", "本月支用"), report.budget.drawn.grouped),
            (l("Budget closing", "期末余额"), report.budget.closing.grouped),
        ]).render()
        out += "\n" + forecastLine(report.forecast, l) + "\n"
        return out
    }

    /// One line: the run rate and the date the fund would run out.
    static func forecastLine(_ forecast: Forecast, _ l: Lang) -> String {
        let window: String
        switch forecast.basis {
        case .none: return l("Forecast: nothing drawn yet; the fund holds \(forecast.remaining.grouped).", "预测：尚无支用，预算余额 \(forecast.remaining.grouped)。")
        case .months(let n): window = l("the last \(n) month\(n == 1 ? "" : "s")", "最近 \(n) 个月")
        case .days(let n): window = l("the last \(n) day\(n == 1 ? "" : "s") (little history yet)", "最近 \(n) 天（历史数据较少）")
        }
        guard let runOut = forecast.runOutDate else {
            return l("Forecast: at the rate of \(window), \(forecast.monthlyRate.grouped) per 30 days, the fund of \(forecast.remaining.grouped) lasts more than a century.",
                     "预测：按\(window)的速度（每30天 \(forecast.monthlyRate.grouped)），余额 \(forecast.remaining.grouped) 可用一百年以上。")
        }
        // A run-out date exists only within Forecast.horizonDays, so days × 12 is small.
        let date = runOut.description + l(" (about \((forecast.daysLeft ?? 0) * 12 / 365) months)", "（约 \((forecast.daysLeft ?? 0) * 12 / 365) 个月）")
        return l("Forecast: at the rate of \(window), \(forecast.monthlyRate.grouped) per 30 days, the fund of \(forecast.remaining.grouped) lasts until \(date).",
                 "预测：按\(window)的速度（每30天 \(forecast.monthlyRate.grouped)），余额 \(forecast.remaining.grouped) 可用至 \(date)。")
    }
}
