import CSQLite

/// A prepared statement: bound, stepped and reset many times, finalised when released.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL it was prepared from.
    public let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard code == SQLITE_OK, let stmt else {
            throw database.error(code: code, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1, 2, …, every one of them (so none keeps an earlier binding).
    public func bind(_ values: [any SQLBindable]) throws {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(extendedCode: SQLITE_RANGE,
                                message: "expected \(expected) parameters, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value.sqlValue {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let n): code = sqlite3_bind_int64(handle, index, n)
            case .text(let s): code = sqlite3_bind_text(handle, index, s, Int32(s.utf8.count), SQLITE_TRANSIENT)  // the length keeps an embedded NUL
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLITE_TRANSIENT)
                }
            }
            guard code == SQLITE_OK else { throw database.error(code: code, sql: sql) }
        }
    }

    /// Runs a statement that returns no rows.
    public func execute(_ values: [any SQLBindable] = []) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs a query and maps every row.
    public func rows<T>(_ values: [any SQLBindable] = [], _ map: (Row) throws -> T) throws -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var result: [T] = []
        while try step() { result.append(try map(Row(statement: self))) }
        return result
    }

    /// Runs a query and maps its first row, if any.
    public func first<T>(_ values: [any SQLBindable] = [], _ map: (Row) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try map(Row(statement: self))
    }

    /// Runs a query row by row without collecting, so long results keep memory flat.
    public func forEach(_ values: [any SQLBindable] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(statement: self)) }
    }

    /// Steps once after `bind`: the next row, or nil at the end. For walking two results side by side;
    /// call `reset` when done.
    public func next() throws -> Row? {
        try step() ? Row(statement: self) : nil
    }

    /// Ends a walk started with `bind` and `next`, releasing the statement's read of the database.
    public func reset() { sqlite3_reset(handle) }

    private func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(code: code, sql: sql)
        }
    }
}

/// The current row of a stepping statement; valid only inside the mapping closure.
public struct Row {
    let statement: Statement

    /// The number of columns in the result.
    public var count: Int { Int(sqlite3_column_count(statement.handle)) }

    /// True when column `index` holds NULL.
    public func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement.handle, Int32(index)) == SQLITE_NULL
    }

    /// An integer column; NULL reads as 0, so use `optionalInt` where NULL matters.
    public func int(_ index: Int) -> Int64 { sqlite3_column_int64(statement.handle, Int32(index)) }

    /// An integer column that may be NULL.
    public func optionalInt(_ index: Int) -> Int64? { isNull(index) ? nil : int(index) }

    /// A text column; NULL reads as the empty string, so use `optionalText` where NULL matters.
    public func text(_ index: Int) -> String {
        guard let cString = sqlite3_column_text(statement.handle, Int32(index)) else { return "" }
        let length = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: cString, count: length), as: UTF8.self)
    }

    /// A text column that may be NULL.
    public func optionalText(_ index: Int) -> String? { isNull(index) ? nil : text(index) }

    /// A blob column as bytes.
    public func blob(_ index: Int) -> [UInt8] {
        let length = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        guard length > 0, let base = sqlite3_column_blob(statement.handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: length))
    }

    /// A blob column's bytes in place, without copying them out: valid only inside `body`.
    public func withBlob<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let length = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return try body(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement.handle, Int32(index)), count: length))
    }

    /// A text column's UTF-8 bytes in place, without making a String: valid only inside `body`.
    public func withText<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_text(statement.handle, Int32(index))
        let length = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return try body(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// Any column as a tagged value.
    public func value(_ index: Int) -> SQLValue {
        switch sqlite3_column_type(statement.handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int(index))
        case SQLITE_BLOB: return .blob(blob(index))
        default: return .text(text(index))
        }
    }
}

/// SQLite copies bound text and blobs when told the buffer is transient; Swift's strings are.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
