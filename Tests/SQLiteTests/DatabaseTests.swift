import Foundation
import SQLite
import Testing

// SQLite's result codes, spelled out so the tests say what they expect without importing the C module.
private enum Code {
    static let busy: Int32 = 5
    static let constraint: Int32 = 19
    static let range: Int32 = 25
    static let notADatabase: Int32 = 26
    static let cantOpen: Int32 = 14
    static let constraintCheck: Int32 = 275
    static let constraintForeignKey: Int32 = 787
    static let constraintNotNull: Int32 = 1299
    static let constraintPrimaryKey: Int32 = 1555
    static let constraintTrigger: Int32 = 1811
    static let constraintUnique: Int32 = 2067
}

/// A fresh directory under the system temporary directory, removed when the value is released.
private final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("canteen-sqlite-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String = "test.db") -> String { directory.appendingPathComponent(name).path }

    /// A new database file in WAL mode, as the books use it.
    func database(_ name: String = "test.db", busyTimeout: Int32 = 5000) throws -> Database {
        let db = try Database(path: path(name), mode: .readWriteCreate, busyTimeout: busyTimeout)
        try db.enableWriteAheadLog()
        return db
    }
}

/// A database in a scratch directory of its own, which lives as long as this value: hold it, not just its `db`.
private final class TestDatabase {
    let scratch: Scratch
    let db: Database
    var path: String { scratch.path() }

    init(busyTimeout: Int32 = 5000) throws {
        scratch = try Scratch()
        db = try scratch.database(busyTimeout: busyTimeout)
    }

    /// A database with the items table (UNIQUE, CHECK, NOT NULL, FOREIGN KEY and a trigger to violate).
    static func withItems() throws -> TestDatabase {
        let test = try TestDatabase()
        try makeItemsTable(test.db)
        return test
    }
}

private func makeItemsTable(_ db: Database) throws {
    try db.execute("""
        CREATE TABLE parents (id INTEGER PRIMARY KEY) STRICT;
        CREATE TABLE items (
            id        INTEGER PRIMARY KEY,
            code      TEXT NOT NULL UNIQUE,
            qty       INTEGER NOT NULL CHECK (qty >= 0),
            parent_id INTEGER REFERENCES parents(id)
        ) STRICT;
        CREATE TRIGGER items_no_delete BEFORE DELETE ON items BEGIN
            SELECT RAISE(ABORT, 'items are append-only');
        END;
        """)
}

private func itemCodes(_ db: Database) throws -> [String] {
    try db.prepare("SELECT code FROM items ORDER BY id").rows { $0.text(0) }
}

private struct Boom: Error {}

// MARK: - Opening

@Suite struct OpeningTests {
    @Test func openingWritesNothingUntilWALIsAskedFor() throws {
        let scratch = try Scratch()
        let db = try Database(path: scratch.path(), mode: .readWriteCreate)
        #expect(try db.scalarText("PRAGMA journal_mode") == "delete")
        try db.enableWriteAheadLog()
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
    }

    @Test func createsTheFileInWALModeWithForeignKeysOn() throws {
        let test = try TestDatabase()
        let db = test.db
        #expect(FileManager.default.fileExists(atPath: test.path))
        #expect(db.path == test.path)
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(!db.isInTransaction)
    }

    @Test func walModeIsPersistentAndForeignKeysAreOnForEveryConnection() throws {
        let scratch = try Scratch()
        _ = try scratch.database()
        let again = try Database(path: scratch.path(), mode: .readWrite)
        #expect(try again.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try again.scalarInt("PRAGMA foreign_keys") == 1)
        let reader = try Database(path: scratch.path(), mode: .readOnly)
        #expect(try reader.scalarInt("PRAGMA foreign_keys") == 1)
    }

    @Test func readWriteDoesNotCreateAMissingFile() throws {
        let scratch = try Scratch()
        let error = try #require(throws: DatabaseError.self) {
            try Database(path: scratch.path("missing.db"), mode: .readWrite)
        }
        #expect(error.primaryCode == Code.cantOpen)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("missing.db")))
    }

    @Test(arguments: [Database.Mode.readWrite, .readOnly])
    func aFileThatIsNotADatabaseIsRefusedAtOpen(mode: Database.Mode) throws {
        let scratch = try Scratch()
        let path = scratch.path("notes.db")
        let text = String(repeating: "This is a text file, not an SQLite database.\n", count: 200)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(throws: DatabaseError.self) { try Database(path: path, mode: mode) }
        #expect(error.isCorrupt)
        #expect(error.primaryCode == Code.notADatabase)
        #expect(!error.isBusy && !error.isConstraint)
        // Refusing it must not have touched it.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func aShortTextFileIsNotADatabaseEither() throws {
        let scratch = try Scratch()
        let path = scratch.path("short.db")
        try "hello\n".write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(throws: DatabaseError.self) { try Database(path: path) }
        #expect(error.isCorrupt)
    }
}

