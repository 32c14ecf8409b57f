import CanteenCore

/// What a command produced, in each form it can take; the renderer picks one by --format.
struct Output {
    /// The human form: aligned text for the terminal.
    var text: String
    /// The JSON form, for scripts.
    var json: JSONValue
    /// The CSV form, where the command has a tabular result.
    var csv: [[String]]? = nil
    /// Other forms (html, ledger, beancount) already rendered.
    var other: [OutputFormat: String] = [:]
    /// A command that reports a failed check (audit verify) prints its findings and still exits non-zero.
    var exitCode: ExitCode = .ok
    /// One line for stderr to go with a non-zero exit.
    var failure: String? = nil
    /// Who may read the file --out writes: ownerOnly for anything with personal data or credentials.
    var fileAccess: FileAccess = .shared
    /// The command already wrote its output to standard output itself (`backup -`): nothing more goes there.
    var streamed = false
    /// Output produced as it is read (the lists and the journal export): written to standard output or the --out
    /// file piece by piece, with flat memory, instead of one rendered text.
    var stream: ((OutputStream) throws -> Void)? = nil

    /// A streamed output: `body` writes it.
    static func streaming(_ body: @escaping (OutputStream) throws -> Void) -> Output {
        var output = Output(text: "", json: .null)
        output.stream = body
        return output
    }
    /// Another command line's whole result, passed on as it is: the gate runs the caller's command and answers with
    /// what that command printed and its exit code.
    var relayed: CanteenCLI.Result? = nil

    /// The bytes for a format, or nil when the command has no such form.
    func rendered(_ format: OutputFormat, excel: Bool = false) -> String? {
        switch format {
        case .table: return text
        case .json: return json.rendered() + "\n"
        case .csv:
            guard let csv else { return nil }
            // Tabs and line ends are quoted by CSV's own rules; other control and direction characters are shown
            // escaped, as in a table, since CSV is read on terminals too.
            return (excel ? "\u{FEFF}" : "") + csv.map { CSV.row($0.map { TerminalText.escaped($0, keeping: TerminalText.csvWhitespace) }) }.joined()
        default: return other[format]
        }
    }
}
