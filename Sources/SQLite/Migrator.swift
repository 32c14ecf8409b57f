/// One versioned schema change.
public struct Migration: Sendable, Equatable {
    /// The version number, from the file name (0001_… is 1).
    public let version: Int
    /// The descriptive part of the file name.
    public let name: String
    /// The SQL script.
    public let sql: String

    /// Version and name normally come from the file name (0001_books.sql is 1, "books").
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Work a migration does that SQL alone cannot (computing hashes of rows already there), run right after its
/// SQL in the same transaction; it gets the database and the context the caller gave.
public typealias MigrationStep = @Sendable (Database, MigrationContext) throws -> Void

/// What a migration step may need to know about the run: when, and who asked for it.
public struct MigrationContext: Sendable {
    /// The timestamp recorded as the migrations' applied_at.
    public let appliedAt: String
    /// The operator row that asked for the migration, or nil on a new, empty database.
    public let actorID: Int64?

    /// A run at `appliedAt` on behalf of `actorID`.
    public init(appliedAt: String, actorID: Int64? = nil) {
        self.appliedAt = appliedAt
        self.actorID = actorID
    }
}

/// Applies pending migrations in order, all of them in one transaction together with the records that they ran:
/// a run that fails or is killed leaves the database exactly as it was, and can simply be run again.
public struct Migrator: Sendable {
    /// All migrations the program knows, in any order.
    public let migrations: [Migration]
    /// Steps by the version whose SQL they follow.
    public let steps: [Int: MigrationStep]
    /// SQL functions the migrations' SQL calls, defined on the connection before they run.
    public let functions: [SQLFunction]

    /// Sorts by version, so the order the migrations are listed in does not matter.
    public init(migrations: [Migration], steps: [Int: MigrationStep] = [:], functions: [SQLFunction] = []) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.steps = steps
        self.functions = functions
    }

    /// The newest version this program knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The highest version recorded in the database, 0 for a database never migrated.
    public func appliedVersion(in db: Database) throws -> Int {
        let exists = try db.scalarInt(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") ?? 0
        guard exists > 0 else { return 0 }
        return Int(try db.scalarInt("SELECT max(version) FROM schema_migrations") ?? 0)
    }

    /// Applies every migration newer than the database; returns the versions applied.
    @discardableResult
    public func migrate(_ db: Database, appliedAt: String) throws -> [Int] {
        try migrate(db, context: MigrationContext(appliedAt: appliedAt))
    }

    /// Applies every migration newer than the database in one transaction; returns the versions applied.
    /// Foreign keys are off while it runs (a table rebuild drops and renames tables others refer to) and are
    /// checked as a whole before it commits; `beforeEach` runs inside the transaction before each migration's SQL
    /// (to read what it is about to drop), and `beforeCommit` last, with the versions applied; either may still
    /// refuse the whole run by throwing.
    @discardableResult
    public func migrate(_ db: Database, context: MigrationContext, beforeEach: ((Database, Migration) throws -> Void)? = nil,
                        beforeCommit: ((Database, [Int]) throws -> Void)? = nil) throws -> [Int] {
        for function in functions { try db.define(function) }
        let foreignKeys = try db.scalarInt("PRAGMA foreign_keys") == 1
        if foreignKeys { try db.execute("PRAGMA foreign_keys = OFF") }
        defer { if foreignKeys { try? db.execute("PRAGMA foreign_keys = ON") } }
        return try db.inTransaction(.immediate) {
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                ) STRICT
                """)
            let current = try appliedVersion(in: db)
            var applied: [Int] = []
            for migration in migrations where migration.version > current {
                try beforeEach?(db, migration)
                try db.execute(migration.sql)
                try steps[migration.version]?(db, context)
                try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           migration.version, migration.name, context.appliedAt)
                applied.append(migration.version)
            }
            if let broken = try db.scalarText("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1") {
                throw DatabaseError(extendedCode: 787, message: "the migrated schema breaks a foreign key of \(broken)")
            }
            try beforeCommit?(db, applied)
            return applied
        }
    }
}
