import SQLite
@preconcurrency import Glibc

/// The open books of one city's canteen subsidy: every core operation runs through here, one transaction each.
public final class Books {
    let db: Database
    /// Where the clock comes from.
    public let clock: Clock
    /// The date taken as today: nothing may be dated after it.
    public internal(set) var today: CivilDate
    /// The database's time zone, which defines days and months.
    public let timeZone: String
    /// Where card codes are drawn from; seeded in simulations and tests.
    public let random: RandomSource
    /// The subsidy policies as last read, with the data_version they were read at (see `cachedPolicies`).
    var policyCache: (version: Int64, policies: [Policy])?
    /// True once this connection has put the file in write-ahead-log mode (on its first write).
    var writeAheadLogReady = false
    /// A private copy the books are read from when the file itself cannot be (see `openDatabase`); removed with them.
    private var readCopy: TemporaryFile?
    /// How many `allowingWrites` are running: outside them SQLite itself refuses any change to the file.
    private var writeDepth = 0

    init(db: Database, clock: Clock, today: CivilDate?, random: RandomSource = .system) throws {
        self.db = db
        self.clock = clock
        self.random = random
        let zone = try db.scalarText("SELECT value FROM settings WHERE key = 'timezone'") ?? "Asia/Shanghai"
        guard TimeZoneOffset.isKnown(zone) else {
            throw CanteenError.storage(.timeZoneUnknownHere, ["zone": zone], hint: Message(.hintInstallTzdata))
        }
        self.timeZone = zone
        let day = today ?? clock.today(inTimeZone: zone)
        // Every date the books take is at most today, so a today within the input range bounds them all.
        try CivilDate.requireInput(day)
        self.today = day
        // A change to the books happens inside `write` (or a migration), which hands out the transaction; SQLite
        // refuses any other, so a write outside one fails in the tests instead of slipping through.
        try db.cached("PRAGMA query_only = ON").execute([])
    }

    /// Runs `body` with this connection allowed to change the file: `write`, a migration, a backup's VACUUM INTO.
    /// Books read from a private copy (see `openDatabase`) refuse every change: it would be made to the copy, which
    /// goes when they close, and be lost.
    func allowingWrites<T>(_ body: () throws -> T) throws -> T {
        // SQLITE_READONLY (8), as SQLite says of a file it may not write.
        if readCopy != nil { throw CanteenError.storage(.databaseReadOnly, ["code": 8]) }
        if writeDepth == 0 { try db.cached("PRAGMA query_only = OFF").execute([]) }
        writeDepth += 1
        defer {
            writeDepth -= 1
            if writeDepth == 0 { try? db.cached("PRAGMA query_only = ON").execute([]) }
        }
        return try body()
    }

