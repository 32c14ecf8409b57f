import Testing
@testable import CanteenCLI

// MARK: - Helpers

/// A small command set of its own, so the parser's rules are tested apart from the real commands.
private let toySpecs: [CommandSpec] = [
    CommandSpec(path: ["init"], abstract: Bilingual("Create.", "新建。"), options: [.required("admin", "name", Bilingual("The admin.", "管理员。"))]),
    CommandSpec(path: ["site", "add"], abstract: Bilingual("Add a canteen.", "添加饭堂。"),
                arguments: [ArgumentSpec(name: "code", help: Bilingual("The code.", "代码。"))],
                options: [.required("name", "name", Bilingual("Name.", "名称。")), .required("price", "yuan", Bilingual("Price.", "价格。")),
                          .optional("from", "date", Bilingual("From.", "起始日。")), .flag("force", Bilingual("Force.", "强制。"))]),
    CommandSpec(path: ["site", "list"], abstract: Bilingual("List.", "列出。")),
    CommandSpec(path: ["site", "show"], abstract: Bilingual("Show.", "显示。"), arguments: [ArgumentSpec(name: "code", help: Bilingual("The code.", "代码。"))]),
    CommandSpec(path: ["report"], abstract: Bilingual("Report.", "报表。"),
                arguments: [ArgumentSpec(name: "month", help: Bilingual("Month.", "月份。")),
                            ArgumentSpec(name: "site", help: Bilingual("Site.", "饭堂。"), optional: true)]),
]

private func parse(_ arguments: [String], specs: [CommandSpec] = toySpecs) throws -> ParsedLine {
    try ArgumentParser(commands: specs).parse(arguments)
}

private func parseError(_ arguments: [String], specs: [CommandSpec] = toySpecs) throws -> UsageError {
    try #require(throws: UsageError.self, "\(arguments) should be a usage error") {
        try ArgumentParser(commands: specs).parse(arguments)
    }
}

/// Runs the CLI in-process with an empty environment, so no database is named by $CANTEEN_DB.
private func run(_ arguments: String...) -> CanteenCLI.Result {
    CanteenCLI.run(arguments: arguments, environment: [:], clock: .fixed(1_795_928_400))
}

private func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
}

