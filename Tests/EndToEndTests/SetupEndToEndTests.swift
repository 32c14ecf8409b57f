import Foundation
import Testing

@Suite struct InitEndToEndTests {
    @Test func initCreatesTheBooks() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        let result = try canteen.initialize(admin: "管理员")
        #expect(result.stderr == "")
        #expect(result.stdout.contains("16,100,000.00"))
        #expect(result.stdout.contains("管理员"))
        #expect(FileManager.default.fileExists(atPath: canteen.db))

        let operators = try canteen.succeed("operator", "list", "--format", "json")
        let list = try #require((operators.json as? [String: Any])?["operators"] as? [[String: Any]], "\(operators)")
        #expect(list.count == 1)
        #expect(list.first?["name"] as? String == "管理员")
        #expect(list.first?["role"] as? String == "admin")
    }

    @Test func initWritesToCANTEEN_DBOrTheWorkingDirectory() throws {
        let dir = try TempDir()
        // No $CANTEEN_DB and no --db: ./canteen.db in the working directory.
        var environment = CanteenBinary.baseEnvironment
        let plain = try CanteenBinary.run(arguments: ["init", "--admin", "admin"], environment: environment, directory: dir.path)
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(dir.contents().contains("canteen.db"))
        // --db wins over $CANTEEN_DB.
        environment["CANTEEN_DB"] = dir.file("from-env.db")
        let explicit = try CanteenBinary.run(arguments: ["init", "--admin", "admin", "--db", dir.file("from-flag.db")],
                                             environment: environment, directory: dir.path)
        #expect(explicit.exitCode == 0, "\(explicit)")
        #expect(FileManager.default.fileExists(atPath: dir.file("from-flag.db")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("from-env.db")))
    }

    @Test func initAgainIsRefusedAndChangesNothing() throws {
        let canteen = try Canteen.initialized()
        let before = canteen.snapshot()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: canteen.db))
        let result = try canteen.run("init", "--admin", "someone-else", "--budget", "1")
        expectRefusal(result, exit: 1, saying: "already exists", before: before, canteen: canteen)
        #expect(try Data(contentsOf: URL(fileURLWithPath: canteen.db)) == bytes)
    }

    @Test func initInAMissingDirectoryIsAStorageErrorAndCreatesNothing() throws {
        let dir = try TempDir()
        let canteen = Canteen(db: dir.file("no-such-dir/x.db"), directory: dir.path)
        let result = try canteen.run("init", "--admin", "admin")
        #expect(result.exitCode == 74, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("no-such-dir/x.db"))
        #expect(dir.contents() == [])
    }

    @Test func initAtTheRootsMissingDirectoryIsAStorageError() throws {
        let dir = try TempDir()
        try #require(!FileManager.default.fileExists(atPath: "/nonexistent-dir"))
        let result = try Canteen(db: "/nonexistent-dir/x.db", directory: dir.path).run("init", "--admin", "admin")
        #expect(result.exitCode == 74, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir"))
    }
}

