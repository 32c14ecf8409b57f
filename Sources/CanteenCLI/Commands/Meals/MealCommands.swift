import CanteenCore

/// `canteen meal record`: the counter's one command at lunch rush.
enum MealRecordCommand: Command {
    static let spec = CommandSpec(
        path: ["meal", "record"],
        abstract: Bilingual("Record a subsidised meal and print the receipt (clerk).", "记录一份补贴用餐并打印小票（收银员）。"),
        discussion: Bilingual("--ref makes the call idempotent: the same KEY again returns the first result and records nothing.",
                              "--ref 让提交可以安全重复：同一个 KEY 再次提交时返回第一次的结果，不会重复记录。"),
        arguments: [ArgumentSpec(name: "diner", help: Bilingual("A diner number or an 18-character ID number.", "长者编号或 18 位身份证号。"))],
        options: [
            .required("site", "code", Bilingual("The canteen serving the meal.", "供餐的饭堂。")),
            .optional("date", "date", Bilingual("The meal date (default today; may be back-filled).", "用餐日期（默认今天；可以补录以前的日期）。")),
            .optional("slot", "slot", Bilingual("breakfast, lunch (default) or dinner.", "breakfast（早餐）、lunch（午餐，默认）或 dinner（晚餐）。")),
            .optional("pay", "method", Bilingual("How the copay was paid: cash (default), wechat, alipay or card.",
                                                 "自付部分的支付方式：cash（现金，默认）、wechat（微信）、alipay（支付宝）或 card（刷卡）。")),
            .optional("ref", "key", Bilingual("An idempotency key, such as the paper log's line.", "防止重复记录的参考号，例如纸质登记簿的行号。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let request = MealRequest(
            diner: invocation.argument(0)!, site: invocation.option("site")!, date: try invocation.date("date"),
            slot: try invocation.option("slot").map { try MealSlot(parsing: $0) } ?? .lunch,
            pay: try invocation.option("pay").map { try PaymentMethod(parsing: $0) } ?? .cash,
            ref: invocation.option("ref"))
        let receipt = try invocation.books().recordMeal(request, by: invocation.operatorName)
        let l = invocation.lang
        let meal = receipt.meal
        var lines = KeyValueText()
        lines.add(l("Meal", "餐号"), meal.number.description)
        lines.add(l("Diner", "就餐者"), "\(meal.dinerNumber) \(meal.dinerName) \(ResidentID.mask(meal.residentID))")
        lines.add(l("Canteen", "饭堂"), "\(meal.site) \(meal.siteName)")
        lines.add(l("Date", "日期"), "\(meal.date) \(MealListCommand.slot(meal.slot, l))")
        lines.add(l("Price", "餐价"), meal.price.description)
        lines.add(l("Copay due", "应收自付"), "\(meal.copay) (\(MealListCommand.pay(meal.pay, l)))")
        lines.add(l("Subsidy", "政府补贴"), meal.subsidy.description)
        lines.add(l("Budget left", "预算余额"), receipt.budgetRemaining.grouped)
        var headline = receipt.replayed
            ? l("Already recorded under this ref; nothing new was recorded.\n", "此编号已记录过，本次未重复记录。\n") : ""
        if receipt.replayed, let period = meal.voidedIn {
            headline += l("That meal has since been voided (reversal in \(period)).\n", "该餐已被作废（冲销计入 \(period)）。\n")
        }
        return Output(text: headline + lines.render(), json: .object(jsonFields(receipt)))
    }

    /// The keys of a recorded meal in JSON, in order: `counter --format json` writes the same.
    static func jsonFields(_ receipt: MealReceipt) -> [(String, JSONValue)] {
        let meal = receipt.meal
        return [
            ("meal", .string(meal.number.description)), ("price_fen", .int(meal.price.fen)), ("copay_fen", .int(meal.copay.fen)),
            ("subsidy_fen", .int(meal.subsidy.fen)), ("budget_remaining_fen", .int(receipt.budgetRemaining.fen)),
            ("diner", .string(meal.dinerNumber.description)), ("site", .string(meal.site)), ("date", .string(meal.date.description)),
            ("slot", .string(meal.slot.rawValue)), ("pay", .string(meal.pay.rawValue)), ("ref", meal.ref.map(JSONValue.string) ?? .null),
            ("replayed", .bool(receipt.replayed)), ("voided", .bool(meal.isVoided)),
        ]
    }
}

/// `canteen meal void`.
enum MealVoidCommand: Command {
    static let spec = CommandSpec(
        path: ["meal", "void"],
        abstract: Bilingual("Void a mistaken meal: a reversal returns its subsidy to the budget (clerk, finance).",
                            "作废一笔记错的用餐：冲销后补贴退回预算（收银员、财务）。"),
        discussion: Bilingual("A meal of a closed month is reversed in the earliest open month, as a prior-month adjustment.",
                              "已结账月份的用餐在最早的未结账月份冲销，作为往月调整。"),
        arguments: [ArgumentSpec(name: "meal", help: Bilingual("The meal number on the receipt, such as M000123.", "小票上的餐号，例如 M000123。"))],
        options: [.required("reason", "text", Bilingual("Why it is voided.", "作废原因。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try invocation.books().voidMeal(invocation.argument(0)!, reason: invocation.option("reason")!,
                                                     by: invocation.operatorName)
        let l = invocation.lang
        let meal = result.meal
        var text = l("Voided \(meal.number): \(meal.subsidy) returned to the budget (left \(result.budgetRemaining.grouped)).\n",
                     "已作废 \(meal.number)：补贴 \(meal.subsidy) 退回预算（余额 \(result.budgetRemaining.grouped)）。\n")
        if result.isAdjustment {
            text += l("\(meal.date.yearMonth) is closed: the reversal is an adjustment in \(result.postedIn).\n",
                      "\(meal.date.yearMonth) 已结账：冲销计入 \(result.postedIn) 的往月调整。\n")
        }
        return Output(text: text, json: [
            "meal": .string(meal.number.description), "subsidy_returned_fen": .int(meal.subsidy.fen),
            "posted_in": .string(result.postedIn.description), "adjustment": .bool(result.isAdjustment),
            "budget_remaining_fen": .int(result.budgetRemaining.fen),
        ])
    }
}

/// `canteen meal list`.
enum MealListCommand: Command {
    static let spec = CommandSpec(
        path: ["meal", "list"], abstract: Bilingual("List meals by canteen, date or month, and diner.", "按饭堂、日期或月份以及长者列出用餐。"),
        options: [
            .optional("site", "code", Bilingual("Only this canteen.", "只列出该饭堂。")),
            .optional("date", "date", Bilingual("Only this day.", "只列出这一天。")),
            .optional("month", "month", Bilingual("Only this month (YYYY-MM).", "只列出该月（YYYY-MM）。")),
            .optional("diner", "diner", Bilingual("Only this diner.", "只列出该长者。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        if invocation.option("date") != nil && invocation.option("month") != nil {
            throw UsageError(.dateOrMonth, command: spec.path)
        }
        try invocation.requireFormat([.table, .json, .csv])
        let filter = MealFilter(site: invocation.option("site"), date: try invocation.date("date"), month: try invocation.month("month"),
                                diner: invocation.option("diner"))
        let books = try invocation.books()
        let l = invocation.lang
        // Streamed: a month of tens of thousands of meals goes out as it is read, with flat memory.
        return .streaming { stream in
            var list = try ListWriter(stream, format: invocation.format, excel: invocation.flag("excel"), key: "meals",
                                      headers: [l("Meal", "餐号"), l("Date", "日期"), l("Slot", "餐次"), l("Site", "饭堂"), l("Diner", "编号"),
                                                l("Name", "姓名"), l("Price", "餐价"), l("Copay", "自付"), l("Subsidy", "补贴"), l("Pay", "支付"), l("Status", "状态")],
                                      alignments: [.left, .left, .left, .left, .left, .left, .right, .right, .right, .left, .left],
                                      // The totals line comes last: room for a month's sums from the start.
                                      minimumWidths: [0, 0, 0, 0, 0, 0, 12, 12, 12, 0, 0],
                                      csvHeader: ["meal", "date", "slot", "site", "diner", "name", "price", "copay", "subsidy", "pay", "ref", "voided_in"])
            var live = [Money.zero, .zero, .zero]
            try books.meals(filter) { meal in
                try list.add(
                    table: [meal.number.description, meal.date.description, slot(meal.slot, l), meal.site, meal.dinerNumber.description,
                            meal.dinerName, meal.price.description, meal.copay.description, meal.subsidy.description, pay(meal.pay, l),
                            meal.voidedIn.map { l("voided (\($0))", "已作废（\($0)）") } ?? ""],
                    csv: [meal.number.description, meal.date.description, meal.slot.rawValue, meal.site, meal.dinerNumber.description, meal.dinerName,
                          meal.price.description, meal.copay.description, meal.subsidy.description, meal.pay.rawValue, meal.ref ?? "", meal.voidedIn ?? ""],
                    json: ["meal": .string(meal.number.description), "date": .string(meal.date.description), "slot": .string(meal.slot.rawValue),
                           "site": .string(meal.site), "diner": .string(meal.dinerNumber.description), "name": .string(meal.dinerName),
                           "price_fen": .int(meal.price.fen), "copay_fen": .int(meal.copay.fen), "subsidy_fen": .int(meal.subsidy.fen),
                           "pay": .string(meal.pay.rawValue), "ref": meal.ref.map(JSONValue.string) ?? .null,
                           "voided": .bool(meal.isVoided), "voided_in": meal.voidedIn.map(JSONValue.string) ?? .null])
                // Checked: a damaged file's amounts end the list with "the file may be damaged", not a clamped total.
                if !meal.isVoided { live = [try live[0].adding(meal.price), try live[1].adding(meal.copay), try live[2].adding(meal.subsidy)] }
            }
            let footer = list.count == 0 ? [] : [[l("Total", "合计"), "", "", "", "", "", live[0].description, live[1].description,
                                                  live[2].description, "", l("not voided", "未作废")]]
            try list.finish(footer: footer, trailer: l("\(list.count) meals\n", "共 \(list.count) 餐\n"))
        }
    }

    static func slot(_ slot: MealSlot, _ l: Lang) -> String {
        switch slot {
        case .breakfast: l("breakfast", "早餐")
        case .lunch: l("lunch", "午餐")
        case .dinner: l("dinner", "晚餐")
        }
    }

    static func pay(_ method: PaymentMethod, _ l: Lang) -> String {
        switch method {
        case .cash: l("cash", "现金")
        case .wechat: l("WeChat", "微信")
        case .alipay: l("Alipay", "支付宝")
        case .card: l("card", "刷卡")
        }
    }
}

/// `canteen meal import`.
enum MealImportCommand: Command {
    static let spec = CommandSpec(
        path: ["meal", "import"],
        abstract: Bilingual("Record a counter's offline log from CSV: all rows or none (clerk).", "从 CSV 导入窗口的离线记录：要么全部记录，要么一行都不记（收银员）。"),
        discussion: Bilingual("""
            The file starts with the header ref,date,slot,site,diner,pay. Every bad row is reported with its line
            number (the header is line 1). Rows whose ref is already recorded are skipped, so a file can be imported again.
            """, """
            文件以表头 ref,date,slot,site,diner,pay 开头。每个有误的行都连同行号报告（表头为第 1 行）。
            参考号已记录过的行会跳过，所以同一文件可以再次导入。
            """),
        arguments: [ArgumentSpec(name: "file", help: Bilingual("The CSV file.", "CSV 文件。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let progress = invocation.progress
        let result = try invocation.books().importMeals(path: invocation.argument(0)!, by: invocation.operatorName,
                                                        progress: progress.map { reporter in { reporter.update($0, "rows") } })
        progress?.finish()
        let l = invocation.lang
        return Output(text: l("Imported \(result.recorded) meals (subsidy \(result.subsidy)); skipped \(result.skipped) already recorded. Budget left \(result.budgetRemaining.grouped).\n",
                              "导入 \(result.recorded) 餐（补贴 \(result.subsidy)）；跳过已记录 \(result.skipped) 行。预算余额 \(result.budgetRemaining.grouped)。\n"),
                      json: ["recorded": .int(Int64(result.recorded)), "skipped": .int(Int64(result.skipped)),
                             "subsidy_fen": .int(result.subsidy.fen), "budget_remaining_fen": .int(result.budgetRemaining.fen)])
    }
}
