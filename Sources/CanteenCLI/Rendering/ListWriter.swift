import CanteenCore

/// A list written row by row as it is read, in the format asked for, so memory stays flat however long the list:
/// a table whose columns are sized from its first rows and any known minimum (a later, wider cell only pushes its
/// own line), CSV, or a JSON object holding the list under `key`.
struct ListWriter {
    private let format: OutputFormat
    private let excel: Bool
    private let key: String
    private let headers: [String]
    private let alignments: [TextTable.Alignment]
    private let csvHeader: [String]
    private let minimumWidths: [Int]
    private let stream: OutputStream
    private var pending: [[String]] = []
    private var widths: [Int]?
    private(set) var count = 0

    /// How many rows size the table's columns before the first line is written.
    static let lookAhead = 200

    init(_ stream: OutputStream, format: OutputFormat, excel: Bool = false, key: String, headers: [String],
         alignments: [TextTable.Alignment]? = nil, minimumWidths: [Int]? = nil, csvHeader: [String]) throws {
        self.stream = stream
        self.format = format
        self.excel = excel
        self.key = key
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
        self.csvHeader = csvHeader
        self.minimumWidths = minimumWidths ?? Array(repeating: 0, count: headers.count)
        switch format {
        case .csv: try stream.write((excel ? "\u{FEFF}" : "") + Self.csvLine(csvHeader))
        case .json: try stream.write("{\n  " + JSONValue.string(key).rendered() + ": [")
        default: break
        }
    }

    /// One row, in each of its forms; only the asked one is written.
    mutating func add(table: @autoclosure () -> [String], csv: @autoclosure () -> [String], json: @autoclosure () -> JSONValue) throws {
        count += 1
        switch format {
        case .csv: try stream.write(Self.csvLine(csv()))
        case .json: try stream.write((count == 1 ? "\n    " : ",\n    ") + json().rendered(indent: 2))
        default:
            let cells = table().map(Self.cell)
            if let widths { try stream.write(Self.line(cells, widths: widths, alignments: alignments)) } else {
                pending.append(cells)
                if pending.count == Self.lookAhead { try startTable() }
            }
        }
    }

    /// Ends the list: for a table, `footer` rows after a rule (a totals line) and then `trailer` (a count line);
    /// for JSON, `extra` keys after the list.
    mutating func finish(footer: [[String]] = [], trailer: String = "", extra: [(String, JSONValue)] = []) throws {
        switch format {
        case .csv: break
        case .json:
            var end = count == 0 ? "]" : "\n  ]"
            for (name, value) in extra { end += ",\n  " + JSONValue.string(name).rendered() + ": " + value.rendered(indent: 1) }
            try stream.write(end + "\n}\n")
        default:
            let footerCells = footer.map { $0.map(Self.cell) }
            if widths == nil { try startTable(including: footerCells) }
            if !footerCells.isEmpty {
                try stream.write(Self.rule(widths!))
                for row in footerCells { try stream.write(Self.line(row, widths: widths!, alignments: alignments)) }
            }
            try stream.write(trailer)
        }
    }

    private mutating func startTable(including footer: [[String]] = []) throws {
        var widths = zip(headers.map(\.displayWidth), minimumWidths).map { max($0, $1) }
        for row in pending + footer {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.displayWidth) }
        }
        self.widths = widths
        try stream.write(Self.line(headers, widths: widths, alignments: alignments) + Self.rule(widths))
        for row in pending { try stream.write(Self.line(row, widths: widths, alignments: alignments)) }
        pending.removeAll()
    }

    /// A cell as a table shows it: on one line, with control and direction characters escaped.
    private static func cell(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return TerminalText.escaped(String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }))
    }

    private static func line(_ cells: [String], widths: [Int], alignments: [TextTable.Alignment]) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: max(0, widths[index] - cell.displayWidth))
            parts.append(alignments[index] == .right ? pad + cell : cell + pad)
        }
        var line = parts.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }

    private static func rule(_ widths: [Int]) -> String {
        var line = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }

    private static func csvLine(_ cells: [String]) -> String {
        CSV.row(cells.map { TerminalText.escaped($0, keeping: TerminalText.csvWhitespace) })
    }
}
