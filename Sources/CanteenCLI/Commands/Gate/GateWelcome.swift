import CanteenCore

/// What `ssh canteen@server` with no command answers: who you are, your role, the canteens, what you may run.
struct GateWelcome {
    let caller: Operator
    /// The key the forced command named; nil when it named none.
    let fingerprint: String?
    let sites: [Site]
    let timeZone: String
    let today: CivilDate

    init(caller: Operator, fingerprint: String?, books: Books) throws {
        self.caller = caller
        self.fingerprint = fingerprint
        sites = try books.sites()
        timeZone = books.timeZone
        today = books.today
    }

    /// The commands that change the books, by the kind of change their role check is for; every other command
    /// reads, which every role may. Commands not in this binary (the counter, before it lands) are left out.
    static let changes: [(action: Action, paths: [[String]])] = [
        (.counter, [["diner", "register"], ["diner", "update"], ["diner", "deactivate"], ["diner", "card"], ["meal", "record"],
                    ["meal", "import"], ["counter"]]),
        (.void, [["meal", "void"]]),
        (.finance, [["budget", "add"], ["cash", "declare"], ["month", "close"], ["settle"]]),
        (.backup, [["backup"]]),
        (.setup, [["operator", "add"], ["operator", "deactivate"], ["operator", "key", "add"], ["operator", "key", "list"],
                  ["operator", "key", "remove"], ["site", "add"], ["site", "price"], ["policy", "set"], ["gate", "keys"],
                  ["gate", "check"], ["migrate"]]),
    ]

    /// What `role` may run, as words: changes first, then reads.
    static func commands(for role: Role, among specs: [CommandSpec]) -> (changes: [String], reads: [String]) {
        let known = Set(specs.map(\.path))
        var changing: Set<[String]> = [["init"], ["demo"], ["simulate"], ["gate"]]
        var changes: [String] = []
        for (action, paths) in Self.changes {
            changing.formUnion(paths)
            guard role.may(action) else { continue }
            changes += paths.filter(known.contains).map(Self.word)
        }
        let reads = specs.map(\.path).filter { !changing.contains($0) }.map(Self.word)
        return (changes, reads)
    }

    /// The commands `role` may run through the gate, as the welcome lists them, each line indented by `indent`.
    static func commandLists(for role: Role, _ l: Lang, indent: String = "") -> String {
        let (changes, reads) = commands(for: role, among: CanteenCLI.specs)
        var text = ""
        if !changes.isEmpty {
            text += indent + l("You may change the books with:\n", "你可以用以下命令修改账本：\n") + wrapped(changes, indent: indent)
        }
        if role.may(.unmask) {
            text += indent + l("  and see full ID and phone numbers with --unmask (diner show, list, find)\n",
                               "  并可用 --unmask 查看完整身份证号和电话（diner show、list、find）\n")
        }
        return text + indent + l("Everyone may read:\n", "所有人都可以查看：\n") + wrapped(reads, indent: indent)
    }

    /// The welcome for scripts (`--format json`): the same facts, keyed.
    var json: JSONValue {
        let (changes, reads) = Self.commands(for: caller.role, among: CanteenCLI.specs)
        return ["operator": .string(caller.name), "role": .string(caller.role.rawValue), "fingerprint": fingerprint.map(JSONValue.string) ?? .null,
                "today": .string("\(today)"), "time_zone": .string(timeZone),
                "sites": .array(sites.map { ["site": .string($0.code), "name": .string($0.name)] }),
                "may_change": .array(changes.map(JSONValue.string)), "may_read": .array(reads.map(JSONValue.string)),
                "may_unmask": .bool(caller.role.may(.unmask))]
    }

    /// A command as typed through the gate: a file it takes is `-`.
    private static func word(_ path: [String]) -> String {
        switch path {
        case ["meal", "import"]: "meal import -"
        case ["backup"]: "backup -"
        default: path.joined(separator: " ")
        }
    }

    func render(_ l: Lang) -> String {
        var text = l("Welcome to the city's canteen books.\n", "欢迎使用全市长者饭堂账本。\n")
        if let fingerprint {
            text += l("You are \(caller.name) (\(l.render(.role(caller.role)))), with key \(fingerprint).\n",
                      "你是 \(caller.name)（\(l.render(.role(caller.role)))），密钥 \(fingerprint)。\n")
        } else {
            text += l("You are \(caller.name) (\(l.render(.role(caller.role)))); the gate was not told which key you came in with.\n",
                      "你是 \(caller.name)（\(l.render(.role(caller.role)))）；网关未被告知你用的是哪把密钥。\n")
        }
        text += l("Today is \(today) (\(timeZone)).\n", "今天是 \(today)（\(timeZone)）。\n")
        let shown = sites.prefix(20).map { "\($0.code) \($0.name)" }
        text += sites.isEmpty ? l("No canteens yet.\n", "还没有饭堂。\n")
            : l("Canteens (\(sites.count)): ", "饭堂（\(sites.count) 个）：") + shown.joined(separator: l(", ", "、"))
                + (sites.count > shown.count ? l(", …", "……") : "") + "\n"
        text += Self.commandLists(for: caller.role, l)
        text += l("""
            Run one by naming it after the address, as at a terminal, for example:
              ssh ACCOUNT@SERVER meal list --date \(today)
              ssh ACCOUNT@SERVER help meal record
            Files travel on standard input and output: meal import - < day.csv, report month … --format html > report.html.

            """, """
            在地址后写上命令即可运行，与在终端上一样，例如：
              ssh 账户@服务器 meal list --date \(today)
              ssh 账户@服务器 help meal record
            文件经标准输入和输出传送：meal import - < day.csv，report month … --format html > report.html。

            """)
        return text
    }

    /// Commands joined by ", " on lines of at most 100 columns, indented.
    private static func wrapped(_ words: [String], indent: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty, line.count + word.count + 2 > 96 {
                lines.append(line + ",")
                line = ""
            }
            line += (line.isEmpty ? "" : ", ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { indent + "  " + $0 + "\n" }.joined()
    }
}
