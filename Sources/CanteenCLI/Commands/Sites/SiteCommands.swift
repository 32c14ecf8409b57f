import CanteenCore

/// `canteen site add`.
enum SiteAddCommand: Command {
    static let spec = CommandSpec(
        path: ["site", "add"],
        abstract: "Add a canteen with its contracted meal price (admin).",
        arguments: [ArgumentSpec(name: "code", help: "2 to 10 letters and digits, such as GZ01.")],
        options: [
            .required("name", "name", "The canteen's name."),
            .required("price", "yuan", "The contracted price of a set meal."),
            .optional("capacity", "n", "Seats (1–100000)."),
            .optional("district", "name", "The district it serves."),
            .optional("from", "date", "The price's first day (default: in force for every date)."),
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
        abstract: "Change a canteen's contracted price from a date on (admin).",
        discussion: "Meals already recorded keep the price they were charged.",
        arguments: [ArgumentSpec(name: "code", help: "The canteen.")],
        options: [.required("price", "yuan", "The new price."), .required("from", "date", "Its first day.")])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let site = try invocation.books().setSitePrice(code: invocation.argument(0)!, price: try invocation.money("price")!,
                                                       from: try invocation.date("from")!, by: invocation.operatorName)
        return SiteShowCommand.output(site, invocation.lang, headline: invocation.lang("Price set", "已设定价格"))
    }
}

/// `canteen site list`.
enum SiteListCommand: Command {
    static let spec = CommandSpec(path: ["site", "list"], abstract: "List the canteens with today's price.")

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
    static let spec = CommandSpec(path: ["site", "show"], abstract: "Show a canteen and its price history.",
                                  arguments: [ArgumentSpec(name: "code", help: "The canteen.")])

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
