import CanteenCore

/// `canteen counter`: a lunch service at one canteen. The books are opened once; each line read is a diner to
/// serve (one transaction each) or a command, answered at once on standard output.
enum CounterCommand: Command {
    static let spec = CommandSpec(
        path: ["counter"],
        abstract: Bilingual("Serve meals at a canteen: scan cards or type diner or ID numbers, one meal a line (clerk).",
                            "在饭堂窗口供餐：扫卡，或输入长者编号、身份证号，每行一餐（收银员）。"),
        discussion: Bilingual("""
            Reads lines from standard input until its end or 'quit'. A diner number, card code or ID number records a
            meal at this canteen, today, in the session's slot and payment method, as a transaction of its own, and
            prints one line. Commands: slot breakfast|lunch|dinner, pay cash|wechat|alipay|card (both sticky), void
            (voids the last meal this session recorded), summary, ?, quit. At the end it prints the session's summary:
            meals by slot, copay to collect by payment method, voids and refusals.
            --format json (JSON Lines, for a kiosk) writes one JSON object for each line it answers and nothing else,
            each with "ok" and "kind": a meal has the keys of 'meal record --format json', "ok": true and "kind": "meal";
            a refusal "ok": false, "kind": "refusal", "reason" and "exit_code" (what 'meal record' would exit with), and
            for an unknown command the help line as "help"; a command "ok": true and "kind" "slot", "pay", "void",
            "help" or "summary". The last object, at the end of input or 'quit', is the session's summary ("kind":
            "summary", "final": true).
            """, """
            从标准输入逐行读取，直到输入结束或 'quit'。一行长者编号、卡号或身份证号，即在本饭堂、今天、按本次的餐次
            和支付方式记一餐，每餐是一个单独的事务，并输出一行。命令：slot breakfast|lunch|dinner、
            pay cash|wechat|alipay|card（两者都保持到再次更改）、void（作废本次最后记录的一餐）、summary、?、quit。
            结束时输出本次汇总：按餐次的用餐数、按支付方式应收的自付、作废和拒绝。
            --format json（JSON Lines，供自助终端读取）对每一行回答写一个 JSON 对象，别无其他，每个对象都有 "ok" 和
            "kind"：一餐带有 'meal record --format json' 的各个键，以及 "ok": true 和 "kind": "meal"；拒绝为
            "ok": false、"kind": "refusal"、"reason" 和 "exit_code"（即 'meal record' 会给出的退出码），未知命令另有
            帮助行 "help"；命令为 "ok": true，"kind" 为 "slot"、"pay"、"void"、"help" 或 "summary"。最后一个对象在
            输入结束或 'quit' 时给出，是本次汇总（"kind": "summary"，"final": true）。
            """),
        options: [
            .required("site", "code", Bilingual("The canteen serving.", "供餐的饭堂。")),
            .optional("slot", "slot", Bilingual("breakfast, lunch (default) or dinner; 'slot S' changes it during the session.",
                                                "breakfast（早餐）、lunch（午餐，默认）或 dinner（晚餐）；会话中可用 'slot S' 更改。")),
            .optional("pay", "method", Bilingual("cash (default), wechat, alipay or card; 'pay P' changes it during the session.",
                                                 "cash（现金，默认）、wechat（微信）、alipay（支付宝）或 card（刷卡）；会话中可用 'pay P' 更改。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        // Everything that can stop a session is checked before it reads a line.
        let slot = try invocation.option("slot").map { try MealSlot(parsing: $0) } ?? .lunch
        let pay = try invocation.option("pay").map { try PaymentMethod(parsing: $0) } ?? .cash
        let followsClock = try invocation.todayOverride() == nil
        let books = try invocation.books()
        let site = try books.openCounter(site: invocation.option("site")!, by: invocation.operatorName)
        let session = CounterSession(books: books, site: site, operatorName: invocation.operatorName, slot: slot, pay: pay,
                                     followsClock: followsClock, watch: try CounterWatch(books))
        let console = invocation.console
        let renderer = CounterRenderer(lang: invocation.lang, json: invocation.format == .json,
                                       style: TerminalStyle(outputIsTerminal: console.outputIsTerminal, environment: invocation.environment))
        serve(session, from: console, renderer: renderer)
        return Output(text: "", json: .null, streamed: true)
    }

    /// The session's loop: a line in, its answer out (written at once), until the input ends or `quit`.
    static func serve(_ session: CounterSession, from console: Console, renderer: CounterRenderer) {
        let prompting = console.inputIsTerminal
        if prompting { console.prompts.write(renderer.greeting(session) + renderer.prompt(session)) }
        var reader = LineReader(source: console.input, limit: CounterLine.limit)
        var ended = false
        while let raw = reader.next() {
            let input = CounterLine.parse(raw)
            if input == .quit { ended = true; break }
            if let event = session.handle(input) { console.output.write(renderer.render(event)) }
            if prompting { console.prompts.write(renderer.prompt(session)) }
        }
        // Ctrl-D leaves the cursor after the prompt: the summary starts on a line of its own.
        if prompting && !ended { console.prompts.write("\n") }
        console.output.write(renderer.render(.summary(session.summary(), final: true)))
    }
}
