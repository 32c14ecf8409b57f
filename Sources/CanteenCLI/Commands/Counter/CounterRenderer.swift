import CanteenCore

/// How a terminal may be spoken to: colours when standard output is one and NO_COLOR is not set (nor TERM=dumb),
/// the bell whenever it is one.
struct TerminalStyle: Equatable {
    var colour: Bool
    var bell: Bool

    static let plain = TerminalStyle(colour: false, bell: false)

    init(colour: Bool, bell: Bool) {
        self.colour = colour
        self.bell = bell
    }

    init(outputIsTerminal: Bool, environment: [String: String]) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        self.init(colour: outputIsTerminal && !noColor, bell: outputIsTerminal)
    }

    static let green = "\u{1B}[32m", red = "\u{1B}[1;31m", yellow = "\u{1B}[33m", reset = "\u{1B}[0m", bellCharacter = "\u{07}"

    func paint(_ text: String, _ colour: String) -> String { self.colour ? colour + text + Self.reset : text }
}

/// Words one answer of the counter: a line for the clerk (table), or one JSON object a line for a kiosk (json).
struct CounterRenderer {
    let lang: Lang
    let json: Bool
    let style: TerminalStyle

    /// The answer to one line, ending in a line end.
    func render(_ event: CounterEvent) -> String {
        json ? renderJSON(event).rendered(pretty: false) + "\n" : renderText(event)
    }

    /// The prompt: where, which slot and how the copay is paid, so a change of either is never forgotten.
    func prompt(_ session: CounterSession) -> String {
        let l = lang
        return "\(session.site.code) \(l.name(of: session.slot)) \(l.name(of: session.pay)) > "
    }

    /// The greeting at a terminal, before the first prompt.
    func greeting(_ session: CounterSession) -> String {
        let l = lang
        let site = "\(session.site.code) \(TerminalText.escaped(session.site.name))"
        return l("Counter \(site), \(session.books.today): \(l.name(of: session.slot)), paid by \(l.name(of: session.pay)). ",
                 "\(site) 收银，\(session.books.today)：\(l.name(of: session.slot))，\(l.name(of: session.pay))支付。")
            + l("Type ? for help, quit to end.\n", "输入 ? 查看帮助，quit 结束。\n")
    }

    func helpLine() -> String {
        lang("Scan a card, or type a diner number (D00042) or an ID number, then Enter. Commands: slot breakfast|lunch|dinner, pay cash|wechat|alipay|card, void (the last meal), summary, ? (this help), quit.",
             "扫描就餐卡，或输入长者编号（D00042）或身份证号后回车。命令：slot breakfast|lunch|dinner（餐次），pay cash|wechat|alipay|card（支付方式），void（作废上一餐），summary（汇总），?（帮助），quit（结束）。")
    }

    // MARK: - Text

