// End-to-end tests of the integrity issue through the binary: every month can close, nothing is dated into a
// closed month or before what it corrects, effective-dated rules start no earlier than the first open day,
// reading never changes the file, a book of the previous schema migrates and reports as before, and every
// fact that decides who is paid is under a chain that audit verify checks.
import CanteenCore
import Foundation
import SQLite
import Testing

/// Books with canteen FC (price 18, copay 10: subsidy 8), operators clerk and fin, two diners registered in
/// October, and --today given on every run so months can end and close.
private struct SmallBooks {
    let canteen: Canteen
    static let zhang = "11010519491231002X"
    static let li = "440203195001011233"

    static func make(budget: String = "16100000", sourceLocation: SourceLocation = #_sourceLocation) throws -> SmallBooks {
        let canteen = try Canteen.initialized(admin: "admin", "--budget", budget, "--today", "2026-10-01", sourceLocation: sourceLocation)
        let books = SmallBooks(canteen: canteen)
        try books.succeed("operator", "add", "clerk", "--role", "clerk", as: "admin", today: "2026-10-01")
        try books.succeed("operator", "add", "fin", "--role", "finance", as: "admin", today: "2026-10-01")
        try books.succeed("operator", "add", "aud", "--role", "auditor", as: "admin", today: "2026-10-01")
        try books.succeed("site", "add", "FC", "--name", "风采长者饭堂", "--price", "18", as: "admin", today: "2026-10-01")
        for id in [zhang, li] {
            try books.succeed("diner", "register", "--id", id, "--name", "长者", "--date", "2026-10-01", as: "clerk", today: "2026-10-01")
        }
        return books
    }

    func run(_ args: String..., as actor: String, today: String) throws -> RunResult {
        try canteen.run(arguments: args + ["--today", today], operator: actor)
    }

