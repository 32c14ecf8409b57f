// The gate end to end: the issue's security table, each row through a real sshd (skipped, saying why, where sshd
// cannot run here) and by running the forced command as sshd would, so every row is tested on any machine.
import Foundation
import Glibc
import Testing

/// One row of the security table: a clerk's key asking for something it must not get.
struct SecurityRow: CustomStringConvertible, Sendable {
    let name: String
    let command: String
    let exit: Int32
    let saying: [String]
    /// The audit row the call leaves last: "gate refused" when the gate refused it, "gate exit" when the command
    /// was let in and its own role check refused it.
    var logged = "gate refused"
    /// Text that must appear nowhere in the output.
    var never: [String] = []

    var description: String { name }

    /// A path no refused call may create.
    static let forbiddenOut = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-gate-never-\(UUID().uuidString)").path

    static let all: [SecurityRow] = [
        SecurityRow(name: "--operator of someone else", command: "--operator 王主任 month close 2026-11", exit: 77,
                    saying: ["you act as '小李'", "--operator 王主任 is refused"]),
        SecurityRow(name: "--db of another file", command: "--db /etc/passwd diner list", exit: 77, saying: ["--db is refused through the gate"],
                    never: ["root:"]),
        SecurityRow(name: "meal import of a server file", command: "meal import /etc/shadow", exit: 77, saying: ["<file> must be -"],
                    never: ["root:", "daemon:"]),
        SecurityRow(name: "--out to a server file", command: "report month 2026-11 --out \(forbiddenOut)", exit: 77, saying: ["--out must be -"]),
        SecurityRow(name: "export journal to a server file", command: "export journal --out=\(forbiddenOut)", exit: 77, saying: ["--out must be -"]),
        SecurityRow(name: "a ; is part of a word", command: "diner list; sh", exit: 64, saying: ["unknown subcommand 'list;' of 'diner'"]),
        SecurityRow(name: "$(…) is plain text", command: "$(id)", exit: 64, saying: ["unknown command '$(id)'"] + noneClose,
                    never: ["uid=", "month close"]),
        SecurityRow(name: "backticks are plain text", command: "`id`", exit: 64, saying: ["unknown command '`id`'"] + noneClose,
                    never: ["uid=", "month close"]),
        SecurityRow(name: "backup - is a role refusal", command: "backup -", exit: 77, saying: ["'小李' is a clerk", "back up the database"],
                    logged: "gate exit", never: ["SQLite format"]),
        SecurityRow(name: "backup --out - is a role refusal too", command: "backup --out -", exit: 77, saying: ["'小李' is a clerk"],
                    logged: "gate exit", never: ["SQLite format"]),
        SecurityRow(name: "backup --out to a server file", command: "backup --out \(forbiddenOut)", exit: 77, saying: ["<file> must be -"]),
        SecurityRow(name: "--today", command: "--today 2030-01-01 diner list", exit: 77, saying: ["--today is refused through the gate"]),
        SecurityRow(name: "an unknown command", command: "dinr list", exit: 64, saying: ["unknown command 'dinr'. Did you mean 'diner'?"]),
        SecurityRow(name: "a newline", command: "diner list\nid", exit: 65, saying: ["the command cannot be read", "U+000A"], never: ["uid="]),
        SecurityRow(name: "a command over the limit", command: "diner list " + String(repeating: "x", count: 100_000), exit: 65,
                    saying: ["the command cannot be read", "at most 65536"], never: ["xxxxxxxxxxxxxxxx"]),
        SecurityRow(name: "an open quote", command: "diner find '张", exit: 65, saying: ["a quote is opened and never closed"]),
        SecurityRow(name: "init", command: "init --admin 小李", exit: 77, saying: ["'canteen init' does not run through the gate but for admins"]),
        SecurityRow(name: "migrate", command: "migrate", exit: 77, saying: ["'canteen migrate'", "schema"]),
        SecurityRow(name: "gate keys", command: "gate keys", exit: 77, saying: ["'canteen gate keys'"]),
        SecurityRow(name: "operator key add", command: "operator key add 小李 --key-file -", exit: 77, saying: ["'canteen operator key add'"]),
        SecurityRow(name: "the gate inside the gate", command: "gate --key SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 王主任", exit: 77,
                    saying: ["'canteen gate NAME' does not run through the gate, for anyone"]),
        SecurityRow(name: "scp", command: "scp -t /tmp", exit: 64, saying: ["unknown command 'scp'"] + noneClose, never: ["month close"]),
        SecurityRow(name: "rm -rf /", command: "rm -rf /", exit: 64, saying: ["unknown command 'rm'"] + noneClose, never: ["month close"]),
        SecurityRow(name: "sh", command: "sh", exit: 64, saying: ["unknown command 'sh'"] + noneClose, never: ["month close"]),
        SecurityRow(name: "a word nothing is close to", command: "frobnicate --lang zh", exit: 64,
                    saying: ["未知命令“frobnicate”，也没有相近的命令", "你可以用以下命令修改账本", "meal record"], never: ["month close"]),
        SecurityRow(name: "--lang words the gate's refusals", command: "--lang zh --db /etc/passwd diner list", exit: 77,
                    saying: ["通过网关不能用 '--db'"], never: ["root:"]),
        SecurityRow(name: "--lang words the gate's did-you-mean", command: "dinr list --lang=zh", exit: 64,
                    saying: ["未知命令“dinr”。是不是要输入“diner”？"]),
    ]

