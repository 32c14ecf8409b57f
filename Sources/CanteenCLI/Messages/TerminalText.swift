/// Text from outside (what a person typed, a file's field, SQLite's message) made safe to print: control,
/// format and direction characters are shown as escapes, so nothing in an error line can move the cursor,
/// recolour the terminal, cut the line short at a NUL or reverse the line's order.
enum TerminalText {
    /// `text` with every unsafe scalar written as `\n`, `\t`, `\0` or `\u{…}`.
    static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        // Printable ASCII, most of every list, is safe as it is: known from its bytes, without Unicode's tables.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        let unsafe = { (scalar: Unicode.Scalar) in isUnsafe(scalar) && !kept.contains(scalar) }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard unsafe(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// What a CSV cell keeps as it is: its quotes hold tabs and line breaks.
    static let csvWhitespace: Set<Unicode.Scalar> = ["\t", "\r", "\n"]

    /// Controls (C0, DEL, C1), the line and paragraph separators, and the invisible format characters
    /// (zero-width spaces and joiners, bidirectional overrides and isolates, the byte-order mark).
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
