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

/// Where and why parsing failed; offset is in UTF-8 bytes from the start of the text.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// Byte offset of the problem.
    public let offset: Int
    /// Human-readable reason.
    public let message: String
    /// Readable in test failures and logs.
    public var description: String { "JSON parse error at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses the integer-only JSON subset this tool writes, so tests and tools can read values back.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    // Bounds recursion so hostile input cannot overflow the stack.
    static let maxDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ message: String) -> JSONParseError { JSONParseError(offset: i, message: message) }

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }

    mutating func expect(_ c: Character) throws(JSONParseError) {
        guard peek == c.asciiValue else { throw fail("expected '\(c)'") }
        i += 1
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard peek == nil else { throw fail("unexpected trailing characters") }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard let b = peek else { throw fail("unexpected end of input") }
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw fail("nesting too deep") }
            depth += 1
            defer { depth -= 1 }
            return b == UInt8(ascii: "{") ? try parseObject() : try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try parseInteger())
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: String) throws(JSONParseError) {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, Array(bytes[i..<i + w.count]) == w else { throw fail("invalid literal") }
        i += w.count
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try expect("{")
        var pairs: [(String, JSONValue)] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") { i += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected object key string") }
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            pairs.append((key, try parseValue()))
            skipWhitespace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            try expect("}")
            return .object(pairs)
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try expect("[")
        var items: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            try expect("]")
            return .array(items)
        }
    }

    mutating func parseInteger() throws(JSONParseError) -> Int64 {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw fail("expected digit")
        }
        i += 1
        if first != UInt8(ascii: "0") {
            while let b = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { i += 1 }
        }
        if let b = peek, b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            throw fail("only integers are supported (money is integer fen); fractions and exponents are rejected")
        }
        if let b = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
            throw fail("leading zeros are not allowed")
        }
        guard let n = Int64(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            i = start
            throw fail("integer out of 64-bit range")
        }
        return n
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard bytes.count - i >= 4,
              let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
        else { throw fail("expected 4 hex digits after \\u") }
        // UInt32(_:radix:) accepts a sign, which JSON does not.
        guard !bytes[i..<i + 4].contains(UInt8(ascii: "+")), !bytes[i..<i + 4].contains(UInt8(ascii: "-")) else {
            throw fail("expected 4 hex digits after \\u")
        }
        i += 4
        return v
    }

    mutating func parseString() throws(JSONParseError) -> String {
        try expect("\"")
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw fail("unterminated string") }
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                // Input came from a Swift String and escapes produce valid scalars, so this cannot repair anything.
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = peek else { throw fail("unterminated escape") }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard peek == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("high surrogate without a following low surrogate")
                        }
                        i += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("lone low surrogate") }
                    UTF8.encode(scalar) { out.append($0) }
                default: throw fail("invalid escape")
                }
            case 0x00..<0x20:
                throw fail("unescaped control character in string")
            default:
                out.append(b)
            }
        }
    }
}