@Suite struct UsageEndToEndTests {
    @Test func anUnknownCommandIsAUsageErrorWithASuggestion() throws {
        let dir = try TempDir()
        let result = try Canteen(in: dir).run("sitee", "list")
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Did you mean 'site'?"))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("Error: ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("Usage: ") == true)
        #expect(dir.contents() == [], "a usage error does not create a database")
    }

    @Test func aWordNothingIsCloseToSaysSoAndWhereToLook() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        for word in ["frobnicate", "rm", "sh"] {
            let result = try canteen.run(word)
            #expect(result.exitCode == 64 && result.stderr.hasPrefix("Error: unknown command '\(word)', and no command is close to it: 'canteen help' lists them all\n"), "\(result)")
        }
        let sub = try canteen.run("diner", "frobnicate")
        #expect(sub.exitCode == 64 && sub.stderr.hasPrefix("Error: unknown subcommand 'frobnicate' of 'diner', and none is close to it: its subcommands are register, "), "\(sub)")
        #expect(sub.stderr.contains("Usage: canteen diner <subcommand>"), "\(sub)")
        #expect(dir.contents() == [])
    }

    @Test func aWrongLineIsWordedInTheLanguageItAsksFor() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        let typo = try canteen.run("sitee", "list", "--lang", "zh")
        #expect(typo.exitCode == 64 && typo.stderr.hasPrefix("Error: 未知命令“sitee”。是不是要输入“site”？"), "\(typo)")
        let missing = try canteen.run("--lang=zh", "site", "add", "GZ01", "--name")
        #expect(missing.exitCode == 64 && missing.stderr.hasPrefix("Error: --name 缺少值"), "\(missing)")
        // A --lang that is no language is itself told in $LANG's (here English).
        let bad = try canteen.run("sitee", "--lang", "fr")
        #expect(bad.exitCode == 64 && bad.stderr.hasPrefix("Error: unknown command 'sitee'. Did you mean 'site'?"), "\(bad)")
    }

    @Test func helpAndVersionExitZero() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        let help = try canteen.run("site", "add", "--help")
        #expect(help.exitCode == 0)
        #expect(help.stderr == "")
        #expect(help.stdout.contains("USAGE: canteen site add"))
        let version = try canteen.run("--version")
        #expect(version.exitCode == 0)
        #expect(version.stdout.hasPrefix("canteen "))
        #expect(dir.contents() == [])
    }

    @Test func aMissingRequiredOptionIsAUsageErrorAndChangesNothing() throws {
        let canteen = try Canteen.initialized()
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "GZ01", "--name", "X", operator: "admin")
        expectRefusal(result, exit: 64, saying: "--price", before: before, canteen: canteen)
        #expect(result.stderr.contains("Usage: canteen site add"))
        #expect(result.stderr.contains("See 'canteen site add --help'"))
    }

    @Test(arguments: ["abc", "-1", "1.234", "18.", "1e3", "", "１８"])
    func aMalformedPriceIsInvalidInputAndChangesNothing(price: String) throws {
        let canteen = try Canteen.initialized()
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "GZ01", "--name", "X", "--price", price, operator: "admin")
        expectRefusal(result, exit: 65, saying: "--price", before: before, canteen: canteen)
    }

    @Test(arguments: [("--from", "2026-02-30", "--from"), ("--capacity", "many", "--capacity"), ("--capacity", "0", "capacity")])
    func otherMalformedValuesAreInvalidInput(option: String, value: String, fragment: String) throws {
        let canteen = try Canteen.initialized()
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "GZ01", "--name", "X", "--price", "18", option, value, operator: "admin")
        expectRefusal(result, exit: 65, saying: fragment, before: before, canteen: canteen)
    }
}

@Suite struct DatabaseFileEndToEndTests {
    @Test func aFileThatIsNotSQLiteIsAStorageErrorAndIsLeftAlone() throws {
        let dir = try TempDir()
        let text = String(repeating: "Meals served today: 120\n", count: 100)
        let path = try dir.write(text, to: "notes.db")
        let canteen = Canteen(in: dir, name: "unused.db")
        for args in [["site", "list", "--db", path], ["site", "add", "GZ01", "--name", "X", "--price", "18", "--db", path]] {
            let result = try canteen.run(arguments: args, operator: "admin")
            #expect(result.exitCode == 74, "\(result)")
            #expect(result.stderr.contains("not an SQLite database"), "\(result)")
            #expect(result.stdout == "")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(dir.contents() == ["notes.db"], "no -wal, -shm or other file appears")
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefusedAndLeftAlone() throws {
        let dir = try TempDir()
        let path = dir.file("other-app.db")
        try Fixtures.foreignDatabase(at: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let before = snapshot(db: path)
        let result = try Canteen(db: path).run("site", "list")
        #expect(result.exitCode == 74, "\(result)")
        #expect(result.stderr.contains("not a canteen database"), "\(result)")
        // Not even its journal mode may change: the other program may rely on it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the file's bytes changed")
        #expect(dir.contents() == ["other-app.db"])
        #expect(snapshotDifference(before, snapshot(db: path)) == nil)
    }

    @Test func anEmptyFileIsRefusedAndLeftEmpty() throws {
        let dir = try TempDir()
        let path = try dir.write("", to: "empty.db")
        let result = try Canteen(db: path).run("site", "list")
        #expect(result.exitCode == 74, "\(result)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty, "the empty file was written to")
        #expect(dir.contents() == ["empty.db"])
    }

    @Test func aMissingDatabaseIsNotFound() throws {
        let dir = try TempDir()
        let result = try Canteen(in: dir).run("site", "list")
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stderr.contains("canteen init"))
        #expect(dir.contents() == [])
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let canteen = try Canteen.initialized()
        try Fixtures.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'later')",
                             on: canteen.db)
        let before = canteen.snapshot()
        for args in [["site", "list"], ["site", "add", "GZ01", "--name", "X", "--price", "18"], ["migrate"]] {
            let result = try canteen.run(arguments: args, operator: "admin")
            expectRefusal(result, exit: 74, saying: "newer", before: before, canteen: canteen)
            #expect(result.stderr.contains("99"))
        }
    }

