import SQLite

/// The database schema this binary was built with, and what to do with a file whose schema differs.
public enum Schema {
    /// The migrator over the embedded migrations.
    public static let migrator = Migrator(migrations: embedded, steps: [3: chainTheRegister, 4: issueFirstCards],
                                          functions: [unhex])

    /// canteen_unhex(TEXT) → BLOB: lower- or upper-case hex to bytes (migration 5 stores hashes as bytes).
    static let unhex = SQLFunction("canteen_unhex", arity: 1) { arguments in
        guard case .text(let text) = arguments[0], let digest = SHA256.Digest(hex: text) else {
            throw DatabaseError(extendedCode: 1, message: "canteen_unhex: not a 64-digit hex hash")
        }
        return .blob(digest.bytes)
    }

    /// The migration that drops what a meal's row can derive (0005_compact): books older than it are checked in
    /// their own layout first.
    static let compactVersion = 5

    /// The schema version this binary writes.
    public static var latestVersion: Int { migrator.latestVersion }

    /// Refuses a database newer than the binary always, and an older one unless the caller migrates.
    static func check(_ db: Database, path: String, allowOlder: Bool) throws -> Int {
        let version: Int
        do { version = try migrator.appliedVersion(in: db) } catch let error as DatabaseError {
            // A lock, a damaged page or a failing disk is that, not a file of another kind.
            if error.isBusy || error.isCorrupt || error.isIOError || error.isFull { throw Books.canteenError(error) }
            throw CanteenError.storage(.notCanteenDatabaseBecause, ["path": path, "text": error.message])
        }
        if version == 0 {
            throw CanteenError.storage(.notCanteenDatabase, ["path": path], hint: Message(.hintInit))
        }
        if version > latestVersion {
            throw CanteenError.storage(.schemaNewer, ["path": path, "version": version, "latest": latestVersion], hint: Message(.hintNewerBinary))
        }
        if version < latestVersion && !allowOlder {
            throw CanteenError.storage(.schemaOlder, ["path": path, "version": version, "latest": latestVersion], hint: Message(.hintMigrate, ["path": path]))
        }
        return version
    }
}
