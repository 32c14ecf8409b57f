/// One line of input as read, before it is understood.
enum RawLine: Equatable {
    /// The bytes between two line ends, without the "\n".
    case bytes([UInt8])
    /// A line longer than the limit: only its length is kept, its bytes were dropped as they came.
    case tooLong(Int)
}

/// Splits a byte stream into lines with a bounded buffer: a line over `limit` bytes is never held whole, only
/// counted until its end, so a runaway scanner or a pasted file cannot grow the session's memory.
struct LineReader {
    private let source: ByteSource
    private let limit: Int
    private var chunk: [UInt8]
    private var start = 0, end = 0
    private var atEnd = false

    init(source: ByteSource, limit: Int, chunkSize: Int = 4096) {
        precondition(limit > 0 && chunkSize > 0)
        self.source = source
        self.limit = limit
        chunk = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next line, or nil at the end of input. A last line without a line end is a line.
    mutating func next() -> RawLine? {
        var line: [UInt8] = []
        var length = 0
        while true {
            if start == end {
                guard !atEnd else { return length > 0 ? finished(line, length) : nil }
                let count = chunk.withUnsafeMutableBytes { source.read(into: $0) }
                if count <= 0 { atEnd = true; continue }
                start = 0
                end = count
            }
            let newline = chunk[start..<end].firstIndex(of: UInt8(ascii: "\n"))
            let stop = newline ?? end
            let piece = stop - start
            if length + piece <= limit { line.append(contentsOf: chunk[start..<stop]) } else { line = [] }
            length += piece
            start = newline.map { $0 + 1 } ?? end
            if newline != nil { return finished(line, length) }
        }
    }

    private func finished(_ line: [UInt8], _ length: Int) -> RawLine {
        length > limit ? .tooLong(length) : .bytes(line)
    }
}

/// Bytes in memory as a source, for tests: handed out `step` bytes at a time, as a slow pipe would.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private let step: Int
    private var offset = 0

    init(_ bytes: [UInt8], step: Int = .max) {
        self.bytes = bytes
        self.step = step
    }

    convenience init(_ text: String, step: Int = .max) { self.init(Array(text.utf8), step: step) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, step, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }
}
