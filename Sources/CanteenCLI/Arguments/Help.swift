/// Help text in the style of swift-argument-parser: OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS, worded in the
/// asked language. Command, argument and option names, and the synopsis, stay as they are typed.
enum Help {
    static func usageLine(_ spec: CommandSpec) -> String {
        var parts = ["canteen"] + spec.path
        parts += spec.arguments.map { argument in
            let word = spec.spelling(of: argument) != nil ? "(\(spec.synopsis(of: argument)))"
                : "<\(argument.name)>" + (argument.variadic ? " ..." : "")
            return argument.optional ? "[\(word)]" : word
        }
        for option in spec.options where option.spells == nil {
            let text = option.isFlag ? "--\(option.name)" : "--\(option.name) <\(option.value!)>"
            parts.append(option.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The headings, as swift-argument-parser writes them in English.
    enum Heading {
        static let overview = Bilingual("OVERVIEW: ", "概述：")
        static let usage = Bilingual("USAGE: ", "用法：")
        static let arguments = Bilingual("ARGUMENTS:", "参数：")
        static let options = Bilingual("OPTIONS:", "选项：")
        static let globalOptions = Bilingual("GLOBAL OPTIONS:", "全局选项：")
        static let subcommands = Bilingual("SUBCOMMANDS:", "子命令：")
        static let commands = Bilingual("COMMANDS:", "命令：")
    }

    static let helpFlag = Bilingual("Show help information.", "显示帮助信息。")
    static let versionFlag = Bilingual("Show the version.", "显示版本号。")
    static let helpCommand = Bilingual("Show help for a command.", "显示某个命令的帮助。")
    static let programOverview = Bilingual("""
        Meal subsidies for the city's senior canteens (长者饭堂): diners, meals, the budget,
        month-end reconciliation and audit, on one SQLite database.
        """, """
        全市长者饭堂的用餐补贴：长者、用餐、预算、月末对账和审计，
        都在一个 SQLite 数据库中。
        """)

    static func text(for spec: CommandSpec, _ l: Lang) -> String {
        var out = l(Heading.overview) + l(spec.abstract) + "\n"
        if let discussion = spec.discussion { out += "\n" + l(discussion) + "\n" }
        out += "\n" + l(Heading.usage) + usageLine(spec) + "\n"
        if !spec.arguments.isEmpty {
            out += "\n" + l(Heading.arguments) + "\n" + spec.arguments.map { row("<\($0.name)>", l($0.help)) }.joined()
        }
        out += "\n" + l(Heading.options) + "\n"
        out += spec.options.map { row($0.isFlag ? "--\($0.name)" : "--\($0.name) <\($0.value!)>", l($0.help)) }.joined()
        out += row("-h, --help", l(helpFlag))
        out += "\n" + l(Heading.globalOptions) + "\n" + globalRows(l)
        return out
    }

    /// Help for a group: "operator", or "operator key" within it. A member that is itself a group is listed once,
    /// with the group's abstract.
    static func group(_ path: [String], commands: [CommandSpec], _ l: Lang) -> String {
        let name = path.joined(separator: " ")
        let members = commands.filter { $0.path.count > path.count && Array($0.path.prefix(path.count)) == path }
        var out = l(Heading.overview) + (groupAbstract[name].map { l($0) } ?? name) + "\n"
        out += "\n" + l(Heading.usage) + "canteen \(name) <subcommand>\n"
        var seen: Set<String> = []
        out += "\n" + l(Heading.subcommands) + "\n"
        for member in members where seen.insert(member.path[path.count]).inserted {
            let word = member.path[path.count]
            let abstract = member.path.count > path.count + 1 ? (groupAbstract[name + " " + word].map { l($0) } ?? "") : l(member.abstract)
            out += row(word, abstract)
        }
        out += l("\n  See 'canteen help \(name) <subcommand>' for detailed help.\n", "\n  详细帮助请见 'canteen help \(name) <subcommand>'。\n")
        return out
    }

    static func overview(commands: [CommandSpec], _ l: Lang) -> String {
        var out = l(Heading.overview) + l(programOverview) + "\n\n"
        out += l(Heading.usage) + "canteen <command> [<subcommand>] [<arguments>] [<options>]\n\n"
        out += l(Heading.commands) + "\n"
        var seen: Set<String> = []
        for spec in commands where !seen.contains(spec.path[0]) {
            seen.insert(spec.path[0])
            let abstract = spec.path.count > 1 ? (groupAbstract[spec.path[0]].map { l($0) } ?? "") : l(spec.abstract)
            out += row(spec.path[0], abstract)
        }
        out += row("help", l(helpCommand))
        out += "\n" + l(Heading.globalOptions) + "\n" + globalRows(l) + row("--version", l(versionFlag)) + row("-h, --help", l(helpFlag))
        out += l("\n  See 'canteen help <command>' for detailed help.\n", "\n  详细帮助请见 'canteen help <command>'。\n")
        return out
    }

    static let groupAbstract: [String: Bilingual] = [
        "operator": Bilingual("Manage the people who may act on the books (admin).", "管理可以操作账簿的人员（管理员）。"),
        "site": Bilingual("Manage canteens and their contracted meal prices.", "管理饭堂及其合同餐价。"),
        "policy": Bilingual("Manage subsidy policies: the copay each diner pays.", "管理补贴政策：每位长者自付多少。"),
        "diner": Bilingual("Register and look after diners.", "登记和管理长者。"),
        "meal": Bilingual("Record, void, list and import meals.", "记录、作废、列出和导入用餐。"),
        "budget": Bilingual("The subsidy fund: balance, appropriations, forecast.", "补贴资金：余额、拨款、预测。"),
        "cash": Bilingual("Copay takings the canteens declare.", "饭堂申报的自付收入。"),
        "month": Bilingual("Close months and list their state.", "月份结账，查看各月状态。"),
        "report": Bilingual("Reconciliation reports.", "对账报表。"),
        "audit": Bilingual("Verify the books, hunt anomalies, read the audit log.", "核验账簿、查找异常、查看审计日志。"),
        "export": Bilingual("Export the journal for other accounting tools.", "导出日记账，供其他会计软件使用。"),
        "operator key": Bilingual("The SSH keys the gate lets each operator in with (admin).", "网关据以放行各操作员的 SSH 密钥（管理员）。"),
        "gate": Bilingual("Access over SSH: the service account's keys file, and the forced command each key runs.",
                          "经 SSH 访问：服务账户的密钥文件，以及每把密钥运行的强制命令。"),
    ]

    private static func globalRows(_ l: Lang) -> String {
        GlobalOptions.specs.map { row("--\($0.name) <\($0.value!)>", l($0.help)) }.joined()
    }

    private static func row(_ left: String, _ right: String) -> String {
        let padded = left.count >= 24 ? "  \(left)\n" + String(repeating: " ", count: 28) : "  " + left + String(repeating: " ", count: 26 - left.count)
        return padded + right + "\n"
    }
}
