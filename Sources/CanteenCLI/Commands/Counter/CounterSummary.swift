import CanteenCore

/// A session's figures, for the clerk to count the cash drawer by: meals by slot and copay by payment method
/// (voided meals left out: their copay is not collected), the voids, and the refusals by reason.
struct CounterSummary {
    let site: Site
    let date: CivilDate
    let operatorName: String?
    let mealsBySlot: [(slot: MealSlot, meals: Int)]
    let byPay: [(pay: PaymentMethod, meals: Int, copay: Money)]
    let voided: [MealNumber]
    let refusals: [(reason: CounterRefusal.Reason, count: Int)]

    init(site: Site, date: CivilDate, operatorName: String?, served: [CounterSession.Served],
         refusals: [CounterRefusal.Reason: Int]) {
        self.site = site
        self.date = date
        self.operatorName = operatorName
        let live = served.filter { !$0.voided }
        mealsBySlot = MealSlot.allCases.map { slot in (slot, live.count { $0.slot == slot }) }
        byPay = PaymentMethod.allCases.map { pay in
            let paid = live.filter { $0.pay == pay }
            return (pay, paid.count, paid.reduce(Money.zero) { $0 + $1.copay })
        }
        voided = served.filter(\.voided).map(\.number)
        self.refusals = CounterRefusal.Reason.allCases.compactMap { reason in refusals[reason].map { (reason, $0) } }
    }

    var meals: Int { mealsBySlot.reduce(0) { $0 + $1.meals } }
    var copay: Money { byPay.reduce(Money.zero) { $0 + $1.copay } }
    var refused: Int { refusals.reduce(0) { $0 + $1.count } }

    /// The summary as lines whose values line up.
    func text(_ l: Lang) -> String {
        var lines = KeyValueText()
        let comma = l(", ", "，")
        func bracketed(_ text: String) -> String { l(" (\(text))", "（\(text)）") }
        lines.add(l("Canteen", "饭堂"), "\(site.code) \(site.name)\(comma)\(date)" + (operatorName.map { l(", clerk \($0)", "，收银员 \($0)") } ?? ""))
        let slots = mealsBySlot.filter { $0.meals > 0 }.map { "\(l.name(of: $0.slot)) \($0.meals)" }.joined(separator: comma)
        lines.add(l("Meals served", "已服务"), slots.isEmpty ? "0" : "\(meals)" + bracketed(slots))
        for line in byPay where line.meals > 0 {
            lines.add(l("Copay, \(l.name(of: line.pay))", "自付·\(l.name(of: line.pay))"),
                      line.copay.description.leftPadded(copay.description.count, " ")
                        + l(line.meals == 1 ? " (1 meal)" : " (\(line.meals) meals)", "（\(line.meals) 餐）"))
        }
        lines.add(l("Copay to collect", "应收自付合计"), copay.description)
        let voidList = voided.prefix(10).map(\.description).joined(separator: comma) + (voided.count > 10 ? comma + "…" : "")
        lines.add(l("Voided", "已作废"), voided.isEmpty ? "0" : "\(voided.count)" + bracketed(voidList))
        let refusalList = refusals.map { "\($0.reason.label(l)) \($0.count)" }.joined(separator: comma)
        lines.add(l("Refused", "未记录"), refusals.isEmpty ? "0" : "\(refused)" + bracketed(refusalList))
        return lines.render()
    }

    /// The summary as one JSON object.
    func json(final: Bool) -> JSONValue {
        .object([
            ("ok", .bool(true)), ("kind", .string("summary")), ("final", .bool(final)),
            ("site", .string(site.code)), ("site_name", .string(site.name)), ("date", .string(date.description)),
            ("operator", operatorName.map(JSONValue.string) ?? .null),
            ("meals", .int(Int64(meals))),
            ("meals_by_slot", .object(mealsBySlot.map { ($0.slot.rawValue, .int(Int64($0.meals))) })),
            ("meals_by_pay", .object(byPay.map { ($0.pay.rawValue, .int(Int64($0.meals))) })),
            ("copay_by_pay_fen", .object(byPay.map { ($0.pay.rawValue, .int($0.copay.fen)) })),
            ("copay_total_fen", .int(copay.fen)),
            ("voids", .int(Int64(voided.count))), ("voided_meals", .array(voided.map { .string($0.description) })),
            ("refusals", .int(Int64(refused))),
            ("refusals_by_reason", .object(refusals.map { ($0.reason.rawValue, .int(Int64($0.count))) })),
        ])
    }
}

private extension String {
    func leftPadded(_ width: Int, _ pad: Character) -> String { count >= width ? self : String(repeating: pad, count: width - count) + self }
}
