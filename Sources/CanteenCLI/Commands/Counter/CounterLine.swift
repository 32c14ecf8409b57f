import CanteenCore

/// What one line at the counter asks for.
enum CounterInput: Equatable {
    /// Nothing but spaces: ignored, as a stray Enter should be.
    case empty
    /// Bytes no scanner or keyboard meant: too long, a control character, not UTF-8.
    case unreadable(Message)
    /// A diner number, card code or ID number (or something shaped like one): record a meal.
    case code(String)
    /// `slot S`; nil asks which slot is in use.
    case slot(String?)
    /// `pay P`; nil asks which payment method is in use.
    case pay(String?)
    case void, summary, help, quit
    /// Words that are no command.
    case unknown(String)
}

/// Reads a counter line: trimmed, commands in any case, anything else taken as a code to record.
enum CounterLine {
    /// The longest line taken: an ID number is 18 bytes and the longest command (`pay alipay`) 10.
    static let limit = 256

    static func parse(_ raw: RawLine) -> CounterInput {
        let bytes: [UInt8]
        switch raw {
        case .tooLong(let count): return .unreadable(Message(.counterLineTooLong, ["count": count, "limit": limit]))
        case .bytes(let line): bytes = line
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .unreadable(Message(.counterLineNotUTF8)) }
        // A scanner may end its line with CR or a tab, which trimming takes off; one inside the line is no code.
        let line = trimmed(halfWidth(text))
        if let bad = line.unicodeScalars.first(where: isUnreadable) {
            return .unreadable(Message(.counterLineControl, ["character": "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(4)]))
        }
        guard !line.isEmpty else { return .empty }
        let words = line.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let command = words[0].lowercased()
        switch (command, words.count) {
        case ("?", 1), ("help", 1), ("h", 1): return .help
        case ("quit", 1), ("exit", 1), ("q", 1): return .quit
        case ("summary", 1): return .summary
        case ("void", 1): return .void
        case ("slot", 1): return .slot(nil)
        case ("slot", 2): return .slot(words[1])
        case ("pay", 1): return .pay(nil)
        case ("pay", 2): return .pay(words[1])
        default: break
        }
        guard words.count == 1 else { return .unknown(line) }
        // Letters alone that cannot be a card code are a mistyped command; anything with a digit is a code to look up.
        if CardCode(scanned: line) == nil, DinerNumber(parsing: line) == nil, line.count != 18, line.allSatisfy({ $0.isLetter }) {
            return .unknown(line)
        }
        return .code(line)
    }
}

extension CounterLine {
    /// Full-width letters, digits and signs (Ｄ００４２, typed with a Chinese input method left in full-width
    /// mode) as the ASCII they stand for, and the ideographic space as a space.
    static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Without the spaces and tabs around it, and the CR of a CRLF line end. Nothing else is trimmed: a vertical
    /// tab, form feed, NEL or line separator is no key a scanner or a clerk means, and makes the line unreadable.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let blank = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\t" }
        guard let first = scalars.firstIndex(where: { !blank($0) }),
              let last = scalars.lastIndex(where: { !blank($0) && $0 != "\r" }) else { return "" }
        return String(scalars[first...last])
    }

    /// What no code or command holds: controls (a tab or CR inside the line too), format characters, line and
    /// paragraph separators, and every space but the plain one (the ideographic space is one by now).
    static func isUnreadable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return TerminalText.isUnsafe(scalar) || scalar.properties.generalCategory == .spaceSeparator
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
