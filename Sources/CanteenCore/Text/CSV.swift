@preconcurrency import Glibc

/// RFC 4180 field quoting and row writing.
public enum CSV {
    /// Quotes a field only when a reader could otherwise misparse it or lose its edge spaces.
    public static func field(_ s: String) -> String {
        let utf8 = s.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
            || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        guard needsQuotes else { return s }
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" { out.unicodeScalars.append("\"") }
            out.unicodeScalars.append(ch)
        }
        out += "\""
        return out
    }

    /// Ends with CRLF as RFC 4180 requires, which spreadsheet apps also expect. Every cell is `neutralized` first:
    /// the CSV is meant for spreadsheets, where a name such as `=HYPERLINK(…)` would otherwise run as a formula.
    public static func row(_ fields: [String]) -> String {
        fields.map { field(neutralized($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return) with a single quote put before it, as OWASP advises against CSV injection; plain numbers such as
    /// "-3.50", "-350" or "+5" are left as they are, so amounts stay numbers.
    public static func neutralized(_ cell: String) -> String {
        // A lone "-" (an empty figure) is no formula; a spreadsheet shows it as text.
        guard let first = cell.utf8.first, formulaStarts.contains(first), cell != "-", !isPlainNumber(cell) else { return cell }
        return "'" + cell
    }

    private static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// An optional sign, digits, and optionally a point and more digits.
    private static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = Substring(cell).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        let rest = bytes.dropFirst(whole.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
        return rest.dropFirst().allSatisfy(isDigit)
    }
}

/// A malformed-input report that points the user at the physical line to fix.
public struct CSVError: Error, Equatable {
    /// 1-based physical line in the input.
    public let line: Int
    /// What is wrong there; the CLI words it.
    public let problem: Problem

    /// The ways a CSV file's structure can be broken.
    public enum Problem: Sendable, Equatable {
        case invalidUTF8, unclosedQuote, quoteInUnquotedField, bareCarriageReturn, textAfterClosingQuote
    }

    /// Memberwise, public so callers can build expected errors in tests.
    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }
}

/// Streaming RFC 4180 reader over a byte source: yields one record at a time with the physical line number on which
/// it starts (1-based), so huge files keep memory flat. A malformed record is thrown as a `CSVError` and the reader
/// picks up again at the next line, so every other record of the file is still read and can be checked: an import
/// lists every bad row, not only the first. A quote never closed swallows the rest of the file, and says so once.
public struct CSVReader {
    /// The next chunk of bytes; nil (or empty) at the end.
    private let source: () -> [UInt8]?
    private var chunk: [UInt8] = []
    private var position = 0
    private var pushedBack: [UInt8] = []
    private var line = 1
    private var started = false

    /// Pulls the input a chunk at a time (a file's reads), so a byte costs an index, not a call.
    public init(chunks: @escaping () -> [UInt8]?) {
        source = chunks
    }

    /// Pulls bytes one at a time (tests that feed odd sources).
    public init(next: @escaping () -> UInt8?) {
        self.init(chunks: {
            var bytes: [UInt8] = []
            while bytes.count < 4096, let byte = next() { bytes.append(byte) }
            return bytes
        })
    }

    /// Convenience for tests and small in-memory inputs.
    public init(string: String) {
        var bytes = Array(string.utf8).makeIterator()
        self.init(next: { bytes.next() })
    }

    @inline(__always)
    private mutating func read() -> UInt8? {
        if !pushedBack.isEmpty { return pushedBack.removeLast() }
        if position < chunk.count {
            defer { position += 1 }
            return chunk[position]
        }
        guard let more = source(), !more.isEmpty else { return nil }
        chunk = more
        position = 1
        return more[0]
    }

    /// Gives back the byte just read, so the next read returns it again.
    private mutating func unread(_ byte: UInt8) {
        if pushedBack.isEmpty && position > 0 { position -= 1 } else { pushedBack.append(byte) }
    }

    private mutating func skipByteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var seen: [UInt8] = []
        while seen.count < 3, let b = read() {
            seen.append(b)
            if b != bom[seen.count - 1] { break }
        }
        if seen != bom { pushedBack = seen.reversed() }
    }

    /// Returns nil at EOF. A malformed record throws its error, and the next call reads on from the line after it.
    public mutating func nextRecord() throws(CSVError) -> (line: Int, fields: [String])? {
        if !started {
            started = true
            skipByteOrderMark()
        }
        guard let first = read() else { return nil }
        unread(first)

        let recordLine = line
        var fields: [String] = []
        var bytes: [UInt8] = []
        var fieldLine = line
        // A field that is not UTF-8 leaves the record's structure intact: the record is read to its end, so the
        // next one starts where it should, and then refused.
        var invalidText: CSVError?

        func finishField() {
            // ASCII, the usual field, needs no validating; anything else must be whole UTF-8.
            if bytes.allSatisfy({ $0 < 0x80 }) {
                fields.append(String(decoding: bytes, as: UTF8.self))
            } else if let text = String(validating: bytes, as: UTF8.self) {
                fields.append(text)
            } else {
                if invalidText == nil { invalidText = CSVError(line: fieldLine, problem: .invalidUTF8) }
                fields.append("")
            }
            bytes.removeAll(keepingCapacity: true)
        }

        /// A record whose structure is broken: the rest of its line is skipped, and the next record starts on the
        /// line after.
        func broken(_ problem: CSVError.Problem, at errorLine: Int) -> CSVError {
            while let b = read() {
                if b == 0x0A { line += 1; break }
            }
            return CSVError(line: errorLine, problem: problem)
        }

        // Each iteration parses one field and consumes the byte that ends it.
        while true {
            fieldLine = line
            var next = read()
            if next == UInt8(ascii: "\"") {
                while true {
                    guard let b = read() else {
                        // The end of the file: everything after the opening quote was this one field.
                        throw CSVError(line: fieldLine, problem: .unclosedQuote)
                    }
                    if b == UInt8(ascii: "\"") {
                        let after = read()
                        if after == UInt8(ascii: "\"") { bytes.append(b); continue }
                        next = after
                        break
                    }
                    if b == 0x0A { line += 1 }
                    bytes.append(b)
                }
            } else {
                while let b = next, b != UInt8(ascii: ","), b != 0x0A, b != 0x0D {
                    if b == UInt8(ascii: "\"") {
                        throw broken(.quoteInUnquotedField, at: line)
                    }
                    bytes.append(b)
                    next = read()
                }
            }

            switch next {
            case nil:
                finishField()
                if let invalidText { throw invalidText }
                return (recordLine, fields)
            case UInt8(ascii: ","):
                finishField()
            case 0x0A:
                finishField()
                line += 1
                if let invalidText { throw invalidText }
                return (recordLine, fields)
            case 0x0D:
                // A lone CR outside quotes is an old Mac line ending; guessing would silently merge rows.
                let errorLine = line
                switch read() {
                case 0x0A:
                    finishField()
                    line += 1
                    if let invalidText { throw invalidText }
                    return (recordLine, fields)
                case nil:
                    throw CSVError(line: errorLine, problem: .bareCarriageReturn)
                default:
                    throw broken(.bareCarriageReturn, at: errorLine)
                }
            default:
                // Only a closing quote can stop a field on any other byte.
                throw broken(.textAfterClosingQuote, at: line)
            }
        }
    }
}

