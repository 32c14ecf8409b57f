import CanteenCore

/// `canteen simulate`: a seeded city in a new database, for scale tests and benchmarks.
enum SimulateCommand: Command {
    static let spec = CommandSpec(
        path: ["simulate"], abstract: Bilingual("Fill a new database with a seeded, simulated city: canteens, diners, months of meals.",
                                                "按给定的随机种子模拟一座城市，填入新数据库：饭堂、长者、若干个月的用餐。"),
        discussion: Bilingual("The same seed gives the same books. Each simulated month is declared, closed and settled.",
                              "同一种子得到同样的账簿。每个模拟月份都会申报、结账并结算。"),
        options: [
            .required("sites", "n", Bilingual("Canteens (1–99).",
                                              "饭堂数（1–99）。")), .required("diners", "n", Bilingual("Diners (1–200000).", "长者人数（1–200000）。")),
            .required("months", "n", Bilingual("Months to simulate (1–120).",
                                               "模拟的月数（1–120）。")), .optional("seed", "n", Bilingual("The random seed (default 1).", "随机种子（默认 1）。")),
            .optional("start", "month", Bilingual("The first month (default: the month before today's, minus the months).",
                                                  "第一个月（默认：从本月的上个月起往前推模拟的月数）。")),
            .optional("budget", "yuan", Bilingual("The subsidy fund (default 16100000, Shaoguan's); a large city needs more.",
                                                  "补贴资金（默认 16100000，即韶关的数额）；大城市需要更多。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        // Every option is read and its range checked before anything is worked out from it.
        let months = try invocation.integer("months", in: SimulationConfig.monthRange)!
        let config = SimulationConfig(
            sites: try invocation.integer("sites", in: SimulationConfig.siteRange)!,
            diners: try invocation.integer("diners", in: SimulationConfig.dinerRange)!, months: months,
            seed: UInt64(try invocation.integer("seed", in: 0...Int.max) ?? 1),
            start: try invocation.month("start") ?? defaultStart(months: months, invocation: invocation),
            budget: try invocation.money("budget") ?? Money(yuan: 16_100_000))
        let result = try Simulation.run(path: invocation.databasePath, config: config, progress: progressLine(invocation))
        invocation.progress?.finish()
        return summary(result, invocation.lang)
    }

    /// The simulated months end with last month, so the books look current.
    static func defaultStart(months: Int, invocation: Invocation) throws -> YearMonth {
        let month = (try invocation.todayOverride() ?? invocation.clock.today(inTimeZone: "Asia/Shanghai")).yearMonth
        return month.adding(months: -max(months, 1))
    }

    static func progressLine(_ invocation: Invocation) -> ((String) -> Void)? {
        guard let reporter = invocation.progress else { return nil }
        return { reporter.show($0) }
    }

    static func summary(_ result: SimulationResult, _ l: Lang) -> Output {
        let text = KeyValueText([
            (l("Database", "数据库"), result.path),
            (l("Diners", "就餐者"), String(result.diners)),
            (l("Meals", "餐数"), String(result.meals)),
            (l("Voided", "作废"), String(result.voids)),
            (l("Closed months", "已结账月份"), result.closedMonths.map(\.description).joined(separator: ", ")),
        ] + (result.openMonth.map { [(l("Open month", "未结账月份"), $0.description)] } ?? []) + [
            (l("Budget drawn", "已用补贴"), result.budget.drawn.grouped),
            (l("Budget left", "预算余额"), result.budget.remaining.grouped),
        ]).render()
        return Output(text: text, json: [
            "database": .string(result.path), "diners": .int(Int64(result.diners)), "meals": .int(Int64(result.meals)),
            "voids": .int(Int64(result.voids)), "closed_months": .array(result.closedMonths.map { .string($0.description) }),
            "open_month": result.openMonth.map { .string($0.description) } ?? .null,
            "total_fen": .int(result.budget.total.fen), "drawn_fen": .int(result.budget.drawn.fen), "remaining_fen": .int(result.budget.remaining.fen),
        ])
    }
}

/// `canteen demo`: the whole system on a built-in city, in one command.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        path: ["demo"], abstract: Bilingual("Build a demo city (14 canteens, thousands of diners, closed months) and print its report.",
                                            "建立一座演示城市（14 个饭堂、数千名长者、已结账的月份）并输出其报表。"),
        discussion: Bilingual("""
            Writes ./canteen-demo.db unless --db names another file, replacing it on each run; it never replaces a
            database the demo did not make.
            """, """
            写入 ./canteen-demo.db（或 --db 指定的文件），每次运行都替换它；但从不替换不是演示程序建立的数据库。
            """))

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let path = invocation.line.globals["db"] ?? "canteen-demo.db"
        // The months are worked out (and --today checked) before anything is built.
        // Shaoguan's fourteen canteens and about 3,000 elders: two closed months, and this month open through today.
        let start = try SimulateCommand.defaultStart(months: 2, invocation: invocation)
        let today = try invocation.todayOverride() ?? invocation.clock.today(inTimeZone: "Asia/Shanghai")
        // Today holds only what has happened by now (no dinner at noon), and the canteens are about as full as a real
        // city's: over capacity is a lead for the auditor, not the rule.
        let config = SimulationConfig(sites: 14, diners: 3_000, months: 2, seed: 2026, start: start, openThrough: today,
                                      now: Simulation.present(today: today, clock: invocation.clock), seatsFilled: 70)
        let result = try Simulation.run(path: path, config: config, marker: "demo", replacingOwn: true,
                                        progress: SimulateCommand.progressLine(invocation))
        invocation.progress?.finish()
        let books = try Books.open(path: path, clock: invocation.clock, today: try invocation.todayOverride())
        let report = try books.monthReport(result.closedMonths.last!)
        let verification = try books.verify()
        let l = invocation.lang
        var text = l("Demo city built.\n", "演示数据已生成。\n") + SimulateCommand.summary(result, l).text + "\n"
        text += ReportText.render(report, l) + "\n"
        text += verification.ok ? l("audit verify: all checks hold.\n", "审计校验：全部通过。\n")
                                : l("audit verify: \(verification.problems.count) problems!\n", "审计校验：发现 \(verification.problems.count) 个问题！\n")
        // A diner of 风采长者饭堂 who has not had lunch today, so the first meal typed at its counter is recorded.
        let diner = result.unservedDiner?.description ?? "D00001"
        text += l("""

            Try next:
              canteen --db \(path) counter --site FC --operator clerk-fc     (a lunch service at 风采长者饭堂: type \(diner), then quit)
              canteen --db \(path) diner card --site FC --out cards.html --operator clerk-fc     (its diners' cards, to print)
              canteen --db \(path) report month \(report.month) --format html --out report.html
              canteen --db \(path) audit anomalies --month \(report.month)
              canteen --db \(path) budget forecast

            """, """

            接下来可以试试：
              canteen --db \(path) counter --site FC --operator clerk-fc --lang zh     （风采长者饭堂收银：输入 \(diner)，再输入 quit）
              canteen --db \(path) diner card --site FC --out cards.html --operator clerk-fc --lang zh     （打印该饭堂长者的就餐卡）
              canteen --db \(path) report month \(report.month) --format html --out report.html --lang zh
              canteen --db \(path) audit anomalies --month \(report.month)
              canteen --db \(path) budget forecast

            """)
        return Output(text: text, json: ["simulation": SimulateCommand.summary(result, l).json, "report": ReportJSON.render(report),
                                         "verified": .bool(verification.ok)])
    }
}
