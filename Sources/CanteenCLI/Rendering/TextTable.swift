/// A plain-text table whose columns line up even with Chinese text, for terminals.
public struct TextTable {
    /// Numbers read best right-aligned; text left-aligned.
    public enum Alignment: Sendable, Equatable { case left, right }

    private enum Line { case cells([String]), separator }

    private let headers: [String]
    private let alignments: [Alignment]
    private var lines: [Line] = []

    /// Alignments default to all left; when given there must be one per header.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        precondition(alignments == nil || alignments!.count == headers.count, "one alignment per column")
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    /// Newlines and tabs are flattened, since imported names may carry them and would break alignment; other
    /// control, format and direction characters are shown escaped (TerminalText), so a name cannot recolour the
    /// terminal or reverse a row.
    public mutating func add(_ row: [String]) {
        precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
        lines.append(.cells(row.map { cell in
            TerminalText.escaped(String(cell.map { $0.isNewline || $0 == "\t" ? " " : $0 }))
        }))
    }

    /// A rule line, e.g. before a totals row.
    public mutating func addSeparator() {
        lines.append(.separator)
    }

    /// Pads by displayWidth rather than character count so CJK cells line up; lines never end in spaces.
    public func render() -> String {
        var widths = headers.map(\.displayWidth)
        for case .cells(let row) in lines {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.displayWidth) }
        }
        func trimmed(_ line: String) -> String {
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
        // Trimmed too: an all-empty last column would otherwise leave the joining spaces.
        let rule = trimmed(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))

        func format(_ row: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.displayWidth)
                parts.append(alignments[i] == .right ? pad + cell : cell + pad)
            }
            return trimmed(parts.joined(separator: "  "))
        }

        var out = format(headers) + "\n" + rule + "\n"
        for line in lines {
            switch line {
            case .cells(let row): out += format(row) + "\n"
            case .separator: out += rule + "\n"
            }
        }
        return out
    }
}
