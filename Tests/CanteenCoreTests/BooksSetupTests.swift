import Foundation
import SQLite
import Testing
@testable import CanteenCore

/// 2026-11-29T05:00:00Z: a fixed instant, so timestamps and "today" are the same on every run.
private let instant: Int64 = 1_795_928_400
private let clock = Clock.fixed(instant)
private let today = CivilDate(year: 2026, month: 11, day: 29)!
private let admin = "管理员"

/// A fresh directory for one test, removed afterwards.
private final class Scratch {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("canteen-books-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String = "books.db") -> String { directory + "/" + name }

    /// A new database made by `Books.create` with the defaults of `canteen init`.
    @discardableResult
    func create(_ name: String = "books.db") throws -> String {
        let path = path(name)
        _ = try Books.create(path: path, admin: admin, budget: Money(yuan: 16_100_000), copay: Money(yuan: 10),
                             timeZone: "Asia/Shanghai", clock: clock, today: today)
        return path
    }

    func open(_ name: String = "books.db") throws -> Books {
        try Books.open(path: path(name), clock: clock, today: today)
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}

/// Everything in the database that a refused operation must leave alone.
private func counts(_ books: Books) throws -> [String: Int64] {
    var result: [String: Int64] = [:]
    for table in ["operators", "sites", "site_prices", "policies", "audit_log", "journal", "postings", "balances"] {
        result[table] = try books.db.scalarInt("SELECT count(*) FROM \(table)")
    }
    return result
}

/// A journal entry as stored, with its postings.
private func journalEntry(_ books: Books, id: Int64) throws -> JournalEntry {
    // No entry stores its predecessor's hash: the previous entry has it.
    let previous = try books.db.prepare("SELECT hex(hash) FROM journal WHERE id = ?").first([id - 1]) { $0.text(0).lowercased() }
    let entry = try books.db.prepare("""
        SELECT id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id, recorded_at, hex(hash)
        FROM journal WHERE id = ?
        """).first([id]) { row in
        JournalEntry(id: row.int(0), kind: JournalEntry.Kind(rawValue: row.text(1))!, date: row.text(2),
                     period: row.text(3), memo: row.text(4), mealID: row.optionalInt(5), correctsID: row.optionalInt(6),
                     operatorID: row.int(7), recordedAt: row.text(8), postings: [], previousHash: previous ?? JournalEntry.genesisHash,
                     hash: row.text(9).lowercased())
    }
    let stored = try #require(entry)
    let postings = try books.db.prepare("SELECT account, amount_fen FROM postings WHERE journal_id = ? ORDER BY id")
        .rows([id]) { Posting($0.text(0), Money(fen: $0.int(1))) }
    return JournalEntry(id: stored.id, kind: stored.kind, date: stored.date, period: stored.period, memo: stored.memo,
                        mealID: stored.mealID, correctsID: stored.correctsID, operatorID: stored.operatorID,
                        recordedAt: stored.recordedAt, postings: postings, previousHash: stored.previousHash,
                        hash: stored.hash)
}

@Suite struct BooksCreateTests {
    @Test func createThenOpenHasTheFundTheAdminAndTheDefaultPolicy() throws {
        let scratch = try Scratch()
        let path = scratch.path()
        let result = try Books.create(path: path, admin: " \(admin) ", budget: Money(yuan: 16_100_000),
                                      copay: Money(yuan: 10), timeZone: "Asia/Shanghai", clock: clock, today: today)
        #expect(result.path == path)
        #expect(result.admin == admin, "the name is trimmed")
        #expect(result.budget.grouped == "16,100,000.00")
        #expect(result.copay == Money(yuan: 10))
        #expect(result.timeZone == "Asia/Shanghai")
        #expect(result.schemaVersion == Schema.latestVersion)

        let books = try scratch.open()
        #expect(try books.schemaVersion() == Schema.latestVersion)
        #expect(books.timeZone == "Asia/Shanghai")
        #expect(books.today == today)

        let budget = try books.budget()
        #expect(budget.remaining == Money(fen: 1_610_000_000))
        #expect(budget.remaining.grouped == "16,100,000.00")
        #expect(budget.total == Money(fen: 1_610_000_000))
        #expect(budget.drawn == .zero)

        let policies = try books.policies()
        #expect(policies.count == 1)
        let policy = try #require(policies.first)
        #expect(policy.category == nil && policy.minAge == nil && policy.cap == nil)
        #expect(policy.copay == Money(fen: 1000))
        #expect(policy.from == .always, "the default policy is in force for every date")

        let operators = try books.operators()
        #expect(operators.map(\.name) == [admin])
        #expect(operators.first?.role == .admin)
        #expect(operators.first?.active == true)
        #expect(try books.sites() == [])
    }

    @Test func theOpeningAppropriationIsOneBalancedChainedEntry() throws {
        let scratch = try Scratch()
        try scratch.create()
        let books = try scratch.open()
        #expect(try books.db.scalarInt("SELECT count(*) FROM journal") == 1)
        let entry = try journalEntry(books, id: 1)
        #expect(entry.kind == .appropriation)
        #expect(entry.period == "0000-00", "counted as made before any month")
        #expect(entry.previousHash == JournalEntry.genesisHash)
        #expect(entry.recordedAt == "2026-11-29T05:00:00Z")
        #expect(entry.postings.map(\.amount).sum() == .zero)
        #expect(Set(entry.postings.map(\.account)) == [Account.available, Account.appropriations])
        #expect(entry.hash.count == 64)
        #expect(entry.hash == entry.expectedHash)
        #expect(try books.chainHead().hash == entry.hash)
    }

    @Test func theAuditLogNamesTheAdmin() throws {
        let scratch = try Scratch()
        try scratch.create()
        let books = try scratch.open()
        let actions = try books.db.prepare("""
            SELECT o.name, a.action, a.at FROM audit_log a JOIN operators o ON o.id = a.operator_id ORDER BY a.id
            """).rows { "\($0.text(0)) \($0.text(1)) \($0.text(2))" }
        #expect(actions == ["\(admin) init 2026-11-29T05:00:00Z"])
    }

    @Test func createOnAnExistingPathIsRefusedAndLeavesTheFileByteIdentical() throws {
        let scratch = try Scratch()
        let path = try scratch.create()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let filesBefore = try scratch.files()

        let error = try #require(throws: CanteenError.self) {
            try Books.create(path: path, admin: "someone", budget: Money(yuan: 1), copay: Money(yuan: 1),
                             timeZone: "UTC", clock: clock, today: today)
        }
        #expect(error.kind == .rule)
        #expect(error.message.key == .initFileExists)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try scratch.files() == filesBefore)
        #expect(try scratch.open().operators().map(\.name) == [admin])
    }

    @Test func createOverAnyExistingFileIsRefusedToo() throws {
        let scratch = try Scratch()
        let path = scratch.path("notes.txt")
        try "my notes\n".write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(throws: CanteenError.self) {
            try Books.create(path: path, admin: admin, budget: Money(yuan: 1), copay: Money(yuan: 1),
                             timeZone: "UTC", clock: clock, today: today)
        }
        #expect(error.kind == .rule)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my notes\n")
    }

    @Test func createInAMissingDirectoryIsAStorageErrorAndCreatesNothing() throws {
        let scratch = try Scratch()
        let missing = scratch.directory + "/no-such-dir"
        let error = try #require(throws: CanteenError.self) {
            try Books.create(path: missing + "/x.db", admin: admin, budget: Money(yuan: 1), copay: Money(yuan: 1),
                             timeZone: "Asia/Shanghai", clock: clock, today: today)
        }
        #expect(error.kind == .storage)
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try scratch.files() == [])
    }

    @Test(arguments: [
        ("", "Asia/Shanghai", 1),           // no admin name
        ("admin", "Mars/Olympus", 1),       // unknown time zone
        ("admin", "../etc/passwd", 1),
        ("admin", "Asia/Shanghai", 0),      // no budget
    ] as [(String, String, Int64)])
    func invalidSettingsAreRefusedBeforeAnyFileIsMade(adminName: String, zone: String, budgetYuan: Int64) throws {
        let scratch = try Scratch()
        let error = try #require(throws: CanteenError.self) {
            try Books.create(path: scratch.path(), admin: adminName, budget: Money(yuan: budgetYuan),
                             copay: Money(yuan: 10), timeZone: zone, clock: clock, today: today)
        }
        #expect(error.kind == .invalidInput)
        #expect(try scratch.files() == [])
    }

    @Test func openingAMissingFileIsNotFound() throws {
        let scratch = try Scratch()
        let error = try #require(throws: CanteenError.self) { try scratch.open("missing.db") }
        #expect(error.kind == .notFound)
        #expect(try scratch.files() == [])
    }

    @Test func openingAFileThatIsNotADatabaseIsAStorageError() throws {
        let scratch = try Scratch()
        try String(repeating: "not a database\n", count: 100).write(toFile: scratch.path(), atomically: false, encoding: .utf8)
        let error = try #require(throws: CanteenError.self) { try scratch.open() }
        #expect(error.kind == .storage)
    }
}

