// The gate runs $SSH_ORIGINAL_COMMAND itself instead of handing it to a shell, so a caller gets
// exactly the argument vector they would have got from `sh -c` for plain quoted words, and nothing
// more: no expansion (parameters, commands, arithmetic, tildes, globs), no operators, no comments.
// Expanding would mean evaluating text a remote person chose in the service account's shell, which
// is precisely what a forced command exists to prevent; so `$(id)` or `a;b` stay literal words and
// the argument parser refuses them like any other unknown text.

/// POSIX `sh` word splitting and quote removal, without any expansion, and the matching quoting.
public enum ShellWords {
    /// Why a line was refused.
    public enum Error: Swift.Error, Equatable, Sendable {
        /// A single or double quote was opened and never closed.
        case unterminatedQuote
        /// The line ends in a backslash with nothing left for it to escape.
        case trailingBackslash
        /// NUL, a line break, another C0 or C1 control character, or DEL, by its code point.
        case forbiddenCharacter(UInt32)
        /// The line has more UTF-8 bytes than the limit.
        case tooLong(limit: Int)
    }

    /// The default limit on a line, in UTF-8 bytes: far beyond any real command, far below memory trouble.
    public static let defaultLimit = 64 * 1024

    /// Splits `line` into words as `sh` would before running it, with quote removal only.
    public static func split(_ line: String, limit: Int = defaultLimit) throws(Error) -> [String] {
        guard line.utf8.count <= limit else { throw .tooLong(limit: limit) }
        // Checked over the whole line before splitting, so the refusal does not depend on quoting:
        // a newline ends a command for sh (a second command the gate would not see), and a
        // backslash-newline continuation, with newlines refused, can therefore never arise.
        if let bad = line.unicodeScalars.first(where: isForbidden) { throw .forbiddenCharacter(bad.value) }

        var words: [String] = []
        var word = String.UnicodeScalarView()
        // A word exists once any part of it is seen, so `''` is an empty word, not none.
        var inWord = false
        // Unicode scalars, not Characters: a combining mark after a quote, backslash or blank
        // would fuse with it into one Character and hide it from the switch.
        var scalars = line.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            switch c {
            case " ", "\t":
                if inWord { words.append(String(word)); word = .init(); inWord = false }
            case "\\":
                guard let next = scalars.next() else { throw .trailingBackslash }
                word.append(next)
                inWord = true
            case "'":
                inWord = true
                while true {
                    guard let next = scalars.next() else { throw .unterminatedQuote }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = scalars.next() else { throw .unterminatedQuote }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = scalars.next() else { throw .unterminatedQuote }
                        // Inside double quotes sh keeps the backslash unless it escapes one of these.
                        if !(escaped == "$" || escaped == "`" || escaped == "\"" || escaped == "\\") { word.append(next) }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            default:
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(String(word)) }
        return words
    }

    // Total, so control characters are quoted too; sh reads them back, but split refuses them,
    // which is why GateCommand refuses them before quoting.
    /// `text` as one sh word that means exactly `text`: bare when that is safe (ASCII letters, digits and
    /// `_-./:@%+,`, and letters of other scripts), else single-quoted.
    public static func quote(_ text: String) -> String {
        if isSafeBare(text) { return text }
        // Inside single quotes nothing is special, so only the quote itself needs the close,
        // escaped-quote, reopen idiom.
        var out = String.UnicodeScalarView()
        out.append("'")
        for c in text.unicodeScalars {
            if c == "'" { out.append(contentsOf: "'\\''".unicodeScalars) } else { out.append(c) }
        }
        out.append("'")
        return String(out)
    }

    // C1 controls as well as C0: terminals act on them too (U+009B is CSI), and a refused command
    // may be echoed back in a message or kept in a log.
    /// Code points the gate never lets through: every C0 control but tab, DEL, and every C1 control.
    static func isForbidden(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || (0x7F...0x9F).contains(c.value)
    }

    // Reserved words are only special when bare, and only in some positions; rather than reason
    // about position, they are always quoted (bash's and ksh's extras included).
    private static let reservedWords: Set<String> = [
        "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while",
        "function", "select", "time", "coproc",
    ]

    /// True when `text` is a non-empty run of characters no shell treats specially anywhere in a word.
    private static func isSafeBare(_ text: String) -> Bool {
        // `=` is left out because a bare `a=b` in command position is an assignment, `~` because it
        // expands at a word's start, `^` because the Bourne shell took it for a pipe.
        !text.isEmpty && !reservedWords.contains(text) && text.unicodeScalars.allSatisfy { c in
            guard c.isASCII else { return isLetter(c) }
            return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "_-./:@%+,".unicodeScalars.contains(c)
        }
    }

    // sh reads its input as bytes, and every special character of every shell is ASCII, so the UTF-8 of any
    // non-ASCII character is an ordinary part of a word; a name such as 王主任 needs no quotes. Only letters are
    // left bare, though: spaces of other scripts (U+3000), marks that would fuse with a quote when displayed, and
    // letter-like punctuation (modifier letters such as U+02BC) are easier to read, and to trust, inside quotes.
    /// True for a non-ASCII letter of any script that is a letter proper: upper, lower, title case or other (CJK).
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter: true
        default: false
        }
    }
}