    /// What an unknown command nothing is close to says through the gate: so, and what a clerk may run instead.
    static let noneClose = ["no command is close to it; these are the ones you may run:", "You may change the books with:",
                            "meal record", "Everyone may read:", "'help COMMAND'"]
}

/// The shared city of the serialized suite below, made once.
private let sharedCity: Result<GateCity, HarnessFailure> = {
    do { return .success(try GateCity()) } catch { return .failure(HarnessFailure(text: "\(error)")) }
}()

struct HarnessFailure: Error, Sendable { let text: String }

@Suite(.serialized) struct GateSecurityTableTests {
    private func check(_ row: SecurityRow, by route: GateRoute) throws {
        let city = try sharedCity.get()
        let before = city.books()
        let result = try city.call("小李", row.command, by: route)
        #expect(result.exitCode == row.exit, "\(route) \(row.name): \(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(route) \(row.name): \(result)")
        for fragment in row.saying {
            #expect(result.stderr.contains(fragment), "\(route) \(row.name): expected '\(fragment)' in \(result)")
        }
        #expect(result.stdout.isEmpty, "\(route) \(row.name): \(result)")
        for text in row.never {
            #expect(!result.stdout.contains(text) && !result.stderr.contains(text), "\(route) \(row.name): '\(text)' must not be echoed")
        }
        #expect(!result.stderr.contains("\n  ") || row.exit == 64, "one line, unless usage follows: \(result)")
        let difference = snapshotDifference(before, city.books())
        #expect(difference == nil, "\(route) \(row.name) changed the books: \(difference ?? "")")
        #expect(!FileManager.default.fileExists(atPath: SecurityRow.forbiddenOut))
        let last = try city.lastLog()
        #expect(last[1] == "小李" && last[2] == row.logged, "\(route) \(row.name): \(last)")
        #expect(last[4].contains(route.origin(try #require(city.keys["小李"]))), "\(last)")
    }

    @Test("Each row of the security table, through a real sshd", sshd, arguments: SecurityRow.all)
    func throughSSHD(row: SecurityRow) throws {
        try check(row, by: .sshd)
    }

    @Test("Each row of the security table, as sshd runs the forced command", arguments: SecurityRow.all)
    func direct(row: SecurityRow) throws {
        try check(row, by: .direct)
    }

    @Test("Each row of the security table, as CLI.md writes the forced command: canteen gate NAME", arguments: SecurityRow.all)
    func named(row: SecurityRow) throws {
        try check(row, by: .named)
    }
}

/// The sshd tests are skipped, saying why, where sshd cannot run; each has its twin that runs the forced command.
private let sshd = ConditionTrait.enabled(if: SSHAvailability.problem == nil, SSHAvailability.skipComment)

@Suite struct GateEndToEndTests {
    @Test("meal import of a FIFO is refused without opening it (sshd)", sshd) func fifoSSHD() throws { try aCallersPathIsNeverOpened(.sshd) }
    @Test("meal import of a FIFO is refused without opening it (direct)") func fifoDirect() throws { try aCallersPathIsNeverOpened(.direct) }