// MARK: - Binding and reading

@Suite struct BindingTests {
    private func roundTrip(_ value: any SQLBindable) throws -> SQLValue {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (v ANY) STRICT")
        try db.run("INSERT INTO t (v) VALUES (?)", value)
        return try #require(try db.cached("SELECT v FROM t").first { $0.value(0) })
    }

    @Test(arguments: [
        SQLValue.integer(0), .integer(Int64.max), .integer(Int64.min), .integer(-1_610_000_000),
        .text(""), .text("长者饭堂 GZ01"), .text("陈大文 👵🏻 e\u{301}"),
        .blob([0, 1, 2, 0xFF, 0]),
        .null,
    ])
    func valuesRoundTrip(value: SQLValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func swiftTypesBindAsTheirStorageClass() throws {
        #expect(try roundTrip(Int64(42)) == .integer(42))
        #expect(try roundTrip(7) == .integer(7))
        #expect(try roundTrip(true) == .integer(1))
        #expect(try roundTrip("十八元") == .text("十八元"))
        #expect(try roundTrip([UInt8]([0xDE, 0xAD, 0xBE, 0xEF])) == .blob([0xDE, 0xAD, 0xBE, 0xEF]))
        #expect(try roundTrip(String?.none) == .null)
        #expect(try roundTrip(Int64?.some(5)) == .integer(5))
    }

    @Test func anEmptyBlobStaysABlob() throws {
        #expect(try roundTrip([UInt8]()) == .blob([]))
    }

    @Test func textWithAnEmbeddedNULIsKeptWhole() throws {
        #expect(try roundTrip("a\u{0}b") == .text("a\u{0}b"))
    }

    @Test func typedAccessorsReadEachColumn() throws {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT) STRICT")
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?)", Int64(1850), "越秀区", [UInt8]([1, 2, 3]), String?.none)
        let row = try #require(try db.prepare("SELECT i, s, b, n FROM t").first { row in
            (row.count, row.int(0), row.text(1), row.blob(2), row.isNull(3), row.optionalText(3), row.optionalInt(0))
        })
        #expect(row.0 == 4)
        #expect(row.1 == 1850)
        #expect(row.2 == "越秀区")
        #expect(row.3 == [1, 2, 3])
        #expect(row.4)
        #expect(row.5 == nil)
        #expect(row.6 == 1850)
    }

    @Test func scalarsAreNilForNoRowAndForNull() throws {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (v INTEGER) STRICT")
        #expect(try db.scalarInt("SELECT v FROM t") == nil)
        try db.run("INSERT INTO t VALUES (?)", Int64?.none)
        #expect(try db.scalarInt("SELECT v FROM t") == nil)
        #expect(try db.scalarText("SELECT 'x' || ?", "y") == "xy")
    }

    @Test func aWrongNumberOfParametersIsARangeError() throws {
        let test = try TestDatabase()
        let db = test.db
        let sql = "SELECT ? + ?"
        let error = try #require(throws: DatabaseError.self) { try db.run(sql, 1) }
        #expect(error.primaryCode == Code.range)
        #expect(error.sql == sql)
    }

    @Test func rowsAndForEachSeeEveryRowAndStatementsAreReusable() throws {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (v INTEGER) STRICT")
        let insert = try db.cached("INSERT INTO t VALUES (?)")
        for n in 1...100 { try insert.execute([n]) }
        #expect(db.changes == 1)
        #expect(db.lastInsertRowID == 100)
        let select = try db.cached("SELECT v FROM t WHERE v > ? ORDER BY v")
        #expect(try select.rows([95]) { $0.int(0) } == [96, 97, 98, 99, 100])
        #expect(try select.rows([98]) { $0.int(0) } == [99, 100])
        var sum: Int64 = 0
        try select.forEach([0]) { sum += $0.int(0) }
        #expect(sum == 5050)
    }
}

// MARK: - Errors

