import CanteenCore

/// What the command line asked for, before any value is interpreted.
struct ParsedLine: Equatable {
    enum Request: Equatable {
        case run([String])
        case help([String])
        case version
        /// No command and no help asked for: nothing at all, or global options alone (`--lang zh`).
        case noCommand
    }
    var request: Request
    var globals: [String: String] = [:]
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
}

/// Splits argv into a command, its options and arguments, and the global options that may stand anywhere.
struct ArgumentParser {
    let commands: [CommandSpec]

    /// The first words of every command ("site" for "site add").
    var groups: Set<String> { Set(commands.filter { $0.path.count > 1 }.map { $0.path[0] }) }

    func parse(_ arguments: [String]) throws(UsageError) -> ParsedLine {
        var line = ParsedLine(request: .run([]))
        var words: [String] = []
        var wantsHelp = false, wantsVersion = false
        var index = 0
        var endOfOptions = false
        // Pass 1: take the global options out wherever they stand; keep the rest in order.
        var remaining: [String] = []
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if endOfOptions { remaining.append(token); continue }
            if token == "--" { endOfOptions = true; remaining.append(token); continue }
            if token == "-h" || token == "--help" { wantsHelp = true; continue }
            if token == "--version" { wantsVersion = true; continue }
            if token.hasPrefix("--") {
                let (name, inline) = splitOption(token)
                if let global = GlobalOptions.specs.first(where: { $0.name == name }) {
                    let value = try takeValue(name: global.name, inline: inline, arguments: arguments, index: &index, command: [])
                    if line.globals[name] != nil { throw UsageError(.optionTwice, ["option": "--" + name]) }
                    line.globals[name] = value
                    continue
                }
            }
            remaining.append(token)
        }
        // Pass 2: the leading words name the command.
        var cursor = 0
        while cursor < remaining.count, !remaining[cursor].hasPrefix("-") || remaining[cursor] == "-" {
            let candidate = words + [remaining[cursor]]
            if candidate == ["help"] || commands.contains(where: { Array($0.path.prefix(candidate.count)) == candidate }) {
                words = candidate
                cursor += 1
                if let spec = commands.first(where: { $0.path == words }), spec.path.count > 1 || !groups.contains(spec.path[0]) { break }
            } else {
                break
            }
        }
        // A request for help takes the topic's words and the global options, nothing else: a stray word or option
        // is a usage error (64) that names it, whichever way help was asked for, never help for something else.
        if words.first == "help" {
            let rest = Array(remaining[cursor...])
            let path = Array(words.dropFirst()) + rest.filter { !isOption($0) }
            // "help help" is the overview, as "help" is.
            let topic = path == ["help"] ? [] : try helpTopic(path)
            if let stray = rest.first(where: isOption) { throw strayOption(stray, inHelpFor: topic) }
            line.request = .help(topic)
            return line
        }
        if wantsVersion {
            // Like swift-argument-parser: --version takes nothing else but the global options.
            guard words.isEmpty, cursor == remaining.count else { throw UsageError(.versionAlone, command: words) }
            line.request = .version
            return line
        }
        if wantsHelp {
            // As swift-argument-parser does, --help after a command line being typed shows that command's help,
            // whatever else is on the line; only a mistyped command or subcommand word is an error (64), so help
            // is never shown for something that is not there.
            if !commands.contains(where: { $0.path == words }), cursor < remaining.count, !isOption(remaining[cursor]) {
                try checkKnown(words + [remaining[cursor]], helpTopic: true)
                line.request = .help(try helpTopic(words + [remaining[cursor]]))
                return line
            }
            line.request = .help(words)
            try checkKnown(words, helpTopic: true)
            return line
        }
        guard !words.isEmpty else {
            if cursor < remaining.count {
                let word = remaining[cursor]
                if word.hasPrefix("-") { throw UsageError(.optionUnknown, ["option": word]) }
                throw unknownCommand(word, among: Array(Set(commands.map { $0.path[0] })).sorted() + ["help"])
            }
            line.request = .noCommand
            return line
        }
        guard let spec = commands.first(where: { $0.path == words }) else {
            // A group without a known subcommand.
            if cursor < remaining.count, !remaining[cursor].hasPrefix("-") {
                throw unknownCommand(remaining[cursor], among: subcommands(of: words), group: words)
            }
            throw UsageError(.subcommandMissing, ["command": words.joined(separator: " ")], command: words)
        }
        line.request = .run(spec.path)
        // Pass 3: the command's own options and arguments.
        let tokens = Array(remaining[cursor...])
        var position = 0
        var positionalOnly = false
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            if positionalOnly { line.positionals.append(token); continue }
            if token == "--" { positionalOnly = true; continue }
            if token.hasPrefix("--") {
                let (name, inline) = splitOption(token)
                guard let option = spec.option(named: name) else {
                    let all = spec.options.map(\.name) + GlobalOptions.specs.map(\.name)
                    let suggestion = Suggestion.closest(to: name, among: all).map { "--" + $0 }
                    throw UsageError(suggestion.map { Message(.optionUnknownDidYouMean, ["option": "--" + name, "suggestion": $0]) }
                                     ?? Message(.optionUnknown, ["option": "--" + name]), command: spec.path)
                }
                if option.isFlag {
                    if inline != nil { throw UsageError(.flagTakesNoValue, ["option": "--" + name], command: spec.path) }
                    if line.flags.contains(name) { throw UsageError(.optionTwice, ["option": "--" + name], command: spec.path) }
                    line.flags.insert(name)
                } else {
                    let value = try takeValue(name: name, inline: inline, arguments: tokens, index: &position, command: spec.path)
                    if line.options[name] != nil { throw UsageError(.optionTwice, ["option": "--" + name], command: spec.path) }
                    line.options[name] = value
                }
            } else if token.hasPrefix("-") && token.count > 1 && !isNegativeNumber(token) {
                throw UsageError(.optionUnknown, ["option": token], command: spec.path)
            } else {
                line.positionals.append(token)
            }
        }
        for option in spec.options {
            guard let name = option.spells, let value = line.options[option.name],
                  let index = spec.arguments.firstIndex(where: { $0.name == name }) else { continue }
            guard line.positionals.count <= index else {
                throw UsageError(.argumentAndOption, ["argument": "<\(name)>", "option": "--" + option.name], command: spec.path)
            }
            // In the argument's place, and no longer an option: nothing reads it twice (--out as an output file).
            if line.positionals.count == index { line.positionals.append(value) }
            line.options[option.name] = nil
        }
        for option in spec.options where option.required && line.options[option.name] == nil {
            throw UsageError(.optionMissing, ["option": "--\(option.name) <\(option.value ?? "")>"], command: spec.path)
        }
        let required = spec.arguments.filter { !$0.optional }.count
        if line.positionals.count < required {
            let missing = spec.arguments[line.positionals.count]
            throw UsageError(.argumentMissing, ["argument": spec.synopsis(of: missing)], command: spec.path)
        }
        if line.positionals.count > spec.arguments.count, spec.arguments.last?.variadic != true {
            throw UsageError(.argumentUnexpected, ["argument": line.positionals[spec.arguments.count]], command: spec.path)
        }
        return line
    }

    /// The language `--lang` asks for, found as pass 1 finds global options (anywhere before a `--`), whether or not
    /// the rest of the line parses: a wrong line is then told so in the language its writer asked for. nil without
    /// `--lang`, or when its value is missing or no language (which parse reports itself).
    func requestedLang(in arguments: [String]) -> Lang? {
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let (name, inline) = arguments[index].hasPrefix("--") ? splitOption(arguments[index]) : ("", nil)
            index += 1
            guard name == "lang" else { continue }
            let value = inline ?? (index < arguments.count ? arguments[index] : "")
            return Lang(rawValue: value.lowercased())
        }
        return nil
    }

    private func splitOption(_ token: String) -> (String, String?) {
        let body = token.dropFirst(2)
        if let equals = body.firstIndex(of: "=") {
            return (String(body[..<equals]), String(body[body.index(after: equals)...]))
        }
        return (String(body), nil)
    }

    private func takeValue(name: String, inline: String?, arguments: [String], index: inout Int, command: [String]) throws(UsageError) -> String {
        if let inline { return inline }
        // A value may itself start with "-" only when it is a number, so "--price -1" reaches the amount check,
        // or when it is "-" alone, standard input or output ("--out -").
        guard index < arguments.count,
              !arguments[index].hasPrefix("-") || arguments[index] == "-" || isNegativeNumber(arguments[index]) else {
            throw UsageError(.optionValueMissing, ["option": "--" + name], command: command)
        }
        defer { index += 1 }
        return arguments[index]
    }

    /// A token that is an option (or `--`) rather than a word; "-" alone is a word (standard input or output).
    private func isOption(_ token: String) -> Bool { token.hasPrefix("-") && token != "-" }

    /// An option given with a request for help: unknown to the topic's command (with the nearest one it has), or
    /// one it takes but help does not.
    private func strayOption(_ token: String, inHelpFor topic: [String]) -> UsageError {
        if token == "--" { return UsageError(.argumentUnexpected, ["argument": token], command: topic) }
        guard token.hasPrefix("--") else { return UsageError(.optionUnknown, ["option": token], command: topic) }
        let (name, _) = splitOption(token)
        let spec = commands.first { $0.path == topic }
        if spec?.option(named: name) != nil {
            return UsageError(.argumentUnexpected, ["argument": token], command: topic)
        }
        let all = (spec?.options.map(\.name) ?? []) + GlobalOptions.specs.map(\.name)
        let suggestion = Suggestion.closest(to: name, among: all).map { "--" + $0 }
        return UsageError(suggestion.map { Message(.optionUnknownDidYouMean, ["option": "--" + name, "suggestion": $0]) }
                          ?? Message(.optionUnknown, ["option": "--" + name]), command: topic)
    }

    private func isNegativeNumber(_ token: String) -> Bool {
        token.count > 1 && token.hasPrefix("-") && token.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
    }

    /// The command or group that `help WORDS…` asks about; a word past a whole command's name is a usage error
    /// that names it (with that command's usage), a word that names nothing is an unknown (sub)command.
    private func helpTopic(_ path: [String]) throws(UsageError) -> [String] {
        // A command that is also a group ("gate", "gate keys") is a topic at each length.
        if commands.contains(where: { $0.path == path }) { return path }
        for length in stride(from: path.count - 1, through: 1, by: -1) {
            let known = Array(path.prefix(length))
            if let spec = commands.first(where: { $0.path == known }) {
                throw UsageError(.argumentUnexpected, ["argument": path[length]], command: spec.path)
            }
        }
        try checkKnown(path, helpTopic: true)
        return path
    }

    private func checkKnown(_ path: [String], helpTopic: Bool) throws(UsageError) {
        guard !path.isEmpty else { return }
        if commands.contains(where: { Array($0.path.prefix(path.count)) == path }) { return }
        // The longest group the path starts with ("operator key" in "operator key foo").
        var group: [String] = []
        for length in stride(from: path.count - 1, through: 1, by: -1) {
            let prefix = Array(path.prefix(length))
            if commands.contains(where: { $0.path.count > length && Array($0.path.prefix(length)) == prefix }) { group = prefix; break }
        }
        if !group.isEmpty {
            throw unknownCommand(path[group.count], among: subcommands(of: group), group: group)
        }
        throw unknownCommand(path.joined(separator: " "), among: Array(Set(commands.map { $0.path[0] })).sorted())
    }

    /// The words that may follow `group`: "add", "key", … after "operator"; each once.
    private func subcommands(of group: [String]) -> [String] {
        var seen: Set<String> = []
        return commands.filter { $0.path.count > group.count && Array($0.path.prefix(group.count)) == group }
            .map { $0.path[group.count] }.filter { seen.insert($0).inserted }
    }

    // With nothing close to suggest, the message still says where to look: a group's few subcommands are named in
    // it, and the commands, too many for one line, are left to 'canteen help' (and, through the gate, listed by it).
    private func unknownCommand(_ word: String, among candidates: [String], group: [String] = []) -> UsageError {
        let suggestion = Suggestion.closest(to: word, among: candidates).map { (group + [$0]).joined(separator: " ") }
        let message = group.isEmpty
            ? Message(suggestion == nil ? .commandUnknown : .commandUnknownDidYouMean, ["command": word, "suggestion": suggestion ?? ""])
            : Message(suggestion == nil ? .subcommandUnknown : .subcommandUnknownDidYouMean,
                      ["command": word, "group": group.joined(separator: " "), "suggestion": suggestion ?? "",
                       "subcommands": candidates.joined(separator: ", ")])
        return UsageError(message, command: group)
    }
}
