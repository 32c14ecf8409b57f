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
    /// The subsidy policies as last read, with the data_version they were read at (see `cachedPolicies`).
    var policyCache: (version: Int64, policies: [Policy])?

    init(db: Database, clock: Clock, today: CivilDate?) throws {
        self.db = db
        self.clock = clock
        let zone = try db.scalarText("SELECT value FROM settings WHERE key = 'timezone'") ?? "Asia/Shanghai"
        guard TimeZoneOffset.isKnown(zone) else {
            throw CanteenError.storage(.timeZoneUnknownHere, ["zone": zone], hint: Message(.hintInstallTzdata))
        }
        self.timeZone = zone
        let day = today ?? clock.today(inTimeZone: zone)
        // Every date the books take is at most today, so a today within the input range bounds them all.
        try CivilDate.requireInput(day)
        self.today = day
    }

    /// Opens an existing database; its schema must be this binary's unless `allowOlderSchema` (for migrate).
    public static func open(path: String, clock: Clock = .system, today: CivilDate? = nil,
                            allowOlderSchema: Bool = false, busyTimeoutMilliseconds: Int32 = 5000) throws -> Books {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CanteenError.notFound(.databaseMissing, ["path": path], hint: Message(.hintInit))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw CanteenError.storage(.databaseIsDirectory, ["path": path]) }
        return try mapErrors {
            let db: Database
            do { db = try Database(path: path, mode: .readWrite, busyTimeout: busyTimeoutMilliseconds) } catch let error as DatabaseError {
                if error.isCorrupt { throw CanteenError.storage(.notSQLite, ["path": path]) }
                if error.isBusy { throw error }
                // A read-only file or folder can still be read.
                db = try Database(path: path, mode: .readOnly, busyTimeout: busyTimeoutMilliseconds)
            }
            _ = try Schema.check(db, path: path, allowOlder: allowOlderSchema)
            if access(path, W_OK) == 0 { try db.enableWriteAheadLog() }
            return try Books(db: db, clock: clock, today: today)
        }
    }

    /// Runs `body` as one write transaction (BEGIN IMMEDIATE): it all happens, or nothing does.
    func write<T>(_ body: () throws -> T) throws -> T {
        try Books.mapErrors { try db.inTransaction(.immediate, body) }
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
            if error.isBusy {
                throw CanteenError(.busy, Message(.databaseBusy), details: [Message(.sqliteSays, ["text": error.message])])
            }
            if error.isCorrupt { throw CanteenError.storage(.databaseDamaged, ["text": error.message]) }
            if error.isConstraint { throw CanteenError.rule(.refusedByDatabase, ["text": error.message]) }
            throw CanteenError.storage(.databaseError, ["text": error.message])
        } catch {
            throw CanteenError.storage(.unexpectedError, ["text": "\(error)"])
        }
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