@Suite struct ConstraintErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let sql: String
        let extendedCode: Int32
        let messageFragment: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "UNIQUE", sql: "INSERT INTO items (code, qty) VALUES ('A', 1)",
             extendedCode: Code.constraintUnique, messageFragment: "UNIQUE constraint failed: items.code"),
        Case(name: "CHECK", sql: "INSERT INTO items (code, qty) VALUES ('B', -1)",
             extendedCode: Code.constraintCheck, messageFragment: "CHECK constraint failed"),
        Case(name: "NOT NULL", sql: "INSERT INTO items (code, qty) VALUES (NULL, 1)",
             extendedCode: Code.constraintNotNull, messageFragment: "NOT NULL constraint failed: items.code"),
        Case(name: "PRIMARY KEY", sql: "INSERT INTO parents (id) VALUES (1)",
             extendedCode: Code.constraintPrimaryKey, messageFragment: "UNIQUE constraint failed: parents.id"),
        Case(name: "FOREIGN KEY", sql: "INSERT INTO items (code, qty, parent_id) VALUES ('C', 1, 999)",
             extendedCode: Code.constraintForeignKey, messageFragment: "FOREIGN KEY constraint failed"),
        Case(name: "trigger RAISE", sql: "DELETE FROM items",
             extendedCode: Code.constraintTrigger, messageFragment: "items are append-only"),
    ]

    private func seeded() throws -> TestDatabase {
        let test = try TestDatabase.withItems()
        try test.db.run("INSERT INTO parents (id) VALUES (1)")
        try test.db.run("INSERT INTO items (code, qty, parent_id) VALUES ('A', 1, 1)")
        return test
    }

    @Test(arguments: cases)
    func violationThroughAPreparedStatement(_ c: Case) throws {
        let test = try seeded()
        let db = test.db
        let error = try #require(throws: DatabaseError.self) { try db.run(c.sql) }
        #expect(error.primaryCode == Code.constraint)
        #expect(error.extendedCode == c.extendedCode)
        #expect(error.isConstraint && !error.isBusy && !error.isCorrupt)
        #expect(error.sql == c.sql)
        #expect(error.message.contains(c.messageFragment), "message: \(error.message)")
        #expect(error.description.contains(c.sql))
        #expect(try itemCodes(db) == ["A"])
    }

    @Test(arguments: cases)
    func violationThroughExecute(_ c: Case) throws {
        let test = try seeded()
        let db = test.db
        let error = try #require(throws: DatabaseError.self) { try db.execute(c.sql) }
        #expect(error.primaryCode == Code.constraint)
        #expect(error.extendedCode == c.extendedCode)
        #expect(error.sql == c.sql)
        #expect(try itemCodes(db) == ["A"])
    }

    @Test func aSyntaxErrorCarriesTheSQL() throws {
        let test = try TestDatabase()
        let db = test.db
        let sql = "SELEKT 1"
        let error = try #require(throws: DatabaseError.self) { try db.prepare(sql) }
        #expect(error.primaryCode == 1)
        #expect(error.sql == sql)
        #expect(error.message.contains("syntax error"))
    }
}

// MARK: - Transactions

@Suite struct TransactionTests {
    private func insert(_ db: Database, _ code: String) throws {
        try db.run("INSERT INTO items (code, qty) VALUES (?, 1)", code)
    }

