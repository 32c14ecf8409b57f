import CanteenCore

/// `canteen diner register`.
enum DinerRegisterCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "register"],
        abstract: Bilingual("Register a diner aged 60 or over, ID card in hand (clerk).", "凭身份证登记 60 岁及以上的长者（收银员）。"),
        options: [
            .required("id", "idnumber", Bilingual("The 18-character resident ID number.", "18 位居民身份证号。")),
            .required("name", "name", Bilingual("The name on the ID card.", "身份证上的姓名。")),
            .optional("phone", "phone", Bilingual("A mobile or landline number.", "手机或固定电话号码。")),
            .optional("category", "cat", Bilingual("standard (default), low-income, extreme-poverty, disabled, living-alone or special-care.",
                                                   "standard（普通，默认）、low-income（低保）、extreme-poverty（特困）、disabled（残疾）、living-alone（独居）或 special-care（优抚）。")),
            .optional("site", "code", Bilingual("The home canteen.", "所属饭堂。")),
            .optional("date", "date", Bilingual("The registration date (default today; may be back-dated).", "登记日期（默认今天；可以补登以前的日期）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let registered = try invocation.books().register(
            Registration(idNumber: invocation.option("id")!, name: invocation.option("name")!, phone: invocation.option("phone"),
                         category: invocation.option("category"), site: invocation.option("site"), date: try invocation.date("date")),
            by: invocation.operatorName)
        let l = invocation.lang
        let diner = registered.diner
        var lines = KeyValueText()
        lines.add(l("Diner number", "就餐编号"), diner.number.description)
        // The diner's own card at the counter is where the full number belongs.
        lines.add(l("ID number", "身份证号"), diner.residentID.value)
        lines.add(l("Name", "姓名"), diner.name)
        lines.add(l("Born", "出生日期"), "\(diner.birthDate) (\(l("age", "年龄")) \(registered.age), \(diner.residentID.sex == .female ? l("female", "女") : l("male", "男")))")
        lines.add(l("Category", "类别"), PolicyListCommand.category(diner.category, l))
        if let phone = diner.phone { lines.add(l("Phone", "电话"), phone.value) }
        if let site = diner.homeSite { lines.add(l("Home canteen", "常用饭堂"), site) }
        lines.add(l("Registered", "登记日期"), diner.registeredOn.description)
        return Output(text: l("Registered.\n", "登记成功。\n") + lines.render(), json: [
            "diner": .string(diner.number.description), "birth_date": .string(diner.birthDate.description),
            "age": .int(Int64(registered.age)), "name": .string(diner.name), "id_number": .string(diner.residentID.masked),
            "sex": .string(diner.residentID.sex.rawValue), "category": .string(diner.category.rawValue),
            "site": diner.homeSite.map(JSONValue.string) ?? .null, "registered_on": .string(diner.registeredOn.description),
        ])
    }
}

