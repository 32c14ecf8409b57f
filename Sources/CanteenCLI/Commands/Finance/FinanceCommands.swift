import CanteenCore

/// `canteen cash declare`.
enum CashDeclareCommand: Command {
    static let spec = CommandSpec(
        path: ["cash", "declare"], abstract: Bilingual("Record a canteen's declared copay takings for a month (finance).",
                                                       "记录饭堂申报的某月自付收入（财务）。"),
        discussion: Bilingual("Declaring again before the close replaces the figure; the history is kept.", "结账前再次申报会替换数额；历史记录保留。"),
        options: [.required("site", "code", Bilingual("The canteen.",
                                                      "饭堂代码。")), .required("month", "month", Bilingual("The month (YYYY-MM).", "月份（YYYY-MM）。")),
                  .required("amount", "yuan", Bilingual("The copay takings declared.", "申报的自付收入（元）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let declaration = try invocation.books().declareCash(site: invocation.option("site")!, month: try invocation.month("month")!,
                                                             amount: try invocation.money("amount")!, by: invocation.operatorName)
        let l = invocation.lang
        var text = l("Declared \(declaration.amount) for \(declaration.site) in \(declaration.month)",
                     "已申报 \(declaration.site) \(declaration.month) 自付收入 \(declaration.amount)")
        if let replaced = declaration.replaced { text += l(" (replacing \(replaced))", "（替换 \(replaced)）") }
        return Output(text: text + ".\n", json: [
            "site": .string(declaration.site), "month": .string(declaration.month.description),
            "amount_fen": .int(declaration.amount.fen), "replaced_fen": declaration.replaced.map { .int($0.fen) } ?? .null,
        ])
    }
}

/// `canteen month close`.
enum MonthCloseCommand: Command {
    static let spec = CommandSpec(
        path: ["month", "close"], abstract: Bilingual("Close and seal a month (finance).", "结账并封存一个月份（财务）。"),
        discussion: Bilingual("""
            Refuses a month not yet ended, a month while an earlier month with activity is open, a closed month,
            and a month in which a canteen with meals has no cash declaration unless --force (recorded as forced).
            """, """
            不予结账的有：尚未结束的月份；更早的有业务月份尚未结账时的月份；已结账的月份；以及有用餐的饭堂
            未申报现金收入的月份，除非加 --force（会记录为强制结账）。
            """),
        arguments: [ArgumentSpec(name: "month", help: Bilingual("YYYY-MM.", "月份，格式为 YYYY-MM。"))],
        options: [.flag("force", Bilingual("Close even though some canteens have not declared their takings.", "即使有饭堂尚未申报收入也结账。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let month = try YearMonth(input: invocation.argument(0)!)
        let report = try invocation.books().closeMonth(month, force: invocation.flag("force"), by: invocation.operatorName)
        let l = invocation.lang
        let seal = report.seal!
        var lines = KeyValueText()
        lines.add(l("Month", "月份"), month.description)
        lines.add(l("Meals", "餐数"), String(report.totals.meals))
        lines.add(l("Payable", "应付补贴"), report.totals.payable.grouped)
        lines.add(l("Budget closing", "期末余额"), report.budget.closing.grouped)
        lines.add(l("Chain head", "链头哈希"), seal.chainHead)
        lines.add(l("Seal", "封存哈希"), seal.sealHash)
        if seal.forced { lines.add(l("Forced", "强制结账"), l("yes: some canteens had not declared", "是：有饭堂未申报")) }
        return Output(text: l("Closed \(month).\n", "\(month) 已结账。\n") + lines.render(), json: ReportJSON.render(report))
    }
}

/// `canteen month list`.
enum MonthListCommand: Command {
    static let spec = CommandSpec(path: ["month", "list"], abstract: Bilingual("List months with activity: open or closed, when and by whom.",
                                                                               "列出有业务的月份：是否已结账，何时由谁结账。"))

    static func run(_ invocation: Invocation) throws -> Output {
        let months = try invocation.books().months()
        let l = invocation.lang
        var table = TextTable(headers: [l("Month", "月份"), l("Status", "状态"), l("Meals", "餐数"), l("Payable", "应付补贴"),
                                        l("Closed at", "结账时间"), l("By", "操作员")],
                              alignments: [.left, .left, .right, .right, .left, .left])
        for month in months {
            let status = month.seal.map { $0.forced ? l("closed (forced)", "已结账（强制）") : l("closed", "已结账") } ?? l("open", "未结账")
            table.add([month.month.description, status, String(month.meals), month.payable.description,
                       month.seal?.closedAt ?? "", month.seal?.closedBy ?? ""])
        }
        return Output(text: table.render(), json: ["months": .array(months.map {
            ["month": .string($0.month.description), "status": .string($0.seal == nil ? "open" : "closed"),
             "meals": .int(Int64($0.meals)), "payable_fen": .int($0.payable.fen),
             "closed_at": $0.seal.map { .string($0.closedAt) } ?? .null, "closed_by": $0.seal.map { .string($0.closedBy) } ?? .null,
             "forced": .bool($0.seal?.forced ?? false), "chain_head": $0.seal.map { .string($0.chainHead) } ?? .null]
        })], csv: [["month", "status", "meals", "payable", "closed_at", "closed_by", "forced"]] + months.map {
            [$0.month.description, $0.seal == nil ? "open" : "closed", String($0.meals), $0.payable.description,
             $0.seal?.closedAt ?? "", $0.seal?.closedBy ?? "", ($0.seal?.forced ?? false) ? "1" : "0"]
        })
    }
}

/// `canteen settle`.
enum SettleCommand: Command {
    static let spec = CommandSpec(
        path: ["settle"], abstract: Bilingual("Record that a closed month's subsidy was paid to a canteen's operator (finance).",
                                              "记录已结账月份的补贴已拨付给饭堂运营方（财务）。"),
        options: [.required("site", "code", Bilingual("The canteen.",
                                                      "饭堂代码。")), .required("month", "month", Bilingual("The closed month (YYYY-MM).", "已结账的月份（YYYY-MM）。")),
                  .required("voucher", "text", Bilingual("The payment voucher number.", "付款凭证号。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let settlement = try invocation.books().settle(site: invocation.option("site")!, month: try invocation.month("month")!,
                                                       voucher: invocation.option("voucher")!, by: invocation.operatorName)
        let l = invocation.lang
        // A negative payable (reversals exceeding the month's subsidy) is money the operator owes back.
        let text = settlement.amount < .zero
            ? l("Recovered \((-settlement.amount).grouped) from \(settlement.site) for \(settlement.month), voucher \(settlement.voucher).\n",
                "已向 \(settlement.site) 追回 \(settlement.month) 多付补贴 \((-settlement.amount).grouped)，凭证号 \(settlement.voucher)。\n")
            : l("Paid \(settlement.amount.grouped) to \(settlement.site) for \(settlement.month), voucher \(settlement.voucher).\n",
                "已向 \(settlement.site) 支付 \(settlement.month) 补贴 \(settlement.amount.grouped)，凭证号 \(settlement.voucher)。\n")
        return Output(text: text,
                      json: ["site": .string(settlement.site), "month": .string(settlement.month.description),
                             "amount_fen": .int(settlement.amount.fen), "voucher": .string(settlement.voucher)])
    }
}

/// `canteen budget forecast`.
enum BudgetForecastCommand: Command {
    static let spec = CommandSpec(path: ["budget", "forecast"], abstract: Bilingual("The run rate and the date the fund would run out, per canteen and overall.",
                                                                                    "按饭堂和全市计算的支出速度，以及资金预计用完的日期。"))

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json, .csv])
        let forecast = try invocation.books().forecast()
        let l = invocation.lang
        var table = TextTable(headers: [l("Canteen", "饭堂"), l("Drawn in window", "窗口期支用"), l("Per 30 days", "每30天"), l("Share", "占比")],
                              alignments: [.left, .right, .right, .right])
        for line in forecast.bySite {
            table.add([line.site, line.drawn.description, forecast.perThirtyDays(line.drawn).description, share(line.drawn, forecast)])
        }
        table.addSeparator()
        table.add([l("All", "全部"), forecast.drawnInWindow.description, forecast.monthlyRate.description, share(forecast.drawnInWindow, forecast)])
        let text = ReportText.forecastLine(forecast, l) + "\n\n" + table.render()
        return Output(text: text, json: [
            "as_of": .string(forecast.asOf.description), "basis": .string(basis(forecast)), "window_days": .int(Int64(forecast.windowDays)),
            "drawn_in_window_fen": .int(forecast.drawnInWindow.fen), "per_30_days_fen": .int(forecast.monthlyRate.fen),
            "remaining_fen": .int(forecast.remaining.fen), "days_left": forecast.daysLeft.map { .int(Int64($0)) } ?? .null,
            "run_out_date": forecast.runOutDate.map { .string($0.description) } ?? .null,
            "sites": .array(forecast.bySite.map { ["site": .string($0.site), "drawn_in_window_fen": .int($0.drawn.fen),
                                                    "per_30_days_fen": .int(forecast.perThirtyDays($0.drawn).fen)] }),
        ], csv: [["site", "drawn_in_window", "per_30_days"]] + forecast.bySite.map {
            [$0.site, $0.drawn.description, forecast.perThirtyDays($0.drawn).description]
        } + [["ALL", forecast.drawnInWindow.description, forecast.monthlyRate.description]])
    }

    /// A share as a percentage with one decimal, computed in integers.
    static func share(_ part: Money, _ forecast: Forecast) -> String {
        guard forecast.drawnInWindow.fen > 0 else { return "-" }
        // Rounded half up, so the shares of a few canteens add up to 100.0% more often than truncation would.
        // The 128-bit product cannot overflow; the clamped quotient of a damaged file still prints.
        let doubled = Int64.scaled(part.fen, by: 2000, dividedBy: forecast.drawnInWindow.fen)
        let permille = doubled / 2 + (doubled % 2 == 0 ? 0 : (doubled < 0 ? -1 : 1))
        return (permille < 0 ? "-" : "") + "\(permille.magnitude / 10).\(permille.magnitude % 10)%"
    }

    static func basis(_ forecast: Forecast) -> String {
        switch forecast.basis {
        case .months(let n): "months:\(n)"
        case .days(let n): "days:\(n)"
        case .none: "none"
        }
    }
}