/// A usage error as CLI.md and swift-argument-parser print it: exit 64, nothing on stdout and exactly three lines on stderr.
private func expectUsageError(_ result: CanteenCLI.Result, helpFor command: String? = nil, mentioning fragment: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitCode == 64, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    #expect(result.stderr.hasSuffix("\n"), sourceLocation: sourceLocation)
    let printed = lines(result.stderr)
    #expect(printed.count == 3, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    guard printed.count == 3 else { return }
    #expect(printed[0].hasPrefix("Error: "), sourceLocation: sourceLocation)
    #expect(printed[1].hasPrefix("Usage: canteen "), sourceLocation: sourceLocation)
    #expect(printed[2].hasPrefix("  See 'canteen "), sourceLocation: sourceLocation)
    #expect(printed[2].hasSuffix(" --help' for more information."), sourceLocation: sourceLocation)
    if let command {
        #expect(printed[1].hasPrefix("Usage: canteen \(command)"), sourceLocation: sourceLocation)
        #expect(printed[2] == "  See 'canteen \(command) --help' for more information.", sourceLocation: sourceLocation)
    }
    if let fragment {
        #expect(printed[0].contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }
}

// MARK: - Parser

@Suite struct ArgumentParserTests {
    static let siteAdd = ["site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18"]

    @Test(arguments: [
        ["--db", "x.db", "--operator", "管理员", "site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18"],
        ["site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", "--db", "x.db", "--operator", "管理员"],
        ["site", "--db", "x.db", "add", "GZ01", "--operator", "管理员", "--name", "越秀区长者饭堂", "--price", "18"],
        ["--operator=管理员", "site", "add", "--name=越秀区长者饭堂", "GZ01", "--price=18", "--db=x.db"],
        ["site", "add", "--price", "18", "--name", "越秀区长者饭堂", "--db", "x.db", "GZ01", "--operator", "管理员"],
    ])
    func globalOptionsMayStandAnywhere(arguments: [String]) throws {
        let line = try parse(arguments)
        #expect(line.request == .run(["site", "add"]))
        #expect(line.globals == ["db": "x.db", "operator": "管理员"])
        #expect(line.options == ["name": "越秀区长者饭堂", "price": "18"])
        #expect(line.positionals == ["GZ01"])
        #expect(line.flags.isEmpty)
    }

    @Test func everyGlobalOptionIsKnown() throws {
        let line = try parse(["site", "list", "--db", "a.db", "--operator", "op", "--format", "json", "--lang", "zh",
                              "--today", "2026-11-29"])
        #expect(line.globals == ["db": "a.db", "operator": "op", "format": "json", "lang": "zh", "today": "2026-11-29"])
    }

    @Test(arguments: [
        ("--name=a=b", "a=b"),
        ("--name=", ""),
        ("--name=-x", "-x"),
        ("--name=--price", "--price"),
        ("--name=长者 饭堂", "长者 饭堂"),
    ])
    func anInlineValueIsTakenWhole(token: String, value: String) throws {
        let line = try parse(["site", "add", "GZ01", token, "--price", "18"])
        #expect(line.options["name"] == value)
        #expect(line.options["price"] == "18")
    }

    @Test(arguments: ["-1", "-3.50", "-0.01"])
    func aNegativeNumberIsAValueSoTheAmountCheckSeesIt(value: String) throws {
        let line = try parse(["site", "add", "GZ01", "--name", "X", "--price", value])
        #expect(line.options["price"] == value)
    }

    @Test func flagsTakeNoValue() throws {
        #expect(try parse(Self.siteAdd + ["--force"]).flags == ["force"])
        let inline = try parseError(Self.siteAdd + ["--force=yes"])
        #expect(inline.message.english.contains("--force takes no value"))
        let twice = try parseError(Self.siteAdd + ["--force", "--force"])
        #expect(twice.message.english.contains("--force was given twice"))
    }

    @Test(arguments: [
        ["site", "add", "GZ01", "--name", "A", "--name", "B", "--price", "18"],
        ["site", "add", "GZ01", "--name", "A", "--price", "18", "--price=19"],
    ])
    func aRepeatedOptionIsAUsageError(arguments: [String]) throws {
        let error = try parseError(arguments)
        #expect(error.message.english.contains("was given twice"))
        #expect(error.command == ["site", "add"])
    }

    @Test(arguments: [
        ["--db", "a.db", "site", "list", "--db", "b.db"],
        ["site", "list", "--operator=a", "--operator", "b"],
    ])
    func aRepeatedGlobalOptionIsAUsageError(arguments: [String]) throws {
        #expect(try parseError(arguments).message.english.contains("was given twice"))
    }

    @Test(arguments: [
        (["site", "add", "GZ01", "--price", "18", "--name"], "--name"),
        (["site", "add", "GZ01", "--name", "--price", "18"], "--name"),
        (["site", "list", "--db"], "--db"),
        (["--operator", "--db", "x.db", "site", "list"], "--operator"),
    ])
    func aMissingValueIsAUsageError(arguments: [String], option: String) throws {
        let message = try parseError(arguments).message.english
        #expect(message.contains("missing value") && message.contains(option), "\(message)")
    }

    @Test func doubleDashEndsOptions() throws {
        let line = try parse(["site", "add", "--name", "X", "--price", "18", "--", "--db"])
        #expect(line.request == .run(["site", "add"]))
        #expect(line.positionals == ["--db"])
        #expect(line.globals.isEmpty, "after --, --db is an argument, not the global option")

        let help = try parse(["site", "show", "--", "--help"])
        #expect(help.request == .run(["site", "show"]))
        #expect(help.positionals == ["--help"])

        let dash = try parse(["site", "show", "--", "-GZ01"])
        #expect(dash.positionals == ["-GZ01"])
    }

    @Test func optionalArgumentsMayBeLeftOut() throws {
        #expect(try parse(["report", "2026-11"]).positionals == ["2026-11"])
        #expect(try parse(["report", "2026-11", "GZ01"]).positionals == ["2026-11", "GZ01"])
        #expect(try parseError(["report", "2026-11", "GZ01", "extra"]).message.english.contains("'extra'"))
    }

    @Test(arguments: [
        (["site", "add", "GZ01", "--name", "X"], ["missing", "--price"]),
        (["site", "add", "--name", "X", "--price", "18"], ["missing", "<code>"]),
        (["site", "list", "extra"], ["unexpected argument", "'extra'"]),
        (["site", "add", "GZ01", "--name", "X", "--price", "18", "-x"], ["unknown option", "'-x'"]),
        (["site", "add", "GZ01", "--name", "X", "--prise", "18"], ["unknown option", "'--prise'", "Did you mean '--price'?"]),
        (["site", "add", "GZ01", "--name", "X", "--price", "18", "--zzzzzz"], ["unknown option", "'--zzzzzz'"]),
    ])
    func commandLineMistakesAreUsageErrorsForTheCommand(arguments: [String], fragments: [String]) throws {
        let error = try parseError(arguments)
        for fragment in fragments {
            #expect(error.message.english.contains(fragment), "\(error.message.english)")
        }
        #expect(error.command == Array(arguments.prefix(2)))
    }

    @Test(arguments: [
        (["sitee"], "sitee", "site"),
        (["int"], "int", "init"),
        (["inti"], "inti", "init"),             // a swap of two neighbours is one typo
        (["xyzzy"], "xyzzy", nil),
        (["site", "ad"], "ad", "site add"),
        (["site", "lsit"], "lsit", "site list"),
        (["site", "zzzz"], "zzzz", nil),
    ] as [([String], String, String?)])
    func unknownCommandsSuggestTheClosest(arguments: [String], word: String, suggestion: String?) throws {
        let error = try parseError(arguments)
        #expect(error.message.english.hasPrefix("unknown "))
        #expect(error.message.english.contains("'\(word)'"))
        if let suggestion {
            #expect(error.message.english.hasSuffix("Did you mean '\(suggestion)'?"), "\(error.message.english)")
        } else {
            #expect(!error.message.english.contains("Did you mean"), "\(error.message.english)")
        }
        #expect(error.command == Array(arguments.dropLast()), "the usage shown is the group's, or the general one")
    }

    @Test func anUnknownOptionBeforeAnyCommandIsAUsageError() throws {
        #expect(try parseError(["--bogus"]).message.english.contains("'--bogus'"))
    }

    @Test func aGroupWithoutASubcommandIsAUsageError() throws {
        let error = try parseError(["site"])
        #expect(error.command == ["site"])
    }

    @Test(arguments: [
        (["help", "site", "add"], ["site", "add"]),
        (["site", "add", "--help"], ["site", "add"]),
        (["site", "add", "-h"], ["site", "add"]),
        (["--help", "site", "add"], ["site", "add"]),
        (["help", "site"], ["site"]),
        (["site", "--help"], ["site"]),
        (["help"], []),
        (["-h"], []),
        (["--lang", "zh", "--help"], []),
    ])
    func helpRequests(arguments: [String], topic: [String]) throws {
        #expect(try parse(arguments).request == .help(topic))
    }

    @Test("No command, or global options alone, is no command: help locally, the welcome through the gate",
          arguments: [[], ["--lang", "zh"], ["--format", "json", "--operator", "x"], ["--lang=en"]])
    func noCommand(arguments: [String]) throws {
        #expect(try parse(arguments).request == .noCommand)
    }

    @Test("--lang is found on a line that does not parse, so its error is worded as asked")
    func requestedLang() {
        let parser = ArgumentParser(commands: CanteenCLI.specs)
        #expect(parser.requestedLang(in: ["dinr", "--lang", "zh"]) == .zh)
        #expect(parser.requestedLang(in: ["--lang=ZH", "site", "add"]) == .zh)
        #expect(parser.requestedLang(in: ["diner", "find", "--", "--lang", "zh"]) == nil)
        #expect(parser.requestedLang(in: ["diner", "--lang"]) == nil && parser.requestedLang(in: ["--lang", "fr"]) == nil)
        #expect(parser.requestedLang(in: ["diner", "list"]) == nil)
    }

    @Test func versionRequest() throws {
        #expect(try parse(["--version"]).request == .version)
    }

    @Test func theRealCommandsParseTheContractsShapes() throws {
        let specs = CanteenCLI.specs
        let line = try parse(["--operator", "管理员", "site", "add", "GZ01", "--name", "饭堂", "--price", "18.50",
                              "--capacity", "80", "--district", "越秀区", "--from", "2026-01-01", "--format", "json"],
                             specs: specs)
        #expect(line.request == .run(["site", "add"]))
        #expect(line.options == ["name": "饭堂", "price": "18.50", "capacity": "80", "district": "越秀区", "from": "2026-01-01"])
        #expect(try parse(["init", "--admin", "a", "--budget", "100", "--copay", "10", "--timezone", "UTC"], specs: specs)
            .options.count == 4)
        #expect(try parse(["policy", "set", "--copay", "5", "--category", "low-income", "--min-age", "80", "--cap", "12",
                           "--from", "2026-01-01"], specs: specs).options.count == 5)
    }
}

