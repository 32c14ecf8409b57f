import CanteenCore

/// `canteen budget show`.
enum BudgetShowCommand: Command {
    static let spec = CommandSpec(path: ["budget", "show"], abstract: Bilingual("Show the subsidy fund: appropriated, drawn, remaining.",
                                                                                "显示补贴资金：拨款、已用、余额。"))

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let status = try invocation.books().budget()
        return output(status, invocation.lang)
    }

    static func output(_ status: BudgetStatus, _ l: Lang, headline: String = "") -> Output {
        let text = headline + KeyValueText([
            (l("Appropriated", "拨款总额"), status.total.grouped),
            (l("Drawn", "已用补贴"), status.drawn.grouped),
            (l("Remaining", "余额"), status.remaining.grouped),
        ]).render()
        return Output(text: text, json: ["total_fen": .int(status.total.fen), "drawn_fen": .int(status.drawn.fen),
                                         "remaining_fen": .int(status.remaining.fen)])
    }
}

/// `canteen budget add`.
enum BudgetAddCommand: Command {
    static let spec = CommandSpec(
        path: ["budget", "add"], abstract: Bilingual("Add an appropriation to the subsidy fund (finance).", "向补贴资金追加拨款（财务）。"),
        arguments: [ArgumentSpec(name: "yuan", help: Bilingual("The amount.", "金额（元）。"))],
        options: [.required("note", "text", Bilingual("What it is, e.g. the approval document.", "拨款说明，例如批文。")),
                  .optional("date", "date", Bilingual("Its date (default today), in an open month.", "拨款日期（默认今天），须在未结账的月份。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let text = invocation.argument(0)!
        let amount = try Money(parsing: text)
        let added = try invocation.books().addAppropriation(amount, note: invocation.option("note")!, date: try invocation.date("date"),
                                                            by: invocation.operatorName)
        let l = invocation.lang
        return BudgetShowCommand.output(added.status, l, headline: l("Added \(added.amount.grouped) on \(added.date).\n",
                                                                     "已于 \(added.date) 拨款 \(added.amount.grouped)。\n"))
    }
}