    /// An open of the FIFO would wait for a writer for ever, and the call would time out.
    private func aCallersPathIsNeverOpened(_ route: GateRoute) throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let fifo = city.keysDir.file("offline.csv")
        try #require(mkfifo(fifo, 0o666) == 0)
        let before = city.books()
        let result = try city.call("小李", "meal import \(fifo)", by: route)
        expectGateRefusal(result, 77, "must be -", city: city, before: before)
        let report = try city.call("小李", "report month 2026-11 --format html --out \(fifo)", by: route)
        expectGateRefusal(report, 77, "--out must be -", city: city, before: before)
    }

    @Test("A deactivated operator's key: the gate refuses it at once; sshd, once gate keys runs (sshd)", sshd)
    func deactivatedSSHD() throws { try deactivatedOperator(.sshd) }
    @Test("A deactivated operator's key: the gate refuses it at once (direct)") func deactivatedDirect() throws { try deactivatedOperator(.direct) }

    private func deactivatedOperator(_ route: GateRoute) throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        try #require(try city.call("小李", "diner list", by: route).exitCode == 0)
        try city.canteen.succeed("operator", "deactivate", "小李", operator: GateCity.admin)
        let before = city.books()
        let refused = try city.call("小李", "diner list", by: route)
        expectGateRefusal(refused, 77, "operator '小李' is no longer active", city: city, before: before)
        #expect(try city.lastLog()[2] == "gate refused")
        if route == .sshd {
            try city.writeKeys()
            let shut = try city.call("小李", "diner list", by: route)
            #expect(shut.exitCode == 255 && shut.stderr.contains("Permission denied"), "sshd refuses the key once gate keys ran: \(shut)")
        }
    }

    @Test("A removed key: the gate refuses it at once, and sshd once gate keys runs again (sshd)", sshd)
    func removedSSHD() throws { try removedKey(.sshd) }
    @Test("A removed key: the gate refuses it at once (direct)") func removedDirect() throws { try removedKey(.direct) }

    private func removedKey(_ route: GateRoute) throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let key = try #require(city.keys["小李"])
        try city.canteen.succeed("operator", "key", "remove", "小李", key.fingerprint, operator: GateCity.admin)
        let before = city.books()
        let refused = try city.call("小李", "meal list", by: route)
        expectGateRefusal(refused, 77, "key \(key.fingerprint) is not in service for operator '小李'", city: city, before: before)
        if route == .sshd {
            try city.writeKeys()
            let shut = try city.call("小李", "meal list", by: route)
            #expect(shut.exitCode == 255 && shut.stderr.contains("Permission denied"), "\(shut)")
            #expect(city.books() == before)
        }
    }

    @Test("canteen gate NAME, without --key: runs as NAME while NAME is active, and the log says no key was named")
    func withoutKey() throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let welcome = try city.call("小李", "", by: .named)
        #expect(welcome.exitCode == 0 && welcome.stdout.contains("You are 小李 (a clerk)") && welcome.stdout.contains("not told which key"),
                "\(welcome)")
        let listed = try city.call("小李", "operator list --format csv", by: .named)
        #expect(listed.exitCode == 0 && listed.stdout.contains("小李,clerk"), "\(listed)")
        let last = try city.lastLog()
        #expect(last[1] == "小李" && last[2] == "gate" && last[3] == "operator list --format csv"
            && last[4] == "no key named, from 192.0.2.10 port 50022", "\(last)")
        // Without a key the name is all there is: one that is no operator, or no longer active, is refused.
        let before = city.books()
        let nobody = try city.call("nobody", "operator list", by: .named, key: city.keys["小李"])
        expectGateRefusal(nobody, 77, "unknown operator 'nobody'", city: city, before: before)
        try city.canteen.succeed("operator", "deactivate", "小李", operator: GateCity.admin)
        let after = city.books()
        let inactive = try city.call("小李", "operator list", by: .named)
        expectGateRefusal(inactive, 77, "operator '小李' is no longer active", city: city, before: after)
        #expect(try city.lastLog()[2] == "gate refused")
    }

    @Test("A forced command naming someone else than the key's owner (a hand-edited line) is refused")
    func aSwappedNameIsRefused() throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let before = city.books()
        let clerkKey: ClientKey = try #require(city.keys["小李"])
        let result = try city.call(GateCity.admin, "operator add 坏人 --role admin", by: .direct, key: clerkKey)
        expectGateRefusal(result, 77, "is not in service for operator '王主任'", city: city, before: before)
    }

    @Test("sshd runs every line gate keys writes, names bare (王主任, 小李) or quoted for sh (陈 大文, O'Brien)", sshd)
    func everyLineRuns() throws {
        let city = try GateCity(operators: [("小李", "clerk"), ("陈 大文", "auditor"), ("O'Brien", "finance")])
        let written = try String(contentsOfFile: city.server.authorizedKeys, encoding: .utf8)
        #expect(written.contains(" 小李\" ") && written.contains(" '陈 大文'\" ") && !written.contains("#"), "\(written)")
        for name in ["小李", "陈 大文", "O'Brien", GateCity.admin] {
            let welcome = try city.call(name, "", by: .sshd)
            #expect(welcome.exitCode == 0 && welcome.stdout.contains("You are \(name) ("), "\(name): \(welcome)")
        }
    }

    @Test("A megabyte command never reaches the books: sshd cannot even hand it to the gate's shell", sshd)
    func aMegabyteCommand() throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let before = city.canteen.snapshot()
        // ssh joins its arguments with spaces; each stays under the kernel's limit on one argument.
        let words = (0..<16).map { _ in String(repeating: "D", count: 65_536) }
        var environment = CanteenBinary.baseEnvironment
        environment["LANG"] = "C.UTF-8"
        let key = try #require(city.keys["小李"])
        let result = try runProcess(SSHAvailability.ssh, city.server.sshArguments(key) + ["meal", "record"] + words,
                                    environment: environment, directory: city.server.dir.path)
        #expect(result.exitCode != 0, "\(result.exitCode) \(result.stderr.prefix(300))")
        #expect(!result.stdout.contains("Meal"))
        #expect(snapshotDifference(before, city.canteen.snapshot()) == nil, "nothing was run, not even logged")
    }

    @Test("Global options alone are a welcome, in the asked language and format (sshd)", sshd)
    func globalsAloneSSHD() throws { try globalsAlone(.sshd) }
    @Test("Global options alone are a welcome, in the asked language and format (direct)")
    func globalsAloneDirect() throws { try globalsAlone(.direct) }

    private func globalsAlone(_ route: GateRoute) throws {
        let city = try GateCity(operators: [("小李", "clerk")])
        let zh = try city.call("小李", "--lang zh", by: route)
        #expect(zh.exitCode == 0 && zh.stdout.hasPrefix("欢迎使用全市长者饭堂账本。") && zh.stdout.contains("你是 小李（收银员）"), "\(zh)")
        let json = try city.call("小李", "--format json --operator 小李", by: route)
        let object = try #require(json.json as? [String: Any], "\(json)")
        #expect(object["operator"] as? String == "小李" && object["role"] as? String == "clerk"
            && object["fingerprint"] as? String == city.keys["小李"]?.fingerprint, "\(json)")
        #expect((object["may_change"] as? [String])?.contains("meal record") == true
            && (object["may_change"] as? [String])?.contains("month close") == false
            && (object["sites"] as? [[String: Any]])?.first?["site"] as? String == "FC", "\(json)")
        let before = city.books()
        let badLang = try city.call("小李", "--lang fr", by: route)
        #expect(badLang.exitCode == 64 && badLang.stderr.hasPrefix("Error: --lang must be zh or en, not 'fr'") && badLang.stdout.isEmpty, "\(badLang)")
        #expect(city.books() == before)
        #expect(try city.lastLog()[2] == "gate refused")
        // Help asked for is still help, in the language asked.
        let help = try city.call("小李", "--lang zh --help", by: route)
        #expect(help.exitCode == 0 && help.stdout.hasPrefix("概述："), "\(help)")
    }

    @Test("With no command: a welcome saying who, which role, the canteens and what they may run (sshd)", sshd)
    func welcomeSSHD() throws { try welcome(.sshd) }
    @Test("With no command: a welcome saying who, which role, the canteens and what they may run (direct)")
    func welcomeDirect() throws { try welcome(.direct) }

    private func welcome(_ route: GateRoute) throws {
        let city = try GateCity(operators: [("小李", "clerk"), ("审计员", "auditor")])
        let clerk = try city.call("小李", "", by: route)
        #expect(clerk.exitCode == 0, "\(clerk)")
        for text in ["You are 小李 (a clerk)", try #require(city.keys["小李"]).fingerprint, "FC 风采长者饭堂", "GZ02 东山长者饭堂",
                     "meal record", "meal import -", "report month"] {
            #expect(clerk.stdout.contains(text), "'\(text)' in \(clerk)")
        }
        #expect(!clerk.stdout.contains("month close") && !clerk.stdout.contains("backup -"), "\(clerk)")
        let auditor = try city.call("审计员", "", by: route)
        let changes = auditor.stdout.components(separatedBy: "Everyone may read").first ?? ""
        #expect(auditor.stdout.contains("You are 审计员 (an auditor)") && changes.contains("backup -")
            && changes.contains("--unmask") && !changes.contains("meal record"), "\(auditor)")
        #expect(try city.lastLog()[2] == "gate")
    }
}

/// A call the gate refused: exit, one Error line naming it, nothing on stdout, the books unchanged but for the log.
func expectGateRefusal(_ result: RunResult, _ code: Int32, _ fragment: String, city: GateCity, before: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitCode == code, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains(fragment), "expected '\(fragment)' in \(result)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
    let difference = snapshotDifference(before, city.books())
    #expect(difference == nil, "the books changed: \(difference ?? "")", sourceLocation: sourceLocation)
}
