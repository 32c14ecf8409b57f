import SQLite

/// An open write transaction, handed to everything that writes: a function that takes one can only run inside
/// `Books.write` (or a migration's step), so the compiler, not a naming habit, says where a write may happen.
/// It carries the ledger for the transaction, whose derived state is written just before the commit.
final class WriteTransaction {
    /// The connection the transaction is open on.
    let db: Database
    /// The one writer of the journal and what is derived from it, for this transaction.
    let ledger: Ledger
    /// The audit chain, as this transaction appends to it.
    private(set) lazy var audit = AuditChain(db: db, keepsHead: migrating ? nil : true)
    /// True for a migration's transaction, in which the schema is still being made.
    private let migrating: Bool

    fileprivate init(db: Database, migrating: Bool = false) {
        precondition(db.isInTransaction, "a WriteTransaction stands for an open transaction")
        self.db = db
        self.ledger = Ledger(db: db)
        self.migrating = migrating
    }

    /// The transaction a migration's step runs in (the migrator opened it).
    static func migrating(_ db: Database) -> WriteTransaction { WriteTransaction(db: db, migrating: true) }

    /// Writes the derived state the ledger moved, just before the commit.
    func finish() throws { try ledger.flush() }

    /// Runs a statement that changes the register (a diner, a canteen, a card, a log row …) in this transaction.
    func run(_ sql: String, _ values: any SQLBindable...) throws {
        try db.cached(sql).execute(values)
    }

    /// A statement that changes the register, prepared once per connection, for one run per row.
    func statement(_ sql: String) throws -> Statement {
        try db.cached(sql)
    }
}

extension Books {
    /// Runs `body` as one write transaction (BEGIN IMMEDIATE): it all happens, or nothing does. A connection's first
    /// commit switches the file to write-ahead logging, so neither reading nor a refused write changes a file in
    /// another journal mode (a backup keeps its bytes).
    func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        try Books.mapErrors {
            let outermost = !db.isInTransaction
            if outermost && !writeAheadLogReady { try db.syncEveryCommit() }
            let value = try allowingWrites {
                try db.inTransaction(.immediate) {
                    let transaction = WriteTransaction(db: db)
                    let value = try body(transaction)
                    try transaction.finish()
                    return value
                }
            }
            if outermost && !writeAheadLogReady {
                // Best effort: the change is committed whatever happens here, and a reader holding the file only
                // delays the switch to the next write.
                do {
                    if try db.scalarText("PRAGMA journal_mode") != "wal" { try db.enableWriteAheadLog() }
                    writeAheadLogReady = true
                } catch {}
            }
            return value
        }
    }
}
