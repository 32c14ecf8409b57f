// End-to-end tests of the integrity review "Integrity at the edges": inputs at the edges of what the books can
// hold end in a clean error (never a crash, never a partial file); error text is whole and clean; text fields
// refuse what cannot be seen; exports survive hostile text in the tools that read them; stray words on the
// command line are named.
import CanteenCore
import Foundation
import SQLite
import Testing

private let zhang = "11010519491231002X"
private let li = "440203195001011233"

/// Books with an admin, a clerk, canteen GZ01 and diner Zhang, all as of 2026-11-01.
private func smallBooks(budget: String = "16100000", sourceLocation: SourceLocation = #_sourceLocation) throws -> Canteen {
    let canteen = try Canteen.initialized(admin: "admin", "--budget", budget, "--today", "2026-11-01", sourceLocation: sourceLocation)
    for args in [["operator", "add", "clerk1", "--role", "clerk"], ["operator", "add", "fin", "--role", "finance"],
                 ["site", "add", "GZ01", "--name", "Yuexiu", "--price", "18"]] {
        try canteen.succeed(arguments: args + ["--today", "2026-11-01"], operator: "admin", sourceLocation: sourceLocation)
    }
    try canteen.succeed(arguments: ["diner", "register", "--id", zhang, "--name", "张三", "--today", "2026-11-01"],
                        operator: "clerk1", sourceLocation: sourceLocation)
    return canteen
}

private extension Canteen {
    @discardableResult
    func succeed(arguments: [String], operator actor: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments: arguments, operator: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Runs the binary through /bin/sh, so an argument or variable can hold bytes that are not UTF-8 (Foundation's
    /// Process only passes Swift strings): `script` is shell text with "$0" for the binary.
    func shell(_ script: String, environment extra: [String: String] = [:]) throws -> RunResult {
        let capture = try TempDir("sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, try #require(CanteenBinary.path)]
        var env = CanteenBinary.baseEnvironment
        env["CANTEEN_DB"] = db
        env.merge(extra) { $1 }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = capture.file("out"), err = capture.file("err")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        process.waitUntilExit()
        return RunResult(exitCode: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: err)), as: UTF8.self))
    }
}

/// True when `name` is an executable on PATH.
private func toolExists(_ name: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
}

/// Runs a tool and returns its exit code and combined output.
private func runTool(_ name: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let capture = try TempDir("tool")
    let path = capture.file("out")
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
}

// MARK: - A. Crashes become errors

@Suite struct BoundsEndToEndTests {
    @Test func theFundStopsAtItsLimitAndEveryReportOfAHugeFundStillRuns() throws {
        let canteen = try smallBooks(budget: "0.01")
        try canteen.succeed(arguments: ["budget", "add", "999999999999.99", "--note", "huge", "--today", "2026-11-01"], operator: "fin")
        // One fen more would pass the limit: refused by a rule that names it, nothing changed.
        let before = canteen.snapshot()
        let refused = try canteen.run("budget", "add", "0.01", "--note", "one more", "--today", "2026-11-01", operator: "fin")
        expectRefusal(refused, exit: 1, saying: "at most 1000000000000.00 yuan", before: before, canteen: canteen)
        let tooLarge = try canteen.run("budget", "add", "1000000000000.01", "--note", "x", "--today", "2026-11-01", operator: "fin")
        expectRefusal(tooLarge, exit: 65, saying: "too large", before: before, canteen: canteen)

        try canteen.succeed(arguments: ["meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-02", "--today", "2026-11-03"], operator: "clerk1")
        for format in ["table", "json", "csv", "html"] {
            let report = try canteen.run("report", "month", "2026-11", "--format", format, "--today", "2026-11-03")
            #expect(report.exitCode == 0, "report --format \(format): \(report)")
        }
        let json = try canteen.run("report", "month", "2026-11", "--format", "json", "--today", "2026-11-03")
        #expect(json.stdout.contains("\"closing_remaining_fen\": 99999999999200"), "\(json)")
        for format in ["table", "json", "csv"] {
            let forecast = try canteen.run("budget", "forecast", "--format", format, "--today", "2026-11-03")
            #expect(forecast.exitCode == 0, "budget forecast --format \(format): \(forecast)")
        }
        let forecast = try canteen.run("budget", "forecast", "--format", "json", "--today", "2026-11-03")
        #expect(forecast.stdout.contains("\"run_out_date\": null"), "a trillion yuan at 8 yuan a day lasts past the horizon: \(forecast)")
    }