    @Test func aTransactionThatReturnsCommitsAndPassesTheValueOut() throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        let value = try db.inTransaction {
            try insert(db, "A")
            #expect(db.isInTransaction)
            return 42
        }
        #expect(value == 42)
        #expect(!db.isInTransaction)
        // Another connection sees it: it was committed, not just written.
        let other = try Database(path: test.path)
        #expect(try itemCodes(other) == ["A"])
    }

    @Test(arguments: [Database.TransactionKind.immediate, .deferred])
    func aTransactionThatThrowsLeavesNothingWritten(kind: Database.TransactionKind) throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        #expect(throws: Boom.self) {
            try db.inTransaction(kind) {
                try insert(db, "A")
                try insert(db, "B")
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try itemCodes(db) == [])
        #expect(try itemCodes(try Database(path: test.path)) == [])
    }

    @Test func aFailingStatementRollsBackTheEarlierOnes() throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        let error = try #require(throws: DatabaseError.self) {
            try db.inTransaction {
                try insert(db, "A")
                try insert(db, "A")
            }
        }
        #expect(error.extendedCode == Code.constraintUnique)
        #expect(try itemCodes(db) == [])
    }

    @Test func aNestedFailureRollsBackTheInnerPartOnly() throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        try db.inTransaction {
            try insert(db, "outer-1")
            #expect(throws: Boom.self) {
                try db.inTransaction {
                    try insert(db, "inner")
                    throw Boom()
                }
            }
            #expect(db.isInTransaction, "the outer transaction must survive the inner rollback")
            try insert(db, "outer-2")
        }
        #expect(try itemCodes(db) == ["outer-1", "outer-2"])
    }

    @Test func nestedSuccessesCommitWithTheOuterAndAnOuterFailureUndoesThem() throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        try db.inTransaction {
            try insert(db, "A")
            try db.inTransaction {
                try insert(db, "B")
                try db.inTransaction { try insert(db, "C") }
            }
        }
        #expect(try itemCodes(db) == ["A", "B", "C"])
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try insert(db, "D")
                try db.inTransaction { try insert(db, "E") }
                throw Boom()
            }
        }
        #expect(try itemCodes(db) == ["A", "B", "C"])
    }

    @Test func savepointsCanBeUsedAgainAfterARollback() throws {
        let test = try TestDatabase.withItems()
        let db = test.db
        try db.inTransaction {
            for n in 1...3 {
                try? db.inTransaction {
                    try insert(db, "kept-\(n)")
                    try db.inTransaction {
                        try insert(db, "dropped-\(n)")
                        throw Boom()
                    }
                }
            }
        }
        // Each middle level caught nothing, so its own insert went too.
        #expect(try itemCodes(db) == [])
        try db.inTransaction {
            for n in 1...3 {
                try db.inTransaction {
                    try insert(db, "kept-\(n)")
                    try? db.inTransaction {
                        try insert(db, "dropped-\(n)")
                        throw Boom()
                    }
                }
            }
        }
        #expect(try itemCodes(db) == ["kept-1", "kept-2", "kept-3"])
    }

    @Test func aWriteLockHeldElsewhereMakesAnImmediateTransactionBusy() throws {
        let test = try TestDatabase(busyTimeout: 100)
        let a = test.db
        try makeItemsTable(a)
        let b = try Database(path: test.path)
        try b.execute("BEGIN IMMEDIATE")
        try b.run("INSERT INTO items (code, qty) VALUES ('from-b', 1)")

        var ran = false
        let error = try #require(throws: DatabaseError.self) {
            try a.inTransaction(.immediate) { ran = true }
        }
        #expect(error.isBusy)
        #expect(error.primaryCode == Code.busy)
        #expect(!ran, "the body must not run without the lock")
        #expect(!a.isInTransaction)
        // WAL: readers are not blocked by the writer, and see the last committed state.
        #expect(try a.inTransaction(.deferred) { try itemCodes(a) } == [])

        try b.execute("COMMIT")
        try a.inTransaction(.immediate) { try insert(a, "from-a") }
        #expect(try itemCodes(a) == ["from-b", "from-a"])
    }
}

// MARK: - Statement cache

@Suite struct StatementCacheTests {
    @Test func theSameSQLGivesTheSameStatement() throws {
        let test = try TestDatabase()
        let db = test.db
        let sql = "SELECT 1"
        let first = try db.cached(sql)
        #expect(try db.cached(sql) === first)
        #expect(first.sql == sql)
        #expect(try db.cached("SELECT 2") !== first)
        #expect(try db.prepare(sql) !== first, "prepare always makes a fresh statement")
    }

    @Test func aCachedStatementIsResetBetweenUses() throws {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (v INTEGER) STRICT; INSERT INTO t VALUES (1), (2), (3);")
        // `first` stops after one row: the next use must start again from the top.
        #expect(try db.scalarInt("SELECT v FROM t ORDER BY v") == 1)
        #expect(try db.scalarInt("SELECT v FROM t ORDER BY v") == 1)
        let statement = try db.cached("SELECT v FROM t WHERE v >= ? ORDER BY v")
        #expect(try statement.first([2]) { $0.int(0) } == 2)
        #expect(try statement.rows([1]) { $0.int(0) } == [1, 2, 3])
    }

    @Test func aFailedStepDoesNotPoisonTheCachedStatement() throws {
        let test = try TestDatabase()
        let db = test.db
        try db.execute("CREATE TABLE t (v INTEGER UNIQUE) STRICT")
        try db.run("INSERT INTO t VALUES (?)", 1)
        #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t VALUES (?)", 1) }
        try db.run("INSERT INTO t VALUES (?)", 2)
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 2)
    }
}

// MARK: - Migrator

@Suite struct MigratorTests {
    static let one = Migration(version: 1, name: "first", sql: "CREATE TABLE a (x INTEGER) STRICT;")
    static let two = Migration(version: 2, name: "second", sql: """
        CREATE TABLE b (y INTEGER) STRICT;
        INSERT INTO a (x) VALUES (2);
        """)
    static let three = Migration(version: 3, name: "third", sql: "ALTER TABLE a ADD COLUMN z TEXT;")

    private func tables(_ db: Database) throws -> [String] {
        try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows { $0.text(0) }
    }

