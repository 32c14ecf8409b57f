import CSQLite

/// An SQLite failure that keeps the extended result code, SQLite's message and the SQL that failed.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (e.g. SQLITE_CONSTRAINT_UNIQUE).
    public let extendedCode: Int32
    /// SQLite's own message.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// `extendedCode` may be a primary code when SQLite gave no extended one; `primaryCode` works on either.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { extendedCode & 0xFF }

    /// True when another connection held the lock past the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// True for UNIQUE, CHECK, FOREIGN KEY, NOT NULL and trigger (RAISE) violations.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// True when the file or its folder cannot be written by this process.
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY }

    /// True when the file is not a database or is damaged.
    public var isCorrupt: Bool { primaryCode == SQLITE_NOTADB || primaryCode == SQLITE_CORRUPT }

    /// True when a figure left the 64-bit integers: `sum()` says "integer overflow", and a STRICT table refuses the
    /// REAL that SQLite's `+` turns an overflowing integer into. The program's own figures never get there, so
    /// only a file edited behind its back can.
    public var isIntegerOverflow: Bool {
        (primaryCode == SQLITE_ERROR && message == "integer overflow") || extendedCode == DatabaseError.constraintDatatype
    }

    /// SQLITE_CONSTRAINT_DATATYPE, which C defines by an expression Swift does not import.
    static let constraintDatatype = SQLITE_CONSTRAINT | (12 << 8)

    /// True when a table was locked by another statement of the same connection (not another process: that is busy).
    public var isLocked: Bool { primaryCode == SQLITE_LOCKED }

    /// True when the disk (or a quota) left no room for the database or its log to grow.
    public var isFull: Bool { primaryCode == SQLITE_FULL }

    /// True when the operating system failed a read, write, sync or lock of the file.
    public var isIOError: Bool { primaryCode == SQLITE_IOERR }

    /// True when the file could not be opened at all (a missing folder, no permission).
    public var isCannotOpen: Bool { primaryCode == SQLITE_CANTOPEN }

    /// As logged: "SQLite error 2067: … — while executing: …".
    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " — while executing: \(sql)" }
        return text
    }
}