    @discardableResult
    func succeed(_ args: String..., as actor: String, today: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try canteen.run(arguments: args + ["--today", today], operator: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Records a meal and returns its number.
    func meal(_ diner: String, date: String, today: String, slot: String = "lunch", sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try canteen.run(arguments: ["meal", "record", diner, "--site", "FC", "--date", date, "--slot", slot,
                                                 "--format", "json", "--today", today], operator: "clerk", sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "meal record: \(result)", sourceLocation: sourceLocation)
        return try #require((result.json as? [String: Any])?["meal"] as? String, sourceLocation: sourceLocation)
    }

    /// Declares FC's takings for a month (the copay due, so the close needs no --force) and closes it.
    func close(_ month: String, today: String, declared: String = "0", sourceLocation: SourceLocation = #_sourceLocation) throws {
        try succeed("cash", "declare", "--site", "FC", "--month", month, "--amount", declared, as: "fin", today: today, sourceLocation: sourceLocation)
        try succeed("month", "close", month, "--force", as: "fin", today: today, sourceLocation: sourceLocation)
    }

    func verify(sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try canteen.run(arguments: ["audit", "verify", "--format", "json"], sourceLocation: sourceLocation)
    }
}

/// The problems `audit verify --format json` reported, as (check, detail).
private func problems(_ result: RunResult) -> [(check: String, detail: String)] {
    ((result.json as? [String: Any])?["problems"] as? [[String: Any]] ?? []).map { ($0["check"] as? String ?? "", $0["detail"] as? String ?? "") }
}

@Suite struct EveryMonthCanCloseTests {
    /// Issue 7.2: 10 yuan in the fund, 1,000 appropriated dated 2 December, then two November back-fills of 8 each.
    @Test func aBackFillDrawsOnTheFundAsOfItsOwnMonth() throws {
        let books = try SmallBooks.make(budget: "10")
        try books.succeed("budget", "add", "1000", "--note", "top-up", "--date", "2026-12-02", as: "fin", today: "2026-12-05")
        _ = try books.meal(SmallBooks.zhang, date: "2026-11-10", today: "2026-12-05")
        let before = books.canteen.snapshot()
        let second = try books.run("meal", "record", SmallBooks.li, "--site", "FC", "--date", "2026-11-11", as: "clerk", today: "2026-12-05")
        expectRefusal(second, exit: 1, saying: "budget exhausted for 2026-11", "2.00", before: before, canteen: books.canteen)
        #expect(!second.stderr.contains("CHECK"), "\(second)")
        // December's own meal may use December's appropriation.
        _ = try books.meal(SmallBooks.li, date: "2026-12-04", today: "2026-12-05")
        try books.succeed("month", "close", "2026-10", "--force", as: "fin", today: "2026-12-05")
        try books.close("2026-11", today: "2026-12-05", declared: "10")
        let report = try books.succeed("report", "month", "2026-11", "--format", "json", as: "fin", today: "2026-12-05")
        let budget = try #require((report.json as? [String: Any])?["budget"] as? [String: Any])
        #expect(budget["closing_remaining_fen"] as? Int == 200, "\(budget)")
        #expect((try books.verify()).exitCode == 0)
    }

    @Test func aMonthWhoseFundWouldCloseBelowZeroIsRefusedInWords() throws {
        // Only a book edited behind the program's back can get there (a meal that would take any month's closing
        // below zero is refused): the refusal says so in words, not by the CHECK.
        let books = try SmallBooks.make(budget: "10")
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-10", today: "2026-11-02")
        try books.succeed("cash", "declare", "--site", "FC", "--month", "2026-10", "--amount", "10", as: "fin", today: "2026-11-02")
        // The figures month end reads are derived state, without a trigger: inflate them behind the program's back.
        try Fixtures.execute("UPDATE period_figures SET subsidy_fen = subsidy_fen + 100000, gross_fen = gross_fen + 100000",
                             on: books.canteen.db)
        let before = books.canteen.snapshot()
        let close = try books.run("month", "close", "2026-10", as: "fin", today: "2026-11-02")
        expectRefusal(close, exit: 74, saying: "kept figures", "the file may be damaged", before: before, canteen: books.canteen)
        #expect(!close.stderr.contains("CHECK"), "\(close)")
        // Nor does any report show the fund below zero.
        let report = try books.run("report", "month", "2026-10", as: "fin", today: "2026-11-02")
        expectRefusal(report, exit: 74, saying: "the file may be damaged", before: before, canteen: books.canteen)
    }
}

@Suite struct NothingDatedIntoAClosedMonthTests {
    /// October and November closed, a December meal.
    private func closedBooks() throws -> (SmallBooks, String, String) {
        let books = try SmallBooks.make()
        let october = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        try books.close("2026-10", today: "2026-11-01", declared: "10")
        try books.close("2026-11", today: "2026-12-01")
        let december = try books.meal(SmallBooks.zhang, date: "2026-12-03", today: "2026-12-03")
        return (books, october, december)
    }

    @Test func aVoidDatedIntoAClosedMonthIsRefused() throws {
        let (books, _, december) = try closedBooks()
        let before = books.canteen.snapshot()
        let void = try books.run("meal", "void", december, "--reason", "typo", as: "clerk", today: "2026-10-15")
        expectRefusal(void, exit: 1, saying: "2026-10 is closed", before: before, canteen: books.canteen)
    }

    @Test func aVoidDatedBeforeTheMealItCorrectsIsRefused() throws {
        let (books, _, december) = try closedBooks()
        let before = books.canteen.snapshot()
        let void = try books.run("meal", "void", december, "--reason", "typo", as: "clerk", today: "2026-12-02")
        expectRefusal(void, exit: 1, saying: "2026-12-02", "before entry", before: before, canteen: books.canteen)
        // On or after the meal's day it is fine, and a closed month's meal is reversed in December.
        try books.succeed("meal", "void", december, "--reason", "typo", as: "clerk", today: "2026-12-03")
    }

    @Test func aSettlementBeforeItsMonthEndedIsRefused() throws {
        let (books, _, _) = try closedBooks()
        let before = books.canteen.snapshot()
        for today in ["2026-10-15", "2026-10-31"] {
            let settle = try books.run("settle", "--site", "FC", "--month", "2026-10", "--voucher", "PV-1", as: "fin", today: today)
            expectRefusal(settle, exit: 1, saying: "2026-10", "after its month has ended", before: before, canteen: books.canteen)
        }
        try books.succeed("settle", "--site", "FC", "--month", "2026-10", "--voucher", "PV-1", as: "fin", today: "2026-12-03")
    }

    @Test func noJournalEntryCarriesADateInAClosedMonthAfterAVoidOfAClosedMonthsMeal() throws {
        let (books, october, _) = try closedBooks()
        let ledgerBefore = try books.succeed("export", "journal", "--month", "2026-10", as: "aud", today: "2026-12-03").stdout
        try books.succeed("meal", "void", october, "--reason", "wrong diner", as: "clerk", today: "2026-12-03")
        let ledgerAfter = try books.succeed("export", "journal", "--month", "2026-10", as: "aud", today: "2026-12-03").stdout
        #expect(ledgerBefore == ledgerAfter, "October's ledger changed")
        let december = try books.succeed("export", "journal", "--month", "2026-12", as: "aud", today: "2026-12-03").stdout
        #expect(december.contains("2026-12-03 * void"), "\(december)")
    }

    @Test func registrationsAndDeactivationsAreNotDatedIntoAClosedMonth() throws {
        let (books, _, _) = try closedBooks()
        let before = books.canteen.snapshot()
        let register = try books.run("diner", "register", "--id", "440203194501011235", "--name", "王", "--date", "2026-11-20",
                                     as: "clerk", today: "2026-12-03")
        expectRefusal(register, exit: 1, saying: "2026-11 is closed", before: before, canteen: books.canteen)
        let deactivate = try books.run("diner", "deactivate", SmallBooks.li, "--reason", "deceased", "--date", "2026-11-20",
                                       as: "clerk", today: "2026-12-03")
        expectRefusal(deactivate, exit: 1, saying: "2026-11 is closed", before: before, canteen: books.canteen)
        let reissue = try books.run("diner", "card", SmallBooks.li, "--reissue", as: "clerk", today: "2026-10-15")
        expectRefusal(reissue, exit: 1, saying: "2026-10 is closed", before: before, canteen: books.canteen)
    }
}

@Suite struct RulesStartInAnOpenMonthTests {
    private func closedBooks() throws -> SmallBooks {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        try books.close("2026-10", today: "2026-11-01", declared: "10")
        try books.close("2026-11", today: "2026-12-01")
        return books
    }

    @Test func aPolicyWithoutFromStartsOnTheFirstOpenDay() throws {
        let books = try closedBooks()
        let set = try books.succeed("policy", "set", "--copay", "2", "--format", "json", as: "admin", today: "2026-12-03")
        let policy = try #require(set.json as? [String: Any])
        #expect(policy["from"] as? String == "2026-12-01", "\(policy)")
        let list = try books.succeed("policy", "list", "--format", "json", as: "admin", today: "2026-12-03").stdout
        #expect(list.contains("2026-12-01"), "\(list)")
        // October's meal is still charged as before, and the closed months report as sealed.
        #expect((try books.verify()).exitCode == 0)
    }

    @Test func aPolicyPriceOrCategoryStartingInAClosedMonthIsRefused() throws {
        let books = try closedBooks()
        let before = books.canteen.snapshot()
        let policy = try books.run("policy", "set", "--copay", "2", "--from", "2026-11-15", as: "admin", today: "2026-12-03")
        expectRefusal(policy, exit: 1, saying: "2026-11-15", "2026-12-01", before: before, canteen: books.canteen)
        let early = try books.run("policy", "set", "--copay", "2", "--from", "1999-01-01", as: "admin", today: "2026-12-03")
        expectRefusal(early, exit: 1, saying: "2026-12-01", before: before, canteen: books.canteen)
        let price = try books.run("site", "price", "FC", "--price", "20", "--from", "2026-11-01", as: "admin", today: "2026-12-03")
        expectRefusal(price, exit: 1, saying: "2026-12-01", before: before, canteen: books.canteen)
        let category = try books.run("diner", "update", SmallBooks.zhang, "--category", "low-income", "--from", "2026-11-20",
                                     as: "clerk", today: "2026-12-03")
        expectRefusal(category, exit: 1, saying: "2026-11 is closed", before: before, canteen: books.canteen)
    }

    @Test func theFirstRulesMadeBeforeAnyMealMayCoverEveryDate() throws {
        let books = try SmallBooks.make()
        let set = try books.succeed("policy", "set", "--copay", "5", "--category", "low-income", "--format", "json", as: "admin", today: "2026-10-02")
        // "from": null is "in force for every date".
        #expect((set.json as? [String: Any])?["from"] is NSNull, "\(set)")
        // Once there are meals and closed months, a new canteen's first price starts on the first open day, as a
        // policy does, and cannot be dated into a closed month.
        let closed = try closedBooks()
        try closed.succeed("site", "add", "NX", "--name", "南雄长者饭堂", "--price", "16", as: "admin", today: "2026-12-03")
        let site = try closed.succeed("site", "show", "NX", "--format", "json", as: "admin", today: "2026-12-03")
        let prices = try #require((site.json as? [String: Any])?["prices"] as? [[String: Any]])
        #expect(prices.count == 1 && prices[0]["from"] as? String == "2026-12-01", "\(site)")
        let before = closed.canteen.snapshot()
        let refused = try closed.run("site", "add", "RH", "--name", "仁化长者饭堂", "--price", "16", "--from", "2026-10-15", as: "admin", today: "2026-12-03")
        expectRefusal(refused, exit: 1, saying: "2026-10-15", before: before, canteen: closed.canteen)
    }
}

@Suite(.serialized) struct ReadingNeverChangesTheFileTests {
    /// Books with an October meal, and a copy of them in rollback-journal mode, as a backup is.
    private func rollbackJournalCopy() throws -> (SmallBooks, copy: String) {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        let copy = books.canteen.tempDir!.file("copy.db")
        let db = try Database(path: books.canteen.db, mode: .readWrite)
        try db.run("VACUUM INTO ?", copy)
        try Fixtures.execute("PRAGMA journal_mode = DELETE", on: copy)
        return (books, copy)
    }

    @Test func readingARollbackJournalBackupLeavesItsBytesAlone() throws {
        let (books, copy) = try rollbackJournalCopy()
        defer { withExtendedLifetime(books) {} }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        let reader = Canteen(db: copy)
        for args in [["audit", "verify"], ["report", "month", "2026-10"], ["meal", "list"], ["budget", "show"], ["diner", "list"],
                     ["audit", "log"], ["export", "journal"], ["audit", "anomalies"]] {
            let result = try reader.run(arguments: args + ["--today", "2026-10-06"])
            #expect(result.exitCode == 0, "\(args): \(result)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == bytes, "\(args.joined(separator: " ")) changed the file's bytes")
        }
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "a reader left a write-ahead log beside the backup")
    }

    /// A write that is refused changes nothing, not even the journal mode of a backup in rollback-journal mode;
    /// the first write that commits switches it to write-ahead logging.
    @Test func aRefusedWriteLeavesARollbackJournalBackupAlone() throws {
        let (books, copy) = try rollbackJournalCopy()
        defer { withExtendedLifetime(books) {} }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        let writer = Canteen(db: copy)
        let refusals: [(args: [String], exit: Int32)] = [
            (["meal", "record", SmallBooks.zhang, "--site", "FC", "--date", "2026-10-05"], 1),
            (["meal", "record", SmallBooks.zhang, "--site", "FC", "--date", "2026-10-07"], 1),
            (["budget", "add", "0", "--note", "nothing"], 65),
            (["diner", "deactivate", "D99999", "--reason", "moved", "--date", "2026-10-06"], 66),
        ]
        for refusal in refusals {
            let result = try writer.run(arguments: refusal.args + ["--today", "2026-10-06"], operator: "admin")
            #expect(result.exitCode == refusal.exit, "\(refusal.args): \(result)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == bytes, "\(refusal.args.joined(separator: " ")) changed the file")
            #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "\(refusal.args.joined(separator: " ")) left a log")
        }
        let recorded = try writer.run(arguments: ["meal", "record", SmallBooks.li, "--site", "FC", "--date", "2026-10-06", "--today", "2026-10-06"],
                                      operator: "clerk")
        #expect(recorded.exitCode == 0, "\(recorded)")
        #expect(try Fixtures.scalar("PRAGMA journal_mode", on: copy) == "wal")
        #expect(try writer.run(arguments: ["audit", "verify"]).exitCode == 0)
    }

    /// A live book whose write-ahead log still holds the last meals: a reader that closes last must not checkpoint
    /// the log into the file (and delete it) on its way out.
    @Test func aReaderClosingLastLeavesTheLogAndTheFileAlone() throws {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        let wal = books.canteen.db + "-wal"
        #expect(FileManager.default.fileExists(atPath: wal), "the meal's commit should still be in the log")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: books.canteen.db))
        for args in [["report", "month", "2026-10"], ["budget", "show"], ["meal", "list"], ["diner", "find", "长者"], ["audit", "verify"]] {
            let result = try books.canteen.run(arguments: args + ["--today", "2026-10-06"])
            #expect(result.exitCode == 0, "\(args): \(result)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: books.canteen.db)) == bytes, "\(args.joined(separator: " ")) checkpointed into the file")
            #expect(FileManager.default.fileExists(atPath: wal), "\(args.joined(separator: " ")) removed the log")
        }
    }

    /// A database at rest in a folder the reader may not write (run as `nobody` when the tests run as root, as CI does).
    @Test func aWriteAheadLoggedBookInAReadOnlyFolderCanBeRead() throws {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        let folder = try TempDir("readonly")
        let path = folder.file("city.db")
        let db = try Database(path: books.canteen.db, mode: .readWrite)
        try db.run("VACUUM INTO ?", path)
        try Fixtures.execute("PRAGMA journal_mode = WAL", on: path)
        let binary = folder.file("canteen")
        try FileManager.default.copyItem(atPath: try #require(CanteenBinary.path), toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let asNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
        func read(_ args: [String]) throws -> RunResult {
            let line = ([binary, "--db", path] + args).map { "'\($0)'" }.joined(separator: " ")
            return try CanteenBinary.runProgram(asNobody ? "/usr/sbin/runuser" : "/bin/sh",
                                                asNobody ? ["-u", "nobody", "--", "/bin/sh", "-c", line] : ["-c", line],
                                                directory: "/")
        }
        let show = try read(["budget", "show", "--format", "json"])
        #expect(show.exitCode == 0, "\(show)")
        let verify = try read(["audit", "verify"])
        #expect(verify.exitCode == 0, "\(verify)")
        if asNobody {
            let write = try read(["operator", "add", "x", "--role", "clerk", "--operator", "admin"])
            #expect(write.exitCode == 74 && write.stderr.contains("cannot be written"), "\(write)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    /// A live book (its log holds the last commits) copied without its shared-memory file into a folder the reader
    /// may not write: read whole, last commits included, from a private copy that is gone afterwards.
    @Test func aLiveBookWithoutItsSharedMemoryInAReadOnlyFolderIsReadWhole() throws {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        let folder = try TempDir("readonly-live")
        let path = folder.file("city.db")
        try FileManager.default.copyItem(atPath: books.canteen.db, toPath: path)
        try FileManager.default.copyItem(atPath: books.canteen.db + "-wal", toPath: path + "-wal")
        let binary = folder.file("canteen")
        try FileManager.default.copyItem(atPath: try #require(CanteenBinary.path), toPath: binary)
        for file in [path, path + "-wal"] { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file) }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        guard getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
        let line = "'\(binary)' --db '\(path)' budget show --format json"
        let scratch = try TempDir("scratch")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: scratch.path)
        let show = try CanteenBinary.runProgram("/usr/sbin/runuser", ["-u", "nobody", "--", "/usr/bin/env", "TMPDIR=\(scratch.path)",
                                                                      "/bin/sh", "-c", line], directory: "/")
        #expect(show.exitCode == 0, "\(show)")
        #expect((show.json as? [String: Any])?["drawn_fen"] as? Int == 800, "the meal in the log is read too: \(show)")
        #expect(scratch.contents() == [], "the private copy is removed: \(scratch.contents())")
        // A change would land in the copy and go with it: refused, as any write to a file that cannot be written.
        let write = "'\(binary)' --db '\(path)' budget add 5 --note more --operator admin"
        let refused = try CanteenBinary.runProgram("/usr/sbin/runuser", ["-u", "nobody", "--", "/usr/bin/env", "TMPDIR=\(scratch.path)",
                                                                         "/bin/sh", "-c", write], directory: "/")
        #expect(refused.exitCode == 74 && refused.stderr.contains("cannot be written"), "\(refused)")
        #expect(scratch.contents() == [], "the private copy is removed: \(scratch.contents())")
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }
}

@Suite struct MigrationFromSchemaTwoTests {
    /// A copy of the book the binary of schema version 2 made (Scripts/make-schema2-fixture.sh).
    private func schemaTwoBook() throws -> Canteen { try Fixtures.olderBook("schema2") }

    @Test func itMigratesVerifiesAndReportsItsClosedMonthsByteForByte() throws {
        let book = try schemaTwoBook()
        let old = try book.run("audit", "verify")
        #expect(old.exitCode == 74 && old.stderr.contains("canteen migrate"), "\(old)")
        let size = { (try? FileManager.default.attributesOfItem(atPath: book.db)[.size] as? Int) ?? 0 }
        let before = size()
        let migrate = try book.run("migrate", operator: "admin")
        #expect(migrate.exitCode == 0 && migrate.stdout.contains("from version 2"), "\(migrate)")
        // The leaner layout reaches the file: it is rewritten to its new size, about half the old one.
        #expect(migrate.stdout.contains("compacted") && size() < before * 2 / 3, "\(before) → \(size()) bytes: \(migrate)")
        let verify = try book.run("audit", "verify")
        #expect(verify.exitCode == 0, "\(verify)")
        try Fixtures.expectReportsAsBefore(book, fixture: "schema2", months: ["2026-08", "2026-09", "2026-10"])
        let again = try book.run("migrate", operator: "admin")
        #expect(again.exitCode == 0 && again.stdout.contains("up to date"), "\(again)")
        let log = try book.run("audit", "log", "--by", "admin").stdout
        #expect(log.contains("schema 2 → \(Schema.latestVersion)"), "\(log)")
    }

    @Test func anAlteredBookIsNotMigratedUnlessForced() throws {
        let book = try schemaTwoBook()
        try Fixtures.execute("DROP TRIGGER meals_only_void_link; UPDATE meals SET price_fen = price_fen + 100, subsidy_fen = subsidy_fen + 100 WHERE id = 5",
                             on: book.db)
        let before = book.snapshot()
        let refused = try book.run("migrate", operator: "admin")
        expectRefusal(refused, exit: 1, saying: "audit verify", "nothing was migrated", before: before, canteen: book)
        let forced = try book.run("migrate", "--force", operator: "admin")
        #expect(forced.exitCode == 0 && forced.stdout.contains("Forced past"), "\(forced)")
        #expect(try book.run("audit", "log").stdout.contains("forced past"))
    }

    /// Edits of what migration 5 drops (a meal entry's stored memo, date, operator, time, postings and link, and
    /// every balance but the fund's), made behind the program's back: after the migration nothing would show them,
    /// so they are found in the old layout, before it.
    static let editsOfWhatTheMigrationDrops: [(what: String, sql: String, says: String)] = [
        ("a meal entry's memo", "DROP TRIGGER journal_no_update; UPDATE journal SET memo = 'lunch D00099 at GZ02, wechat, policy 1' WHERE id = 2",
         "entry 2 was altered"),
        ("a meal entry's date", "DROP TRIGGER journal_no_update; UPDATE journal SET entry_date = '2026-08-02' WHERE id = 2", "entry 2 was altered"),
        ("a meal entry's operator", "DROP TRIGGER journal_no_update; UPDATE journal SET operator_id = 1 WHERE id = 2", "entry 2 was altered"),
        ("a meal entry's time", "DROP TRIGGER journal_no_update; UPDATE journal SET recorded_at = '2026-08-01T05:00:00Z' WHERE id = 2",
         "entry 2 was altered"),
        ("a meal entry's postings, still balanced",
         "DROP TRIGGER postings_no_update; UPDATE postings SET amount_fen = 1600 WHERE id = 3; UPDATE postings SET amount_fen = -1100 WHERE id = 4",
         "entry 2 was altered"),
        ("an extra posting on a meal entry",
         "INSERT INTO postings (journal_id, account, amount_fen) VALUES (2, 'income:copay:GZ02', 1)", "entry 2 does not balance"),
        ("a link to the entry before", "DROP TRIGGER journal_no_update; UPDATE journal SET prev_hash = hash WHERE id = 3",
         "entry 3 does not link to the entry before it"),
        ("a canteen's kept balance", "UPDATE balances SET balance_fen = balance_fen + 100 WHERE account = 'expenses:meals:GZ02'",
         "the kept balance of expenses:meals:GZ02"),
    ]

    @Test(arguments: 0..<editsOfWhatTheMigrationDrops.count)
    func anEditOfWhatTheMigrationDropsIsFoundBeforeItGoes(index: Int) throws {
        let edit = Self.editsOfWhatTheMigrationDrops[index]
        let book = try schemaTwoBook()
        try Fixtures.execute(edit.sql, on: book.db)
        let before = book.snapshot()
        let refused = try book.run("migrate", operator: "admin")
        expectRefusal(refused, exit: 1, saying: "nothing was migrated", edit.says, before: before, canteen: book)
        let forced = try book.run("migrate", "--force", operator: "admin")
        #expect(forced.exitCode == 0 && forced.stdout.contains("Forced past"), "\(edit.what): \(forced)")
    }

    /// A restored backup is in rollback-journal mode, where a second connection could not even read the file while
    /// the migration holds it: the checks of the migrated book run on the migration's own connection.
    @Test func aBookInRollbackJournalModeMigrates() throws {
        let book = try schemaTwoBook()
        try Fixtures.execute("PRAGMA journal_mode = DELETE", on: book.db)
        let migrate = try book.run("migrate", operator: "admin")
        #expect(migrate.exitCode == 0, "\(migrate)")
        #expect(try book.run("audit", "verify").exitCode == 0)
    }

    @Test func aKilledMigrationLeavesTheBookAsItWas() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            let book = try schemaTwoBook()
            let before = book.snapshot()
            let delay = Int.random(in: 0...60, using: &random)
            _ = try CanteenBinary.runProgram("/bin/sh", ["-c", "'\(try #require(CanteenBinary.path))' migrate --db '\(book.db)' --operator admin & p=$!; sleep 0.0\(String(format: "%02d", delay)); kill -9 $p 2>/dev/null; wait $p; exit 0"],
                                             directory: book.directory)
            let after = book.snapshot()
            if after != before {
                let verify = try book.run("audit", "verify")
                #expect(verify.exitCode == 0, "a migration killed after \(delay) ms left a book that does not verify: \(verify)")
            }
            let finish = try book.run("migrate", operator: "admin")
            #expect(finish.exitCode == 0, "\(finish)")
            #expect(try book.run("audit", "verify").exitCode == 0)
        }
    }
}

/// The previous landed version's books (schema 5: keys, cards, calls through the gate), made by that binary
/// (Scripts/make-schema5-fixture.sh): they migrate, verify, report their closed months as before, and the keys and
/// cards they hold work as they did.
@Suite struct MigrationFromSchemaFiveTests {
    @Test func itMigratesVerifiesReportsAsBeforeAndItsKeysAndCardsStillWork() throws {
        let book = try Fixtures.olderBook("schema5")
        let migrate = try book.run("migrate", operator: "admin")
        #expect(migrate.exitCode == 0 && migrate.stdout.contains("from version 5 to \(Schema.latestVersion)"), "\(migrate)")
        let verify = try book.run("audit", "verify")
        #expect(verify.exitCode == 0, "\(verify)")
        try Fixtures.expectReportsAsBefore(book, fixture: "schema5", months: ["2026-08", "2026-09", "2026-10"])
        // The clerk's key still lets the gate in, and the call is logged after the calls made before the migration.
        let keys = try book.succeed("operator", "key", "list", "小李", "--format", "json", operator: "admin")
        let fingerprint = try #require(((keys.json as? [String: Any])?["keys"] as? [[String: Any]])?.first?["fingerprint"] as? String)
        var gate = book
        gate.environment = ["SSH_ORIGINAL_COMMAND": "meal record D00006 --site FC --date 2026-11-20 --today 2026-11-20",
                            "SSH_CONNECTION": "10.0.0.7 50002 10.0.0.1 22"]
        let call = try gate.run("gate", "--key", fingerprint, "小李")
        #expect(call.exitCode == 77 && call.stderr.contains("--today"), "only admins may name the day through the gate: \(call)")
        gate.environment["SSH_ORIGINAL_COMMAND"] = "diner show D00006"
        #expect(try gate.run("gate", "--key", fingerprint, "小李").exitCode == 0)
        // The card replaced before the migration is still refused, naming its successor's day.
        let old = try #require(try Fixtures.scalar("SELECT code FROM diner_cards WHERE diner_id = 4 AND retired_at IS NOT NULL", on: book.db))
        let scanned = try book.run("meal", "record", old, "--site", "FC", "--date", "2026-11-20", "--today", "2026-11-20", operator: "clerk-fc")
        #expect(scanned.exitCode == 1 && scanned.stderr.contains("replaced"), "\(scanned)")
        #expect(try book.run("audit", "verify").exitCode == 0)
    }
}

@Suite struct TamperedFactsAreFoundTests {
    /// A closed October with a meal, a deceased diner, a category, a settlement and a price change, so every fact
    /// table has rows.
    private func books() throws -> SmallBooks {
        let books = try SmallBooks.make()
        _ = try books.meal(SmallBooks.zhang, date: "2026-10-05", today: "2026-10-05")
        try books.succeed("site", "price", "FC", "--price", "19", "--from", "2026-11-01", as: "admin", today: "2026-10-20")
        try books.succeed("policy", "set", "--copay", "5", "--category", "low-income", "--from", "2026-11-01", as: "admin", today: "2026-10-20")
        try books.succeed("diner", "update", SmallBooks.li, "--category", "low-income", "--from", "2026-11-01", as: "clerk", today: "2026-11-01")
        try books.close("2026-10", today: "2026-11-01", declared: "10")
        try books.succeed("settle", "--site", "FC", "--month", "2026-10", "--voucher", "PV-1", as: "fin", today: "2026-11-02")
        try books.succeed("diner", "deactivate", SmallBooks.li, "--reason", "deceased", "--date", "2026-11-10", as: "clerk", today: "2026-11-12")
        // The newest row of the audit log records a reading, and changes no fact.
        try books.succeed("diner", "show", SmallBooks.li, "--unmask", as: "aud", today: "2026-11-12")
        try #require((try books.verify()).exitCode == 0)
        return books
    }