// MARK: - The CLI around the parser

@Suite struct CLIUsageTests {
    @Test func anUnknownCommandSuggestsTheClosest() {
        let result = run("sitee")
        expectUsageError(result, mentioning: "Did you mean 'site'?")
        #expect(result.stderr.hasPrefix("Error: unknown command 'sitee'"))
    }

    @Test func anUnknownOptionSuggestsTheClosest() {
        let result = run("site", "add", "GZ01", "--name", "X", "--prise", "18")
        expectUsageError(result, helpFor: "site add", mentioning: "Did you mean '--price'?")
    }

    @Test(arguments: [
        (["site", "add", "GZ01", "--name", "X"], "site add", "missing --price"),
        (["site", "add", "--name", "X", "--price", "18"], "site add", "missing <code>"),
        (["site", "add", "GZ01", "--name", "A", "--name", "B", "--price", "18"], "site add", "given twice"),
        (["site", "add", "GZ01", "--price", "18", "--name"], "site add", "missing value for --name"),
        (["site", "list", "--format", "xml"], "site list", "--format"),
        (["site", "list", "--lang", "fr"], "site list", "--lang"),
        (["site", "add", "GZ01", "--name", "X", "--price", "18", "--format", "csv"], "site add", "csv"),
        (["init", "--admin", "a", "surplus"], "init", "unexpected argument 'surplus'"),
    ])
    func usageErrorsPrintThreeLines(arguments: [String], command: String, fragment: String) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        expectUsageError(result, helpFor: command, mentioning: fragment)
    }

    @Test(arguments: [["sitee"], ["site", "ad"], ["site"], ["--bogus"], ["help", "sitee"], ["site", "list", "--db"]])
    func usageErrorsWithoutAKnownCommandPrintThreeLinesToo(arguments: [String]) {
        expectUsageError(CanteenCLI.run(arguments: arguments, environment: [:]))
    }

    @Test(arguments: [["help", "site", "add"], ["site", "add", "--help"], ["site", "add", "-h"], ["-h", "site", "add"]])
    func helpForACommandGoesToStdout(arguments: [String]) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        #expect(result.exitCode == 0)
        #expect(result.stderr == "")
        for heading in ["OVERVIEW:", "USAGE:", "OPTIONS:"] {
            #expect(result.stdout.contains(heading), "missing \(heading) in \(result.stdout)")
        }
        #expect(result.stdout.contains("USAGE: canteen site add <code> --name <name> --price <yuan>"))
        #expect(result.stdout.contains("-h, --help"))
        #expect(result.stdout.contains("--db <path>"), "help lists the global options")
    }

    @Test(arguments: [["-h"], ["--help"], ["help"], []])
    func overallHelpListsTheCommands(arguments: [String]) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        #expect(result.exitCode == 0)
        #expect(result.stderr == "")
        for heading in ["OVERVIEW:", "USAGE:", "OPTIONS:", "COMMANDS:"] {
            #expect(result.stdout.contains(heading))
        }
        for command in ["init", "site", "policy", "operator"] {
            #expect(result.stdout.contains("\n  \(command) "), "overview should list \(command)")
        }
    }

    @Test(arguments: [["help", "site"], ["site", "--help"]])
    func groupHelpListsTheSubcommands(arguments: [String]) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        #expect(result.exitCode == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("USAGE: canteen site <subcommand>"))
        for sub in ["add", "price", "list", "show"] {
            #expect(result.stdout.contains("\n  \(sub) "), "site help should list \(sub)")
        }
    }

    @Test func versionPrintsTheVersion() {
        let result = run("--version")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "canteen \(CanteenCLI.version)\n")
        #expect(result.stderr == "")
    }

    @Test func everyRealCommandHasHelp() {
        for spec in CanteenCLI.specs {
            let result = CanteenCLI.run(arguments: ["help"] + spec.path, environment: [:])
            #expect(result.exitCode == 0, "help \(spec.name)")
            #expect(result.stdout.hasPrefix("OVERVIEW: "), "help \(spec.name)")
            #expect(result.stdout.contains("USAGE: canteen \(spec.name)"), "help \(spec.name)")
        }
    }
}
