import CSQLite

/// One connection to an SQLite file; it owns the handle and closes it when released.
public final class Database {
    let handle: OpaquePointer
    /// The file the connection was opened on.
    public let path: String
    private var cache: [String: Statement] = [:]
    private var savepointDepth = 0

    /// How to open the file.
    public enum Mode: Sendable {
        case readWrite, readWriteCreate, readOnly
        /// Read-only, promising SQLite that nobody changes the file meanwhile: for a write-ahead-logged file with
        /// no log beside it in a folder this process cannot write, where SQLite could not create its shared memory.
        case readOnlyImmutable
    }

    /// Opens `path` with extended result codes, foreign keys on, and a busy timeout in milliseconds.
    public init(path: String, mode: Mode = .readWrite, busyTimeout: Int32 = 5000) throws {
        var flags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readOnlyImmutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        var db: OpaquePointer?
        let name = mode == .readOnlyImmutable ? Database.uri(path, query: "immutable=1") : path
        let code = sqlite3_open_v2(name, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(extendedCode: code, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeout)
        try execute("PRAGMA foreign_keys = ON")
        // 32 MiB of page cache (SQLite's default is 2): an import or a month's simulation touches the indexes of
        // a year's meals all over, and each page missed is a read from the file.
        try execute("PRAGMA cache_size = -32768")
        // No connection checkpoints when it closes, readers included: a reader that happens to close last would
        // otherwise copy the log into the file and delete it, changing the file's bytes though it only read, and a
        // short-lived process (one meal at the counter) would pay for it. The log's size decides checkpoints.
        _ = canteen_no_checkpoint_on_close(db, 1)
        // Reading the header here turns "not a database" into an error at open, not at first use, and
        // writes nothing: a file that turns out to be someone else's is left exactly as it was.
        _ = try scalarInt("PRAGMA schema_version")
    }

    /// Switches to write-ahead logging, so readers never wait for the counter's writes, with every commit synced
    /// to disk; call it once the file is known to be ours and written, since it rewrites the header of a file in
    /// another journal mode.
    public func enableWriteAheadLog() throws {
        if try scalarText("PRAGMA journal_mode") != "wal" { _ = try scalarText("PRAGMA journal_mode = WAL") }
        try syncEveryCommit()
    }

    /// Every commit is synced to disk before it returns (in WAL mode SQLite's default is to sync at checkpoints).
    public func syncEveryCommit() throws {
        try cached("PRAGMA synchronous = FULL").execute([])
    }

    /// A file: URI for `path` with a query, percent-encoding what a URI path may not hold as is.
    static func uri(_ path: String, query: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0...0x20, 0x7F...0xFF:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded2
            default: encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:" + encoded + "?" + query
    }

    /// True when the connection cannot write (a read-only file or folder, or opened read-only).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        return DatabaseError(extendedCode: extended != 0 ? extended : code, message: message, sql: sql)
    }

    /// Runs one or more statements that take no parameters (schema scripts, pragmas).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(message)
            throw DatabaseError(extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// A statement prepared once per connection and reused: for SQL on hot paths.
    public func cached(_ sql: String) throws -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// A fresh statement, finalised when released.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs a parameterised statement that returns no rows.
    public func run(_ sql: String, _ values: any SQLBindable...) throws {
        try cached(sql).execute(values)
    }

    /// The first column of the first row as an integer, or nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ values: any SQLBindable...) throws -> Int64? {
        try cached(sql).first(values) { $0.optionalInt(0) } ?? nil
    }

    /// The first column of the first row as text, or nil when there is no row or it is NULL.
    public func scalarText(_ sql: String, _ values: any SQLBindable...) throws -> String? {
        try cached(sql).first(values) { $0.optionalText(0) } ?? nil
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The SQLite library version, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

extension Database {
    /// How a top-level transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Reads only; takes the write lock only if it writes.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so checks and the write that depends on them see one state.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in a transaction (a savepoint when nested) that commits on return and rolls back on any thrown error.
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            savepointDepth += 1
            let name = "sp\(savepointDepth)"
            defer { savepointDepth -= 1 }
            try execute("SAVEPOINT \(name)")
            do {
                let result = try body()
                try execute("RELEASE \(name)")
                return result
            } catch {
                try? execute("ROLLBACK TO \(name)")
                try? execute("RELEASE \(name)")
                throw error
            }
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}

private extension String {
    /// Two hex digits, a leading zero added when needed.
    var leftPadded2: String { count == 1 ? "0" + self : self }
}