    /// Each edit behind the program's back, with the check that must name it and a word of its detail.
    static let edits: [(what: String, sql: String, check: String, naming: String)] = [
        ("a deceased diner brought back", "UPDATE diners SET deactivated_on = NULL, deactivation_reason = NULL WHERE id = 2", "register", "deactivated_on"),
        ("a diner's ID number and birth date rewritten", "UPDATE diners SET id_number = '11010519801231002X', birth_date = '1980-12-31' WHERE id = 1", "register", "diners"),
        ("a diner registered earlier", "UPDATE diners SET registered_on = '2026-01-01' WHERE id = 1", "register", "registered_on"),
        ("a diner's name changed", "UPDATE diners SET name = '别人' WHERE id = 1", "register", "name"),
        ("a clerk promoted to admin", "UPDATE operators SET role = 'admin' WHERE name = 'clerk'", "register", "role"),
        ("a deactivated operator made active", "UPDATE operators SET active = 1 - active WHERE name = 'aud'", "register", "active"),
        ("an operator added behind the program's back", "INSERT INTO operators (name, role, created_at) VALUES ('boss', 'admin', 'x')", "register", "operators"),
        ("a contracted price deleted", "DROP TRIGGER site_prices_no_delete; DELETE FROM site_prices WHERE id = 2; {restore:site_prices_no_delete}", "register", "site_prices"),
        ("a contracted price changed", "DROP TRIGGER site_prices_no_change; UPDATE site_prices SET price_fen = 2500 WHERE id = 1; {restore:site_prices_no_change}", "register", "price_fen"),
        ("a policy's copay changed", "DROP TRIGGER policies_no_change; UPDATE policies SET copay_fen = 0 WHERE id = 1; {restore:policies_no_change}", "register", "copay_fen"),
        ("a policy added behind the program's back", "INSERT INTO policies (category, min_age, copay_fen, effective_from, created_at, created_by) VALUES (NULL, 80, 0, '0001-01-01', 'x', 1)", "register", "policies"),
        ("a diner's category changed", "DROP TRIGGER diner_categories_no_change; UPDATE diner_categories SET category = 'extreme-poverty' WHERE id = 1; {restore:diner_categories_no_change}", "register", "category"),
        ("the time zone changed", "UPDATE settings SET value = 'UTC' WHERE key = 'timezone'", "register", "settings"),
        ("a canteen renamed", "UPDATE sites SET name = '别的饭堂' WHERE code = 'FC'", "register", "sites"),
        ("a declaration raised", "DROP TRIGGER cash_declarations_append_only; UPDATE cash_declarations SET amount_fen = 99999 WHERE id = 1; {restore:cash_declarations_append_only}", "register", "amount_fen"),
        ("a settlement's voucher changed", "DROP TRIGGER settlements_no_update; UPDATE settlements SET voucher = 'PV-X' WHERE id = 1; {restore:settlements_no_update}", "register", "voucher"),
        ("the one-meal-per-slot index dropped", "DROP INDEX meals_one_per_slot", "schema", "meals_one_per_slot"),
        ("an index added", "CREATE INDEX sneaky ON meals(ref)", "schema", "sneaky"),
        ("a guard trigger dropped", "DROP TRIGGER meals_no_delete", "append-only", "meals_no_delete"),
        ("a table's CHECK removed by a rebuild", "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (capacity IS NULL OR capacity > 0)', '') WHERE name = 'sites'; PRAGMA writable_schema = OFF", "schema", "sites"),
        ("an audit log row deleted with its trigger re-created", "PRAGMA foreign_keys = OFF; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3; {restore:audit_log_no_delete}", "audit-chain", "3"),
        ("an audit log row's detail rewritten", "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing happened' WHERE id = 4; {restore:audit_log_no_update}", "audit-chain", "4"),
        ("the audit log's last rows cut off", "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_facts_no_delete; DELETE FROM audit_facts WHERE audit_id > (SELECT audit_last_id FROM month_closes WHERE month = '2026-10') - 3; DELETE FROM audit_log WHERE id > (SELECT audit_last_id FROM month_closes WHERE month = '2026-10') - 3; {restore:audit_log_no_delete}{restore:audit_facts_no_delete}", "closed-months", "2026-10"),
        ("the audit log's newest row, which changed no fact, cut off",
         "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log); {restore:audit_log_no_delete}",
         "audit-chain", "were removed"),
        ("the audit log's kept head moved back with the rows after it",
         "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_forward; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log); UPDATE audit_head SET last_id = last_id - 1; {restore:audit_log_no_delete}{restore:audit_head_forward}",
         "audit-chain", "kept head"),
        // The derived state month-end reads, each named by period (and canteen).
        ("the fund's kept figures of a month raised alike", "UPDATE fund_periods SET appropriated_fen = appropriated_fen + 500, drawn_fen = drawn_fen + 500 WHERE period = '2026-10'",
         "derived", "2026-10: the fund's kept figures are 5.00 appropriated"),
        ("a kept fund row for a month without entries", "INSERT INTO fund_periods (period, appropriated_fen, drawn_fen) VALUES ('2026-05', 0, 0)",
         "derived", "2026-05"),
        ("a kept meal figure changed", "UPDATE period_figures SET meals = meals + 5 WHERE period = '2026-10'", "derived", "2026-10 FC"),
        ("a kept row of meal figures for a month without entries",
         "INSERT INTO period_figures (period, site_id, slot, pay) VALUES ('2026-06', 1, 'lunch', 'cash')", "derived", "2026-06 FC"),
        ("the fund's kept remaining changed", "UPDATE balances SET balance_fen = balance_fen - 100 WHERE account = 'budget:available'",
         "balances", "budget:available"),
        ("a posting added to a meal's entry",
         "INSERT INTO postings (journal_id, account, amount_fen) VALUES ((SELECT id FROM journal WHERE kind = 'meal' LIMIT 1), 'budget:drawn', 1), ((SELECT id FROM journal WHERE kind = 'meal' LIMIT 1), 'budget:available', -1)",
         "balanced", "postings of its own"),
        ("a migration record removed", "DELETE FROM schema_migrations WHERE version = 1", "schema", "recorded migrations"),
    ]

