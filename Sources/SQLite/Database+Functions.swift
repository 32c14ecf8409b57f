import CSQLite

/// A scalar SQL function written in Swift, for SQL that needs what SQLite lacks (a migration's conversions).
public struct SQLFunction: Sendable {
    /// The name SQL calls it by.
    public let name: String
    /// How many arguments it takes.
    public let arity: Int32
    /// The same arguments always give the same result (lets SQLite use it in indexes and CHECKs).
    public let deterministic: Bool
    /// The function itself; a thrown error becomes the SQL statement's error.
    public let body: @Sendable ([SQLValue]) throws -> SQLValue

    /// A function of `arity` arguments.
    public init(_ name: String, arity: Int32, deterministic: Bool = true, _ body: @escaping @Sendable ([SQLValue]) throws -> SQLValue) {
        self.name = name
        self.arity = arity
        self.deterministic = deterministic
        self.body = body
    }
}

/// Carries the Swift function through SQLite's C callback.
private final class FunctionBox {
    let function: SQLFunction
    init(_ function: SQLFunction) { self.function = function }
}

extension Database {
    /// Makes `function` callable from SQL on this connection.
    public func define(_ function: SQLFunction) throws {
        let box = Unmanaged.passRetained(FunctionBox(function)).toOpaque()
        let flags = SQLITE_UTF8 | (function.deterministic ? SQLITE_DETERMINISTIC : 0)
        let code = sqlite3_create_function_v2(handle, function.name, function.arity, flags, box, { context, count, arguments in
            let box = Unmanaged<FunctionBox>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
            var values: [SQLValue] = []
            for index in 0..<Int(count) {
                let value = arguments![index]
                switch sqlite3_value_type(value) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.integer(sqlite3_value_int64(value)))
                case SQLITE_BLOB:
                    let length = Int(sqlite3_value_bytes(value))
                    let bytes = length > 0 ? Array(UnsafeRawBufferPointer(start: sqlite3_value_blob(value), count: length)) : []
                    values.append(.blob(bytes))
                default:
                    let length = Int(sqlite3_value_bytes(value))
                    let text = sqlite3_value_text(value).map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
                    values.append(.text(text))
                }
            }
            do {
                switch try box.function.body(values) {
                case .null: sqlite3_result_null(context)
                case .integer(let n): sqlite3_result_int64(context, n)
                case .text(let s): sqlite3_result_text(context, s, Int32(s.utf8.count), SQLITE_TRANSIENT)
                case .blob(let bytes):
                    bytes.withUnsafeBytes { sqlite3_result_blob(context, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
                }
            } catch {
                sqlite3_result_error(context, "\(error)", -1)
            }
        }, nil, nil, { box in
            if let box { Unmanaged<FunctionBox>.fromOpaque(box).release() }
        })
        guard code == SQLITE_OK else { throw self.error(code: code, sql: nil) }
    }
}
