// These follow OpenSSH's own code rather than its manual, because the manual does not say where
// the options end or how a backslash is read; what matters is that this program reads a line
// exactly as sshd will (sshkey_advance_past_options, opt_dequote and sshauthopt_parse):
// - the options end at the first space or tab outside double quotes;
// - `\"` is a quote inside a value, and any other backslash is kept as it is, even before a blank;
// - options are separated by single commas, and a value is always double-quoted.

/// The options field that starts an authorized_keys line, read and written by sshd's rules.
public enum AuthorizedKeysOptions {
    /// One option: a flag such as `restrict`, or `name="value"`.
    public struct Option: Sendable, Equatable {
        /// As written; sshd itself matches names without regard to case.
        public let name: String
        /// The value with its quotes and escapes removed; nil for a flag.
        public let value: String?

        /// An option as it will be written.
        public init(_ name: String, _ value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// Why sshd would refuse the options of a line.
    public enum Error: Swift.Error, Equatable, Sendable {
        /// A double quote is opened and the line ends before it closes.
        case unterminatedQuote
        /// Two commas in a row, or a comma first or last.
        case emptyOption
        /// `name=` not followed by a double-quoted value.
        case unquotedValue(name: String)
        /// Something other than a comma after a quoted value.
        case junkAfterValue(name: String)
    }

    /// The options that start `line`, and the rest of the line after them (blanks not yet skipped).
    public static func split(_ line: Substring) throws(Error) -> (options: [Option], rest: Substring) {
        let scalars = line.unicodeScalars
        var i = scalars.startIndex
        var quoted = false
        while i < scalars.endIndex, quoted || (scalars[i] != " " && scalars[i] != "\t") {
            let next = scalars.index(after: i)
            if scalars[i] == "\\", next < scalars.endIndex, scalars[next] == "\"" {
                i = scalars.index(after: next)
                continue
            }
            if scalars[i] == "\"" { quoted.toggle() }
            i = next
        }
        guard !quoted else { throw .unterminatedQuote }
        return (try parse(Substring(scalars[..<i])), Substring(scalars[i...]))
    }

    /// The options of an options field that holds nothing else.
    static func parse(_ field: Substring) throws(Error) -> [Option] {
        var rest = field.unicodeScalars[...]
        var options: [Option] = []
        while true {
            let nameEnd = rest.firstIndex { $0 == "=" || $0 == "," } ?? rest.endIndex
            let name = String(String.UnicodeScalarView(rest[..<nameEnd]))
            guard !name.isEmpty else { throw .emptyOption }
            rest = rest[nameEnd...]
            var value: String?
            if rest.first == "=" {
                rest.removeFirst()
                guard rest.first == "\"" else { throw .unquotedValue(name: name) }
                rest.removeFirst()
                var text = String.UnicodeScalarView()
                while true {
                    // split(_:) only hands over fields whose quotes close.
                    guard let c = rest.popFirst() else { throw .unterminatedQuote }
                    if c == "\"" { break }
                    if c == "\\", rest.first == "\"" { rest.removeFirst(); text.append("\"") } else { text.append(c) }
                }
                value = String(text)
            }
            options.append(Option(name, value))
            guard let separator = rest.popFirst() else { return options }
            guard separator == "," else { throw .junkAfterValue(name: name) }
        }
    }

    /// `name` or `name="value"` joined by commas; nil when a value cannot be written (see ``quoted(_:)``).
    public static func render(_ options: [Option]) -> String? {
        var parts: [String] = []
        for option in options {
            guard let value = option.value else { parts.append(option.name); continue }
            guard let quoted = quoted(value) else { return nil }
            parts.append(option.name + "=" + quoted)
        }
        return parts.joined(separator: ",")
    }

    /// `value` in double quotes with each `"` written `\"`; nil when sshd could not read it back:
    /// a control character or line break, or a final backslash, which would escape the closing quote.
    public static func quoted(_ value: String) -> String? {
        guard !value.unicodeScalars.contains(where: ShellWords.isForbidden), value.unicodeScalars.last != "\\" else {
            return nil
        }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for c in value.unicodeScalars {
            if c == "\"" { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        return String(out)
    }
}