/// Why a file could not be opened or read, with the path so the message is actionable.
public enum FileByteSourceError: Error, Equatable {
    /// The path does not exist.
    case notFound(String)
    /// The path exists but open/read failed; errno tells the operator why (permissions, directory, I/O).
    case unreadable(String, errno: Int32)
}

/// Reads a file in 64 KiB chunks through Glibc, so a long import never holds the whole file.
public final class FileByteSource {
    private static let chunkSize = 64 * 1024
    private let path: String
    private let fd: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var count = 0
    private var finished = false

    /// Set when a read fails mid-file, so callers can tell a truncated import from a clean EOF.
    public private(set) var readError: FileByteSourceError?

    /// Opens eagerly so a bad path is reported before any processing starts. "-" is standard input (`meal import -`,
    /// which is how a file reaches the books through the gate, where no path on the server is opened for a caller).
    public init(path: String) throws(FileByteSourceError) {
        // A duplicate, so that closing this source never closes the process's standard input.
        let fd = path == "-" ? fcntl(0, F_DUPFD_CLOEXEC, 0) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? .notFound(path) : .unreadable(path, errno: code)
        }
        self.path = path
        self.fd = fd
        self.buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    }

    deinit {
        close(fd)
    }

    /// The next bytes read, up to 64 KiB; nil at EOF or on a read error (see `readError`).
    public func nextChunk() -> [UInt8]? {
        if position == count {
            guard !finished, refill() else { return nil }
        }
        defer { position = count }
        return Array(buffer[position..<count])
    }

    /// Returns nil at EOF or on a read error (see `readError`).
    public func next() -> UInt8? {
        if position == count {
            guard !finished, refill() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    private func refill() -> Bool {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                position = 0
                count = n
                return true
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { readError = .unreadable(path, errno: errno) }
            finished = true
            return false
        }
    }
}
