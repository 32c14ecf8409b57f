import CanteenCore

/// `canteen diner register`.
enum DinerRegisterCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "register"],
        abstract: "Register a diner aged 60 or over, ID card in hand (clerk).",
        options: [
            .required("id", "idnumber", "The 18-character resident ID number."),
            .required("name", "name", "The name on the ID card."),
            .optional("phone", "phone", "A mobile or landline number."),
            .optional("category", "cat", "standard (default), low-income, extreme-poverty, disabled, living-alone or special-care."),
            .optional("site", "code", "The home canteen."),
            .optional("date", "date", "The registration date (default today; may be back-dated)."),
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
        path: ["diner", "show"], abstract: "Show one diner (ID and phone masked unless --unmask).",
        arguments: [ArgumentSpec(name: "diner", help: "A diner number, an 18-character ID number or a card code.")],
        options: [.flag("unmask", "Show ID and phone numbers in full (auditors and admins; logged).")])

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
        path: ["diner", "find"], abstract: "Find diners by ID number, diner number, phone or part of a name.",
        arguments: [ArgumentSpec(name: "text", help: "What to look for.")],
        options: [.flag("unmask", "Show ID and phone numbers in full (auditors and admins; logged).")])

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
        path: ["diner", "list"], abstract: "List diners, optionally of a home canteen or a status.",
        options: [
            .optional("site", "code", "Only diners whose home canteen this is."),
            .optional("status", "status", "active or inactive (today)."),
            .flag("unmask", "Show ID and phone numbers in full (auditors and admins; logged)."),
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
        path: ["diner", "update"], abstract: "Change a diner's phone, category or home canteen (clerk).",
        arguments: [ArgumentSpec(name: "diner", help: "A diner number or an 18-character ID number.")],
        options: [
            .optional("phone", "phone", "The new phone number (\"\" removes it)."),
            .optional("category", "cat", "The new category."),
            .optional("from", "date", "The new category's first day (default today): meals before it keep the old one."),
            .optional("site", "code", "The new home canteen."),
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
        path: ["diner", "deactivate"], abstract: "End a diner's eligibility from a date on (clerk).",
        discussion: "No meal on or after DATE. Meals already recorded after it stay, for the auditor to see.",
        arguments: [ArgumentSpec(name: "diner", help: "A diner number or an 18-character ID number.")],
        options: [
            .required("reason", "reason", "deceased, moved, withdrew or other."),
            .required("date", "date", "The first day without meals."),
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
