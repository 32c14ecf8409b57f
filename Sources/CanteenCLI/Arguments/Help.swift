/// Help text in the style of swift-argument-parser: OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS.
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

    static func text(for spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n"
        if !spec.discussion.isEmpty { out += "\n" + spec.discussion + "\n" }
        out += "\nUSAGE: \(usageLine(spec))\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n" + spec.arguments.map { row("<\($0.name)>", $0.help) }.joined()
        }
        out += "\nOPTIONS:\n"
        out += spec.options.map { row($0.isFlag ? "--\($0.name)" : "--\($0.name) <\($0.value!)>", $0.help) }.joined()
        out += row("-h, --help", "Show help information.")
        out += "\nGLOBAL OPTIONS:\n" + globalRows()
        return out
    }

    /// Help for a group: "operator", or "operator key" within it. A member that is itself a group is listed once,
    /// with the group's abstract.
    static func group(_ path: [String], commands: [CommandSpec]) -> String {
        let name = path.joined(separator: " ")
        let members = commands.filter { $0.path.count > path.count && Array($0.path.prefix(path.count)) == path }
        var out = "OVERVIEW: \(groupAbstract[name] ?? name)\n"
        out += "\nUSAGE: canteen \(name) <subcommand>\n"
        var seen: Set<String> = []
        out += "\nSUBCOMMANDS:\n"
        for member in members where seen.insert(member.path[path.count]).inserted {
            let word = member.path[path.count]
            let abstract = member.path.count > path.count + 1 ? (groupAbstract[name + " " + word] ?? "") : member.abstract
            out += row(word, abstract)
        }
        out += "\n  See 'canteen help \(name) <subcommand>' for detailed help.\n"
        return out
    }

    static func overview(commands: [CommandSpec]) -> String {
        var out = """
            OVERVIEW: Meal subsidies for the city's senior canteens (长者饭堂): diners, meals, the budget,
            month-end reconciliation and audit, on one SQLite database.

            USAGE: canteen <command> [<subcommand>] [<arguments>] [<options>]

            COMMANDS:

            """
        var seen: Set<String> = []
        for spec in commands where !seen.contains(spec.path[0]) {
            seen.insert(spec.path[0])
            let abstract = spec.path.count > 1 ? (groupAbstract[spec.path[0]] ?? "") : spec.abstract
            out += row(spec.path[0], abstract)
        }
        out += row("help", "Show help for a command.")
        out += "\nGLOBAL OPTIONS:\n" + globalRows() + row("--version", "Show the version.") + row("-h, --help", "Show help information.")
        out += "\n  See 'canteen help <command>' for detailed help.\n"
        return out
    }

    static let groupAbstract: [String: String] = [
        "operator": "Manage the people who may act on the books (admin).",
        "site": "Manage canteens and their contracted meal prices.",
        "policy": "Manage subsidy policies: the copay each diner pays.",
        "diner": "Register and look after diners.",
        "meal": "Record, void, list and import meals.",
        "budget": "The subsidy fund: balance, appropriations, forecast.",
        "cash": "Copay takings the canteens declare.",
        "month": "Close months and list their state.",
        "report": "Reconciliation reports.",
        "audit": "Verify the books, hunt anomalies, read the audit log.",
        "export": "Export the journal for other accounting tools.",
        "operator key": "The SSH keys the gate lets each operator in with (admin).",
        "gate": "Access over SSH: the service account's keys file, and the forced command each key runs.",
    ]

    private static func globalRows() -> String {
        GlobalOptions.specs.map { row("--\($0.name) <\($0.value!)>", $0.help) }.joined()
    }

    private static func row(_ left: String, _ right: String) -> String {
        let padded = left.count >= 24 ? "  \(left)\n" + String(repeating: " ", count: 28) : "  " + left + String(repeating: " ", count: 26 - left.count)
        return padded + right + "\n"
    }
}