    @Test func anOlderSchemaAsksForMigrateAndMigrateBringsItUpToDate() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        try Fixtures.database(at: canteen.db, schemaVersion: 1, admin: "admin")
        try Fixtures.execute("INSERT INTO operators (name, role, created_at) VALUES ('clerk1', 'clerk', '2026-11-29T00:00:00Z')", on: canteen.db)
        let latest = try #require(Fixtures.migrations().last?.version)
        try #require(latest > 1, "needs a second migration to test an older schema")

        let before = canteen.snapshot()
        for args in [["site", "list"], ["site", "add", "GZ01", "--name", "X", "--price", "18"]] {
            let result = try canteen.run(arguments: args, operator: "admin")
            expectRefusal(result, exit: 74, saying: "canteen migrate", before: before, canteen: canteen)
            #expect(result.stderr.contains("older"))
        }

        // Migrating is an admin's job: a clerk is refused and the file stays at its old version.
        let refused = try canteen.run("migrate", operator: "clerk1")
        #expect(refused.exitCode == 77, "\(refused)")
        #expect(snapshotDifference(before, canteen.snapshot()) == nil)
        let migrated = try canteen.succeed("migrate", "--format", "json", operator: "admin")
        let json = try #require(migrated.json as? [String: Any], "\(migrated)")
        #expect(json["from_version"] as? Int == 1)
        #expect(json["to_version"] as? Int == latest)
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        let list = try canteen.succeed("site", "list")
        #expect(list.stdout.contains("越秀区长者饭堂"))

        let again = try canteen.succeed("migrate", operator: "admin")
        #expect(again.stdout.contains("up to date"), "\(again)")
        let log = try canteen.succeed("audit", "log")
        #expect(log.stdout.contains("migrate"), "\(log)")
    }
}

@Suite struct PermissionEndToEndTests {
    @Test(arguments: [("ghost", "unknown operator 'ghost'"), (nil, "--operator")] as [(String?, String)])
    func anUnknownOrMissingOperatorIsRefusedWith77(actor: String?, fragment: String) throws {
        let canteen = try Canteen.initialized()
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "GZ01", "--name", "X", "--price", "18", operator: actor)
        expectRefusal(result, exit: 77, saying: fragment, before: before, canteen: canteen)
    }

    @Test func aClerkMayNotAddACanteen() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("operator", "add", "clerk1", "--role", "clerk", operator: "admin")
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "GZ01", "--name", "X", "--price", "18", operator: "clerk1")
        expectRefusal(result, exit: 77, saying: "clerk", before: before, canteen: canteen)
        // --operator on the line wins over $CANTEEN_OPERATOR.
        let viaFlag = try canteen.run("site", "add", "GZ01", "--name", "X", "--price", "18", "--operator", "clerk1", operator: "admin")
        expectRefusal(viaFlag, exit: 77, saying: "clerk", before: before, canteen: canteen)
    }

    @Test(arguments: [["operator", "add", "x", "--role", "admin"], ["policy", "set", "--copay", "5"],
                      ["site", "price", "GZ01", "--price", "20", "--from", "2026-01-01"]])
    func aClerkMayNotDoOtherSetupEither(arguments: [String]) throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("operator", "add", "clerk1", "--role", "clerk", operator: "admin")
        try canteen.succeed("site", "add", "GZ01", "--name", "X", "--price", "18", operator: "admin")
        let before = canteen.snapshot()
        let result = try canteen.run(arguments: arguments, operator: "clerk1")
        expectRefusal(result, exit: 77, saying: "clerk1", before: before, canteen: canteen)
    }
}

