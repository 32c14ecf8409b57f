// End-to-end tests of the finance officer's month end (issue 4): cash declarations, closing a month, corrections
// after a close, settlement, the reconciliation report in every format, the budget forecast, and the audit of it all.
// Every scenario is built through the binary, the way a person following the README would build it.
import CanteenCore
import Foundation
import SQLite
import Testing

// MARK: - The scenario

/// The books of the month-end tests: operators fin (finance) and clerk1 (clerk), canteens GZ01 (18.00) and GZ02
/// (20.00, a Chinese name with a quote and a comma, so CSV must quote it), two diners registered on 2026-09-01,
/// three meals in 2026-09 and two in 2026-10. Every command after the set-up runs with --today 2026-11-29.
private struct FinanceBooks {
    static let today = "2026-11-29"
    static let gz02Name = "天河区\"长者\"饭堂, 东"
    static let zhang = "11010519491231002X"
    static let li = "440203195001011233"

    let canteen: Canteen
    /// Meal numbers, as `meal record` printed them.
    var septemberGZ01 = "", septemberGZ02 = "", septemberGZ01Li = "", octoberGZ02 = "", octoberGZ01 = ""

    static func make(sourceLocation: SourceLocation = #_sourceLocation) throws -> FinanceBooks {
        let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-09-01", sourceLocation: sourceLocation)
        let setUp: [[String]] = [
            ["operator", "add", "fin", "--role", "finance"],
            ["operator", "add", "clerk1", "--role", "clerk"],
            ["site", "add", "GZ01", "--name", "Yuexiu canteen", "--price", "18"],
            ["site", "add", "GZ02", "--name", gz02Name, "--price", "20"],
        ]
        for args in setUp {
            let result = try canteen.run(arguments: args + ["--today", "2026-09-01"], operator: "admin", sourceLocation: sourceLocation)
            try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        }
        for (id, name) in [(zhang, "张三"), (li, "李四")] {
            let result = try canteen.run(arguments: ["diner", "register", "--id", id, "--name", name, "--date", "2026-09-01",
                                                     "--today", "2026-09-01"], operator: "clerk1", sourceLocation: sourceLocation)
            try #require(result.exitCode == 0, "diner register \(id): \(result)", sourceLocation: sourceLocation)
        }
        var books = FinanceBooks(canteen: canteen)
        books.septemberGZ01 = try books.recordMeal(zhang, site: "GZ01", date: "2026-09-03", sourceLocation: sourceLocation)
        books.septemberGZ02 = try books.recordMeal(zhang, site: "GZ02", date: "2026-09-03", "--slot", "dinner", "--pay", "wechat",
                                                   sourceLocation: sourceLocation)
        books.septemberGZ01Li = try books.recordMeal(li, site: "GZ01", date: "2026-09-04", sourceLocation: sourceLocation)
        books.octoberGZ02 = try books.recordMeal(li, site: "GZ02", date: "2026-10-05", sourceLocation: sourceLocation)
        books.octoberGZ01 = try books.recordMeal(zhang, site: "GZ01", date: "2026-10-06", sourceLocation: sourceLocation)
        return books
    }

    /// Runs `canteen <args> --today 2026-11-29` as `actor`.
    func run(_ args: String..., as actor: String = "fin", sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try run(arguments: args, as: actor, sourceLocation: sourceLocation)
    }

    func run(arguments args: [String], as actor: String = "fin", sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try canteen.run(arguments: args + ["--today", Self.today], operator: actor, sourceLocation: sourceLocation)
    }

