// A reader for the JSON the CLI writes, so tests can check values rather than strings. It lives with the
// tests: the binary only ever writes JSON.
@testable import CanteenCLI
import Testing

/// The reader's own checks: what the tests rely on it to accept and refuse.
@Suite struct JSONParserTests {
    @Test func parseEscapesAndWhitespace() throws {
        let text = #" { "s" : "a\/b\u00e9\u957f\ud83c\udf5a\n" , "n" : [ -0 , 7 ] } "#
        #expect(try JSONValue.parse(text) == ["s": "a/bé长🍚\n", "n": [0, 7]])
    }

    @Test(arguments: ["1.5", "1e3", "1E3", "-0.5", "[2e1]"])
    func parseRejectsNonIntegers(text: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.message.contains("only integers") == true
        }
    }

    @Test(arguments: [
        "", "[1] x", "{\"a\":1}}", "01", "[1,]", "{\"a\":1,}", "tru", "\"abc", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\x\"", "\"a\nb\"", "9223372036854775808", "{1:2}", "[\"\\u12\"]", "-",
    ])
    func parseRejectsMalformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func parseRejectsDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}

/// Where and why parsing failed; offset is in UTF-8 bytes from the start of the text.
struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// Byte offset of the problem.
    let offset: Int
    /// Human-readable reason.
    let message: String
    /// Readable in test failures and logs.
    var description: String { "JSON parse error at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses the integer-only JSON subset this tool writes, so tests and tools can read values back.
    static func parse(_ text: String) throws -> JSONValue {
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
