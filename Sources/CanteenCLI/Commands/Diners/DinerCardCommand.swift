import CanteenCore

/// `canteen diner card`: a printable sheet of diners' cards, and replacement cards for lost ones.
enum DinerCardCommand: Command {
    static let spec = CommandSpec(
        path: ["diner", "card"],
        abstract: Bilingual("Print diners' cards: one HTML file of ID-1 cards to print on A4, each with a barcode of its card code (clerk).",
                            "打印长者就餐卡：一个 HTML 文件，含可用 A4 纸打印的 ID-1 尺寸卡片，每张带卡号条码（收银员）。"),
        discussion: Bilingual("""
            Name the diners (diner numbers, ID numbers or card codes), or give --site for every active diner whose home
            canteen it is. The barcode (Code 128) carries the card's code, never the ID number. --reissue gives each
            diner named a new card: the old code stops working at the counter, and the audit log records the change.
            The sheet holds names and masked ID numbers: --out writes it readable by its owner only.
            """, """
            指定长者（长者编号、身份证号或卡号），或用 --site 指定以该饭堂为所属饭堂的全部在用长者。条码（Code 128）
            只含卡号，从不含身份证号。--reissue 为指定的每位长者补发新卡：旧卡号在窗口立即停用，审计日志记下这一变更。
            卡片上有姓名和遮挡后的身份证号：--out 写出的文件只有文件主人可读。
            """),
        arguments: [ArgumentSpec(name: "diner", help: Bilingual("A diner number, ID number or card code; several may be named.",
                                                                "长者编号、身份证号或卡号；可以指定多个。"),
                                 optional: true, variadic: true)],
        options: [
            .optional("site", "code", Bilingual("Every active diner whose home canteen this is.", "以该饭堂为所属饭堂的全部在用长者。")),
            .optional("out", "file", Bilingual("Write the sheet to FILE (- for standard output).", "把卡片页写到 FILE（- 表示标准输出）。")),
            .flag("reissue", Bilingual("Give the diners named new cards and retire their old codes.", "为指定的长者补发新卡，并停用其旧卡号。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .html, .json])
        let diners = invocation.line.positionals
        let site = invocation.option("site")
        let reissue = invocation.flag("reissue")
        if reissue && site != nil { throw UsageError(.cardReissueWithSite, command: spec.path) }
        if !diners.isEmpty && site != nil { throw UsageError(.cardDinersOrSite, command: spec.path) }
        if diners.isEmpty && site == nil { throw UsageError(.cardDinersOrSiteMissing, command: spec.path) }
        let books = try invocation.books()
        let l = invocation.lang
        if reissue, let destination = try invocation.outputFile(), !destination.isStandardOutput {
            // The sheet is written, whole and in place, inside the reissue's transaction: old cards are retired only
            // when their successors are in the file to print, and a sheet that cannot be written retires none.
            _ = try books.reissueCards(diners, by: invocation.operatorName) { cards in
                try destination.write(render(cards, invocation.format, l), access: .ownerOnly)
            }
            var output = Output(text: "", json: .null)
            output.streamed = true
            return output
        }
        let cards: [DinerCard]
        if reissue {
            cards = try books.reissueCards(diners, by: invocation.operatorName)
        } else if let site {
            cards = try books.cards(site: site, by: invocation.operatorName)
        } else {
            cards = try books.cards(for: diners, by: invocation.operatorName)
        }
        let html = CardSheetHTML.render(cards: cards.map { face($0, l) }, lang: l)
        return Output(text: html, json: json(cards), other: [.html: html], fileAccess: .ownerOnly)
    }

    /// The sheet in the format asked: HTML (also for table), or JSON.
    private static func render(_ cards: [DinerCard], _ format: OutputFormat, _ l: Lang) -> String {
        format == .json ? json(cards).rendered() + "\n" : CardSheetHTML.render(cards: cards.map { face($0, l) }, lang: l)
    }

    private static func json(_ cards: [DinerCard]) -> JSONValue {
        ["cards": .array(cards.map { card in
            .object([
                ("diner", .string(card.dinerNumber.description)), ("name", .string(card.name)),
                ("site", card.homeSite.map(JSONValue.string) ?? .null), ("site_name", card.homeSiteName.map(JSONValue.string) ?? .null),
                ("issued_on", .string(card.issuedOn.description)), ("id_number", .string(card.maskedID)),
                ("card", .string(card.code.value)), ("replaced", card.replaced.map { .string($0.value) } ?? .null),
            ])
        })]
    }

    static func face(_ card: DinerCard, _ l: Lang) -> CardFace {
        CardFace(programme: l("Senior Canteens · Meal Subsidy", "长者饭堂 · 助餐补贴"), dinerName: card.name,
                 dinerNumber: card.dinerNumber.description, homeCanteen: card.homeSiteName, issued: card.issuedOn.description,
                 maskedID: card.maskedID, cardCode: card.code.value)
    }
}
