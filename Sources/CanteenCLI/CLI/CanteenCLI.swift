import CanteenCore
@preconcurrency import Glibc

/// The command-line interface: arguments in, one core operation, rendered output and an exit code out.
public enum CanteenCLI {
    /// The version printed by --version.
    public static let version = "1.0.0"

    /// What one run produced; `main` writes it, tests read it.
    public struct Result: Sendable, Equatable {
        public var exitCode: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Every command, in the order help lists them.
    static let commands: [any Command.Type] = CommandRegistry.all

    static var specs: [CommandSpec] { commands.map { $0.spec } }

    /// Runs the process: reads argv and the environment, writes stdout and stderr, exits.
    public static func main() -> Never {
        let raw = RawInput.fromProcess()
        let result: Result
        do {
            let input = try RawInput.decode(arguments: raw.arguments, environment: raw.environment)
            result = run(arguments: input.arguments, environment: input.environment, stderrIsTerminal: isatty(2) == 1,
                         collectingStreams: false)
        } catch {
            let lang = Lang.fromEnvironment(["LANG": getenv("LANG").map { String(cString: $0) } ?? ""])
            result = Result(exitCode: ExitCode(error.kind).rawValue, stdout: "", stderr: errorText(error, lang))
        }
        RawInput.write(result.stdout, to: stdout)
        RawInput.write(result.stderr, to: stderr)
        exit(result.exitCode)
    }

    /// Runs one command line and returns what it printed and its exit code. A streamed output (a long list) goes
    /// to this process's standard output as it is made, unless `collectingStreams`, when it is kept in the result.
    /// A streaming command (`counter`) reads and answers through `console` as it goes, and its Result holds only
    /// what came after (an error, the exit code).
    public static func run(arguments: [String], environment: [String: String], clock: Clock = .system,
                           stderrIsTerminal: Bool = false, collectingStreams: Bool = true, console: Console = .standard) -> Result {
        let parser = ArgumentParser(commands: specs)
        let line: ParsedLine
        // A wrong line is worded in the --lang it asks for, found even though the line does not parse; a bad --lang
        // is itself reported in the $LANG language.
        let fallback = Lang.fromEnvironment(environment)
        do { line = try parser.parse(arguments) } catch { return usageFailure(error, lang: parser.requestedLang(in: arguments) ?? fallback) }
        let lang = line.globals["lang"].flatMap { Lang(rawValue: $0.lowercased()) } ?? fallback
        switch line.request {
        case .version:
            return Result(exitCode: 0, stdout: "canteen \(version)\n", stderr: "")
        case .help(let path):
            return Result(exitCode: 0, stdout: helpText(path, lang), stderr: "")
        case .noCommand:
            return Result(exitCode: 0, stdout: helpText([], lang), stderr: "")
        case .run(let path):
            guard let command = commands.first(where: { $0.spec.path == path }) else {
                return usageFailure(UsageError(.commandUnknown, ["command": path.joined(separator: " ")]), lang: lang)
            }
            do {
                var invocation = try Invocation(spec: command.spec, line: line, environment: environment, clock: clock,
                                                progress: stderrIsTerminal ? ProgressReporter() : nil, console: console)
                invocation.collectingStreams = collectingStreams
                // Where the output goes is checked before the command runs, so a refused --out changes nothing; so is
                // standard output, which `>> city.db` would make the database itself.
                let destination = try invocation.outputFile() ?? OutputFile("-", protecting: invocation.databasePath)
                let output = try command.run(invocation)
                return try deliver(output, to: destination, for: invocation)
            } catch let error as UsageError {
                return usageFailure(error, lang: lang)
            } catch let error as CanteenError {
                if error.kind == .usage { return usageFailure(UsageError(error.message, command: path), lang: lang) }
                return Result(exitCode: ExitCode(error.kind).rawValue, stdout: "", stderr: errorText(error, lang))
            } catch {
                // Not one of the core's errors (a bug): its own text, framed in the asked language.
                return Result(exitCode: ExitCode.storage.rawValue, stdout: "", stderr: errorText(CanteenError(.storage, Message(.unexpectedError, ["text": "\(error)"])), lang))
            }
        }
    }

    /// Writes the output in the asked format to stdout, or to the --out file (checked before the command ran).
    private static func deliver(_ output: Output, to destination: OutputFile?, for invocation: Invocation) throws -> Result {
        if let relayed = output.relayed { return relayed }
        let stderr = output.failure.map { "Error: \($0)\n" } ?? ""
        if output.streamed { return Result(exitCode: output.exitCode.rawValue, stdout: "", stderr: stderr) }
        if let stream = output.stream {
            let target = try destination ?? OutputFile("-", protecting: invocation.databasePath)
            if target.isStandardOutput && invocation.collectingStreams {
                let collected = OutputStream.collecting()
                try stream(collected)
                return Result(exitCode: output.exitCode.rawValue, stdout: collected.text, stderr: stderr)
            }
            try target.stream(access: output.fileAccess, stream)
            return Result(exitCode: output.exitCode.rawValue, stdout: "", stderr: stderr)
        }
        guard let body = output.rendered(invocation.format, excel: invocation.flag("excel")) else {
            throw UsageError(.formatUnsupported, ["command": invocation.spec.name, "format": invocation.format.rawValue], command: invocation.spec.path)
        }
        if let destination, !destination.isStandardOutput {
            try destination.write(body, access: output.fileAccess)
            return Result(exitCode: output.exitCode.rawValue, stdout: "", stderr: stderr)
        }
        return Result(exitCode: output.exitCode.rawValue, stdout: body, stderr: stderr)
    }

    /// Messages quote what the user typed: a newline or escape in it must not break or recolour the one-line
    /// error, and an ID or mobile number in it is masked wherever it came from.
    static func oneLine(_ text: String) -> String {
        PersonalData.masked(TerminalText.escaped(text))
    }

    static func helpText(_ path: [String], _ lang: Lang) -> String {
        if path.isEmpty { return Help.overview(commands: specs, lang) }
        if let spec = specs.first(where: { $0.path == path }) { return Help.text(for: spec, lang) }
        return Help.group(path, commands: specs, lang)
    }

    /// An error as stderr shows it: "Error: " and the message on one line, then each detail indented.
    static func errorText(_ error: CanteenError, _ lang: Lang) -> String {
        "Error: \(oneLine(lang.render(error.message)))\n" + error.details.map { "  \(oneLine(lang.render($0)))\n" }.joined()
    }

    static func usageFailure(_ error: UsageError, lang: Lang) -> Result {
        var text = "Error: \(oneLine(lang.render(error.message)))\n"
        if let spec = specs.first(where: { $0.path == error.command }) {
            text += usageLines(Help.usageLine(spec), help: spec.name, lang)
        } else if !error.command.isEmpty {
            let group = error.command.joined(separator: " ")
            text += usageLines("canteen \(group) <subcommand>", help: group, lang)
        } else {
            text += usageLines("canteen <command> [<subcommand>] [<arguments>] [<options>]", help: nil, lang)
        }
        return Result(exitCode: ExitCode.usage.rawValue, stdout: "", stderr: text)
    }

    /// The two lines after a usage error: the synopsis as typed (command and option names are never translated),
    /// then where to read more, both worded in the asked language.
    private static func usageLines(_ synopsis: String, help command: String?, _ lang: Lang) -> String {
        let help = "'canteen " + (command.map { $0 + " " } ?? "") + "--help'"
        return lang("Usage: ", "用法：") + synopsis + "\n"
            + lang("  See \(help) for more information.\n", "  详细说明请见 \(help)。\n")
    }
}