    /// Runs a command that must exit 0.
    @discardableResult
    func succeed(_ args: String..., as actor: String = "fin", sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments: args, as: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Runs a command with --format json that must exit 0 and print a JSON object.
    func json(_ args: String..., as actor: String = "fin", sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try run(arguments: args + ["--format", "json"], as: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return try #require(result.json as? [String: Any], "not a JSON object: \(result)", sourceLocation: sourceLocation)
    }

    /// `report month MONTH --format json`, parsed.
    func report(_ month: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try json("report", "month", month, sourceLocation: sourceLocation)
    }

    /// Records a meal as clerk1 and returns its meal number.
    func recordMeal(_ diner: String, site: String, date: String, _ extra: String...,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let object = try json(arguments: ["meal", "record", diner, "--site", site, "--date", date] + extra, as: "clerk1",
                              sourceLocation: sourceLocation)
        return try #require(object["meal"] as? String, "meal record printed no meal number: \(object)", sourceLocation: sourceLocation)
    }

    func json(arguments args: [String], as actor: String, sourceLocation: SourceLocation) throws -> [String: Any] {
        let result = try run(arguments: args + ["--format", "json"], as: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return try #require(result.json as? [String: Any], "not a JSON object: \(result)", sourceLocation: sourceLocation)
    }

    /// Declares both canteens' September takings (GZ01 19.50 against 20.00 due; GZ02 10.00 exactly) and closes 2026-09.
    func declareAndCloseSeptember(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try succeed("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "19.50", sourceLocation: sourceLocation)
        try succeed("cash", "declare", "--site", "GZ02", "--month", "2026-09", "--amount", "10", sourceLocation: sourceLocation)
        try succeed("month", "close", "2026-09", sourceLocation: sourceLocation)
    }

    /// The whole month end: declare and close September, void a September meal after the close (an adjustment in
    /// October), one more October meal, an appropriation in November, settle GZ01 for September.
    func runMonthEnd(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try declareAndCloseSeptember(sourceLocation: sourceLocation)
        try succeed("meal", "void", septemberGZ01, "--reason", "wrong diner", as: "clerk1", sourceLocation: sourceLocation)
        _ = try recordMeal(Self.li, site: "GZ01", date: "2026-10-20", sourceLocation: sourceLocation)
        try succeed("budget", "add", "100", "--note", "supplement", "--date", "2026-11-02", sourceLocation: sourceLocation)
        try succeed("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "PV-2026-09-01", sourceLocation: sourceLocation)
    }

    func snapshot() -> String { canteen.snapshot() }
}

// MARK: - Reading JSON

/// An integer in parsed JSON (JSONSerialization gives NSNumber); nil for null, a missing key or a non-number.
private func fen(_ value: Any?) -> Int? {
    (value as? NSNumber)?.intValue
}

private extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func objects(_ key: String) -> [[String: Any]]? { self[key] as? [[String: Any]] }
    /// True when the key is there with JSON null.
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
    /// The line of one canteen in a report's "sites".
    func site(_ code: String) -> [String: Any]? { objects("sites")?.first { $0["site"] as? String == code } }
}

/// The keys CLI.md requires of every canteen line and of the totals (which lack "site").
private let figureKeys = ["meals", "diners", "gross_fen", "copay_fen", "subsidy_fen", "adjustments_fen", "payable_fen",
                          "cash_declared_fen", "cash_variance_fen"]
private let budgetKeys = ["opening_remaining_fen", "appropriated_fen", "drawn_fen", "closing_remaining_fen"]

/// Checks that a month report has every key of CLI.md's shape and that DESIGN.md's reconciliation identities hold in it.
private func expectShapeAndIdentities(_ report: [String: Any], month: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report["month"] as? String == month, sourceLocation: sourceLocation)
    #expect(["open", "closed"].contains(report["status"] as? String ?? ""), "status: \(report["status"] ?? "none")",
            sourceLocation: sourceLocation)
    guard let sites = report.objects("sites"), let totals = report.object("totals"), let budget = report.object("budget") else {
        Issue.record("the report lacks sites, totals or budget: \(report)", sourceLocation: sourceLocation)
        return
    }
    func identities(_ line: [String: Any], _ label: String) {
        for key in figureKeys {
            #expect(line.keys.contains(key), "\(label) lacks \(key)", sourceLocation: sourceLocation)
        }
        for key in figureKeys where !key.hasPrefix("cash_") {
            #expect(fen(line[key]) != nil, "\(label).\(key) is not an integer: \(line[key] ?? "none")", sourceLocation: sourceLocation)
        }
        let gross = fen(line["gross_fen"]) ?? -1, copay = fen(line["copay_fen"]) ?? -1, subsidy = fen(line["subsidy_fen"]) ?? -1
        let adjustments = fen(line["adjustments_fen"]) ?? 1, payable = fen(line["payable_fen"]) ?? -1
        #expect(gross == copay + subsidy, "\(label): gross = copay + subsidy", sourceLocation: sourceLocation)
        #expect(payable == subsidy + adjustments, "\(label): payable = subsidy + adjustments", sourceLocation: sourceLocation)
        #expect(adjustments <= 0, "\(label): adjustments are zero or negative", sourceLocation: sourceLocation)
        if let declared = fen(line["cash_declared_fen"]) {
            #expect(fen(line["cash_variance_fen"]) == declared - copay, "\(label): variance = declared − copay",
                    sourceLocation: sourceLocation)
        } else {
            #expect(line.isNull("cash_declared_fen") && line.isNull("cash_variance_fen"),
                    "\(label): undeclared means null declared and variance", sourceLocation: sourceLocation)
        }
    }
    for line in sites {
        let code = line["site"] as? String
        #expect(code != nil, "a canteen line without its code: \(line)", sourceLocation: sourceLocation)
        identities(line, "site \(code ?? "?")")
    }
    identities(totals, "totals")
    #expect(!totals.keys.contains("site"), "totals have no site key", sourceLocation: sourceLocation)
    // Totals are sums, except diners, which are counted across the city.
    for key in ["meals", "gross_fen", "copay_fen", "subsidy_fen", "adjustments_fen", "payable_fen"] {
        #expect(fen(totals[key]) == sites.map { fen($0[key]) ?? 0 }.reduce(0, +), "totals.\(key) is the sum over canteens",
                sourceLocation: sourceLocation)
    }
    #expect((fen(totals["diners"]) ?? -1) <= sites.map { fen($0["diners"]) ?? 0 }.reduce(0, +), sourceLocation: sourceLocation)
    for key in budgetKeys {
        #expect(fen(budget[key]) != nil, "budget.\(key) is missing or not an integer", sourceLocation: sourceLocation)
    }
    let opening = fen(budget["opening_remaining_fen"]) ?? 0, appropriated = fen(budget["appropriated_fen"]) ?? 0
    let drawn = fen(budget["drawn_fen"]) ?? 0, closing = fen(budget["closing_remaining_fen"]) ?? 0
    #expect(opening + appropriated - drawn == closing, "opening + appropriated − drawn = closing", sourceLocation: sourceLocation)
    #expect(fen(totals["payable_fen"]) == drawn, "totals.payable = budget.drawn", sourceLocation: sourceLocation)
    #expect(closing >= 0, "remaining ≥ 0", sourceLocation: sourceLocation)
}

// MARK: - Text

/// The CSV as rows, read by the project's own RFC 4180 reader.
private func parseCSV(_ text: String) throws -> [[String]] {
    var reader = CSVReader(string: text)
    var rows: [[String]] = []
    while let record = try reader.nextRecord() { rows.append(record.fields) }
    return rows
}

/// A line as display cells: a wide character takes two cells, the second an empty placeholder.
private func displayCells(_ line: some StringProtocol) -> [String] {
    var cells: [String] = []
    for character in line {
        let width = displayWidth(String(character))
        cells.append(String(character))
        if width > 1 { cells.append(contentsOf: Array(repeating: "", count: width - 1)) }
    }
    return cells
}

/// The CREATE statement of a trigger, read through SQLite.
private func triggerSQL(_ name: String, in path: String) -> String? {
    guard let db = try? Database(path: path, mode: .readOnly),
          let rows = try? db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").rows([name], { $0.text(0) })
    else { return nil }
    return rows.first
}

// MARK: - Closing a month