    /// Opens an existing database; its schema must be this binary's unless `allowOlderSchema` (for migrate).
    public static func open(path: String, clock: Clock = .system, today: CivilDate? = nil,
                            allowOlderSchema: Bool = false, busyTimeoutMilliseconds: Int32 = 5000,
                            random: RandomSource = .system) throws -> Books {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CanteenError.notFound(.databaseMissing, ["path": path], hint: Message(.hintInit))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw CanteenError.storage(.databaseIsDirectory, ["path": path]) }
        return try mapErrors {
            let (db, copy) = try openDatabase(path, busyTimeout: busyTimeoutMilliseconds)
            _ = try Schema.check(db, path: path, allowOlder: allowOlderSchema)
            let books = try Books(db: db, clock: clock, today: today, random: random)
            books.readCopy = copy
            return books
        }
    }

    /// Opens the file for reading and, when this process may write it, for writing; opening writes nothing, so a
    /// command that only reads leaves the file's bytes as they were (a backup's checksum still matches).
    static func openDatabase(_ path: String, busyTimeout: Int32) throws -> (Database, readCopy: TemporaryFile?) {
        let writable = access(path, W_OK) == 0
        do {
            return (try Database(path: path, mode: writable ? .readWrite : .readOnly, busyTimeout: busyTimeout), nil)
        } catch let error as DatabaseError {
            if error.isCorrupt { throw CanteenError.storage(.notSQLite, ["path": path]) }
            if error.isBusy { throw error }
            // A write-ahead-logged file at rest (no log beside it) in a folder this process cannot write: SQLite cannot
            // create the shared memory it reads through, but with no log there is nothing to read but the file.
            if access(path + "-wal", F_OK) != 0 {
                return (try Database(path: path, mode: .readOnlyImmutable, busyTimeout: busyTimeout), nil)
            }
            if writable { return (try Database(path: path, mode: .readOnly, busyTimeout: busyTimeout), nil) }
            // A live log beside it and no shared memory, which this process cannot create there: the file and its log
            // are read from a private copy (the log's last commits included), since the file alone would be stale.
            if access(path + "-shm", F_OK) != 0, let copy = try? readCopy(of: path) {
                return (try Database(path: copy.path, mode: .readWrite, busyTimeout: busyTimeout), copy)
            }
            throw error
        }
    }

    /// A copy of the database at `path` and of its write-ahead log, in the temporary folder, for this process alone.
    private static func readCopy(of path: String) throws -> TemporaryFile {
        let copy = try TemporaryFile.scratch("read-copy", access: .ownerOnly)
        do {
            try TemporaryFile.copyFile(from: path, to: copy.path)
            try TemporaryFile.copyFile(from: path + "-wal", to: copy.path + "-wal")
            return copy
        } catch {
            copy.discard()
            throw error
        }
    }

    /// Copies the write-ahead log into the file after a large one-off write (init, migrate, a simulation), so the
    /// file alone holds the books; the counter's own meals leave checkpoints to the log's size. Best effort: a
    /// reader holding the log back only delays it.
    public func checkpoint() {
        _ = try? db.scalarInt("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Runs `body` as one read transaction, so a report sees one consistent state.
    func read<T>(_ body: () throws -> T) throws -> T {
        try Books.mapErrors { try db.inTransaction(.deferred, body) }
    }

    /// Turns SQLite's errors into the core's kinds, so the CLI maps each to one exit code.
    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CanteenError {
            throw error
        } catch let error as DatabaseError {
            throw canteenError(error)
        } catch {
            throw CanteenError.storage(.unexpectedError, ["text": "\(error)"])
        }
    }

    /// SQLite's condition in the core's words: a person reads what happened (busy, read-only, disk full, …) in their
    /// language; SQLite's own English text is kept, as a further line, only where it says more than the condition
    /// (which rule a constraint names, an error the program has no words for).
    static func canteenError(_ error: DatabaseError) -> CanteenError {
        let code = Int64(error.extendedCode)
        if error.isLocked { return CanteenError(.busy, Message(.databaseBusy), details: [Message(.sqliteLocked)]) }
        if error.isBusy { return CanteenError(.busy, Message(.databaseBusy), details: [Message(.sqliteBusy)]) }
        if error.isCorrupt { return CanteenError.storage(.databaseDamaged, ["code": code]) }
        if error.isIntegerOverflow { return CanteenError.storage(.amountOverflow, ["largest": Money(fen: .max)]) }
        if error.isReadOnly { return CanteenError.storage(.databaseReadOnly, ["code": code]) }
        if error.isFull { return CanteenError.storage(.databaseFull, ["code": code]) }
        if error.isIOError { return CanteenError.storage(.databaseIOError, ["code": code]) }
        if error.isCannotOpen { return CanteenError.storage(.databaseCannotOpen, ["code": code]) }
        if error.isConstraint {
            return CanteenError(.rule, Message(.refusedByDatabase), details: [Message(.sqliteSays, ["text": error.message])])
        }
        return CanteenError(.storage, Message(.databaseError, ["code": code]), details: [Message(.sqliteSays, ["text": error.message])])
    }

    /// The schema version of the open database.
    public func schemaVersion() throws -> Int {
        try read { try Schema.migrator.appliedVersion(in: db) }
    }

    /// Refuses a date after today: meals and registrations may be back-filled, never forward-dated.
    func requireNotFuture(_ date: CivilDate, _ what: DatedThing) throws {
        if date > today { throw CanteenError.rule(.datedInFuture, ["what": what, "date": date, "today": today]) }
    }
}