    @Test(arguments: [["--start", "9999-12", "--months", "2"], ["--start", "0001-01", "--months", "1"],
                      ["--start", "9899-12", "--months", "1"], ["--start", "1950-01", "--months", "1"]])
    func simulateAtTheEndsOfTheCalendarIsInvalidInputAndLeavesNoFile(arguments: [String]) throws {
        let dir = try TempDir("simulate")
        let canteen = Canteen(in: dir)
        let result = try canteen.run(arguments: ["simulate", "--sites", "1", "--diners", "1"] + arguments)
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stderr.hasPrefix("Error: ") && (result.stderr.contains("outside") || result.stderr.contains("must lie")), "\(result)")
        #expect(dir.contents().isEmpty, "nothing left behind: \(dir.contents())")
    }

    /// A fund too small for the city runs out while it is built: the answer names simulate's own --budget, since
    /// nobody can add an appropriation to a city that does not exist yet, and no file is left.
    @Test func simulateWithTooSmallAFundSaysSoAndLeavesNoFile() throws {
        let dir = try TempDir("simulate")
        let canteen = Canteen(in: dir)
        let result = try canteen.run("simulate", "--sites", "2", "--diners", "50", "--months", "2", "--budget", "100")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("ran out of its fund of 100.00") && result.stderr.contains("--budget"), "\(result)")
        #expect(!result.stderr.contains("budget add"), "\(result)")
        #expect(dir.contents().isEmpty, "nothing left behind: \(dir.contents())")
    }

    /// QA: without --start, the default start was walked back one month at a time before the range was checked:
    /// 10^10 months took 10 s to say 65, Int64.max never ended. Every numeric option is refused at once.
    @Test(arguments: [(["--months", "10000000000"], "--months must be 1 to 120"), (["--months", "100000000000"], "--months must be 1 to 120"),
                      (["--months", "9223372036854775807"], "--months must be 1 to 120"),
                      (["--months", "99999999999999999999"], "--months must be 1 to 120"), (["--months", "-3"], "--months must be 1 to 120"),
                      (["--months", "0"], "--months must be 1 to 120"), (["--months", "1", "--sites", "9223372036854775807"], "--sites must be 1 to 99"),
                      (["--months", "1", "--diners", "200001"], "--diners must be 1 to 200000"),
                      (["--months", "1", "--seed", "99999999999999999999"], "--seed must be 0 to")])
    func simulateRefusesEveryCountOutOfRangeAtOnceAndLeavesNoFile(arguments: [String], message: String) throws {
        let dir = try TempDir("simulate")
        let sizes = ["--sites", "--diners"].filter { !arguments.contains($0) }.flatMap { [$0, "1"] }
        let result = try CanteenBinary.run(arguments: ["simulate"] + sizes + arguments,
                                           environment: CanteenBinary.baseEnvironment, directory: dir.path, timeout: 10)
        #expect(result.exitCode == 65 && result.stderr.hasPrefix("Error: ") && result.stderr.contains(message), "\(result)")
        #expect(dir.contents().isEmpty, "nothing left behind: \(dir.contents())")
    }

    @Test func everyOtherNumericOptionIsRefusedOutsideItsRange() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let cases: [([String], String)] = [
            (["site", "add", "GZ02", "--name", "Big", "--price", "18", "--capacity", "100001"], "--capacity must be 1 to 100000"),
            (["site", "add", "GZ02", "--name", "Big", "--price", "18", "--capacity", "99999999999999999999"], "--capacity must be 1 to 100000"),
            (["site", "add", "GZ02", "--name", "Big", "--price", "18", "--capacity", "0"], "--capacity must be 1 to 100000"),
            (["policy", "set", "--copay", "1", "--min-age", "10000000000000000000"], "--min-age must be 60 to 150"),
            (["policy", "set", "--copay", "1", "--min-age", "59"], "--min-age must be 60 to 150"),
            (["policy", "set", "--copay", "1", "--min-age", "8O"], "is not a whole number"),
        ]
        for (args, fragment) in cases {
            let result = try canteen.run(arguments: args + ["--today", "2026-11-01"], operator: "admin")
            expectRefusal(result, exit: 65, saying: fragment, before: before, canteen: canteen)
        }
    }

    @Test(arguments: ["0001-02-15", "9999-12-31", "1990-06-01"])
    func demoWithATodayAtTheEdgesIsInvalidInputAndLeavesNoFile(today: String) throws {
        let dir = try TempDir("demo")
        let result = try CanteenBinary.run(arguments: ["demo", "--today", today], environment: CanteenBinary.baseEnvironment, directory: dir.path)
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
        #expect(dir.contents().isEmpty, "nothing left behind: \(dir.contents())")
    }

    @Test func meanPricesCopaysCapsAndDatesAreRefusedAtTheEdge() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let cases: [([String], String)] = [
            (["site", "add", "GZ02", "--name", "Dear", "--price", "1000.01"], "a meal price of 1000.01 yuan"),
            (["site", "price", "GZ01", "--price", "5000", "--from", "2026-11-01"], "a meal price of 5000.00 yuan"),
            (["policy", "set", "--copay", "1001"], "a copay of 1001.00 yuan"),
            (["policy", "set", "--copay", "1", "--cap", "999999"], "a cap of 999999.00 yuan"),
            (["policy", "set", "--copay", "1", "--from", "1899-12-31"], "outside the dates"),
            (["budget", "show", "--today", "9999-12-31"], "outside the dates"),
            (["report", "month", "9999-12"], "outside the months"),
            (["meal", "list", "--month", "0001-01"], "outside the months"),
        ]
        for (args, fragment) in cases {
            let result = try canteen.run(arguments: args + (args.contains("--today") ? [] : ["--today", "2026-11-01"]), operator: "admin")
            expectRefusal(result, exit: 65, saying: fragment, before: before, canteen: canteen)
        }
    }
}

