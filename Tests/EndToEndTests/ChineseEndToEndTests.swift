import Foundation
import Testing

/// The binary as a Chinese-reading clerk or auditor runs it, with LANG=zh_CN.UTF-8 or --lang zh: help, usage
/// errors and what the books say are worded in Chinese, and only what is typed or scripted stays in Latin letters.
@Suite struct ChineseEndToEndTests {
    @Test func helpAndUsageErrorsAreInChinese() throws {
        var canteen = try Canteen.initialized()
        canteen.environment["LANG"] = "zh_CN.UTF-8"
        let help = try canteen.succeed("help", "meal", "record")
        #expect(help.stdout.hasPrefix("概述：记录一份补贴用餐并打印小票（收银员）。"), "\(help)")
        #expect(help.stdout.contains("\n用法：canteen meal record <diner> --site <code>") && help.stdout.contains("\n全局选项：\n"), "\(help)")
        let overview = try canteen.succeed("--help")
        #expect(overview.stdout.hasPrefix("概述：") && overview.stdout.contains("\n命令：\n") && !overview.stdout.contains("OVERVIEW"), "\(overview)")

        let wrong = try canteen.run("meal", "record", "D00001")
        #expect(wrong.exitCode == 64, "\(wrong)")
        #expect(wrong.stderr == """
            Error: 缺少 --site <code>
            用法：canteen meal record <diner> --site <code> [--date <date>] [--slot <slot>] [--pay <method>] [--ref <key>]
              详细说明请见 'canteen meal record --help'。

            """, "\(wrong)")
        // --lang wins over $LANG, both ways.
        let english = try canteen.run("meal", "record", "D00001", "--lang", "en")
        #expect(english.stderr.contains("\nUsage: canteen meal record") && english.stderr.contains("  See 'canteen meal record --help' for more information."),
                "\(english)")
    }

    /// Every call that writes an audit row with a detail, run through the binary; `audit log --lang zh` then words
    /// each detail in Chinese, while JSON and CSV keep the stored text, the record under the hash chain.
    @Test func everyAuditDetailIsWordedInChinese() throws {
        let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-09-01")
        let dir = try TempDir("zh-log")
        @discardableResult
        func ok(_ args: String..., as actor: String, today: String = "2026-10-05", stdin: String? = nil) throws -> RunResult {
            let result = try canteen.run(arguments: args + ["--today", today], operator: actor, stdin: stdin)
            try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)")
            return result
        }
        for (name, role) in [("fin", "finance"), ("clerk1", "clerk"), ("aud", "auditor"), ("gone", "clerk")] {
            try ok("operator", "add", name, "--role", role, as: "admin", today: "2026-09-01")
        }
        try ok("site", "add", "GZ01", "--name", "Yuexiu", "--price", "18", as: "admin", today: "2026-09-01")
        try ok("site", "add", "GZ02", "--name", "Liwan", "--price", "18", as: "admin", today: "2026-09-01")
        try ok("site", "price", "GZ01", "--price", "20", "--from", "2026-10-01", as: "admin", today: "2026-09-01")
        try ok("policy", "set", "--copay", "5", "--category", "low-income", "--min-age", "80", "--cap", "12", "--from", "2026-09-01",
               as: "admin", today: "2026-09-01")
        let key = try ClientKey("gone", in: dir)
        let other = try ClientKey("clerk1", in: dir)
        try ok("operator", "key", "add", "gone", "--key", key.publicText, as: "admin")
        try ok("operator", "key", "add", "clerk1", "--key", other.publicText, as: "admin")
        try ok("operator", "key", "remove", "clerk1", other.fingerprint, as: "admin")
        try ok("operator", "deactivate", "gone", as: "admin")
        try ok("budget", "add", "1000", "--note", "top-up", "--date", "2026-09-01", as: "fin")
        try ok("diner", "register", "--id", "11010519491231002X", "--name", "张三", "--date", "2026-09-01", as: "clerk1")
        try ok("diner", "register", "--id", "440203195001011233", "--name", "李四", "--date", "2026-09-01", as: "clerk1")
        try ok("diner", "update", "D00001", "--phone", "13812345678", "--category", "low-income", "--from", "2026-09-01", "--site", "GZ01", as: "clerk1")
        try ok("diner", "card", "D00001", "--reissue", "--out", dir.file("cards.html"), as: "clerk1")
        try ok("diner", "show", "D00001", "--unmask", as: "aud")
        try ok("diner", "find", "张", "--unmask", as: "aud")
        try ok("diner", "list", "--unmask", "--site", "GZ01", "--status", "active", as: "aud")
        try ok("meal", "record", "D00001", "--site", "GZ01", "--date", "2026-09-03", as: "clerk1")
        try ok("meal", "void", "M000001", "--reason", "wrong diner", as: "clerk1")
        let csv = try dir.write("ref,date,slot,site,diner,pay\nP1,2026-09-06,lunch,GZ02,D00002,cash\n", to: "log.csv")
        try ok("meal", "import", csv, as: "clerk1")
        try ok("diner", "deactivate", "D00002", "--reason", "moved", "--date", "2026-09-05", as: "clerk1")
        try ok("meal", "record", "D00001", "--site", "GZ01", "--date", "2026-09-04", as: "clerk1")
        try ok("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "4", as: "fin")
        try ok("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "5", as: "fin")
        try ok("month", "close", "2026-09", "--force", as: "fin")
        try ok("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "PV-1", as: "fin")
        try ok("backup", "-", as: "fin")
        try ok("backup", dir.file("copy.db"), as: "fin")
        // Through the gate: a call let in, one refused, and one that ends with an exit code of its own.
        for (command, code) in [("site list", Int32(0)), ("site list --db other.db", 77), ("meal void M000009 --reason x", 66)] {
            var environment = CanteenBinary.baseEnvironment
            environment["CANTEEN_DB"] = canteen.db
            environment["SSH_ORIGINAL_COMMAND"] = command
            environment["SSH_CONNECTION"] = "203.0.113.7 50022 192.0.2.1 22"
            let gate = try CanteenBinary.run(arguments: ["gate", "clerk1"], environment: environment, directory: canteen.directory)
            #expect(gate.exitCode == code, "\(command): \(gate)")
        }

        let stored = try #require((try canteen.succeed("audit", "log", "--format", "json").json as? [String: Any])?["log"] as? [[String: Any]])
        let english = try canteen.succeed("audit", "log").lines.filter { $0.hasPrefix("20") }
        let chinese = try canteen.succeed("audit", "log", "--lang", "zh").lines.filter { $0.hasPrefix("20") }
        try #require(stored.count == chinese.count && stored.count == english.count, "\(stored.count) rows, \(chinese.count) lines")
        var worded: Set<String> = []
        for (row, (line, englishLine)) in zip(stored, zip(chinese, english)) {
            let action = try #require(row["action"] as? String), detail = try #require(row["detail"] as? String)
            guard !detail.isEmpty else { continue }
            // Every name and code in this book is in Latin letters, so the Chinese on a line is the detail's wording; the
            // stored text may stand inside it (a reason, a fingerprint) but is no longer the whole last column.
            #expect(line.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } && !line.hasSuffix("  " + detail), "\(action): \(line)")
            #expect(englishLine.hasSuffix(detail), "English shows the stored text: \(englishLine)")
            worded.insert(action)
        }
        #expect(worded == ["init", "operator add", "operator deactivate", "operator key add", "operator key remove", "site add", "site price",
                           "policy set", "budget add", "diner register", "diner update", "diner card reissue", "unmask", "meal void",
                           "meal import", "diner deactivate", "cash declare", "month close", "settle", "backup", "gate", "gate refused",
                           "gate exit"], "\(worded)")
        let text = try canteen.succeed("audit", "log", "--lang", "zh").stdout
        for wording in ["初始预算 16100000.00 元，默认自付 10.00 元，时区 Asia/Shanghai", "角色：财务人员", "1 把密钥随之停用", "Yuexiu，餐价 18.00 元，对所有日期有效",
                        "餐价 20.00 元，自 2026-10-01 起", "类别：低保，起始年龄：80 岁，自付 5.00 元，补贴上限：12.00 元，自 2026-09-01 起",
                        "说明：top-up", "电话 无 → 138****5678；类别 普通 → 低保，自 2026-09-01 起；所属饭堂 无 → GZ01", "卡 ", "停用，已发新卡",
                        "饭堂 GZ01，在用", "查看一位长者（diner show）", "1 位长者", "原因：wrong diner", "记录 1 餐，跳过已记录的 0 行",
                        "迁出，自 2026-09-05 起；该日及之后已记录 1 餐", "申报 5.00 元（原为 4.00 元）", "；强制结账，未申报：GZ02",
                        "元，凭证号 PV-1", "写到标准输出，", "未指定密钥，来自 203.0.113.7 端口 50022", "；拒绝：通过网关不能用 '--db'", "；退出码 66"] {
            #expect(text.contains(wording), "missing \(wording) in\n\(text)")
        }
        // The stored text is the record: CSV keeps it whatever the language.
        let csvLog = try canteen.succeed("audit", "log", "--format", "csv", "--lang", "zh").stdout
        #expect(csvLog.contains("top-up") && csvLog.contains("wrong diner") && csvLog.contains("(was 4.00)"), "\(csvLog)")
        try canteen.succeed("audit", "verify")
    }

    /// A book migrated from schema 2 has the migration's own rows worded too.
    @Test func theMigrationsRowsAreWordedInChinese() throws {
        let book = try Fixtures.olderBook("schema2")
        try book.succeed("migrate", operator: "admin")
        let log = try book.succeed("audit", "log", "--lang", "zh").stdout
        #expect(log.contains("数据结构版本 2 → ") && log.contains("审计登记开始：现有的每条记录按原样记入") && log.contains("位长者各发一张卡"), "\(log)")
        #expect(!log.contains("schema 2 →") && !log.contains("the register begins") && !log.contains("a card for each"), "\(log)")
    }

    /// Anomaly kinds and verify checks are identifiers in JSON and CSV; a Chinese table names them in Chinese and
    /// keeps the identifier beside it, for a script's grep.
    @Test func anomalyKindsAndVerifyChecksHaveChineseNames() throws {
        let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-09-01")
        try canteen.succeed("site", "add", "GZ01", "--name", "Yuexiu", "--price", "18", "--capacity", "1", "--today", "2026-09-01", operator: "admin")
        for id in ["11010519491231002X", "440203195001011233"] {
            try canteen.succeed("diner", "register", "--id", id, "--name", "张三", "--date", "2026-09-01", "--today", "2026-09-02", operator: "admin")
        }
        for diner in ["D00001", "D00002"] {
            try canteen.succeed("meal", "record", diner, "--site", "GZ01", "--date", "2026-09-02", "--today", "2026-09-02", operator: "admin")
        }
        // Dated on a day long after the one it is recorded on: the lead names the journal entry.
        try canteen.succeed("budget", "add", "1", "--note", "x", "--today", "2090-06-01", operator: "admin")

        let table = try canteen.succeed("audit", "anomalies", "--lang", "zh", "--today", "2090-06-01").stdout
        #expect(table.contains("超出座位数（over-capacity）") && table.contains("记在录入之后的日期（dated-in-the-future）"), "\(table)")
        #expect(table.contains("分录 ") && table.contains("（拨款）") && !table.contains("(appropriation)"), "\(table)")
        let json = try canteen.succeed("audit", "anomalies", "--lang", "zh", "--format", "json", "--today", "2090-06-01")
        let kinds = ((json.json as? [String: Any])?["anomalies"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(Set(kinds).isSuperset(of: ["over-capacity", "dated-in-the-future"]), "\(json)")
        #expect(json.stdout.contains("(appropriation)"), "scripts keep the entry as the books name it: \(json)")

        try Fixtures.execute("DROP TRIGGER meals_no_delete", on: canteen.db)
        let verify = try canteen.run("audit", "verify", "--lang", "zh")
        #expect(verify.exitCode == 1 && verify.stdout.contains("  [append-only] 只增不改保护：触发器 meals_no_delete 缺失"), "\(verify)")
        let english = try canteen.run("audit", "verify")
        #expect(english.stdout.contains("  [append-only] the trigger meals_no_delete is missing"), "\(english)")
    }
}