/// `canteen diner show`.
enum DinerShowCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "show"], abstract: Bilingual("Show one diner (ID and phone masked unless --unmask).",
                                                     "显示一位长者（身份证号和电话默认遮挡，加 --unmask 除外）。"),
        arguments: [ArgumentSpec(name: "diner", help: Bilingual("A diner number, an 18-character ID number or a card code.",
                                                                "长者编号、18 位身份证号或卡号。"))],
        options: [.flag("unmask", Bilingual("Show ID and phone numbers in full (auditors and admins; logged).",
                                            "完整显示身份证号和电话（限审计员和管理员；会记入审计日志）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let books = try invocation.books()
        let unmask = invocation.flag("unmask")
        let diner = try books.diner(invocation.argument(0)!, unmaskedBy: invocation.unmaskingOperator)
        let card = try books.card(of: diner.number)
        let l = invocation.lang
        var lines = KeyValueText()
        var json = DinerListCommand.json(diner, unmask: unmask, today: books.today)
        // The card's code is what its barcode reads: not secret as an ID number is, and what a clerk checks a card by.
        if case .object(let fields) = json {
            json = .object(fields + [("card", card.map { .string($0.code.value) } ?? .null),
                                     ("card_issued_on", card.map { .string($0.issuedOn.description) } ?? .null)])
        }
        lines.add(l("Diner number", "就餐编号"), diner.number.description)
        lines.add(l("ID number", "身份证号"), unmask ? diner.residentID.value : diner.residentID.masked)
        lines.add(l("Name", "姓名"), diner.name)
        // The masked ID hides exactly the birth date, so a masked view shows the age, not the date.
        lines.add(unmask ? l("Born", "出生日期") : l("Age", "年龄"),
                  unmask ? "\(diner.birthDate) (\(l("age", "年龄")) \(diner.birthDate.age(on: books.today)))" : String(diner.birthDate.age(on: books.today)))
        lines.add(l("Category", "类别"), PolicyListCommand.category(diner.category, l))
        if diner.categoryHistory.count > 1 {
            lines.add(l("Category history", "类别变更"), diner.categoryHistory.map {
                "\(PolicyListCommand.category($0.category, l)) (\(l("from", "自")) \($0.from))"
            }.joined(separator: ", "))
        }
        lines.add(l("Phone", "电话"), diner.phone.map { unmask ? $0.value : $0.masked } ?? "-")
        lines.add(l("Home canteen", "常用饭堂"), diner.homeSite ?? "-")
        lines.add(l("Registered", "登记日期"), diner.registeredOn.description)
        lines.add(l("Status", "状态"), DinerListCommand.status(diner, today: books.today, l))
        lines.add(l("Card", "就餐卡"), card.map { l("\($0.code) (issued \($0.issuedOn))", "\($0.code)（\($0.issuedOn) 发卡）") } ?? "-")
        return Output(text: lines.render(), json: json)
    }
}

/// `canteen diner find`.
enum DinerFindCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "find"], abstract: Bilingual("Find diners by ID number, diner number, phone or part of a name.",
                                                     "按身份证号、长者编号、电话或部分姓名查找长者。"),
        arguments: [ArgumentSpec(name: "text", help: Bilingual("What to look for.", "要查找的内容。"))],
        options: [.flag("unmask", Bilingual("Show ID and phone numbers in full (auditors and admins; logged).",
                                            "完整显示身份证号和电话（限审计员和管理员；会记入审计日志）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        let books = try invocation.books()
        let unmask = invocation.flag("unmask")
        let diners = try books.findDiners(invocation.argument(0)!, unmaskedBy: invocation.unmaskingOperator)
        return DinerListCommand.output(diners, unmask: unmask, today: books.today, invocation.lang)
    }
}

/// `canteen diner list`.
enum DinerListCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "list"], abstract: Bilingual("List diners, optionally of a home canteen or a status.", "列出长者，可按所属饭堂或状态筛选。"),
        options: [
            .optional("site", "code", Bilingual("Only diners whose home canteen this is.", "只列出所属饭堂为该饭堂的长者。")),
            .optional("status", "status", Bilingual("active or inactive (today).", "active（在用）或 inactive（停用），以今天为准。")),
            .flag("unmask", Bilingual("Show ID and phone numbers in full (auditors and admins; logged).",
                                      "完整显示身份证号和电话（限审计员和管理员；会记入审计日志）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        let books = try invocation.books()
        let active: Bool?
        switch invocation.option("status")?.lowercased() {
        case nil: active = nil
        case "active": active = true
        case "inactive": active = false
        case let other?: throw CanteenError(.invalidInput, .statusUnknown, ["text": other])
        }
        let unmask = invocation.flag("unmask")
        let site = invocation.option("site")
        let unmaskedBy = invocation.unmaskingOperator
        let today = books.today
        let l = invocation.lang
        try invocation.requireFormat([.table, .json, .csv])
        return .streaming { stream in
            var list = try ListWriter(stream, format: invocation.format, excel: invocation.flag("excel"), key: "diners",
                                      headers: [l("Diner", "编号"), l("Name", "姓名"), l("ID number", "身份证号"), l("Age", "年龄"),
                                                l("Category", "类别"), l("Phone", "电话"), l("Site", "饭堂"), l("Status", "状态")],
                                      alignments: [.left, .left, .left, .right, .left, .left, .left, .left],
                                      csvHeader: ["diner", "name", "id_number", unmask ? "birth_date" : "age", "category", "phone", "site",
                                                  "registered_on", "deactivated_on"])
            try books.listDiners(site: site, active: active, unmaskedBy: unmaskedBy) { diner in
                try list.add(table: tableRow(diner, unmask: unmask, today: today, l), csv: csvRow(diner, unmask: unmask, today: today),
                             json: json(diner, unmask: unmask, today: today))
            }
            try list.finish(trailer: l("\(list.count) diners\n", "共 \(list.count) 人\n"))
        }
    }

    static func tableRow(_ diner: Diner, unmask: Bool, today: CivilDate, _ l: Lang) -> [String] {
        [diner.number.description, diner.name, unmask ? diner.residentID.value : diner.residentID.masked,
         String(diner.birthDate.age(on: today)), PolicyListCommand.category(diner.category, l),
         diner.phone.map { unmask ? $0.value : $0.masked } ?? "", diner.homeSite ?? "", status(diner, today: today, l)]
    }

    static func csvRow(_ diner: Diner, unmask: Bool, today: CivilDate) -> [String] {
        [diner.number.description, diner.name, unmask ? diner.residentID.value : diner.residentID.masked,
         unmask ? diner.birthDate.description : String(diner.birthDate.age(on: today)),
         diner.category.rawValue, diner.phone.map { p in unmask ? p.value : p.masked } ?? "", diner.homeSite ?? "",
         diner.registeredOn.description, diner.deactivatedOn?.description ?? ""]
    }

    static func output(_ diners: [Diner], unmask: Bool, today: CivilDate, _ l: Lang) -> Output {
        var table = TextTable(headers: [l("Diner", "编号"), l("Name", "姓名"), l("ID number", "身份证号"), l("Age", "年龄"),
                                        l("Category", "类别"), l("Phone", "电话"), l("Site", "饭堂"), l("Status", "状态")],
                              alignments: [.left, .left, .left, .right, .left, .left, .left, .left])
        for diner in diners { table.add(tableRow(diner, unmask: unmask, today: today, l)) }
        let csv = [["diner", "name", "id_number", unmask ? "birth_date" : "age", "category", "phone", "site", "registered_on", "deactivated_on"]]
            + diners.map { csvRow($0, unmask: unmask, today: today) }
        return Output(text: table.render() + l("\(diners.count) diners\n", "共 \(diners.count) 人\n"),
                      json: ["diners": .array(diners.map { json($0, unmask: unmask, today: today) })], csv: csv)
    }

    static func status(_ diner: Diner, today: CivilDate, _ l: Lang) -> String {
        guard let end = diner.deactivatedOn else { return l("active", "有效") }
        let reason = diner.deactivationReason?.rawValue ?? ""
        return end <= today ? l("inactive from \(end) (\(reason))", "自 \(end) 停用（\(reason)）") : l("active until \(end)", "有效至 \(end)")
    }

    static func json(_ diner: Diner, unmask: Bool, today: CivilDate) -> JSONValue {
        ["diner": .string(diner.number.description), "name": .string(diner.name),
         "id_number": .string(unmask ? diner.residentID.value : diner.residentID.masked),
         "birth_date": unmask ? .string(diner.birthDate.description) : .null, "age": .int(Int64(diner.birthDate.age(on: today))),
         "sex": .string(diner.residentID.sex.rawValue), "category": .string(diner.category.rawValue),
         "phone": diner.phone.map { .string(unmask ? $0.value : $0.masked) } ?? .null,
         "site": diner.homeSite.map(JSONValue.string) ?? .null, "registered_on": .string(diner.registeredOn.description),
         "deactivated_on": diner.deactivatedOn.map { .string($0.description) } ?? .null,
         "deactivation_reason": diner.deactivationReason.map { .string($0.rawValue) } ?? .null,
         "active": .bool(diner.isActive(on: today))]
    }
}

/// `canteen diner update`.
enum DinerUpdateCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "update"], abstract: Bilingual("Change a diner's phone, category or home canteen (clerk).",
                                                       "修改长者的电话、类别或所属饭堂（收银员）。"),
        arguments: [ArgumentSpec(name: "diner", help: Bilingual("A diner number or an 18-character ID number.", "长者编号或 18 位身份证号。"))],
        options: [
            .optional("phone", "phone", Bilingual("The new phone number (\"\" removes it).", "新的电话号码（\"\" 表示删除）。")),
            .optional("category", "cat", Bilingual("The new category.", "新的类别。")),
            .optional("from", "date", Bilingual("The new category's first day (default today): meals before it keep the old one.",
                                                "新类别生效的第一天（默认今天）：此前的用餐仍按原类别。")),
            .optional("site", "code", Bilingual("The new home canteen.", "新的所属饭堂。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        guard ["phone", "category", "site"].contains(where: { invocation.option($0) != nil }) else {
            throw UsageError(.updateNothingOptions, command: spec.path)
        }
        if invocation.option("from") != nil && invocation.option("category") == nil {
            throw UsageError(.fromNeedsCategory, command: spec.path)
        }
        let books = try invocation.books()
        let diner = try books.updateDiner(invocation.argument(0)!, DinerChanges(
            phone: invocation.option("phone"), category: invocation.option("category"), site: invocation.option("site"),
            categoryFrom: try invocation.date("from")),
            by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Updated diner \(diner.number).\n", "已更新 \(diner.number)。\n"),
                      json: DinerListCommand.json(diner, unmask: false, today: books.today))
    }
}

