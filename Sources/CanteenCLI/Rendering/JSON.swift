/// A JSON value whose object keys keep insertion order, so output is deterministic byte for byte.
public enum JSONValue: Equatable, Sendable {
    /// JSON null.
    case null
    /// JSON true/false.
    case bool(Bool)
    /// Integers only: money is integer fen, so there is no floating-point case to round.
    case int(Int64)
    /// JSON string.
    case string(String)
    /// JSON array.
    case array([JSONValue])
    /// Ordered pairs rather than a Dictionary, so key order survives rendering.
    case object([(String, JSONValue)])

    /// Written by hand because tuples are not Equatable; key order counts, matching the byte-exact output.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension JSONValue {
    /// Pretty uses 2-space indent; no trailing newline so callers decide how to terminate output.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            writeContainer("[", "]", items, to: &out, pretty: pretty, indent: indent) { item, out in
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        case .object(let pairs):
            writeContainer("{", "}", pairs, to: &out, pretty: pretty, indent: indent) { pair, out in
                Self.writeString(pair.0, to: &out)
                out += pretty ? ": " : ":"
                pair.1.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        }
    }

    private func writeContainer<T>(
        _ open: String, _ close: String, _ items: [T], to out: inout String,
        pretty: Bool, indent: Int, element: (T, inout String) -> Void
    ) {
        out += open
        guard !items.isEmpty else { return out += close }
        let inner = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            out += inner
            element(item, &out)
        }
        if pretty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            // U+2028/2029 are legal JSON but break JavaScript string literals if output is embedded.
            case "\u{2028}", "\u{2029}": out += "\\u\(String(scalar.value, radix: 16))"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// Lets code write `"name"` for `.string("name")`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Lets code write `1200` for `.int(1200)`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Lets code write `true` for `.bool(true)`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Lets code write `nil` for `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// Lets code write `[1, "a"]` for an array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Dictionary-literal syntax, but kept as ordered pairs so written order is rendered order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
}