@Suite struct SitesEndToEndTests {
    @Test func aDuplicateCanteenCodeIsRefusedWith1() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        let before = canteen.snapshot()
        let result = try canteen.run("site", "add", "gz01", "--name", "另一个饭堂", "--price", "20", operator: "admin")
        expectRefusal(result, exit: 1, saying: "GZ01", before: before, canteen: canteen)
    }

    @Test func siteListAlignsChineseNames() throws {
        let canteen = try Canteen.initialized()
        let sites = [
            ("GZ01", "越秀区长者饭堂", "越秀区", "18"),
            ("GZ02", "Tianhe 天河饭堂", "天河区", "20.5"),
            ("GZ10", "海珠 Canteen", "Haizhu", "16.50"),
        ]
        for (code, name, district, price) in sites {
            try canteen.succeed("site", "add", code, "--name", name, "--district", district, "--price", price,
                                "--capacity", "80", operator: "admin")
        }
        let lines = try canteen.succeed("site", "list", "--lang", "en").lines
        try #require(lines.count == 2 + sites.count, "header, rule and one line a canteen: \(lines)")
        for line in lines { #expect(line.last != " ", "no trailing spaces: '\(line)'") }
        // The last column (today's price) is right-aligned, so every line ends at the same display column.
        #expect(Set(lines.map(displayWidth)).count == 1, "\(lines)")
        // The district column starts at the same display column on the header and on every canteen's line.
        let columns = [displayColumn(of: "District", in: lines[0])]
            + zip(lines.dropFirst(2), sites).map { line, site in displayColumn(of: site.2, in: line, after: site.1) }
        #expect(columns.allSatisfy { $0 != nil } && Set(columns).count == 1, "\(lines)")
        for ((code, name, _, _), line) in zip(sites, lines.dropFirst(2)) {
            #expect(line.hasPrefix(code))
            #expect(line.contains(name))
        }
        #expect(lines[2].hasSuffix("18.00") && lines[3].hasSuffix("20.50") && lines[4].hasSuffix("16.50"))
    }

    @Test func siteListSpeaksChineseWhenAsked() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        let zh = try canteen.succeed("site", "list", "--lang", "zh")
        #expect(zh.lines.first?.hasPrefix("编号") == true, "\(zh)")
        var chinese = canteen
        chinese.environment["LANG"] = "zh_CN.UTF-8"
        #expect(try chinese.succeed("site", "list").lines.first?.hasPrefix("编号") == true)
    }

    @Test func jsonOutputIsValidAndHasTheKeys() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        let initialized = try canteen.initialize(admin: "admin", "--format", "json")
        let made = try #require(initialized.json as? [String: Any], "\(initialized)")
        #expect(made["budget_fen"] as? Int == 1_610_000_000)
        #expect(made["copay_fen"] as? Int == 1000)
        #expect(made["timezone"] as? String == "Asia/Shanghai")
        #expect(made["schema_version"] as? Int == (try Fixtures.migrations().last?.version))

        let added = try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18.5",
                                        "--district", "越秀区", "--capacity", "80", "--format", "json", operator: "admin")
        #expect((added.json as? [String: Any])?["site"] as? String == "GZ01", "\(added)")

        let listed = try canteen.succeed("site", "list", "--format", "json")
        let sites = try #require((listed.json as? [String: Any])?["sites"] as? [[String: Any]], "\(listed)")
        let site = try #require(sites.first)
        #expect(sites.count == 1)
        #expect(site["site"] as? String == "GZ01")
        #expect(site["name"] as? String == "越秀区长者饭堂")
        #expect(site["district"] as? String == "越秀区")
        #expect(site["capacity"] as? Int == 80)
        #expect(site["price_today_fen"] as? Int == 1850)
        let prices = try #require(site["prices"] as? [[String: Any]])
        #expect(prices.count == 1)
        #expect(prices.first?["price_fen"] as? Int == 1850)
        #expect(prices.first?["from"] is NSNull, "a price without --from is in force for every date")

        let budget = try canteen.succeed("budget", "show", "--format", "json")
        let fund = try #require(budget.json as? [String: Any], "\(budget)")
        #expect(fund["total_fen"] as? Int == 1_610_000_000)
        #expect(fund["drawn_fen"] as? Int == 0)
        #expect(fund["remaining_fen"] as? Int == 1_610_000_000)

        let policies = try canteen.succeed("policy", "list", "--format", "json")
        let list = try #require((policies.json as? [String: Any])?["policies"] as? [[String: Any]], "\(policies)")
        #expect(list.count == 1)
        #expect(list.first?["copay_fen"] as? Int == 1000)
    }
}