// MARK: - B. Error text is whole and clean

@Suite struct CleanErrorTextEndToEndTests {
    @Test func anImportWithANulAndEscapesReportsEveryBadRowAndThatNothingWasRecorded() throws {
        let canteen = try smallBooks()
        let file = try #require(canteen.tempDir).write("""
            ref,date,slot,site,diner,pay
            r1,2026-11-02,lunch,GZ01,\(zhang),cash
            r2,2026-11-0\u{0}2,lunch,GZ01,\(zhang),cash
            r3,2026-11-02,lunch\u{1B}[31m,GZ01,\(zhang),cash
            r4,2026-11-02,lunch,GZ\u{1B}]0;pwned\u{7},\(zhang),cash
            r5,2026-11-02,lunch,GZ01,\(li),wechat\u{202E}

            """, to: "hostile.csv")
        let before = canteen.snapshot()
        let result = try canteen.run("meal", "import", file, "--today", "2026-11-03", operator: "clerk1")
        expectRefusal(result, exit: 65, saying: "line 3", "line 4", "line 5", "line 6", "Nothing was recorded", before: before, canteen: canteen)
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{0}" || $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{202E}" },
                "raw control characters on stderr: \(result.stderr.debugDescription)")
        #expect(result.stderr.contains("\\0") && result.stderr.contains("\\u{1B}") && result.stderr.contains("\\u{202E}"), "\(result)")
        #expect(result.stderr.hasSuffix("Nothing was recorded: mend the rows and import the file again.\n"), "\(result)")
    }

    /// QA: a broken row stopped the listing there, so the bad rows before it (unknown diners, found only against the
    /// books) and after it were never named. Every row is checked and listed, in line order, malformed ones included.
    @Test func anImportListsEveryBadRowAroundAMalformedOne() throws {
        let canteen = try smallBooks()
        let unknown = ["110101194001010012", "110101194001010039"]
        var bytes = Array("""
            ref,date,slot,site,diner,pay
            r1,2026-11-02,lunch,GZ01,\(unknown[0]),cash
            r2,2026-11-02,lunch,GZ01,\(unknown[1]),cash
            r3,2026-11-02,lunch,GZ01,x"y,cash
            r4,2026-11-02,dinner,GZ01,\(zhang),cash
            r5,2026-11-02,lunch,GZ01,
            """.utf8)
        bytes += [0xFF, 0xFE] + Array(",cash\nr6,2026-11-02,lunch,GZ99,\(zhang),cash\nr7,2026-11-0\"2,lunch,GZ01,\(zhang),cash\n".utf8)
        let file = try #require(canteen.tempDir).file("broken.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let before = canteen.snapshot()
        let result = try canteen.run("meal", "import", file, "--today", "2026-11-03", operator: "clerk1")
        expectRefusal(result, exit: 65, saying: "6 bad rows", "line 2: no diner", "line 3: no diner", "line 4: quote inside an unquoted field", "line 6: invalid UTF-8",
                      "line 7:", "line 8: quote inside an unquoted field", "Nothing was recorded", before: before, canteen: canteen)
        // In line order, and the good row (line 5) is not among them.
        let lines = result.stderr.split(separator: "\n").compactMap { text -> String? in
            guard let found = text.range(of: "line ") else { return nil }
            return String(text[found.upperBound...].prefix { $0.isNumber })
        }
        #expect(lines == ["2", "3", "4", "6", "7", "8"], "\(result)")

        // A quote never closed swallows the rest of the file, said once; the rows before it are still listed.
        let swallowed = try #require(canteen.tempDir).write("""
            ref,date,slot,site,diner,pay
            r1,2026-11-02,lunch,GZ01,\(unknown[0]),cash
            r2,2026-11-02,lunch,GZ01,"\(zhang),cash
            r3,2026-11-02,dinner,GZ01,\(zhang),cash

            """, to: "unclosed.csv")
        let open = try canteen.run("meal", "import", swallowed, "--today", "2026-11-03", operator: "clerk1")
        expectRefusal(open, exit: 65, saying: "2 bad rows", "line 2: no diner", "line 3: a quoted field opened here is never closed: the rest of the file",
                      before: before, canteen: canteen)
    }

    @Test(arguments: ["110105194912310021", "11010519491231002Y", "1101051949123100", "110105194912310021\u{1B}[2J"])
    func aMistypedIDNumberIsNeverShownInFull(typed: String) throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let register = try canteen.run("diner", "register", "--id", typed, "--name", "李四", "--today", "2026-11-01", operator: "clerk1")
        expectRefusal(register, exit: 65, before: before, canteen: canteen)
        let record = try canteen.run("meal", "record", typed, "--site", "GZ01", "--today", "2026-11-01", operator: "clerk1")
        #expect(record.exitCode == 65 || record.exitCode == 66, "\(record)")
        for result in [register, record] {
            #expect(!result.stderr.contains("1949123100"), "the birth date and sequence are masked: \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "\(result.stderr.debugDescription)")
        }
    }

    @Test func argumentsAndVariablesThatAreNotUTF8AreRefusedNamingWhich() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let option = try canteen.shell(#"exec "$0" operator add "$(printf 'b\377ss')" --role clerk --operator admin --today 2026-11-01"#)
        #expect(option.exitCode == 65 && option.stderr.contains("argument 3 is not valid UTF-8"), "\(option)")
        let inline = try canteen.shell(#"exec "$0" diner register --id 11010519491231002X "--name=$(printf '\300\200')" --operator clerk1"#)
        #expect(inline.exitCode == 65 && inline.stderr.contains("the value of --name (argument 5)"), "\(inline)")
        let value = try canteen.shell(#"exec "$0" budget add 1 --note "$(printf '\351')" --operator fin --today 2026-11-01"#)
        #expect(value.exitCode == 65 && value.stderr.contains("the value of --note (argument 5)"), "\(value)")
        let variable = try canteen.shell(#"CANTEEN_OPERATOR="$(printf 'admin\377')" exec "$0" operator list"#)
        #expect(variable.exitCode == 65 && variable.stderr.contains("CANTEEN_OPERATOR is not valid UTF-8"), "\(variable)")
        #expect(canteen.snapshot() == before)
        // Other variables may hold anything: they are not read as text.
        let other = try canteen.shell(#"UNRELATED="$(printf '\377')" exec "$0" operator list"#)
        #expect(other.exitCode == 0, "\(other)")
    }
}

// MARK: - C. Text fields that deceive

@Suite struct DeceivingTextEndToEndTests {
    @Test(arguments: ["boss\u{200B}", "\u{202E}nimda", "ad\u{2060}min", "admin\u{FEFF}", "\u{3164}", "a\u{FFFD}b", "x\u{E000}", "a\u{1B}b"])
    func invisibleFormatAndControlCharactersAreRefusedInNames(name: String) throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let result = try canteen.run("operator", "add", name, "--role", "clerk", "--today", "2026-11-01", operator: "admin")
        expectRefusal(result, exit: 65, saying: "an operator's name contains U+", before: before, canteen: canteen)
        let diner = try canteen.run("diner", "register", "--id", li, "--name", "李" + name, "--today", "2026-11-01", operator: "clerk1")
        expectRefusal(diner, exit: 65, saying: "a diner's name contains U+", before: before, canteen: canteen)
        let void = try canteen.run("budget", "add", "1", "--note", name, "--today", "2026-11-01", operator: "fin")
        expectRefusal(void, exit: 65, before: before, canteen: canteen)
    }

    @Test func anOperatorNameCanonicallyEqualToAnotherIsRefused() throws {
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["operator", "add", "Ren\u{E9}", "--role", "clerk", "--today", "2026-11-01"], operator: "admin")
        let before = canteen.snapshot()
        let twin = try canteen.run("operator", "add", "Rene\u{301}", "--role", "admin", "--today", "2026-11-01", operator: "admin")
        expectRefusal(twin, exit: 1, saying: "René", before: before, canteen: canteen)
        try canteen.succeed(arguments: ["operator", "add", "Li Ming", "--role", "clerk", "--today", "2026-11-01"], operator: "admin")
        let spacedBefore = canteen.snapshot()
        let spaced = try canteen.run("operator", "add", "Li  Ming", "--role", "admin", "--today", "2026-11-01", operator: "admin")
        expectRefusal(spaced, exit: 1, saying: "would look the same as the operator 'Li Ming'", before: spacedBefore, canteen: canteen)
        // The decomposed spelling still names the operator who exists.
        let acting = try canteen.run("diner", "list", operator: "Rene\u{301}")
        #expect(acting.exitCode == 0, "\(acting)")
    }

    /// QA: the CLI refuses such names, but a book edited behind its back may hold them; the HTML report and the card
    /// sheet printed them raw while the table, CSV and JSON escaped them.
    @Test func controlAndDirectionCharactersInStoredNamesReachHTMLEscaped() throws {
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-02", "--today", "2026-11-03"], operator: "clerk1")
        let hostile = "'A' || char(27) || '[31m' || char(8238) || 'B' || char(0) || 'C' || char(8203) || 'D' || char(7) || 'E' || char(10) || 'F'"
        try Fixtures.execute("UPDATE sites SET name = \(hostile); UPDATE diners SET name = \(hostile), home_site_id = 1", on: canteen.db)
        let unsafe: Set<Unicode.Scalar> = ["\u{0}", "\u{7}", "\u{1B}", "\u{202E}", "\u{200B}"]
        let report = try canteen.run("report", "month", "2026-11", "--format", "html", "--today", "2026-11-03")
        let card = try canteen.run("diner", "card", "D00001", "--today", "2026-11-03", operator: "clerk1")
        for (what, result) in [("report", report), ("card sheet", card)] {
            #expect(result.exitCode == 0, "\(what): \(result)")
            #expect(!result.stdout.unicodeScalars.contains { unsafe.contains($0) }, "\(what) prints raw control characters")
            for escaped in ["A\\u{1B}[31m\\u{202E}B", "\\u{200B}D\\u{7}E\\nF"] {
                #expect(result.stdout.contains(escaped), "\(what) should show \(escaped) as text")
            }
        }
        // As the table already did.
        let table = try canteen.run("report", "month", "2026-11", "--today", "2026-11-03")
        #expect(table.exitCode == 0 && table.stdout.contains("A\\u{1B}[31m\\u{202E}B"), "\(table)")
    }

    @Test func aNameThatLooksLikeAFormulaReachesCSVAsText() throws {
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["diner", "register", "--id", li, "--name", "=HYPERLINK(\"http://x\",\"y\")", "--today", "2026-11-01"],
                            operator: "clerk1")
        let csv = try canteen.run("diner", "list", "--format", "csv")
        #expect(csv.exitCode == 0, "\(csv)")
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), "\(csv)")
        #expect(!csv.stdout.contains(",=HYPERLINK") && !csv.stdout.contains(",\"=HYPERLINK"), "\(csv)")
    }
}

// MARK: - C2. Spaces that are not the plain space

@Suite struct OtherSpacesEndToEndTests {
    /// Every space separator but U+0020 is refused inside every text field (65, naming it), so `a b` and
    /// `a<U+00A0>b` cannot become two refs, two names, two operators that read as one.
    @Test(arguments: [0x00A0, 0x2000, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000] as [UInt32])
    func anotherSpaceIsRefusedInEveryField(value: UInt32) throws {
        let space = String(Unicode.Scalar(value)!)
        let hex = String(value, radix: 16, uppercase: true)
        let named = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-02", "--today", "2026-11-20"], operator: "clerk1")
        let before = canteen.snapshot()
        let cases: [(args: [String], by: String, field: String)] = [
            (["operator", "add", "Li\(space)Ming", "--role", "clerk"], "admin", "an operator's name"),
            (["diner", "register", "--id", li, "--name", "李\(space)四"], "clerk1", "a diner's name"),
            (["site", "add", "GZ02", "--name", "Tian\(space)he", "--price", "18"], "admin", "a canteen's name"),
            (["site", "add", "GZ02", "--name", "Tianhe", "--price", "18", "--district", "天\(space)河"], "admin", "district"),
            (["budget", "add", "1", "--note", "批文\(space)1"], "fin", "note"),
            (["meal", "record", li, "--site", "GZ01", "--ref", "a\(space)b"], "clerk1", "ref"),
            (["meal", "void", "M000001", "--reason", "wrong\(space)diner"], "clerk1", "reason"),
            (["settle", "--site", "GZ01", "--month", "2026-10", "--voucher", "V\(space)1"], "fin", "voucher"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: c.args + ["--today", "2026-11-20"], operator: c.by)
            expectRefusal(result, exit: 65, saying: named, "space", before: before, canteen: canteen)
            #expect(result.stderr.lowercased().contains(c.field), "\(c.args): \(result)")
        }
    }

    @Test func theRefusalNamesTheSpaceInEachLanguage() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let en = try canteen.run("meal", "record", zhang, "--site", "GZ01", "--ref", "a\u{3000}b", "--today", "2026-11-20", operator: "clerk1")
        expectRefusal(en, exit: 65, saying: "U+3000 IDEOGRAPHIC SPACE", "ordinary space", before: before, canteen: canteen)
        #expect(en.stderr.split(separator: "\n").count == 1, "\(en)")
        let zh = try canteen.run("meal", "record", zhang, "--site", "GZ01", "--ref", "a\u{00A0}b", "--today", "2026-11-20", "--lang", "zh",
                                 operator: "clerk1")
        expectRefusal(zh, exit: 65, saying: "U+00A0 NO-BREAK SPACE", "普通", before: before, canteen: canteen)
    }

    /// The ref of a retried meal: `a b` is the key, and `a<U+00A0>b` is refused rather than taken for a second
    /// meal's; an import row is refused the same way, while a scanner's tab or CR at the ends is trimmed as before.
    @Test func aRefWithAnotherSpaceIsNotASecondKey() throws {
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["diner", "register", "--id", li, "--name", "李四", "--today", "2026-11-01"], operator: "clerk1")
        let first = try canteen.succeed(arguments: ["meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-02", "--ref", "a b",
                                                    "--today", "2026-11-20", "--format", "json"], operator: "clerk1")
        let before = canteen.snapshot()
        let twin = try canteen.run("meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-03", "--ref", "a\u{00A0}b", "--today", "2026-11-20",
                                   operator: "clerk1")
        expectRefusal(twin, exit: 65, saying: "U+00A0", before: before, canteen: canteen)

        let dir = try #require(canteen.tempDir)
        let bad = try dir.write("ref,date,slot,site,diner,pay\r\nok-1,2026-11-04,lunch,GZ01,\(zhang),cash\r\nx\u{3000}y,2026-11-04,lunch,GZ01,\(li),cash\r\n",
                                to: "bad.csv")
        let refused = try canteen.run("meal", "import", bad, "--today", "2026-11-20", operator: "clerk1")
        expectRefusal(refused, exit: 65, saying: "line 3", "U+3000 IDEOGRAPHIC SPACE", before: before, canteen: canteen)
        #expect(!refused.stderr.contains("line 2"), "\(refused)")

        // Tabs and CRs at the ends of a ref are trimmed, as they were: the row's ref is `a b`, already recorded.
        let tabbed = try dir.write("ref,date,slot,site,diner,pay\r\n\ta b\t,2026-11-02,lunch,GZ01,\(zhang),cash\r\n", to: "tabbed.csv")
        let again = try canteen.run("meal", "import", tabbed, "--today", "2026-11-20", operator: "clerk1")
        #expect(again.exitCode == 0, "\(again)")
        #expect(canteen.snapshot() == before, "the row's ref is the meal's: nothing new is recorded")
        let retried = try canteen.succeed(arguments: ["meal", "record", zhang, "--site", "GZ01", "--date", "2026-11-02", "--ref", "a b\t",
                                                      "--today", "2026-11-20", "--format", "json"], operator: "clerk1")
        #expect((retried.json as? [String: Any])?["meal"] as? String == (first.json as? [String: Any])?["meal"] as? String, "\(retried)")
    }

    /// An operator named before the rule, with an ideographic space inside, can still be named to deactivate.
    @Test func anOperatorNamedUnderTheOlderRuleCanStillBeDeactivated() throws {
        let canteen = try smallBooks()
        try Fixtures.execute("INSERT INTO operators (name, role, created_at) VALUES ('李\u{3000}明', 'clerk', '2026-11-01T00:00:00Z')", on: canteen.db)
        let done = try canteen.run("operator", "deactivate", "李\u{3000}明", "--today", "2026-11-01", operator: "admin")
        #expect(done.exitCode == 0, "\(done)")
        let list = try canteen.succeed("operator", "list", "--format", "csv")
        #expect(list.stdout.contains("李\u{3000}明,clerk,0"), "\(list)")
    }
}

// MARK: - C3. Names that read as another's

@Suite struct LookAlikeNameEndToEndTests {
    /// Books with operators boss, fix (deactivated), IX, scope and Li Ming beside the admin.
    static func books() throws -> Canteen {
        let canteen = try smallBooks()
        for name in ["boss", "fix", "IX", "scope", "Li Ming"] {
            try canteen.succeed(arguments: ["operator", "add", name, "--role", "clerk", "--today", "2026-11-01"], operator: "admin")
        }
        try canteen.succeed(arguments: ["operator", "deactivate", "fix", "--today", "2026-11-01"], operator: "admin")
        return canteen
    }

    @Test(arguments: [
        ("bоss", "boss"), ("ｂｏｓｓ", "boss"), ("BOSS", "boss"), ("Ｂｏｓｓ", "boss"), ("𝐛𝐨𝐬𝐬", "boss"), ("ⓑⓞⓢⓢ", "boss"), ("ᵇᵒˢˢ", "boss"),
        ("ﬁx", "fix"), ("FIX", "fix"), ("Ⅸ", "IX"), ("ⅸ", "IX"), ("ѕсоре", "scope"), ("ЅСОРЕ", "scope"), ("Li\u{3000}Ming", "Li Ming"),
    ])
    func aNameThatReadsAsAnExistingOneIsRefused(name: String, existing: String) throws {
        let canteen = try Self.books()
        let before = canteen.snapshot()
        let result = try canteen.run("operator", "add", name, "--role", "admin", "--today", "2026-11-01", operator: "admin")
        if name == "bоss" {
            // A word of Latin and Cyrillic letters is refused before it is compared: it is no one's name.
            expectRefusal(result, exit: 65, saying: "mixes alphabets", "U+043E CYRILLIC SMALL LETTER O", before: before, canteen: canteen)
        } else if name.unicodeScalars.contains(where: { $0.value == 0x3000 }) {
            expectRefusal(result, exit: 65, saying: "U+3000", before: before, canteen: canteen)
        } else {
            expectRefusal(result, exit: 1, saying: "would look the same as the operator '\(existing)'", before: before, canteen: canteen)
        }
    }

    @Test func wordsInTwoAlphabetsAreRefusedInNamesAndOneAlphabetPerWordIsTaken() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        let cases: [(args: [String], by: String)] = [
            (["operator", "add", "аdmin2", "--role", "admin"], "admin"),
            (["diner", "register", "--id", li, "--name", "Ivanоv"], "clerk1"),
            (["site", "add", "GZ02", "--name", "Tiаnhe", "--price", "18"], "admin"),
            (["site", "add", "GZ02", "--name", "Tianhe", "--price", "18", "--district", "Μiddle"], "admin"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: c.args + ["--today", "2026-11-01"], operator: c.by)
            expectRefusal(result, exit: 65, saying: "mixes alphabets", "U+0", before: before, canteen: canteen)
        }
        for name in ["王主任", "clerk-fc", "李A2", "Ivan Иванов"] {
            try canteen.succeed(arguments: ["operator", "add", name, "--role", "clerk", "--today", "2026-11-01"], operator: "admin")
        }
        let list = try canteen.succeed("operator", "list", "--format", "csv")
        for name in ["王主任", "clerk-fc", "李A2", "Ivan Иванов"] { #expect(list.stdout.contains(name), "\(list)") }
    }

    /// `audit log --by` takes the name as a person reads it: another case or width finds the same operator.
    @Test func theAuditLogFindsAnOperatorByTheNameAsRead() throws {
        let canteen = try Self.books()
        try canteen.succeed(arguments: ["diner", "register", "--id", li, "--name", "李四", "--today", "2026-11-01"], operator: "boss")
        for typed in ["boss", "BOSS", "ｂｏｓｓ"] {
            let log = try canteen.succeed("audit", "log", "--by", typed, "--format", "csv")
            #expect(log.stdout.split(separator: "\r\n").count == 2 && log.stdout.contains(",boss,diner register,"), "\(typed): \(log)")
        }
        let nobody = try canteen.run("audit", "log", "--by", "bose")
        #expect(nobody.exitCode == 66, "\(nobody)")
    }

    /// Books kept before names were compared by their look may hold `boss` and `bоss`: the anomalies name the
    /// later one with its Cyrillic letter, `audit log --by boss` shows both, and the admin can still deactivate it.
    @Test func twinsFromOlderBooksAreShownAndCanBeDeactivated() throws {
        let canteen = try Self.books()
        try Fixtures.execute("INSERT INTO operators (name, role, created_at) VALUES ('bоss', 'clerk', '2026-11-01T00:00:00Z')", on: canteen.db)
        try canteen.succeed(arguments: ["diner", "register", "--id", li, "--name", "李四", "--today", "2026-11-01"], operator: "bоss")
        let anomalies = try canteen.succeed("audit", "anomalies", "--format", "csv")
        #expect(anomalies.stdout.contains("look-alike-operators,bоss,"), "\(anomalies)")
        #expect(anomalies.stdout.contains("U+043E CYRILLIC SMALL LETTER O"), "\(anomalies)")
        let zh = try canteen.succeed("audit", "anomalies", "--lang", "zh")
        #expect(zh.stdout.contains("看起来与操作员“boss”相同"), "\(zh)")
        let log = try canteen.succeed("audit", "log", "--by", "boss", "--format", "csv")
        #expect(log.stdout.contains(",bоss,diner register,"), "\(log)")
        try canteen.succeed(arguments: ["operator", "deactivate", "bоss", "--today", "2026-11-01"], operator: "admin")
        let list = try canteen.succeed("operator", "list", "--format", "csv")
        #expect(list.stdout.contains("bоss,clerk,0") && list.stdout.contains("boss,clerk,1"), "\(list)")
    }
}

// MARK: - D. Exports that other tools read

@Suite struct HostileExportEndToEndTests {
    static let refs = ["ends in a backslash \\", "quote \" and ; semicolon", "#hash |pipe", "*star !bang (paren {brace @at", "长者饭堂 “中文”"]

    /// Books whose refs and void reasons carry every character the formats treat specially.
    static func hostileBooks() throws -> Canteen {
        let canteen = try smallBooks()
        try canteen.succeed(arguments: ["diner", "register", "--id", li, "--name", "李四", "--today", "2026-11-01"], operator: "clerk1")
        for (index, ref) in refs.enumerated() {
            let diner = index % 2 == 0 ? zhang : li
            let slot = ["breakfast", "lunch", "dinner"][index % 3]
            try canteen.succeed(arguments: ["meal", "record", diner, "--site", "GZ01", "--date", "2026-11-0\(2 + index)", "--slot", slot,
                                            "--ref", ref, "--today", "2026-11-20"], operator: "clerk1")
        }
        try canteen.succeed(arguments: ["meal", "void", "M000001", "--reason", "wrong diner \\", "--today", "2026-11-20"], operator: "clerk1")
        try canteen.succeed(arguments: ["meal", "void", "M000002", "--reason", "说明: \"x\"; #1 | * ! ( { @ \\", "--today", "2026-11-20"], operator: "clerk1")
        try canteen.succeed(arguments: ["budget", "add", "100", "--note", "批文 \"2026\" 第1号 \\", "--today", "2026-11-20"], operator: "fin")
        return canteen
    }

    @Test(.enabled(if: toolExists("bean-check"), "bean-check is not installed (pip install beancount)"))
    func beancountExportPassesBeanCheck() throws {
        let canteen = try Self.hostileBooks()
        let out = try #require(canteen.tempDir).file("journal.beancount")
        try canteen.succeed(arguments: ["export", "journal", "--format", "beancount", "--out", out, "--today", "2026-11-20"])
        let (code, output) = try runTool("bean-check", [out])
        #expect(code == 0, "bean-check: \(output)\n\((try? String(contentsOfFile: out, encoding: .utf8)) ?? "")")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains(#"ref ends in a backslash \\""#), "the memo is escaped exactly")
    }

    @Test(.enabled(if: toolExists("hledger"), "hledger is not installed (apt-get install hledger)"))
    func ledgerExportBalancesInHledger() throws {
        let canteen = try Self.hostileBooks()
        let out = try #require(canteen.tempDir).file("journal.ledger")
        try canteen.succeed(arguments: ["export", "journal", "--format", "ledger", "--out", out, "--today", "2026-11-20"])
        let (code, output) = try runTool("hledger", ["-f", out, "bal", "--flat", "--no-elide"])
        #expect(code == 0, "hledger: \(output)")
        let total = output.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(total == "0", "every account sums to zero: \(output)")
        let (_, descriptions) = try runTool("hledger", ["-f", out, "register", "--output-format", "csv"])
        #expect(descriptions.contains("quote \"\" and ； semicolon"), "no ';' cut the description short: \(descriptions)")
    }

    @Test(.enabled(if: toolExists("ledger"), "ledger is not installed (apt-get install ledger)"))
    func ledgerExportBalancesInLedger() throws {
        let canteen = try Self.hostileBooks()
        let out = try #require(canteen.tempDir).file("journal.ledger")
        try canteen.succeed(arguments: ["export", "journal", "--format", "ledger", "--out", out, "--today", "2026-11-20"])
        let (code, output) = try runTool("ledger", ["-f", out, "bal"])
        #expect(code == 0 && !output.contains("rror"), "ledger: \(output)")
        let (_, payees) = try runTool("ledger", ["-f", out, "reg", "--format", "%P\n"])
        #expect(payees.contains("*star !bang (paren {brace @at"), "\(payees)")
    }
}

// MARK: - E. Smaller ones

@Suite struct StrayInputEndToEndTests {
    @Test func aFindTextLongerThanANameIsInvalidInput() throws {
        let canteen = try smallBooks()
        let before = canteen.snapshot()
        // 50,001 characters (a single argument may hold 128 KiB, so ASCII rather than Chinese).
        let result = try canteen.run("diner", "find", String(repeating: "x", count: 50_001))
        expectRefusal(result, exit: 65, saying: "50001 characters", before: before, canteen: canteen)
        #expect(try canteen.run("diner", "find", String(repeating: "x", count: 64)).exitCode == 0)
    }

    @Test func helpAndVersionNameTheStrayWord() throws {
        let dir = try TempDir("help")
        func run(_ args: String...) throws -> RunResult { try run(args) }
        func run(_ args: [String]) throws -> RunResult {
            try CanteenBinary.run(arguments: args, environment: CanteenBinary.baseEnvironment, directory: dir.path)
        }
        let extra = try run("help", "meal", "record", "extra")
        #expect(extra.exitCode == 64 && extra.stderr.contains("unexpected argument 'extra'") && extra.stderr.contains("Usage: canteen meal record"), "\(extra)")
        #expect(!extra.stderr.contains("unknown subcommand"), "\(extra)")
        let version = try run("--version", "extra")
        #expect(version.exitCode == 64 && version.stdout.isEmpty, "\(version)")
        let unknown = try run("extra", "--help")
        #expect(unknown.exitCode == 64 && unknown.stderr.contains("unknown command 'extra'"), "\(unknown)")
        #expect(try run("help", "help").exitCode == 0)
        // The help command takes the topic's words and the global options only: a stray word or option is a usage
        // error naming it, with the topic's usage, never help for the command without it.
        let cases: [([String], String)] = [
            (["help", "meal", "record", "--bogus"], "unknown option '--bogus'"), (["help", "meal", "record", "-x"], "unknown option '-x'"),
            (["help", "meal", "record", "extra"], "unexpected argument 'extra'"),
        ]
        for (args, message) in cases {
            let result = try run(args)
            #expect(result.exitCode == 64 && result.stdout.isEmpty && result.stderr.contains(message), "\(args): \(result)")
            #expect(result.stderr.contains("Usage: canteen \(args[args[0] == "help" ? 1 : 0]) "), "\(args): \(result)")
        }
        // --help on a command line being typed shows that command's help, whatever else is on it (as
        // swift-argument-parser does); only a command word that is not there is an error.
        for args in [["help", "meal", "record"], ["meal", "record", "--help"], ["-h", "meal", "record"], ["meal", "record", "--help", "extra"],
                     ["meal", "record", "D00001", "--site", "FC", "--help"], ["meal", "record", "-h", "--site"], ["site", "add", "--prise", "1", "--help"]] {
            let result = try run(args)
            #expect(result.exitCode == 0 && result.stdout.contains("USAGE: canteen \(args.contains("site") ? "site add" : "meal record")"), "\(args): \(result)")
        }
        let chinese = try run("help", "meal", "record", "--lang", "zh")
        #expect(chinese.exitCode == 0 && chinese.stdout.contains("canteen meal record"), "\(chinese)")
        let mistyped = try run("meal", "recrod", "--help")
        #expect(mistyped.exitCode == 64 && mistyped.stderr.contains("recrod"), "\(mistyped)")
        #expect(try run("--version").stdout.hasPrefix("canteen "))
    }
}
