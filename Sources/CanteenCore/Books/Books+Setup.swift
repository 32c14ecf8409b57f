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
public struct MigrateResult: Sendable {
    /// The schema version before; equal to `toVersion` when nothing was pending.
    public let fromVersion: Int
    /// The schema version now: this binary's latest.
    public let toVersion: Int
    /// How many audit verify problems `--force` carried into the new schema; 0 when the books verified.
    public let forcedPastProblems: Int
    /// How much smaller the file became when the migration compacted it.
    public let reclaimedBytes: Int64
    /// Why the file could not be compacted after a migration that committed (the books are migrated all the same).
    public let compactionFailed: CanteenError?
}

extension Books {
    /// Creates a new database with the latest schema, its first admin, the fund's opening appropriation and the
    /// default policy. It is built in a temporary file beside `path` and linked into place whole: the file
    /// appears complete or not at all, and of two inits at once exactly one wins.
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
        let target = try OutputFile(path, protecting: nil,
                                    existing: .refuse(CanteenError.rule(.initFileExists, ["path": path], hint: Message(.hintOtherPath))),
                                    dashIsStandardOutput: false)
        try TemporaryFile.requireNoStrayCompanions(of: path)
        let temporary = try target.temporary(access: .shared)
        let result = try build(in: temporary, for: path, admin: adminName, budget: budget, copay: copay, timeZone: timeZone,
                               clock: clock, today: today) { _, result in result }
        try temporary.publish(database: true)
        return result
    }

    /// Makes a new database in `temporary`: the latest schema, the first admin, the opening appropriation and
    /// the default policy, then whatever `fill` adds. Nobody sees the file until it is published, so it is built
    /// without a durable journal (a crash leaves only a temporary, which the next writer removes) and synced
    /// once at the end, in WAL mode as every open leaves a database, with no -wal or -shm beside it.
    static func build<T>(in temporary: TemporaryFile, for path: String, admin adminName: OperatorName, budget: Money,
                         copay: Money, timeZone: String, clock: Clock, today: CivilDate?, random: RandomSource = .system,
                         fill: (Books, InitResult) throws -> T) throws -> T {
        do {
            // The connection lives only inside this closure: it is closed before the file is synced and published.
            let value = try { () throws -> T in
                let db: Database
                do { db = try Database(path: temporary.path, mode: .readWrite) } catch let error as DatabaseError {
                    throw CanteenError.storage(.cannotCreate, ["path": path, "reason": Books.canteenError(error).message])
                }
                try mapErrors { try db.execute("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF") }
                let stamp = clock.timestamp()
                _ = try mapErrors { try Schema.migrator.migrate(db, context: MigrationContext(appliedAt: stamp)) }
                let books = try mapErrors { () throws -> Books in
                    try db.run("INSERT INTO settings (key, value) VALUES ('timezone', ?)", timeZone)
                    return try Books(db: db, clock: clock, today: today, random: random)
                }
                // The journal mode stays as set above until the end: the build needs no write-ahead log.
                books.writeAheadLogReady = true
                try books.write { tx in
                    try tx.run("INSERT INTO settings (key, value) VALUES ('created_at', ?)", stamp)
                    try tx.run("INSERT INTO operators (name, role, created_at) VALUES (?, 'admin', ?)", adminName.value, stamp)
                    let adminID = db.lastInsertRowID
                    let actor = Operator(id: adminID, name: adminName.value, role: .admin, active: true)
                    _ = try tx.ledger.appropriate(budget, date: books.today, period: Period.beforeAnyMonth, memo: "opening appropriation",
                                                  by: actor, at: stamp)
                    try tx.run("""
                        INSERT INTO policies (category, min_age, copay_fen, cap_fen, effective_from, created_at, created_by)
                        VALUES (NULL, NULL, ?, NULL, ?, ?, ?)
                        """, copay.fen, CivilDate.always.description, stamp, adminID)
                    try books.log(actor, "init", detail: .initialized(budget: budget, copay: copay, timeZone: timeZone),
                                  facts: [FactKey(.settings, .text("timezone")), FactKey(.settings, .text("created_at")),
                                          .row(.operators, adminID), .row(.policies, db.lastInsertRowID)], in: tx)
                }
                let result = InitResult(path: path, admin: adminName.value, budget: budget, copay: copay,
                                        timeZone: timeZone, schemaVersion: Schema.latestVersion)
                let value = try fill(books, result)
                _ = try mapErrors { try db.scalarText("PRAGMA journal_mode = WAL") }
                return value
            }()
            // Closing the only connection checkpointed the log and removed it; a log still there would hold part
            // of the database, so the temporary is not published without it.
            for suffix in ["-wal", "-shm"] where access(temporary.path + suffix, F_OK) == 0 {
                throw CanteenError.storage(.cannotCreate, ["path": path, "reason": SystemError(EBUSY)])
            }
            try temporary.sync()
            return value
        } catch {
            temporary.discard()
            throw error
        }
    }

    /// Applies pending migrations (admin) in one transaction with the audit line that says so; the CLI opens with
    /// `allowOlderSchema` for this. The migrated books must pass audit verify before the transaction commits, so a
    /// book that was altered is not carried into the new schema (where its facts would be recorded as found)
    /// unless `force`, which the audit log records.
    public func migrate(by actorName: String?, force: Bool = false) throws -> MigrateResult {
        let from = try schemaVersion()
        let actor = try read { try authorize(actorName, .setup) }
        var forcedPast = 0
        // What the old layout alone can show (migration 5 drops a meal entry's stored columns), found before it goes.
        var legacyProblems: [Problem] = []
        _ = try Books.mapErrors {
            try allowingWrites { try Schema.migrator.migrate(db, context: MigrationContext(appliedAt: clock.timestamp(), actorID: actor.id), beforeEach: { db, migration in
                if migration.version == Schema.compactVersion { legacyProblems = try LegacyJournalCheck(db: db).problems() }
            }, beforeCommit: { _, applied in
                guard !applied.isEmpty else { return }
                // The integrity check runs on this connection: another would see the file as it was, or be locked out.
                let problems = legacyProblems + (try self.verify(integrityOnThisConnection: true)).problems
                if !problems.isEmpty {
                    guard force else {
                        throw CanteenError(.rule, Message(.migrateVerifyFailed, ["count": problems.count]),
                                           details: problems.prefix(5).map { Message(.verifyProblemLine, ["check": $0.check, "detail": $0.detail]) }
                                               + [Message(.hintMigrateForce)])
                    }
                    forcedPast = problems.count
                }
                try self.log(actor, "migrate", detail: .migrated(from: from, to: Schema.latestVersion, forcedPast: forcedPast), in: .migrating(self.db))
            }) }
        }
        let to = try schemaVersion()
        checkpoint()
        // Migration 5 leaves most of an old book's pages free: the file is rewritten to its new size, in a transaction
        // of its own (a kill leaves the migrated book as it was), so the leaner storage reaches existing books too.
        // Best effort: the migration has committed, and a rewrite that cannot run now (a full disk, another
        // process holding the file) must not make migrate look failed; it is said, and can be run later.
        var reclaimed: Int64 = 0
        var compactionFailed: CanteenError?
        if from < Schema.compactVersion && to >= Schema.compactVersion {
            do {
                let before = try fileBytes()
                try Books.mapErrors { try allowingWrites { try db.execute("VACUUM") } }
                checkpoint()
                reclaimed = max(0, before - (try fileBytes()))
            } catch let error as CanteenError {
                compactionFailed = error
            }
        }
        return MigrateResult(fromVersion: from, toVersion: to, forcedPastProblems: forcedPast, reclaimedBytes: reclaimed,
                             compactionFailed: compactionFailed)
    }
}

extension Books {
    /// The database's size as SQLite counts it (pages × page size).
    func fileBytes() throws -> Int64 {
        try Books.mapErrors { (try db.scalarInt("PRAGMA page_count") ?? 0) * (try db.scalarInt("PRAGMA page_size") ?? 0) }
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

extension Books {
    /// Marks what made this database ("demo", "simulation"), so `canteen demo` replaces only a file it made.
    public func markMadeBy(_ maker: String, by actorName: String?) throws {
        try write { tx in
            let actor = try authorize(actorName, .setup)
            try tx.run("INSERT INTO settings (key, value) VALUES ('made_by', ?)", maker)
            try log(actor, "made by", subject: maker, facts: [FactKey(.settings, .text("made_by"))], in: tx)
        }
    }
}