/// `canteen diner deactivate`.
enum DinerDeactivateCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "deactivate"], abstract: Bilingual("End a diner's eligibility from a date on (clerk).", "从某日起终止长者的补贴资格（收银员）。"),
        discussion: Bilingual("No meal on or after DATE. Meals already recorded after it stay, for the auditor to see.",
                              "DATE 当天及以后不能用餐。已记录在该日之后的用餐保留，供审计员查看。"),
        arguments: [ArgumentSpec(name: "diner", help: Bilingual("A diner number or an 18-character ID number.", "长者编号或 18 位身份证号。"))],
        options: [
            .required("reason", "reason", Bilingual("deceased, moved, withdrew or other.",
                                                    "deceased（已故）、moved（迁出）、withdrew（退出）或 other（其他）。")),
            .required("date", "date", Bilingual("The first day without meals.", "不再用餐的第一天。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let books = try invocation.books()
        let reason = try DeactivationReason(parsing: invocation.option("reason")!)
        let diner = try books.deactivate(invocation.argument(0)!, reason: reason, date: try invocation.date("date")!,
                                         by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Diner \(diner.number) is inactive from \(diner.deactivatedOn!) (\(reason.rawValue)).\n",
                              "\(diner.number) 自 \(diner.deactivatedOn!) 起停用（\(reason.rawValue)）。\n"),
                      json: DinerListCommand.json(diner, unmask: false, today: books.today))
    }
}