    private func recorded(_ db: Database) throws -> [String] {
        try db.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
            .rows { "\($0.int(0)) \($0.text(1)) \($0.text(2))" }
    }

    @Test func appliesPendingMigrationsInVersionOrderAndRecordsThem() throws {
        let test = try TestDatabase()
        let db = test.db
        let migrator = Migrator(migrations: [Self.three, Self.one, Self.two])
        #expect(migrator.migrations.map(\.version) == [1, 2, 3])
        #expect(migrator.latestVersion == 3)
        #expect(try migrator.appliedVersion(in: db) == 0)

        // Two depends on one's table and three on one's: out of order, this would fail.
        let applied = try migrator.migrate(db, appliedAt: "2026-11-29T00:00:00Z")
        #expect(applied == [1, 2, 3])
        #expect(try migrator.appliedVersion(in: db) == 3)
        #expect(try recorded(db) == ["1 first 2026-11-29T00:00:00Z", "2 second 2026-11-29T00:00:00Z",
                                     "3 third 2026-11-29T00:00:00Z"])
        #expect(try tables(db) == ["a", "b", "schema_migrations"])
        #expect(try db.scalarInt("SELECT x FROM a") == 2)
    }

    @Test func reRunningAppliesNothing() throws {
        let test = try TestDatabase()
        let db = test.db
        let migrator = Migrator(migrations: [Self.one, Self.two])
        try migrator.migrate(db, appliedAt: "first run")
        #expect(try migrator.migrate(db, appliedAt: "second run") == [])
        #expect(try recorded(db) == ["1 first first run", "2 second first run"])
        #expect(try db.scalarInt("SELECT count(*) FROM a") == 1)
    }

    @Test func onlyNewerMigrationsApplyToAnOlderDatabase() throws {
        let test = try TestDatabase()
        let db = test.db
        try Migrator(migrations: [Self.one]).migrate(db, appliedAt: "v1")
        let applied = try Migrator(migrations: [Self.one, Self.two, Self.three]).migrate(db, appliedAt: "v3")
        #expect(applied == [2, 3])
        #expect(try recorded(db) == ["1 first v1", "2 second v3", "3 third v3"])
    }

    @Test func aFailingRunKeepsNothingOfItself() throws {
        let test = try TestDatabase()
        let db = test.db
        let broken = Migration(version: 2, name: "broken", sql: """
            CREATE TABLE b (y INTEGER) STRICT;
            INSERT INTO a (x) VALUES (99);
            INSERT INTO no_such_table VALUES (1);
            """)
        let migrator = Migrator(migrations: [Self.one, broken, Self.three])
        try Migrator(migrations: [Self.one]).migrate(db, appliedAt: "before")
        let error = try #require(throws: DatabaseError.self) { try migrator.migrate(db, appliedAt: "now") }
        #expect(error.message.contains("no_such_table"))
        #expect(!db.isInTransaction)
        // The whole run is one transaction: the database is as it was before it, at version 1.
        #expect(try migrator.appliedVersion(in: db) == 1)
        #expect(try recorded(db) == ["1 first before"])
        #expect(try tables(db) == ["a", "schema_migrations"], "neither broken's table nor three's change may stay")
        #expect(try db.scalarInt("SELECT count(*) FROM a") == 0)
        #expect(try db.scalarInt("SELECT count(*) FROM pragma_table_info('a') WHERE name = 'z'") == 0)

        // Once fixed, the rest applies from where it stopped.
        let fixed = Migrator(migrations: [Self.one, Self.two, Self.three])
        #expect(try fixed.migrate(db, appliedAt: "later") == [2, 3])
    }

    @Test func aStepRunsAfterItsSQLInTheSameTransaction() throws {
        let test = try TestDatabase()
        let db = test.db
        let migrator = Migrator(migrations: [Self.one, Self.two], steps: [
            2: { db, context in try db.run("INSERT INTO b (y) VALUES (?)", context.actorID ?? -1) },
        ])
        try migrator.migrate(db, context: MigrationContext(appliedAt: "now", actorID: 7))
        #expect(try db.scalarInt("SELECT y FROM b") == 7)
        let failing = Migrator(migrations: [Self.one, Self.two, Self.three], steps: [3: { _, _ in throw DatabaseError(extendedCode: 1, message: "step failed") }])
        #expect(throws: DatabaseError.self) { try failing.migrate(db, appliedAt: "later") }
        #expect(try db.scalarInt("SELECT count(*) FROM pragma_table_info('a') WHERE name = 'z'") == 0, "the step's failure undoes its SQL")
    }
}
