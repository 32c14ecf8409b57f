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

    /// Pretty, as if nested `indent` levels deep: for a list whose elements are written one at a time.
    func rendered(indent: Int) -> String {
        var out = ""
        write(to: &out, pretty: true, indent: indent)
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
        // Printable ASCII without a quote or backslash, most strings of a list, needs no escape: appended whole.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out += "\""
            out += s
            out += "\""
            return
        }
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
            // RFC 8259 requires only U+0000–U+001F escaped; DEL, the C1 controls, U+2028/2029 (which break
            // JavaScript string literals) and the invisible format and direction characters are escaped too, so
            // JSON printed to a terminal cannot recolour it or reverse a line. Escapes decode to the same text.
            case _ where scalar.value < 0x20 || TerminalText.isUnsafe(scalar):
                if scalar.value > 0xFFFF {
                    // Beyond the BMP, JSON escapes a scalar as its UTF-16 surrogate pair.
                    let offset = scalar.value - 0x10000
                    out += hex4(0xD800 + (offset >> 10)) + hex4(0xDC00 + (offset & 0x3FF))
                } else {
                    out += hex4(scalar.value)
                }
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
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