@Suite struct MonthCloseEndToEndTests {
    @Test func closingTheCurrentMonthIsRefused() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("month", "close", "2026-11")
        expectRefusal(result, exit: 1, saying: "2026-11", "not ended", before: before, canteen: books.canteen)
    }

    @Test func closingAMonthThatHasNotBegunIsRefused() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("month", "close", "2027-01")
        expectRefusal(result, exit: 1, saying: "2027-01", before: before, canteen: books.canteen)
    }

    @Test func closingOutOfOrderNamesTheEarlierOpenMonth() throws {
        let books = try FinanceBooks.make()
        try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-10", "--amount", "10")
        try books.succeed("cash", "declare", "--site", "GZ02", "--month", "2026-10", "--amount", "10")
        let before = books.snapshot()
        let result = try books.run("month", "close", "2026-10")
        expectRefusal(result, exit: 1, saying: "2026-09", before: before, canteen: books.canteen)
    }

    @Test func anEarlierMonthWithoutActivityDoesNotHoldUpAClose() throws {
        // Only October has meals: August and September are quiet and need no close of their own.
        let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-08-01")
        let books = FinanceBooks(canteen: canteen)
        try books.succeed("operator", "add", "fin", "--role", "finance", as: "admin")
        try books.succeed("operator", "add", "clerk1", "--role", "clerk", as: "admin")
        try books.succeed("site", "add", "GZ01", "--name", "Yuexiu canteen", "--price", "18", as: "admin")
        try books.succeed("diner", "register", "--id", FinanceBooks.li, "--name", "李四", "--date", "2026-08-01", as: "clerk1")
        _ = try books.recordMeal(FinanceBooks.li, site: "GZ01", date: "2026-10-05")
        try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-10", "--amount", "10")
        let closed = try books.run("month", "close", "2026-10")
        #expect(closed.exitCode == 0, "\(closed)")
        #expect(try books.report("2026-10")["status"] as? String == "closed")
    }

    @Test func closingWithAnUndeclaredCanteenListsItAndForceRecordsIt() throws {
        let books = try FinanceBooks.make()
        try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "20")
        let before = books.snapshot()
        let refused = try books.run("month", "close", "2026-09")
        expectRefusal(refused, exit: 1, saying: "GZ02", "--force", before: before, canteen: books.canteen)
        #expect(!refused.stderr.contains("GZ01"), "only the undeclared canteen is listed: \(refused)")

        let forced = try books.run("month", "close", "2026-09", "--force")
        #expect(forced.exitCode == 0, "\(forced)")
        #expect(forced.stdout.lowercased().contains("forced"), "\(forced)")

        let months = try #require(try books.json("month", "list").objects("months"))
        let september = try #require(months.first { $0["month"] as? String == "2026-09" }, "\(months)")
        #expect(september["status"] as? String == "closed")
        #expect(september["forced"] as? Bool == true, "month list records the forced close: \(september)")
        let october = try #require(months.first { $0["month"] as? String == "2026-10" }, "\(months)")
        #expect(october["status"] as? String == "open")
        #expect(try books.succeed("month", "list").stdout.contains("forced"))

        let report = try books.report("2026-09")
        #expect(report["status"] as? String == "closed")
        #expect(report.object("seal")?["forced"] as? Bool == true, "\(report["seal"] ?? "no seal")")
        #expect(try books.succeed("report", "month", "2026-09", "--lang", "en").stdout.contains("forced"))
        #expect(report.site("GZ02")?.isNull("cash_declared_fen") == true)
    }

    @Test func closingWithEveryCanteenDeclaredIsNotForced() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let months = try #require(try books.json("month", "list").objects("months"))
        let september = try #require(months.first { $0["month"] as? String == "2026-09" })
        #expect(september["status"] as? String == "closed")
        #expect(september["forced"] as? Bool == false)
        #expect(september["closed_by"] as? String == "fin")
        #expect(fen(september["payable_fen"]) == 2600)
        // The report prints the chain head sealed by the close, for the auditor to keep.
        let head = try #require(september["chain_head"] as? String)
        #expect(head.count == 64)
        #expect(try books.succeed("report", "month", "2026-09", "--lang", "en").stdout.contains(head))
    }

    @Test func closingTwiceIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let again = try books.run("month", "close", "2026-09")
        expectRefusal(again, exit: 1, saying: "2026-09", "closed", before: before, canteen: books.canteen)
        let forced = try books.run("month", "close", "2026-09", "--force")
        expectRefusal(forced, exit: 1, saying: "closed", before: before, canteen: books.canteen)
    }

    @Test func aClerkClosingAMonthIsRefusedByRole() throws {
        let books = try FinanceBooks.make()
        try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "20")
        try books.succeed("cash", "declare", "--site", "GZ02", "--month", "2026-09", "--amount", "10")
        let before = books.snapshot()
        let result = try books.run("month", "close", "2026-09", as: "clerk1")
        expectRefusal(result, exit: 77, saying: "clerk1", before: before, canteen: books.canteen)
    }
}

// MARK: - After the close

