import SQLite
@preconcurrency import Glibc

/// What `init` made.
public struct InitResult: Sendable, Equatable {
    /// The database file created; init never touches an existing one.
    public let path: String
    /// The first admin's name, trimmed as stored.
    public let admin: String
    /// The opening appropriation, posted before any month so back-filled meals can draw on it.
    public let budget: Money
    /// The default policy's copay for every diner, in force for every date.
    public let copay: Money
    /// The tz database name (e.g. Asia/Shanghai) that defines days and months.
    public let timeZone: String
    /// The schema version created: this binary's latest migration.
    public let schemaVersion: Int
}

/// What `migrate` did.
public struct MigrateResult: Sendable, Equatable {
    /// The schema version before; equal to `toVersion` when nothing was pending.
    public let fromVersion: Int
    /// The schema version now: this binary's latest.
    public let toVersion: Int
}

extension Books {
    /// Creates a new database with the latest schema, its first admin, the fund's opening appropriation and the default policy.
    public static func create(path: String, admin: String, budget: Money, copay: Money, timeZone: String,
                              clock: Clock = .system, today: CivilDate? = nil) throws -> InitResult {
        let adminName = try OperatorName(admin)
        guard TimeZoneOffset.isKnown(timeZone) else {
            throw CanteenError.invalid(.timeZoneUnknown, ["zone": timeZone])
        }
        guard budget > .zero else { throw CanteenError.invalid(.openingBudgetZero) }
        guard budget <= Money.fundLimit else {
            throw CanteenError.rule(.fundLimitExceeded, ["total": Money.zero, "amount": budget, "limit": Money.fundLimit])
        }
        try Money.requireMealAmount(copay, .copayTooLarge)
        if let today { try CivilDate.requireInput(today) }
        // Claiming the name with O_EXCL first means two inits at once cannot both think the file is theirs.
        let claimed = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard claimed >= 0 else {
            if errno == EEXIST {
                throw CanteenError.rule(.initFileExists, ["path": path], hint: Message(.hintOtherPath))
            }
            throw CanteenError.storage(.cannotCreate, ["path": path, "reason": SystemError(errno)])
        }
        close(claimed)
        do {
            let db: Database
            do { db = try Database(path: path, mode: .readWrite) } catch let error as DatabaseError {
                throw CanteenError.storage(.cannotCreate, ["path": path, "reason": error.message])
            }
            try mapErrors { try db.enableWriteAheadLog() }
            let stamp = clock.timestamp()
            _ = try mapErrors { try Schema.migrator.migrate(db, appliedAt: stamp) }
            let books = try mapErrors { () throws -> Books in
                try db.run("INSERT INTO settings (key, value) VALUES ('timezone', ?)", timeZone)
                return try Books(db: db, clock: clock, today: today)
            }
            try books.write {
                try db.run("INSERT INTO settings (key, value) VALUES ('created_at', ?)", stamp)
                try db.run("INSERT INTO operators (name, role, created_at) VALUES (?, 'admin', ?)", adminName.value, stamp)
                let adminID = db.lastInsertRowID
                let actor = Operator(id: adminID, name: adminName.value, role: .admin, active: true)
                try books.log(actor, "init", detail: "budget \(budget), copay \(copay), time zone \(timeZone)")
                try books.appendEntry(kind: .appropriation, date: books.today, period: Period.beforeAnyMonth,
                                      memo: "opening appropriation", by: actor,
                                      postings: Posting.appropriation(budget))
                try db.run("""
                    INSERT INTO policies (category, min_age, copay_fen, cap_fen, effective_from, created_at, created_by)
                    VALUES (NULL, NULL, ?, NULL, ?, ?, ?)
                    """, copay.fen, CivilDate.always.description, stamp, adminID)
            }
            return InitResult(path: path, admin: adminName.value, budget: budget, copay: copay,
                              timeZone: timeZone, schemaVersion: Schema.latestVersion)
        } catch {
            // Nothing half-made stays behind: the file did not exist before this call.
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            throw error
        }
    }

    /// Applies pending migrations (admin); the CLI opens with `allowOlderSchema` for this.
    public func migrate(by actorName: String?) throws -> MigrateResult {
        let from = try schemaVersion()
        let actor = try read { try authorize(actorName, .setup) }
        _ = try Books.mapErrors { try Schema.migrator.migrate(db, appliedAt: clock.timestamp()) }
        let to = try schemaVersion()
        if to != from { try write { try log(actor, "migrate", detail: "schema \(from) → \(to)") } }
        return MigrateResult(fromVersion: from, toVersion: to)
    }
}

extension CivilDate {
    /// The date that stands for "in force for every date" on prices and policies.
    public static let always = CivilDate(year: 1, month: 1, day: 1) ?? CivilDate(dayNumber: -719_162)
}

extension Books {
    /// What made this database, when a simulation or the demo did ("demo", "simulation"), else nil.
    public static func maker(ofDatabaseAt path: String) -> String? {
        guard let db = try? Database(path: path, mode: .readOnly) else { return nil }
        return try? db.scalarText("SELECT value FROM settings WHERE key = 'made_by'")
    }
}