/// Open books in a scratch directory that lives as long as this value, with a clerk besides the admin.
private final class BooksWithClerk {
    let scratch: Scratch
    let books: Books

    init() throws {
        scratch = try Scratch()
        try scratch.create()
        books = try scratch.open()
        _ = try books.addOperator(name: "clerk1", role: .clerk, by: admin)
    }
}

@Suite struct BooksSitesAndPermissionsTests {
    private func addSite(_ books: Books, _ code: String = "GZ01", name: String = "越秀区长者饭堂",
                         by actor: String? = admin) throws -> Site {
        try books.addSite(code: code, name: name, price: Money(yuan: 18), capacity: 80, district: "越秀区",
                          from: nil, by: actor)
    }

    @Test func anAdminAddsASite() throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let site = try addSite(books, "gz01")
        #expect(site.code == "GZ01", "codes are raised to upper case")
        #expect(site.name == "越秀区长者饭堂")
        #expect(site.district == "越秀区")
        #expect(site.capacity == 80)
        #expect(site.prices.map(\.price) == [Money(yuan: 18)])
        #expect(site.price(on: CivilDate(year: 1950, month: 1, day: 1)!) == Money(yuan: 18))
        #expect(try books.sites() == [site])
        #expect(try books.site(code: "GZ01") == site)
    }

    @Test(arguments: [
        ("clerk1", "a clerk may not set up canteens"),
        ("nobody", "an unknown operator"),
        ("", "no operator named"),
    ])
    func addSiteIsRefusedWithPermissionAndWritesNothing(actor: String, why: String) throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let before = try counts(books)
        let error = try #require(throws: CanteenError.self, "\(why)") { try addSite(books, by: actor) }
        #expect(error.kind == .permission)
        #expect(try counts(books) == before)
        #expect(try books.sites() == [])
    }

    @Test func addSiteWithoutAnyOperatorIsRefusedWithPermission() throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let error = try #require(throws: CanteenError.self) { try addSite(books, by: nil) }
        #expect(error.kind == .permission)
        #expect(error.message.key == .operatorMissing)
    }

    @Test func theRefusalNamesTheRole() throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let error = try #require(throws: CanteenError.self) { try addSite(books, by: "clerk1") }
        #expect(error.message.key == .roleMayNot)
        #expect(error.message.values["name"] == .text("clerk1") && error.message.values["role"] == .role(.clerk))
        let unknown = try #require(throws: CanteenError.self) { try addSite(books, by: "nobody") }
        #expect(unknown.message.key == .operatorUnknown && unknown.message.values["name"] == .text("nobody"))
    }

    @Test(arguments: ["GZ01", "gz01", " GZ01 "])
    func aDuplicateSiteCodeIsARuleRefusal(duplicate: String) throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        _ = try addSite(books)
        let before = try counts(books)
        let error = try #require(throws: CanteenError.self) { try addSite(books, duplicate, name: "另一个饭堂") }
        #expect(error.kind == .rule)
        #expect(error.message.key == .siteExists && error.message.values["site"] == .text("GZ01"))
        #expect(try counts(books) == before)
        #expect(try books.site(code: "GZ01").name == "越秀区长者饭堂")
    }

    @Test(arguments: ["G", "GZ-01", "ABCDEFGHIJK", "饭堂", ""])
    func aMalformedSiteCodeIsInvalidInput(code: String) throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let error = try #require(throws: CanteenError.self) { try addSite(books, code) }
        #expect(error.kind == .invalidInput)
        #expect(try books.sites() == [])
    }

    @Test func aSiteThatIsNotThereIsNotFound() throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let error = try #require(throws: CanteenError.self) { try books.site(code: "GZ99") }
        #expect(error.kind == .notFound)
    }

    @Test func aDuplicateOperatorIsARuleRefusal() throws {
        let fixture = try BooksWithClerk()
        let books = fixture.books
        let error = try #require(throws: CanteenError.self) { try books.addOperator(name: "clerk1", role: .finance, by: admin) }
        #expect(error.kind == .rule)
        #expect(try books.operators().first { $0.name == "clerk1" }?.role == .clerk)
    }
}
