import CanteenCore

/// `canteen policy set`.
enum PolicySetCommand: Command {
    static let spec = CommandSpec(
        path: ["policy", "set"],
        abstract: Bilingual("Set the copay for all diners, a category or an age band (admin).", "为全部长者、某一类别或某一年龄段设定自付金额（管理员）。"),
        discussion: Bilingual("""
            When several policies apply to a diner on a date, the lowest copay wins. Subsidy = price − copay,
            at most --cap (the diner pays the rest). A later --from replaces an earlier policy for the same
            category and min-age.
            """, """
            同一天有多项政策适用于一位长者时，取自付最低的一项。补贴 = 餐价 − 自付，最多为 --cap（其余由长者支付）。
            同一类别和起始年龄的政策，--from 较晚的取代较早的。
            """),
        options: [
            .required("copay", "yuan", Bilingual("What the diner pays.", "长者支付的金额（元）。")),
            .optional("category", "cat", Bilingual("standard, low-income, extreme-poverty, disabled, living-alone or special-care.",
                                                   "standard（普通）、low-income（低保）、extreme-poverty（特困）、disabled（残疾）、living-alone（独居）或 special-care（优抚）。")),
            .optional("min-age", "n", Bilingual("Only for diners at least this old (60–150).", "只适用于达到该年龄的长者（60–150）。")),
            .optional("cap", "yuan", Bilingual("The most the fund pays for one meal.", "资金为一餐支付的最高金额（元）。")),
            .optional("from", "date", Bilingual("First day in force (default: every date).", "生效的第一天（默认：所有日期）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let policy = try invocation.books().setPolicy(
            copay: try invocation.money("copay")!,
            category: try invocation.option("category").map { try DinerCategory(parsing: $0) },
            minAge: try invocation.integer("min-age", in: Policy.minAgeRange), cap: try invocation.money("cap"),
            from: try invocation.date("from"), by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Policy \(policy.id) set: ", "已设定政策 \(policy.id)：") + PolicyListCommand.describe(policy, l) + "\n",
                      json: PolicyListCommand.json(policy))
    }
}

/// `canteen policy list`.
enum PolicyListCommand: Command {
    static let spec = CommandSpec(path: ["policy", "list"], abstract: Bilingual("List every subsidy policy ever set, oldest first.",
                                                                                "列出设定过的全部补贴政策，最早的在前。"))

    static func run(_ invocation: Invocation) throws -> Output {
        let policies = try invocation.books().policies()
        let l = invocation.lang
        var table = TextTable(headers: ["#", l("Category", "类别"), l("Min age", "最低年龄"), l("Copay", "自付"), l("Cap", "补贴上限"), l("From", "生效")],
                              alignments: [.right, .left, .right, .right, .right, .left])
        for policy in policies {
            table.add([String(policy.id), category(policy.category, l), policy.minAge.map(String.init) ?? "-",
                       policy.copay.description, policy.cap?.description ?? "-", from(policy.from, l)])
        }
        return Output(text: table.render(), json: ["policies": .array(policies.map(json))],
                      csv: [["id", "category", "min_age", "copay", "cap", "from"]] + policies.map {
                          [String($0.id), $0.category?.rawValue ?? "", $0.minAge.map(String.init) ?? "", $0.copay.description,
                           $0.cap?.description ?? "", $0.from == .always ? "" : $0.from.description]
                      })
    }

    static func category(_ category: DinerCategory?, _ l: Lang) -> String {
        guard let category else { return l("all", "全部") }
        return l(category.rawValue, category.chineseName)
    }

    static func from(_ date: CivilDate, _ l: Lang) -> String { date == .always ? l("always", "一直") : date.description }

    static func describe(_ policy: Policy, _ l: Lang) -> String {
        var parts = [l("copay \(policy.copay)", "自付 \(policy.copay)"), l("category \(category(policy.category, l))", "类别 \(category(policy.category, l))")]
        if let age = policy.minAge { parts.append(l("age \(age)+", "\(age) 岁以上")) }
        if let cap = policy.cap { parts.append(l("cap \(cap)", "补贴上限 \(cap)")) }
        parts.append(l("from \(from(policy.from, l))", "生效 \(from(policy.from, l))"))
        return parts.joined(separator: ", ")
    }

    static func json(_ policy: Policy) -> JSONValue {
        ["policy": .int(policy.id), "category": policy.category.map { .string($0.rawValue) } ?? .null,
         "min_age": policy.minAge.map { .int(Int64($0)) } ?? .null, "copay_fen": .int(policy.copay.fen),
         "cap_fen": policy.cap.map { .int($0.fen) } ?? .null,
         "from": policy.from == .always ? .null : .string(policy.from.description)]
    }
}
