// End-to-end tests of books edited behind the program's back with figures no command makes (QA on issue 7.7): every
// sum or product of what the file holds is checked, so a report, a close or a void of such books ends in a clean
// error (74, "the file may be damaged") that changes nothing, and audit verify names the meal, entry or period
// (exit 1). No figure in the file makes the binary crash.
import CanteenCore
import Foundation
import SQLite
import Testing

private let zhang = "11010519491231002X"
private let li = "440203195001011233"

/// A small book with every kind of row: two canteens (one with a capacity), a capped category policy, two diners
/// (one low-income) with a card, a closed and settled October, November's meals at both canteens in three slots
/// and three payment methods, a void within November and one of October's meal (an adjustment), an appropriation,
/// declarations, and a December meal. Every command runs as of 2026-12-05.
private func damageableBooks(sourceLocation: SourceLocation = #_sourceLocation) throws -> Canteen {
    let canteen = try Canteen.initialized(admin: "admin", "--today", "2026-10-01", sourceLocation: sourceLocation)
    let steps: [(String, String, [String])] = [
        ("admin", "2026-10-01", ["operator", "add", "clerk", "--role", "clerk"]),
        ("admin", "2026-10-01", ["operator", "add", "fin", "--role", "finance"]),
        ("admin", "2026-10-01", ["site", "add", "FC", "--name", "风采长者饭堂", "--price", "18", "--capacity", "2"]),
        ("admin", "2026-10-01", ["site", "add", "GZ", "--name", "越秀", "--price", "20"]),
        ("admin", "2026-10-01", ["policy", "set", "--copay", "5", "--category", "low-income", "--cap", "12"]),
        ("clerk", "2026-10-01", ["diner", "register", "--id", zhang, "--name", "张三", "--phone", "13800138000", "--date", "2026-10-01"]),
        ("clerk", "2026-10-01", ["diner", "register", "--id", li, "--name", "李四", "--category", "low-income", "--date", "2026-10-01"]),
        ("clerk", "2026-10-05", ["meal", "record", zhang, "--site", "FC", "--date", "2026-10-05"]),
        ("clerk", "2026-10-05", ["meal", "record", li, "--site", "FC", "--date", "2026-10-05"]),
        ("clerk", "2026-10-06", ["meal", "record", li, "--site", "GZ", "--date", "2026-10-06", "--slot", "dinner", "--pay", "wechat"]),
        ("fin", "2026-11-01", ["cash", "declare", "--site", "FC", "--month", "2026-10", "--amount", "15"]),
        ("fin", "2026-11-01", ["month", "close", "2026-10", "--force"]),
        ("fin", "2026-11-02", ["settle", "--site", "FC", "--month", "2026-10", "--voucher", "PV-1"]),
        ("clerk", "2026-11-05", ["meal", "record", zhang, "--site", "FC", "--date", "2026-11-05"]),
        ("clerk", "2026-11-05", ["meal", "record", li, "--site", "FC", "--date", "2026-11-05"]),
        ("clerk", "2026-11-06", ["meal", "record", zhang, "--site", "GZ", "--date", "2026-11-06", "--slot", "dinner", "--pay", "wechat"]),
        ("clerk", "2026-11-06", ["meal", "record", li, "--site", "GZ", "--date", "2026-11-06", "--slot", "breakfast", "--pay", "card"]),
        ("fin", "2026-11-06", ["budget", "add", "100", "--note", "top-up"]),
        ("clerk", "2026-11-06", ["meal", "void", "M000001", "--reason", "wrong diner"]),
        ("clerk", "2026-11-06", ["meal", "void", "M000004", "--reason", "typo"]),
        ("fin", "2026-12-01", ["cash", "declare", "--site", "FC", "--month", "2026-11", "--amount", "20"]),
        ("clerk", "2026-12-02", ["meal", "record", zhang, "--site", "FC", "--date", "2026-12-02"]),
    ]
    for (actor, today, args) in steps {
        let result = try canteen.run(arguments: args + ["--today", today], operator: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
    }
    // The file alone holds the books, so a copy of it is the whole book.
    try Fixtures.execute("PRAGMA wal_checkpoint(TRUNCATE)", on: canteen.db)
    return canteen
}

/// Runs SQL behind the program's back with its guards off: triggers dropped (and put back after), CHECKs and
/// foreign keys not enforced. Returns false when SQLite refused the edit (a UNIQUE clash, a STRICT type).
@discardableResult
private func tamper(_ sql: String, on path: String) throws -> Bool {
    let db = try Database(path: path, mode: .readWrite)
    let triggers = try db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").rows { ($0.text(0), $0.text(1)) }
    for (name, _) in triggers { try db.execute("DROP TRIGGER \(name)") }
    defer { for (_, statement) in triggers { try? db.execute(statement) } }
    try db.execute("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF")
    defer { try? db.execute("PRAGMA ignore_check_constraints = OFF") }
    do { try db.execute(sql) } catch { return false }
    return true
}

private extension Canteen {
    func at(_ args: String..., as actor: String? = nil) throws -> RunResult {
        try run(arguments: args + ["--today", "2026-12-05"], operator: actor)
    }
}

/// A refusal of a damaged book: 74, saying so, and nothing changed.
private func expectDamaged(_ result: RunResult, before: String, canteen: Canteen, sourceLocation: SourceLocation = #_sourceLocation) {
    expectRefusal(result, exit: 74, saying: "the file may be damaged", "canteen audit verify", before: before, canteen: canteen,
                  sourceLocation: sourceLocation)
}

/// The problems `audit verify --format json` reported, as (check, detail).
private func problems(_ result: RunResult) -> [(check: String, detail: String)] {
    ((result.json as? [String: Any])?["problems"] as? [[String: Any]] ?? []).map { ($0["check"] as? String ?? "", $0["detail"] as? String ?? "") }
}

@Suite struct DamagedFiguresEndToEndTests {
    /// QA: one meal's price set to Int64.max − 1000 (its subsidy to match, so the row's CHECK still holds) crashed
    /// audit verify and the meal's void.
    @Test func aMealPricedNearInt64MaxIsNamedByVerifyAndRefusedByAVoid() throws {
        let canteen = try damageableBooks()
        try tamper("UPDATE meals SET price_fen = 9223372036854774807, subsidy_fen = 9223372036854774807 - copay_fen WHERE id = 5",
                   on: canteen.db)
        let verify = try canteen.at("audit", "verify", "--format", "json")
        #expect(verify.exitCode == 1, "\(verify)")
        let found = problems(verify)
        #expect(found.contains { $0.check == "meal-amounts" && $0.detail.contains("M000005") && $0.detail.contains("outside") }, "\(found)")
        let text = try canteen.at("audit", "verify")
        #expect(text.exitCode == 1 && text.stdout.contains("M000005"), "\(text)")

        let before = canteen.snapshot()
        let void = try canteen.at("meal", "void", "M000005", "--reason", "x", as: "clerk")
        expectDamaged(void, before: before, canteen: canteen)
        #expect(void.stderr.contains("M000005"), "\(void)")
        // The meal list's total adds it up: the rows listed so far stay, the total is refused rather than clamped.
        let list = try canteen.at("meal", "list")
        #expect(list.exitCode == 74 && list.stderr.contains("the file may be damaged"), "\(list)")
        // The reports read the kept figures, which the edit left alone.
        for args in [["report", "month", "2026-11", "--format", "html"], ["audit", "anomalies"]] {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            #expect(result.exitCode == 0, "\(args): \(result)")
        }
    }

    /// QA: period_figures set to ±9.22e18 crashed the month's report (table, JSON and HTML), the anomalies, the month
    /// list, a forced close and the forecast.
    @Test(arguments: ["meals = 9220000000000000000", "subsidy_fen = 9220000000000000000, gross_fen = 9220000000000000000",
                      "subsidy_fen = -9220000000000000000, copay_fen = -9220000000000000000",
                      "adjustments_fen = -9220000000000000000", "voided = 9220000000000000000",
                      // Small edits that no sum overflows, but no book holds: the report refuses them all the same.
                      "meals = -1", "copay_fen = copay_fen - 100", "subsidy_fen = -500, gross_fen = copay_fen - 500", "adjustments_fen = 300"])
    func keptFiguresNoBookHoldsMakeEveryReaderRefuseAsDamaged(assignment: String) throws {
        let canteen = try damageableBooks()
        try tamper("UPDATE period_figures SET \(assignment) WHERE period = '2026-11'", on: canteen.db)
        let before = canteen.snapshot()
        // The month's report and the month list read the kept figures: refused whatever the edit.
        for args in [["report", "month", "2026-11"], ["report", "month", "2026-11", "--format", "json"],
                     ["report", "month", "2026-11", "--format", "html"], ["report", "month", "2026-11", "--format", "csv"], ["month", "list"]] {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            expectDamaged(result, before: before, canteen: canteen)
        }
        // The rest read other figures, and answer as usual or refuse: never a crash, never a clamped figure.
        for args in [["audit", "anomalies"], ["budget", "forecast"], ["budget", "show"]] {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            if result.exitCode != 0 { expectDamaged(result, before: before, canteen: canteen) }
        }
        let close = try canteen.at("month", "close", "2026-11", "--force", as: "fin")
        expectDamaged(close, before: before, canteen: canteen)
        let verify = try canteen.at("audit", "verify", "--format", "json")
        #expect(verify.exitCode == 1, "\(verify)")
        #expect(problems(verify).contains { $0.check == "derived" && $0.detail.contains("2026-11") }, "\(problems(verify))")
    }

    @Test(arguments: ["appropriated_fen = 9223372036854775000", "drawn_fen = 9223372036854775000", "drawn_fen = -9223372036854775000"])
    func hugeFundFiguresMakeTheBudgetRefuseAsDamaged(assignment: String) throws {
        let canteen = try damageableBooks()
        try tamper("UPDATE fund_periods SET \(assignment)", on: canteen.db)
        let before = canteen.snapshot()
        for args in [["budget", "show"], ["report", "month", "2026-11"], ["report", "month", "2026-12", "--format", "html"]] {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            expectDamaged(result, before: before, canteen: canteen)
        }
        let record = try canteen.at("meal", "record", li, "--site", "GZ", "--date", "2026-11-20", as: "clerk")
        expectDamaged(record, before: before, canteen: canteen)
        #expect(try canteen.at("audit", "verify").exitCode == 1)
    }

    /// QA: one huge posting. Verify names the entry; the reports, which read the fund's kept figures, still run.
    @Test func aHugePostingIsNamedByVerify() throws {
        let canteen = try damageableBooks()
        try tamper("UPDATE postings SET amount_fen = 9223372036854775000 WHERE id = (SELECT max(id) FROM postings)", on: canteen.db)
        let verify = try canteen.at("audit", "verify", "--format", "json")
        #expect(verify.exitCode == 1, "\(verify)")
        let found = problems(verify)
        #expect(found.contains { $0.check == "balanced" && $0.detail.contains("does not balance") }, "\(found)")
        #expect(found.contains { $0.check == "balanced" && $0.detail.contains("beyond") }, "\(found)")
        for args in [["report", "month", "2026-11", "--format", "html"], ["export", "journal"], ["budget", "forecast"]] {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            #expect(result.exitCode == 0, "\(args): \(result)")
        }
    }

    @Test func theLastEntryNumberAtInt64MaxRefusesTheNextEntryAsDamaged() throws {
        let canteen = try damageableBooks()
        try tamper("UPDATE journal SET id = 9223372036854775807 WHERE id = (SELECT max(id) FROM journal)", on: canteen.db)
        let before = canteen.snapshot()
        let record = try canteen.at("meal", "record", li, "--site", "FC", "--date", "2026-12-04", as: "clerk")
        expectDamaged(record, before: before, canteen: canteen)
        let verify = try canteen.at("audit", "verify")
        #expect(verify.exitCode == 1, "\(verify)")
    }
}

/// Seeded fuzzing of the file itself: random columns of a small book set to extreme values (Int64.max and .min,
/// ±2^62, ±9.22e18, −1, 0, 10^15), then every read command, audit verify and the commands that write from what
/// they read. None may crash (exit ≥ 128 is a signal); every refusal is one of CLI.md's codes with an `Error:` line.
/// The seed is printed with every failure; set CANTEEN_FUZZ_SEED to replay one.
@Suite struct DamagedBooksFuzzEndToEndTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["CANTEEN_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x7D16_2026_1205

    static let values: [Int64] = [.max, .min, -1, 0, 1 << 62, -(1 << 62), 9_220_000_000_000_000_000, -9_220_000_000_000_000_000,
                                  .max - 1000, 1_000_000_000_000_000]

    static let reads: [[String]] = [
        ["audit", "verify"], ["audit", "verify", "--format", "json"],
        ["report", "month", "2026-10"], ["report", "month", "2026-10", "--format", "html"],
        ["report", "month", "2026-11"], ["report", "month", "2026-11", "--format", "json"],
        ["report", "month", "2026-11", "--format", "csv"], ["report", "month", "2026-11", "--format", "html"],
        ["report", "month", "2026-11", "--site", "GZ"], ["report", "month", "2026-12", "--format", "html"],
        ["audit", "anomalies"], ["audit", "anomalies", "--month", "2026-11"], ["month", "list"],
        ["budget", "show"], ["budget", "forecast"], ["budget", "forecast", "--format", "json"],
        ["meal", "list"], ["meal", "list", "--month", "2026-11", "--format", "csv"], ["diner", "list"], ["diner", "show", "D00001"],
        ["diner", "find", "张"], ["site", "list"], ["site", "show", "FC"], ["policy", "list"], ["operator", "list"], ["audit", "log"],
        ["export", "journal"], ["export", "journal", "--format", "beancount"],
        ["diner", "card", "D00001", "--operator", "clerk"], ["gate", "keys", "--operator", "admin"],
    ]

    static let writes: [[String]] = [
        ["meal", "void", "M000002", "--reason", "x", "--operator", "clerk"],
        ["meal", "void", "M000005", "--reason", "x", "--operator", "clerk"],
        ["meal", "void", "M000008", "--reason", "x", "--operator", "clerk"],
        ["month", "close", "2026-11", "--force", "--operator", "fin"],
        ["meal", "record", li, "--site", "FC", "--date", "2026-12-03", "--operator", "clerk"],
        ["meal", "record", li, "--site", "GZ", "--date", "2026-11-20", "--operator", "clerk"],
        ["budget", "add", "5", "--note", "n", "--operator", "fin"],
        ["cash", "declare", "--site", "GZ", "--month", "2026-11", "--amount", "3", "--operator", "fin"],
        ["settle", "--site", "GZ", "--month", "2026-10", "--voucher", "V", "--operator", "fin"],
        ["diner", "register", "--id", "440203194501011235", "--name", "王五", "--operator", "clerk"],
        ["diner", "deactivate", "D00002", "--reason", "moved", "--date", "2026-12-04", "--operator", "clerk"],
        ["policy", "set", "--copay", "3", "--from", "2026-12-06", "--operator", "admin"],
    ]

    static let codes: Set<Int32> = [0, 1, 64, 65, 66, 74, 75, 77]

    static let summedTables: Set<String> = ["period_figures", "fund_periods", "balances", "postings", "meals", "journal", "audit_log",
                                            "cash_declarations", "settlements", "site_prices", "policies"]

    @Test(arguments: 0..<24)
    func extremeValuesInAnyColumnNeverCrashTheBinary(trial: Int) throws {
        var random = SeededRandom(seed: Self.seed &+ UInt64(trial))
        let canteen = try damageableBooks()
        let columns = try Self.columns(of: canteen.db)
        let integers = columns.filter(\.isInteger)
        // The amounts, counts and entry numbers the books add up as they read them, where a sum can leave Int64.
        let figures = integers.filter {
            Self.summedTables.contains($0.table) && ($0.column.hasSuffix("_fen") || ["meals", "voided", "adjusted", "id"].contains($0.column))
        }
        var edits: [String] = []
        for _ in 0..<(2 + Int(random.next() % 4)) {
            // Mostly the figures; else any integer column, and now and then any column at all.
            let draw = random.next() % 10
            let pool = draw < 6 ? figures : draw < 9 ? integers : columns
            let (table, column, key, _) = pool[Int(random.next() % UInt64(pool.count))]
            let value = Self.values[Int(random.next() % UInt64(Self.values.count))]
            let rows = try Database(path: canteen.db, mode: .readOnly).scalarInt("SELECT count(*) FROM \(table)") ?? 0
            guard rows > 0 else { continue }
            // One row, picked by its place in key order, or every row of the table (whose sums then overflow).
            let sql = random.next() % 3 == 0
                ? "UPDATE \(table) SET \(column) = \(value)"
                : "UPDATE \(table) SET \(column) = \(value) WHERE (\(key)) IN (SELECT \(key) FROM \(table) ORDER BY \(key) LIMIT 1 OFFSET \(random.next() % UInt64(rows)))"
            if try tamper(sql, on: canteen.db) { edits.append(sql) }
        }
        try Fixtures.execute("PRAGMA wal_checkpoint(TRUNCATE)", on: canteen.db)
        let context = "seed \(Self.seed) trial \(trial), edits: \(edits)"
        for args in Self.reads {
            let result = try canteen.run(arguments: args + ["--today", "2026-12-05"])
            expectClean(result, args, context)
        }
        let scratch = try TempDir("damaged-write")
        for (index, args) in Self.writes.enumerated() {
            // Each write on its own copy, so that one's refusal or success does not change what the next one meets.
            let copy = scratch.file("copy\(index).db")
            try FileManager.default.copyItem(atPath: canteen.db, toPath: copy)
            let result = try Canteen(db: copy).run(arguments: args + ["--today", "2026-12-05"])
            expectClean(result, args, context)
        }
    }

    private func expectClean(_ result: RunResult, _ args: [String], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Self.codes.contains(result.exitCode), "canteen \(args.joined(separator: " ")) — \(context): \(result)", sourceLocation: sourceLocation)
        if result.exitCode != 0 {
            #expect(result.stderr.hasPrefix("Error: "), "canteen \(args.joined(separator: " ")) — \(context): \(result)", sourceLocation: sourceLocation)
        }
    }

    /// Every column of every table, with the table's key columns (or rowid) to pick a row by.
    static func columns(of path: String) throws -> [(table: String, column: String, key: String, isInteger: Bool)] {
        let db = try Database(path: path, mode: .readOnly)
        var all: [(String, String, String, Bool)] = []
        let tables = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").rows { $0.text(0) }
        for table in tables {
            let info = try db.prepare("SELECT name, pk, type FROM pragma_table_info(?) ORDER BY pk, cid").rows([table]) {
                (name: $0.text(0), key: $0.int(1) > 0, integer: $0.text(2) == "INTEGER")
            }
            let keys = info.filter(\.key).map(\.name)
            for column in info { all.append((table, column.name, keys.isEmpty ? "rowid" : keys.joined(separator: ", "), column.integer)) }
        }
        return all
    }
}