@Suite struct ClosedMonthEndToEndTests {
    @Test func aMealDatedIntoAClosedMonthIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let result = try books.run("meal", "record", FinanceBooks.li, "--site", "GZ01", "--date", "2026-09-20", as: "clerk1")
        expectRefusal(result, exit: 1, saying: "closed", before: before, canteen: books.canteen)
    }

    @Test func anImportRowDatedIntoAClosedMonthRefusesTheWholeFile() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let file = try #require(books.canteen.tempDir).write("""
            ref,date,slot,site,diner,pay
            R1,2026-10-07,lunch,GZ01,\(FinanceBooks.li),cash
            R2,2026-09-21,lunch,GZ01,\(FinanceBooks.li),cash

            """, to: "late.csv")
        let before = books.snapshot()
        let result = try books.run("meal", "import", file, as: "clerk1")
        expectRefusal(result, exit: 1, saying: "line 3", "closed", before: before, canteen: books.canteen)
    }

    @Test func aDeclarationForAClosedMonthIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "GZ02", "--month", "2026-09", "--amount", "12")
        expectRefusal(result, exit: 1, saying: "closed", before: before, canteen: books.canteen)
    }

    @Test func anAppropriationDatedIntoAClosedMonthIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let result = try books.run("budget", "add", "100", "--note", "x", "--date", "2026-09-15")
        expectRefusal(result, exit: 1, saying: "closed", before: before, canteen: books.canteen)
    }

    @Test func aVoidAfterTheCloseIsAnAdjustmentInTheEarliestOpenMonth() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let jsonBefore = try books.succeed("report", "month", "2026-09", "--format", "json").stdout
        let csvBefore = try books.succeed("report", "month", "2026-09", "--format", "csv").stdout
        let octoberBefore = try books.report("2026-10")
        let budgetBefore = try books.json("budget", "show")

        let void = try books.run("meal", "void", books.septemberGZ01, "--reason", "wrong diner", "--format", "json", as: "clerk1")
        #expect(void.exitCode == 0, "\(void)")
        #expect(fen((void.json as? [String: Any])?["subsidy_returned_fen"]) == 800, "\(void)")
        #expect((void.json as? [String: Any])?["posted_in"] as? String == "2026-10", "\(void)")
        _ = try books.recordMeal(FinanceBooks.li, site: "GZ01", date: "2026-10-20")
        _ = try books.recordMeal(FinanceBooks.zhang, site: "GZ02", date: "2026-10-21", "--slot", "breakfast")

        // The closed month does not change by a single byte.
        #expect(try books.succeed("report", "month", "2026-09", "--format", "json").stdout == jsonBefore)
        #expect(try books.succeed("report", "month", "2026-09", "--format", "csv").stdout == csvBefore)

        // October carries the reversal as GZ01's adjustment: minus the voided meal's subsidy (8.00).
        let october = try books.report("2026-10")
        expectShapeAndIdentities(october, month: "2026-10")
        #expect(october["status"] as? String == "open")
        let gz01 = try #require(october.site("GZ01"), "\(october)")
        #expect(fen(gz01["adjustments_fen"]) == -800, "\(gz01)")
        #expect(fen(gz01["subsidy_fen"]) == 1600, "the October meals 2026-10-06 and 2026-10-20")
        #expect(fen(gz01["payable_fen"]) == 800)
        #expect(fen(october.site("GZ02")?["adjustments_fen"]) == 0)
        #expect(fen(october.object("totals")?["adjustments_fen"]) == -800)
        #expect(fen(octoberBefore.site("GZ01")?["adjustments_fen"]) == 0)
        // The fund got the subsidy back: drawn went down by 8.00 and up by the two new meals (8.00 + 10.00).
        let budgetAfter = try books.json("budget", "show")
        #expect(fen(budgetAfter["drawn_fen"]) == (fen(budgetBefore["drawn_fen"]) ?? 0) - 800 + 1800)
        // September's sealed closing is still October's opening.
        let september = try books.report("2026-09")
        #expect(fen(september.object("budget")?["closing_remaining_fen"]) == fen(october.object("budget")?["opening_remaining_fen"]))
    }

    @Test func aVoidOfAClosedMonthsMealTwiceIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        try books.succeed("meal", "void", books.septemberGZ02, "--reason", "test", as: "clerk1")
        let before = books.snapshot()
        let again = try books.run("meal", "void", books.septemberGZ02, "--reason", "test", as: "clerk1")
        expectRefusal(again, exit: 1, saying: books.septemberGZ02, before: before, canteen: books.canteen)
    }
}

// MARK: - Cash declarations

@Suite struct CashDeclareEndToEndTests {
    @Test func declaringAgainBeforeTheCloseReplacesTheFigure() throws {
        let books = try FinanceBooks.make()
        let first = try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "20")
        #expect(first.stdout.contains("20.00"))
        let second = try books.run("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "19.5", "--format", "json")
        #expect(second.exitCode == 0, "\(second)")
        #expect(fen((second.json as? [String: Any])?["amount_fen"]) == 1950, "\(second)")
        #expect(fen((second.json as? [String: Any])?["replaced_fen"]) == 2000, "\(second)")

        let gz01 = try #require(try books.report("2026-09").site("GZ01"))
        #expect(fen(gz01["cash_declared_fen"]) == 1950, "the latest figure counts: \(gz01)")
        #expect(fen(gz01["cash_variance_fen"]) == -50, "19.50 declared against 20.00 due: \(gz01)")
        // Replaced after the close? No: the second closes the month and the figure is sealed as declared last.
        try books.succeed("cash", "declare", "--site", "GZ02", "--month", "2026-09", "--amount", "10")
        try books.succeed("month", "close", "2026-09")
        #expect(fen(try books.report("2026-09").site("GZ01")?["cash_declared_fen"]) == 1950)
    }

    @Test func anUnknownCanteenIsNotFound() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "ZZ99", "--month", "2026-09", "--amount", "10")
        expectRefusal(result, exit: 66, saying: "ZZ99", before: before, canteen: books.canteen)
    }

    @Test(arguments: ["19.555", "-3", "abc", "1e3", ""])
    func aBadAmountIsInvalidInput(amount: String) throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", amount)
        expectRefusal(result, exit: 65, saying: "--amount", before: before, canteen: books.canteen)
    }

    @Test(arguments: ["2026-13", "2026-9", "09-2026", "2026-00", "September"])
    func aMalformedMonthIsInvalidInput(month: String) throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "GZ01", "--month", month, "--amount", "10")
        expectRefusal(result, exit: 65, saying: "--month", before: before, canteen: books.canteen)
    }

    @Test func declaringForAMonthThatHasNotBegunIsRefused() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "GZ01", "--month", "2026-12", "--amount", "10")
        expectRefusal(result, exit: 1, saying: "2026-12", before: before, canteen: books.canteen)
    }

    @Test func aDeclarationAloneBringsTheCanteenIntoTheReport() throws {
        // GZ02 has no meals in November, but its declaration is a line of the report (with a variance against 0.00 due).
        let books = try FinanceBooks.make()
        try books.succeed("cash", "declare", "--site", "GZ02", "--month", "2026-11", "--amount", "5")
        let report = try books.report("2026-11")
        expectShapeAndIdentities(report, month: "2026-11")
        let gz02 = try #require(report.site("GZ02"), "\(report)")
        #expect(fen(gz02["meals"]) == 0)
        #expect(fen(gz02["cash_declared_fen"]) == 500)
        #expect(fen(gz02["cash_variance_fen"]) == 500)
    }

    @Test func aClerkDeclaringIsRefusedByRole() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "10", as: "clerk1")
        expectRefusal(result, exit: 77, saying: "clerk1", before: before, canteen: books.canteen)
    }
}

// MARK: - Settlement

@Suite struct SettleEndToEndTests {
    @Test func settlingAnOpenMonthIsRefused() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "PV-1")
        expectRefusal(result, exit: 1, saying: "2026-09", "not closed", before: before, canteen: books.canteen)
    }

    @Test func settlingAClosedMonthIsRecordedAndShownInTheReport() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let unpaid = try books.report("2026-09")
        #expect(unpaid.site("GZ01")?.isNull("paid_fen") == true, "\(unpaid)")
        let paid = try books.run("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "PV-2026-09-01", "--format", "json")
        #expect(paid.exitCode == 0, "\(paid)")
        #expect(fen((paid.json as? [String: Any])?["amount_fen"]) == 1600, "\(paid)")

        let report = try books.report("2026-09")
        let gz01 = try #require(report.site("GZ01"))
        #expect(fen(gz01["paid_fen"]) == 1600, "\(gz01)")
        #expect(gz01["voucher"] as? String == "PV-2026-09-01")
        #expect(report.site("GZ02")?.isNull("paid_fen") == true, "GZ02 is still unpaid")
        let table = try books.succeed("report", "month", "2026-09", "--lang", "en").stdout
        #expect(table.contains("PV-2026-09-01"))
        #expect(table.contains("unpaid"))
        // Paying does not change the sealed figures.
        #expect(fen(gz01["payable_fen"]) == fen(unpaid.site("GZ01")?["payable_fen"]))
        for key in budgetKeys {
            #expect(fen(report.object("budget")?[key]) == fen(unpaid.object("budget")?[key]), "budget.\(key)")
        }
    }

    @Test func settlingTwiceIsRefused() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        try books.succeed("settle", "--site", "GZ02", "--month", "2026-09", "--voucher", "PV-7")
        let before = books.snapshot()
        let again = try books.run("settle", "--site", "GZ02", "--month", "2026-09", "--voucher", "PV-8")
        expectRefusal(again, exit: 1, saying: "PV-7", before: before, canteen: books.canteen)
    }

    @Test func settlingAnUnknownCanteenIsNotFound() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let result = try books.run("settle", "--site", "ZZ99", "--month", "2026-09", "--voucher", "PV-1")
        expectRefusal(result, exit: 66, saying: "ZZ99", before: before, canteen: books.canteen)
    }

    @Test func settlingACanteenWithNothingInTheMonthIsRefused() throws {
        // GZ03 opened in September but served no meals then: nothing is payable to it for September.
        let books = try FinanceBooks.make()
        try books.succeed("site", "add", "GZ03", "--name", "海珠区长者饭堂", "--price", "15", as: "admin")
        try books.declareAndCloseSeptember()
        #expect(try books.report("2026-09").site("GZ03") == nil, "a canteen without activity is not a line")
        let before = books.snapshot()
        let result = try books.run("settle", "--site", "GZ03", "--month", "2026-09", "--voucher", "PV-0")
        expectRefusal(result, exit: 1, saying: "GZ03", before: before, canteen: books.canteen)
    }

    @Test func aClerkSettlingIsRefusedByRole() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let before = books.snapshot()
        let result = try books.run("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "PV-1", as: "clerk1")
        expectRefusal(result, exit: 77, saying: "clerk1", before: before, canteen: books.canteen)
    }
}

// MARK: - The report

@Suite struct MonthReportEndToEndTests {
    @Test func anUnknownCanteenIsNotFound() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("report", "month", "2026-09", "--site", "ZZ99")
        expectRefusal(result, exit: 66, saying: "ZZ99", before: before, canteen: books.canteen)
    }

    @Test(arguments: ["2026-13", "2026-1", "202609", "2026-09-01"])
    func aMalformedMonthIsInvalidInput(month: String) throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("report", "month", month)
        expectRefusal(result, exit: 65, saying: month, before: before, canteen: books.canteen)
    }

    @Test func aMonthWithoutActivityIsAnEmptyReport() throws {
        let books = try FinanceBooks.make()
        let report = try books.report("2026-08")
        expectShapeAndIdentities(report, month: "2026-08")
        #expect(report["status"] as? String == "open")
        #expect(report.objects("sites")?.isEmpty == true, "\(report)")
        let totals = try #require(report.object("totals"))
        for key in ["meals", "diners", "gross_fen", "copay_fen", "subsidy_fen", "adjustments_fen", "payable_fen"] {
            #expect(fen(totals[key]) == 0, "totals.\(key): \(totals[key] ?? "none")")
        }
        #expect(totals.isNull("cash_declared_fen") && totals.isNull("cash_variance_fen"))
        let budget = try #require(report.object("budget"))
        #expect(fen(budget["opening_remaining_fen"]) == 1_610_000_000)
        #expect(fen(budget["closing_remaining_fen"]) == 1_610_000_000)
        let table = try books.succeed("report", "month", "2026-08", "--lang", "en")
        #expect(table.stderr == "")
        let csv = try parseCSV(try books.succeed("report", "month", "2026-08", "--format", "csv").stdout)
        #expect(csv.count == 2, "a header and the total row: \(csv)")
    }

    @Test func theJSONHasCLIsShapeAndTheIdentitiesHold() throws {
        let books = try FinanceBooks.make()
        let openSeptember = try books.report("2026-09")
        expectShapeAndIdentities(openSeptember, month: "2026-09")
        #expect(openSeptember["status"] as? String == "open")
        try books.runMonthEnd()

        let september = try books.report("2026-09"), october = try books.report("2026-10"), november = try books.report("2026-11")
        expectShapeAndIdentities(september, month: "2026-09")
        expectShapeAndIdentities(october, month: "2026-10")
        expectShapeAndIdentities(november, month: "2026-11")
        #expect(september["status"] as? String == "closed")
        #expect(october["status"] as? String == "open")
        #expect(fen(september.object("budget")?["closing_remaining_fen"]) == fen(october.object("budget")?["opening_remaining_fen"]))
        #expect(fen(october.object("budget")?["closing_remaining_fen"]) == fen(november.object("budget")?["opening_remaining_fen"]))
        #expect(fen(november.object("budget")?["appropriated_fen"]) == 10_000)

        // The figures of the scenario: September sealed with three meals (8.00 + 10.00 + 8.00 subsidy) by two diners.
        let totals = try #require(september.object("totals"))
        #expect(fen(totals["meals"]) == 3)
        #expect(fen(totals["diners"]) == 2, "distinct across the city, not 2 + 1")
        #expect(fen(totals["gross_fen"]) == 5600)
        #expect(fen(totals["subsidy_fen"]) == 2600)
        #expect(fen(totals["cash_declared_fen"]) == 2950)
        #expect(fen(september.object("budget")?["opening_remaining_fen"]) == 1_610_000_000)
        #expect(Set(september.objects("sites")?.compactMap { $0["site"] as? String } ?? []) == ["GZ01", "GZ02"])
        #expect(september.site("GZ02")?["name"] as? String == FinanceBooks.gz02Name)

        // --site narrows the report to one canteen, and its totals are that canteen's.
        let onlyGZ02 = try books.json("report", "month", "2026-09", "--site", "GZ02")
        #expect(onlyGZ02.objects("sites")?.map { $0["site"] as? String } == ["GZ02"])
        #expect(fen(onlyGZ02.object("totals")?["subsidy_fen"]) == 1000)
    }

    @Test func theTotalVarianceIsTheSumOfTheDeclaredCanteensVariances() throws {
        // CLI.md: totals.cash_variance is "the sum of the declared canteens' variances", so a canteen that has not
        // declared does not count its copay due against the city's declared total.
        let books = try FinanceBooks.make()
        try books.succeed("cash", "declare", "--site", "GZ01", "--month", "2026-09", "--amount", "19.50")
        let report = try books.report("2026-09")
        #expect(fen(report.site("GZ01")?["cash_variance_fen"]) == -50)
        #expect(report.site("GZ02")?.isNull("cash_variance_fen") == true)
        let totals = try #require(report.object("totals"))
        #expect(fen(totals["cash_declared_fen"]) == 1950)
        #expect(fen(totals["cash_variance_fen"]) == -50, "GZ01's −0.50 only, not 19.50 − 30.00: \(totals)")
        // The sealed figures of a forced close say the same.
        try books.succeed("month", "close", "2026-09", "--force")
        let sealed = try #require(try books.report("2026-09").object("totals"))
        #expect(fen(sealed["cash_declared_fen"]) == 1950)
        #expect(fen(sealed["cash_variance_fen"]) == -50, "\(sealed)")
    }

    @Test func aReportWrittenToAFileHasTheBytesOfStandardOutput() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let dir = try #require(books.canteen.tempDir)
        for format in ["json", "csv"] {
            let printed = try books.succeed("report", "month", "2026-09", "--format", format).stdout
            let out = dir.file("september.\(format)")
            try books.succeed("report", "month", "2026-09", "--format", format, "--out", out)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(printed.utf8), "\(format)")
        }
    }

    @Test func theCSVHasAHeaderARowPerCanteenAndATotalRow() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let result = try books.succeed("report", "month", "2026-09", "--format", "csv")
        #expect(!result.stdout.hasPrefix("\u{FEFF}"), "no byte-order mark without --excel")
        #expect(Array(result.stdout.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
        // The name holds a quote and a comma: RFC 4180 quotes the field and doubles the quote.
        #expect(result.stdout.contains("\"天河区\"\"长者\"\"饭堂, 东\""), "\(result.stdout)")
        let rows = try parseCSV(result.stdout)
        try #require(rows.count == 4, "header, GZ01, GZ02, total: \(rows)")
        let header = rows[0]
        #expect(header.contains("site"))
        #expect(header.contains("payable"))
        #expect(rows.allSatisfy { $0.count == header.count }, "every row has the header's width: \(rows)")
        let site = try #require(header.firstIndex(of: "site"))
        #expect(rows[1][site] == "GZ01")
        #expect(rows[2][site] == "GZ02")
        #expect(rows[2].contains(FinanceBooks.gz02Name))
        #expect(rows[3].contains { $0.uppercased() == "TOTAL" || $0 == "合计" }, "the last row is the total: \(rows[3])")
        if let payable = header.firstIndex(of: "payable") {
            #expect(rows[1][payable] == "16.00")
            #expect(rows[2][payable] == "10.00")
            #expect(rows[3][payable] == "26.00")
        }
        if let status = header.firstIndex(of: "status") { #expect(rows[1][status] == "closed") }
    }

    @Test func excelGoesOnlyWithCSV() throws {
        let books = try FinanceBooks.make()
        let before = books.snapshot()
        let result = try books.run("report", "month", "2026-09", "--format", "json", "--excel")
        expectRefusal(result, exit: 64, saying: "--excel", before: before, canteen: books.canteen)
    }

    @Test func excelStartsTheCSVWithAByteOrderMark() throws {
        let books = try FinanceBooks.make()
        let plain = try books.succeed("report", "month", "2026-09", "--format", "csv")
        let excel = try books.succeed("report", "month", "2026-09", "--format", "csv", "--excel")
        #expect(Array(excel.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(plain.stdout.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: excel.stdout.utf8.dropFirst(3), as: UTF8.self) == plain.stdout, "the BOM is the only difference")
        // Written to a file, the bytes are the same.
        let out = try #require(books.canteen.tempDir).file("report.csv")
        try books.succeed("report", "month", "2026-09", "--format", "csv", "--excel", "--out", out)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(bytes == Data(excel.stdout.utf8))
    }

    @Test func theHTMLReportIsOneSelfContainedFileWithSVGCharts() throws {
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        let dir = try #require(books.canteen.tempDir)
        for (lang, label) in [("en", "Canteen"), ("zh", "饭堂")] {
            let out = dir.file("report-\(lang).html")
            let result = try books.succeed("report", "month", "2026-09", "--format", "html", "--out", out, "--lang", lang)
            #expect(!result.stdout.contains("<html"), "the report goes to the file, not stdout")
            let html = try String(contentsOfFile: out, encoding: .utf8)
            #expect(html.lowercased().hasPrefix("<!doctype html"), "\(html.prefix(80))")
            #expect(html.contains("<svg"))
            #expect(!html.lowercased().contains("http"), "nothing loaded from outside")
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.lowercased().contains("<link"))
            #expect(!html.lowercased().contains("<img"))
            #expect(html.contains("GZ02") && html.contains("天河区"))
            #expect(html.contains(label))
            #expect(html.contains("2026-09"))
        }
    }

    @Test func theChineseTableIsAligned() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        let text = try books.succeed("report", "month", "2026-09", "--lang", "zh").stdout
        #expect(text.contains("饭堂"))
        #expect(text.contains(FinanceBooks.gz02Name))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerIndex = try #require(lines.firstIndex { $0.hasPrefix("饭堂") }, "no table header: \(text)")
        let separator = lines[headerIndex + 1]
        try #require(!separator.isEmpty && separator.allSatisfy { $0 == "-" || $0 == " " }, "no rule under the header: \(text)")
        let block = Array(lines[headerIndex...].prefix { !$0.isEmpty })
        try #require(block.count >= 5, "header, rule, GZ01, GZ02, rule, total: \(block)")
        // Between columns the rule has a space; in every line of the table that display column is a space too,
        // so no cell (Chinese names included) runs over into the next column.
        let gaps = separator.enumerated().filter { $0.element == " " }.map(\.offset)
        #expect(gaps.count >= 10, "one gap per column boundary: \(separator)")
        for line in block {
            let cells = displayCells(line)
            for gap in gaps where gap < cells.count {
                #expect(cells[gap] == " ", "display column \(gap) is inside a cell in: \(line)\n\(separator)")
            }
            #expect(displayWidth(line) <= displayWidth(separator), "wider than the rule: \(line)")
        }
        // The last column is right-aligned, so every line of the table ends where the rule ends.
        let gz02 = try #require(block.first { $0.hasPrefix("GZ02") })
        let gz01 = try #require(block.first { $0.hasPrefix("GZ01") })
        #expect(displayWidth(gz02) == displayWidth(gz01), "\(gz01)\n\(gz02)")
        #expect(displayWidth(gz02.trimmingCharacters(in: .whitespaces)) == displayWidth(separator))
        #expect(text.contains("合计"))
        #expect(text.contains("期初余额"))
    }

    @Test func theEnglishTableHasEnglishLabels() throws {
        let books = try FinanceBooks.make()
        let open = try books.succeed("report", "month", "2026-09", "--lang", "en").stdout
        #expect(open.contains("PROVISIONAL"), "an open month is marked provisional: \(open)")
        for label in ["Canteen", "Meals", "Subsidy", "Payable", "Total", "Budget opening", "Budget closing"] {
            #expect(open.contains(label), "'\(label)' in: \(open)")
        }
        #expect(!open.contains("饭堂补贴"), "no Chinese labels in English")
        try books.declareAndCloseSeptember()
        let closed = try books.succeed("report", "month", "2026-09", "--lang", "en").stdout
        #expect(!closed.contains("PROVISIONAL"))
        #expect(closed.contains("Closed"))
        // $LANG chooses the language when --lang is absent.
        var zhCanteen = books.canteen
        zhCanteen.environment = ["LANG": "zh_CN.UTF-8"]
        let zh = try zhCanteen.run("report", "month", "2026-09", "--today", FinanceBooks.today, operator: "fin")
        #expect(zh.exitCode == 0)
        #expect(zh.stdout.contains("饭堂"))
    }

    @Test func jsonAndCSVAreDeterministic() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        for month in ["2026-09", "2026-10", "2026-08"] {
            for format in ["json", "csv"] {
                let first = try books.succeed("report", "month", month, "--format", format)
                let second = try books.succeed("report", "month", month, "--format", format)
                #expect(first.stdout == second.stdout, "\(month) \(format) differs between two runs")
                #expect(!first.stdout.isEmpty)
            }
        }
    }
}

// MARK: - The budget

@Suite struct BudgetFinanceEndToEndTests {
    @Test func theForecastSaysNothingDrawnOnFreshBooks() throws {
        let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-09-01")
        let result = try canteen.run("budget", "forecast", "--today", "2026-11-29", "--lang", "en", operator: "admin")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("nothing drawn"), "\(result)")
    }

    @Test func theForecastGivesARunRateAndARunOutDate() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        let result = try books.succeed("budget", "forecast", "--lang", "en")
        let mentionsDate = result.stdout.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) != nil
        // 16.1 million yuan at a few yuan a month lasts longer than any date worth printing.
        #expect(mentionsDate || result.stdout.contains("century") || result.stdout.contains("nothing drawn"), "\(result)")
        let forecast = try books.json("budget", "forecast")
        #expect(fen(forecast["remaining_fen"]) == fen(try books.json("budget", "show")["remaining_fen"]))

        // A small fund runs out within a year or so, and the forecast names the day.
        let small = try Canteen.initialized(admin: "admin", "--budget", "100", "--today", "2026-09-01")
        let tight = FinanceBooks(canteen: small)
        try tight.succeed("site", "add", "GZ01", "--name", "Yuexiu canteen", "--price", "18", as: "admin")
        try tight.succeed("diner", "register", "--id", FinanceBooks.li, "--name", "李四", "--date", "2026-09-01", as: "admin")
        _ = try tight.json(arguments: ["meal", "record", FinanceBooks.li, "--site", "GZ01", "--date", "2026-10-05"], as: "admin",
                           sourceLocation: #_sourceLocation)
        let text = try tight.succeed("budget", "forecast", "--lang", "en", as: "admin").stdout
        let json = try tight.json("budget", "forecast", as: "admin")
        let runOut = try #require(json["run_out_date"] as? String, "\(json)")
        #expect(text.contains(runOut), "\(text)")
        #expect(runOut > FinanceBooks.today)
    }

    @Test func budgetShowHasTotalDrawnAndRemaining() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        let budget = try books.json("budget", "show")
        let total = try #require(fen(budget["total_fen"])), drawn = try #require(fen(budget["drawn_fen"]))
        let remaining = try #require(fen(budget["remaining_fen"]))
        #expect(remaining == total - drawn)
        #expect(total == 1_610_000_000 + 10_000, "the opening appropriation and November's 100.00")
        // Six meals (8 + 10 + 8 + 10 + 8 + 8 yuan of subsidy), one voided: 44.00 drawn.
        #expect(drawn == 4400)
        // drawn over all months = the sum of each month's payable.
        let payable = try ["2026-09", "2026-10", "2026-11"].map { fen(try books.report($0).object("totals")?["payable_fen"]) ?? 0 }
        #expect(payable.reduce(0, +) == drawn)
    }
}

// MARK: - The audit of it all

@Suite struct FinanceAuditEndToEndTests {
    @Test func auditVerifyHoldsAfterTheMonthEnd() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        // Refusals along the way must leave nothing half-done for the audit to find.
        _ = try books.run("month", "close", "2026-09")
        _ = try books.run("meal", "record", FinanceBooks.li, "--site", "GZ01", "--date", "2026-09-30", as: "clerk1")
        _ = try books.run("settle", "--site", "GZ01", "--month", "2026-09", "--voucher", "again")
        let result = try books.run("audit", "verify", "--format", "json")
        #expect(result.exitCode == 0, "\(result)")
        let object = try #require(result.json as? [String: Any], "\(result)")
        #expect(object["ok"] as? Bool == true)
        #expect((object["problems"] as? [Any])?.isEmpty == true, "\(object)")
        let table = try books.run("audit", "verify", as: "clerk1")
        #expect(table.exitCode == 0, "any role reads: \(table)")
    }

    @Test func auditVerifyFindsASealedFigureEditedBehindTheBinarysBack() throws {
        // Someone with the file drops the guard, lowers GZ01's sealed declaration and puts the guard back.
        let books = try FinanceBooks.make()
        try books.declareAndCloseSeptember()
        try books.succeed("audit", "verify")
        let reportBefore = try books.succeed("report", "month", "2026-09", "--format", "json").stdout
        let guardSQL = try #require(triggerSQL("cash_declarations_append_only", in: books.canteen.db), "no append-only guard on cash_declarations")
        try Fixtures.execute("""
            DROP TRIGGER cash_declarations_append_only;
            UPDATE cash_declarations SET amount_fen = amount_fen + 100;
            \(guardSQL);
            """, on: books.canteen.db)
        let result = try books.run("audit", "verify")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("2026-09"), "the problem names the closed month: \(result)")
        // The closed month's report still shows what was sealed.
        #expect(try books.succeed("report", "month", "2026-09", "--format", "json").stdout == reportBefore)
    }

    @Test func theLedgerExportBalances() throws {
        let books = try FinanceBooks.make()
        try books.runMonthEnd()
        let file = try #require(books.canteen.tempDir).file("journal.ledger")
        try books.succeed("export", "journal", "--format", "ledger", "--out", file)
        let text = try String(contentsOfFile: file, encoding: .utf8)

        // Without hledger: every transaction's postings sum to zero, read from the file itself.
        var sums: [Int] = [], current: Int? = nil
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !raw.hasPrefix(" ") && !raw.hasPrefix("\t") {
                if let sum = current { sums.append(sum) }
                current = line.first?.isNumber == true ? 0 : nil
                continue
            }
            guard current != nil, !line.hasPrefix(";"), !line.isEmpty else { continue }
            // "account  amount CNY": the amount is the second field from the end.
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3 else { continue }
            let amount = String(fields[fields.count - 2])
            let parts = amount.replacingOccurrences(of: ",", with: "").split(separator: ".")
            guard parts.count == 2, let whole = Int(parts[0]), let cents = Int(parts[1]) else {
                Issue.record("not an amount: \(line)")
                continue
            }
            current! += whole * 100 + (parts[0].hasPrefix("-") ? -cents : cents)
        }
        if let sum = current { sums.append(sum) }
        #expect(sums.count >= 9, "the opening appropriation, six meals, a void, an appropriation, a settlement: \(sums.count)")
        #expect(sums.allSatisfy { $0 == 0 }, "every transaction balances: \(sums)")

        // With hledger (not installed by .ci/run, so usually skipped): its balance report totals zero.
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let hledger = searchPath.map({ "\($0)/hledger" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hledger)
        process.arguments = ["-f", file, "balance"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        let last = output.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces)
        #expect(last == "0", "hledger's total: \(output)")
    }
}
