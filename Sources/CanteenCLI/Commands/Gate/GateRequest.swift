import CanteenCore

// What a caller may ask of the gate is decided here, before anything runs, on the same parse the command itself
// gets: the words are split as sh would split them but never expanded, parsed by the CLI's own parser, and then
// held to the gate's rules. The command then runs in this process with exactly these words, as the operator the
// key belongs to, and the role checks of the core apply as they do everywhere.

/// A caller's `$SSH_ORIGINAL_COMMAND`, read and parsed for the gate.
struct GateRequest {
    /// The command's words, as the caller's command line (a leading `canteen` taken off); empty when unreadable.
    let words: [String]
    /// The words parsed, or the usage error they make (unknown command, missing argument, …).
    let parsed: Result<ParsedLine, UsageError>
    /// Why the command cannot even be read into words, when it cannot (invalid input, 65).
    let malformed: CanteenError?
    /// The command as the audit log keeps it: escaped, ID and phone numbers masked, cut short.
    let logged: String
    /// The language the caller's `--lang` asks for, found even when the rest of the command is wrong: the gate's own
    /// answers (refusals, usage, the welcome) are worded in it, as the command's are. nil without one.
    let lang: Lang?

    /// The longest command the audit log keeps whole, in characters.
    static let loggedLimit = 400

    /// Reads `raw`. A command that cannot be split into words (a newline, NUL or other control character, an open
    /// quote, a final backslash, text that was not UTF-8, more than ShellWords' limit) is kept as `malformed`.
    init(_ raw: String, commands: [CommandSpec]) {
        logged = Self.loggable(raw)
        var words: [String] = []
        var problem: Message?
        // Invalid UTF-8 reached this String repaired into U+FFFD: a command that was not text is refused, not
        // run in its repaired form.
        if raw.unicodeScalars.contains("\u{FFFD}") {
            problem = Message(.gateCommandNotUTF8)
        } else {
            do { words = try ShellWords.split(raw) } catch {
                switch error {
                case .unterminatedQuote: problem = Message(.gateUnterminatedQuote)
                case .trailingBackslash: problem = Message(.gateTrailingBackslash)
                case .forbiddenCharacter(let code): problem = Message(.gateForbiddenCharacter, ["character": Self.codePoint(code)])
                case .tooLong(let limit): problem = Message(.gateCommandTooLong, ["count": raw.utf8.count, "limit": limit])
                }
            }
        }
        malformed = problem.map { CanteenError(.invalidInput, Message(.gateCommandMalformed, ["reason": $0])) }
        // People copy command lines from the README, program name and all.
        if words.first == "canteen" { words.removeFirst() }
        self.words = words
        let parser = ArgumentParser(commands: commands)
        lang = parser.requestedLang(in: words)
        do { parsed = .success(try parser.parse(words)) } catch { parsed = .failure(error) }
    }

    /// The format the caller's `--format` asks for, when the command line reads and names one.
    var format: OutputFormat? {
        guard case .success(let line) = parsed, let text = line.globals["format"] else { return nil }
        return OutputFormat(rawValue: text.lowercased())
    }

    /// True when the caller sent no command, perhaps global options alone (`--lang zh`): the gate answers with its
    /// welcome, as `ssh canteen@server` alone does.
    var isEmpty: Bool {
        guard malformed == nil else { return false }
        if case .success(let line) = parsed, line.request == .noCommand { return true }
        return words.isEmpty
    }

    /// Why `caller` may not run this through the gate, or nil when they may. A usage error is returned as one
    /// (kind usage) so that it is logged as a refusal; the gate then prints it as the command's own.
    func refusal(for caller: Operator, commands: [CommandSpec]) -> CanteenError? {
        if let malformed { return malformed }
        let line: ParsedLine
        switch parsed {
        case .failure(let error): return CanteenError(.usage, error.message)
        case .success(let parsedLine): line = parsedLine
        }
        let admin = caller.role == .admin
        if line.globals["db"] != nil { return .init(.permission, .gateDatabaseRefused) }
        if let given = line.globals["operator"], !caller.isNamed(given) {
            return .init(.permission, .gateOperatorRefused, ["name": caller.name, "given": given])
        }
        if line.globals["today"] != nil, !admin { return .init(.permission, .gateTodayRefused) }
        if line.request == .noCommand {
            // The welcome answers in the asked language and format, so it holds them to what a command would accept.
            if let text = line.globals["lang"], Lang(rawValue: text.lowercased()) == nil { return .init(.usage, .langUnknown, ["text": text]) }
            if let text = line.globals["format"], OutputFormat(rawValue: text.lowercased()) == nil {
                return .init(.usage, .formatUnknown, ["text": text])
            }
        }
        guard case .run(let path) = line.request else { return nil }
        if path == ["gate"] { return .init(.permission, .gateNotReentrant) }
        if let why = Self.adminOnly(path), !admin {
            return .init(.permission, .gateCommandRefused, ["command": "canteen " + path.joined(separator: " "), "why": why])
        }
        guard let spec = commands.first(where: { $0.path == path }) else { return nil }
        for (name, value) in line.options.sorted(by: { $0.key < $1.key }) where value != "-" {
            guard let option = spec.option(named: name), let direction = Self.direction(of: option, in: path) else { continue }
            return Self.fileRefusal("--" + name, direction)
        }
        for (index, value) in line.positionals.enumerated() where value != "-" && index < spec.arguments.count {
            let argument = spec.arguments[index]
            guard argument.name == "file" else { continue }
            return Self.fileRefusal("<file>", path == ["backup"] ? .output : .input)
        }
        return nil
    }

    /// Which way a file goes, seen from the server.
    enum Direction { case input, output }

    /// The direction of an option that names a file on the server, nil for any other option. `--out` is output
    /// wherever it stands; any other option whose value is a file or path is read.
    static func direction(of option: OptionSpec, in path: [String]) -> Direction? {
        if option.name == "out" { return .output }
        return option.value == "file" || option.value == "path" ? .input : nil
    }

    private static func fileRefusal(_ argument: String, _ direction: Direction) -> CanteenError {
        CanteenError(.permission, direction == .input ? .gateInputFileRefused : .gateOutputFileRefused, ["argument": argument])
    }

    /// Why a command runs through the gate for admins only; nil for the others.
    static func adminOnly(_ path: [String]) -> Message? {
        switch path.first {
        case "init", "demo", "simulate": return Message(.gateWhyNewDatabase)
        case "migrate": return Message(.gateWhySchema)
        case "gate": return Message(.gateWhyGateSetup)
        case "operator" where path.count > 1 && path[1] == "key": return Message(.gateWhyKeys)
        default: return nil
        }
    }

    /// The text of `raw` the audit log keeps: one line (controls escaped), ID and mobile numbers masked, at most
    /// `loggedLimit` characters with the full length said after a cut.
    static func loggable(_ raw: String) -> String {
        let text = CanteenCLI.oneLine(raw)
        guard text.count > loggedLimit else { return text }
        return String(text.prefix(loggedLimit)) + "… (\(raw.utf8.count) bytes)"
    }

    private static func codePoint(_ code: UInt32) -> String {
        let hex = String(code, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
