import CanteenCore

/// `canteen counter`: a lunch service at one canteen. The books are opened once; each line read is a diner to
/// serve (one transaction each) or a command, answered at once on standard output.
enum CounterCommand: Command {
    static let spec = CommandSpec(
        path: ["counter"],
        abstract: "Serve meals at a canteen: scan cards or type diner or ID numbers, one meal a line (clerk).",
        discussion: """
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
            """,
        options: [
            .required("site", "code", "The canteen serving."),
            .optional("slot", "slot", "breakfast, lunch (default) or dinner; 'slot S' changes it during the session."),
            .optional("pay", "method", "cash (default), wechat, alipay or card; 'pay P' changes it during the session."),
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
