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

/// Applies migrations in order, each in its own transaction together with the record that it ran.
public struct Migrator: Sendable {
    /// All migrations the program knows, in any order.
    public let migrations: [Migration]

    /// Sorts by version, so the order the migrations are listed in does not matter.
    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
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
            try db.inTransaction(.immediate) {
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           migration.version, migration.name, appliedAt)
            }
            applied.append(migration.version)
        }
        return applied
    }
}