    /// The edit's SQL with each {restore:NAME} replaced by the trigger's statement as the book had it, so the guard
    /// is put back exactly and only the edit itself is left to find.
    static func expand(_ sql: String, db path: String) throws -> String {
        var out = sql
        while let open = out.range(of: "{restore:"), let close = out[open.upperBound...].firstIndex(of: "}") {
            let name = String(out[open.upperBound..<close])
            let db = try Database(path: path, mode: .readOnly)
            let statement = try #require(try db.scalarText("SELECT sql FROM sqlite_schema WHERE name = ?", name), "no trigger \(name)")
            out.replaceSubrange(open.lowerBound...close, with: statement + ";")
        }
        return out
    }

    @Test(arguments: 0..<edits.count)
    func eachEditIsFoundByTheRightCheck(index: Int) throws {
        let edit = Self.edits[index]
        let books = try books()
        try Fixtures.execute(try Self.expand(edit.sql, db: books.canteen.db), on: books.canteen.db)
        let result = try books.verify()
        #expect(result.exitCode == 1, "\(edit.what) went unnoticed: \(result)")
        let found = problems(result)
        #expect(found.contains { $0.check == edit.check && $0.detail.contains(edit.naming) },
                "\(edit.what): expected a \(edit.check) problem naming \(edit.naming), found \(found)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
    }

    @Test func integrityCheckRunsToo() throws {
        let books = try books()
        let result = try books.canteen.run(arguments: ["audit", "verify", "--format", "json"])
        let checks = (result.json as? [String: Any])?["checks"] as? [String] ?? []
        for name in ["register", "audit-chain", "schema", "integrity", "append-only", "hash-chain"] {
            #expect(checks.contains(name), "\(checks)")
        }
    }
}