    private func renderText(_ event: CounterEvent) -> String {
        let l = lang
        switch event {
        case .meal(let receipt, let served):
            let meal = receipt.meal
            let line = "✓ \(meal.number)  \(meal.dinerNumber) \(TerminalText.escaped(meal.dinerName))  \(ResidentID.mask(meal.residentID))  "
                + l("copay \(meal.copay) \(l.name(of: meal.pay))", "应收 \(meal.copay) \(l.name(of: meal.pay))")
                + "  " + l("served \(served)", "已服务 \(served)")
            return style.paint(line, TerminalStyle.green) + "\n"
        case .refused(let refusal):
            return refusalLine(refusal)
        case .unknown(let refusal):
            return refusalLine(refusal) + helpLine() + "\n"
        case .voided(let result, let served):
            let meal = result.meal
            let line = "↩ " + l("voided \(meal.number) \(meal.dinerNumber) \(TerminalText.escaped(meal.dinerName)): do not collect \(meal.copay) (\(l.name(of: meal.pay))); served \(served)",
                                "已作废 \(meal.number) \(meal.dinerNumber) \(TerminalText.escaped(meal.dinerName))：不收自付 \(meal.copay)（\(l.name(of: meal.pay))）；已服务 \(served)")
            return style.paint(line, TerminalStyle.green) + "\n"
        case .slot(let slot, let changed):
            return changed ? l("Slot: \(l.name(of: slot)).\n", "餐次：\(l.name(of: slot))。\n")
                           : l("Slot: \(l.name(of: slot)); change it with 'slot breakfast', 'slot lunch' or 'slot dinner'.\n",
                               "餐次：\(l.name(of: slot))；用 'slot breakfast'、'slot lunch' 或 'slot dinner' 更改。\n")
        case .pay(let pay, let changed):
            return changed ? l("Paid by: \(l.name(of: pay)).\n", "支付方式：\(l.name(of: pay))。\n")
                           : l("Paid by: \(l.name(of: pay)); change it with 'pay cash', 'pay wechat', 'pay alipay' or 'pay card'.\n",
                               "支付方式：\(l.name(of: pay))；用 'pay cash'、'pay wechat'、'pay alipay' 或 'pay card' 更改。\n")
        case .help:
            return helpLine() + "\n"
        case .summary(let summary, let final):
            let title = final ? l("Session summary", "本次收银汇总") : l("Summary so far", "目前汇总")
            return title + "\n" + summary.text(l)
        }
    }

    private func refusalLine(_ refusal: CounterRefusal) -> String {
        let text = CanteenCLI.oneLine(lang.render(refusal.message))
        if refusal.quiet { return style.paint("• " + text, TerminalStyle.yellow) + "\n" }
        return (style.bell ? TerminalStyle.bellCharacter : "") + style.paint("✗ " + text, TerminalStyle.red) + "\n"
    }

    // MARK: - JSON

    private func renderJSON(_ event: CounterEvent) -> JSONValue {
        switch event {
        case .meal(let receipt, let served):
            return .object([("ok", .bool(true)), ("kind", .string("meal"))] + MealRecordCommand.jsonFields(receipt) + [
                ("name", .string(receipt.meal.dinerName)), ("id_number", .string(ResidentID.mask(receipt.meal.residentID))),
                ("served", .int(Int64(served))),
            ])
        case .refused(let refusal), .unknown(let refusal):
            var fields: [(String, JSONValue)] = [
                ("ok", .bool(false)), ("kind", .string("refusal")), ("reason", .string(refusal.reason.rawValue)),
                ("message", .string(CanteenCLI.oneLine(lang.render(refusal.message)))), ("exit_code", .int(Int64(refusal.exitCode.rawValue))),
            ]
            for key in ["diner", "meal"] {
                if case .text(let value)? = refusal.message.values[key] { fields.append((key, .string(value))) }
            }
            // An unknown command is answered with the help line, in the one object, as the text session prints it below.
            if case .unknown = event { fields.append(("help", .string(helpLine()))) }
            return .object(fields)
        case .voided(let result, let served):
            let meal = result.meal
            return .object([
                ("ok", .bool(true)), ("kind", .string("void")), ("meal", .string(meal.number.description)),
                ("diner", .string(meal.dinerNumber.description)), ("copay_fen", .int(meal.copay.fen)), ("pay", .string(meal.pay.rawValue)),
                ("subsidy_returned_fen", .int(meal.subsidy.fen)), ("posted_in", .string(result.postedIn.description)),
                ("adjustment", .bool(result.isAdjustment)), ("budget_remaining_fen", .int(result.budgetRemaining.fen)),
                ("served", .int(Int64(served))),
            ])
        case .slot(let slot, let changed):
            return .object([("ok", .bool(true)), ("kind", .string("slot")), ("slot", .string(slot.rawValue)), ("changed", .bool(changed))])
        case .pay(let pay, let changed):
            return .object([("ok", .bool(true)), ("kind", .string("pay")), ("pay", .string(pay.rawValue)), ("changed", .bool(changed))])
        case .help:
            return .object([("ok", .bool(true)), ("kind", .string("help")), ("help", .string(helpLine()))])
        case .summary(let summary, let final):
            return summary.json(final: final)
        }
    }
}
