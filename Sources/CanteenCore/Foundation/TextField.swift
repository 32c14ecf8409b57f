/// Free text a person types into a field (names, notes, reasons, vouchers, refs): trimmed, on one line, with
/// something visible in it, short enough for the column SQLite keeps it in, and nothing in it that is not seen:
/// a name that looks like another (an operator "boss" with a zero-width space after it), a line reversed by a
/// direction override, or text repaired from invalid UTF-8 must not get into the books.
enum TextField {
    /// The trimmed text, or an invalid-input error (65) naming the field (and the character, when one is refused).
    /// `naming` is for text that names something already in the books, such as the operator to deactivate: the
    /// rules that came later (no space but U+0020) are not applied to it, or a name taken before could not be named.
    static func validated(_ text: String, field: TextFieldName, limit: Int, naming: Bool = false) throws -> String {
        // Visible ASCII with a letter at each end (a ref, a code, most names typed on a PC) holds nothing refused,
        // and its code points are its bytes: known without Unicode's tables.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, last > 0x20, text.utf8.count <= limit,
           text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text
        }
        let value = text.trimmed
        let scalars = value.unicodeScalars
        if let refused = scalars.first(where: isRefused) {
            throw CanteenError.invalid(.textFieldCharacter, ["field": field, "character": described(refused)])
        }
        // A space other than U+0020 inside the text (a no-break, thin or ideographic space) looks like a plain one
        // but is other bytes: `a b` and `a<U+00A0>b` would be two refs, two names. At the ends, trimming takes any
        // white space off, as it takes a scanner's tab or CR, so nothing of it is kept and nothing is refused.
        if !naming, let space = scalars.first(where: isOtherSpace) {
            throw CanteenError.invalid(.textFieldSpace, ["field": field, "character": described(space)])
        }
        // SQLite's length() counts code points, so the limit does too: the CHECKs and this agree.
        guard !value.isEmpty, scalars.count <= limit,
              scalars.contains(where: { ![.format, .spaceSeparator, .nonspacingMark].contains($0.properties.generalCategory) }) else {
            throw CanteenError.invalid(.textFieldInvalid, ["field": field, "limit": limit])
        }
        return value
    }

    /// A name (of an operator, a diner, a canteen or a district): a text field whose words each keep to one of the
    /// alphabets that pass for one another. `bоss` with a Cyrillic о is no one's name but a way to pass for `boss`;
    /// Chinese beside Latin and digits (`李A2`), and a Russian name beside a Latin one (`Ivan Иванов`), are fine.
    static func validatedName(_ text: String, field: TextFieldName, limit: Int) throws -> String {
        let value = try validated(text, field: field, limit: limit)
        if let mixed = LookAlike.mixedWord(in: value) {
            throw CanteenError.invalid(.textFieldMixedAlphabets, ["field": field, "word": mixed.word, "character": described(mixed.other),
                                                                  "other": described(mixed.first)])
        }
        return value
    }

    /// Characters no field may hold: controls (Cc), format characters (Cf: zero-width spaces and joiners, the
    /// bidirectional marks, overrides and isolates, the byte-order mark, the soft hyphen), line and paragraph
    /// separators, unassigned code points and noncharacters (Cn), private use (Co), U+FFFD (what invalid UTF-8
    /// was repaired into), every default-ignorable code point (the combining grapheme joiner, the Hangul fillers,
    /// variation selectors, …), and the blank letters that render as nothing (the braille blank U+2800).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return true
        default: break
        }
        return scalar.properties.isDefaultIgnorableCodePoint || invisible.contains(scalar.value)
    }

    /// A space separator (Zs) other than the plain space: U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000.
    static func isOtherSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar != " " && scalar.properties.generalCategory == .spaceSeparator
    }

    /// Letters and symbols that are drawn blank though Unicode does not call them ignorable.
    private static let invisible: Set<UInt32> = [0xFFFD, 0x2800, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E, 0x17B4, 0x17B5]

    /// "U+200B": how a refused character is named, since it cannot be shown.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// "U+3000 IDEOGRAPHIC SPACE": the code point with its Unicode name, when it has one (controls and private
    /// use have none), so a person can tell which of several blank-looking characters it was.
    static func described(_ scalar: Unicode.Scalar) -> String {
        guard let name = scalar.properties.name ?? scalar.properties.nameAlias else { return codePoint(scalar) }
        return codePoint(scalar) + " " + name
    }

    /// What a name looks like: canonically equivalent text compares equal (Swift's `==`), every run of white
    /// space counts as one space, and what is invisible counts as nothing. Two operator names with one look are
    /// one name, though SQLite's UNIQUE, which compares bytes, would take both.
    static func appearance(_ text: String) -> String {
        var out = ""
        var spaced = false
        for scalar in text.trimmed.unicodeScalars where !isRefused(scalar) {
            if scalar.properties.isWhitespace {
                if !spaced { out.unicodeScalars.append(" ") }
                spaced = true
            } else {
                out.unicodeScalars.append(scalar)
                spaced = false
            }
        }
        return out
    }
}
