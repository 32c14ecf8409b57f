import CanteenCore

/// `canteen site add`.
enum SiteAddCommand: Command {
    static let spec = CommandSpec(
        path: ["site", "add"],
        abstract: Bilingual("Add a canteen with its contracted meal price (admin).", "添加饭堂及其合同餐价（管理员）。"),
        arguments: [ArgumentSpec(name: "code", help: Bilingual("2 to 10 letters and digits, such as GZ01.", "2 至 10 位字母和数字，例如 GZ01。"))],
        options: [
            .required("name", "name", Bilingual("The canteen's name.", "饭堂名称。")),
            .required("price", "yuan", Bilingual("The contracted price of a set meal.", "一份套餐的合同价（元）。")),
            .optional("capacity", "n", Bilingual("Seats (1–100000).", "座位数（1–100000）。")),
            .optional("district", "name", Bilingual("The district it serves.", "服务的区县。")),
            .optional("from", "date", Bilingual("The price's first day (default: in force for every date).", "价格生效的第一天（默认：对所有日期有效）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let site = try invocation.books().addSite(
            code: invocation.argument(0)!, name: invocation.option("name")!, price: try invocation.money("price")!,
            capacity: try invocation.integer("capacity", in: Site.capacityRange), district: invocation.option("district"),
            from: try invocation.date("from"), by: invocation.operatorName)
        return SiteShowCommand.output(site, invocation.lang, headline: invocation.lang("Added canteen", "已添加饭堂"))
    }
}

/// `canteen site price`.
enum SitePriceCommand: Command {
    static let spec = CommandSpec(
        path: ["site", "price"],
        abstract: Bilingual("Change a canteen's contracted price from a date on (admin).", "从某日起调整饭堂的合同价（管理员）。"),
        discussion: Bilingual("Meals already recorded keep the price they were charged.", "已记录的用餐保持原来的计价。"),
        arguments: [ArgumentSpec(name: "code", help: Bilingual("The canteen.", "饭堂代码。"))],
        options: [.required("price", "yuan", Bilingual("The new price.",
                                                       "新价格（元）。")), .required("from", "date", Bilingual("Its first day.", "新价格生效的第一天。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let site = try invocation.books().setSitePrice(code: invocation.argument(0)!, price: try invocation.money("price")!,
                                                       from: try invocation.date("from")!, by: invocation.operatorName)
        return SiteShowCommand.output(site, invocation.lang, headline: invocation.lang("Price set", "已设定价格"))
    }
}

/// `canteen site list`.
enum SiteListCommand: Command {
    static let spec = CommandSpec(path: ["site", "list"], abstract: Bilingual("List the canteens with today's price.", "列出饭堂及其今天的价格。"))

    static func run(_ invocation: Invocation) throws -> Output {
        let books = try invocation.books()
        let sites = try books.sites()
        let l = invocation.lang
        var table = TextTable(headers: [l("Code", "编号"), l("Name", "名称"), l("District", "区"), l("Seats", "座位"), l("Price today", "今日价格")],
                              alignments: [.left, .left, .left, .right, .right])
        for site in sites {
            table.add([site.code, site.name, site.district ?? "", site.capacity.map(String.init) ?? "",
                       site.price(on: books.today)?.description ?? "-"])
        }
        return Output(text: table.render(), json: ["sites": .array(sites.map { SiteShowCommand.json($0, today: books.today) })],
                      csv: [["code", "name", "district", "capacity", "price_today"]] + sites.map {
                          [$0.code, $0.name, $0.district ?? "", $0.capacity.map(String.init) ?? "", $0.price(on: books.today)?.description ?? ""]
                      })
    }
}

/// `canteen site show`.
enum SiteShowCommand: Command {
    static let spec = CommandSpec(path: ["site", "show"], abstract: Bilingual("Show a canteen and its price history.", "显示饭堂及其价格历史。"),
                                  arguments: [ArgumentSpec(name: "code", help: Bilingual("The canteen.", "饭堂代码。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let site = try invocation.books().site(code: invocation.argument(0)!)
        return output(site, invocation.lang, headline: nil)
    }

    static func output(_ site: Site, _ l: Lang, headline: String?) -> Output {
        var lines = KeyValueText()
        lines.add(l("Code", "编号"), site.code)
        lines.add(l("Name", "名称"), site.name)
        if let district = site.district { lines.add(l("District", "区"), district) }
        if let capacity = site.capacity { lines.add(l("Seats", "座位"), String(capacity)) }
        for change in site.prices {
            let from = change.from == .always ? l("always", "一直") : l("from \(change.from)", "自 \(change.from)")
            lines.add(l("Price", "价格"), "\(change.price) (\(from))")
        }
        let text = (headline.map { "\($0) \(site.code).\n" } ?? "") + lines.render()
        return Output(text: text, json: json(site, today: nil))
    }

    static func json(_ site: Site, today: CivilDate?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("site", .string(site.code)), ("name", .string(site.name)),
            ("district", site.district.map(JSONValue.string) ?? .null),
            ("capacity", site.capacity.map { .int(Int64($0)) } ?? .null),
        ]
        if let today { fields.append(("price_today_fen", site.price(on: today).map { .int($0.fen) } ?? .null)) }
        fields.append(("prices", .array(site.prices.map {
            ["from": $0.from == .always ? .null : .string($0.from.description), "price_fen": .int($0.price.fen)]
        })))
        return .object(fields)
    }
}
