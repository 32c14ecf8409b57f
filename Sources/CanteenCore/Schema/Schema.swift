import SQLite

/// The database schema this binary was built with, and what to do with a file whose schema differs.
public enum Schema {
    /// The migrator over the embedded migrations.
    public static let migrator = Migrator(migrations: embedded)

    /// The schema version this binary writes.
    public static var latestVersion: Int { migrator.latestVersion }

    /// Refuses a database newer than the binary always, and an older one unless the caller migrates.
    static func check(_ db: Database, path: String, allowOlder: Bool) throws -> Int {
        let version: Int
        do { version = try migrator.appliedVersion(in: db) } catch let error as DatabaseError {
            throw CanteenError.storage("\(path) is not a canteen database (\(error.message))")
        }
        if version == 0 {
            throw CanteenError.storage("\(path) is not a canteen database",
                                       "Create one with 'canteen init --admin NAME'.")
        }
        if version > latestVersion {
            throw CanteenError.storage(
                "\(path) has schema version \(version), newer than this canteen (\(latestVersion))",
                "Use a newer canteen binary; this one will not touch the file.")
        }
        if version < latestVersion && !allowOlder {
            throw CanteenError.storage(
                "\(path) has schema version \(version), older than this canteen (\(latestVersion))",
                "Run 'canteen migrate --db \(path)' first (make a backup before).")
        }
        return version
    }
}
