/// Label–value lines whose values line up, even when labels are Chinese.
struct KeyValueText {
    private var rows: [(String, String)] = []

    init(_ rows: [(String, String)] = []) { self.rows = rows.map { ($0.0, TerminalText.escaped($0.1)) } }

    /// The value is shown with control, format and direction characters escaped, like a table's cells.
    mutating func add(_ label: String, _ value: String) { rows.append((label, TerminalText.escaped(value))) }

    func render() -> String {
        let width = rows.map { $0.0.displayWidth }.max() ?? 0
        return rows.map { label, value in
            label + String(repeating: " ", count: width - label.displayWidth) + "  " + value
        }.joined(separator: "\n") + "\n"
    }
}
