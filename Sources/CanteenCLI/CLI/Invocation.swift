import CanteenCore

/// One parsed command line with the environment around it: typed access to every value a command reads.
struct Invocation {
    let spec: CommandSpec
    let line: ParsedLine
    let environment: [String: String]
    let clock: Clock

    /// The label language: --lang, else zh when $LANG starts with zh, else en.
    let lang: Lang
    /// The output format asked for.
    let format: OutputFormat

    /// Where long runs report progress: a line on stderr when it is a terminal, else nowhere.
    let progress: ProgressReporter?

    /// Streamed output is kept in the result instead of written to standard output (see `CanteenCLI.run`).
    var collectingStreams = true

    /// Where a streaming command (the counter) reads its lines and writes its answers as they happen.
    let console: Console

    init(spec: CommandSpec, line: ParsedLine, environment: [String: String], clock: Clock, progress: ProgressReporter? = nil,
         console: Console = .standard) throws {
        self.progress = progress
        self.console = console
        self.spec = spec
        self.line = line
        self.environment = environment
        self.clock = clock
        if let text = line.globals["lang"] {
            guard let lang = Lang(rawValue: text.lowercased()) else {
                throw UsageError(.langUnknown, ["text": text], command: spec.path)
            }
            self.lang = lang
        } else {
            self.lang = Lang.fromEnvironment(environment)
        }
        if let text = line.globals["format"] {
            guard let format = OutputFormat(rawValue: text.lowercased()) else {
                throw UsageError(.formatUnknown, ["text": text], command: spec.path)
            }
            self.format = format
        } else {
            self.format = .table
        }
    }

    /// The database path: --db, else $CANTEEN_DB, else ./canteen.db.
    var databasePath: String { line.globals["db"] ?? environment["CANTEEN_DB"] ?? "canteen.db" }

    /// Where --out sends the output, checked now (before the command runs): nil without --out, standard output
    /// for "-", else a regular file that is not the database or one of its companions.
    func outputFile() throws -> OutputFile? {
        guard let path = option("out") else { return nil }
        return try OutputFile(path, protecting: databasePath)
    }

    /// The acting operator: --operator, else $CANTEEN_OPERATOR.
    var operatorName: String? { line.globals["operator"] ?? environment["CANTEEN_OPERATOR"] }

    /// Who asks for full ID and phone numbers with --unmask ("" when nobody said, which the core refuses), nil without it.
    var unmaskingOperator: String? { flag("unmask") ? (operatorName ?? "") : nil }

    /// --today, when given.
    func todayOverride() throws -> CivilDate? {
        guard let text = line.globals["today"] else { return nil }
        do { return try CivilDate(input: text) } catch let error as CanteenError { throw error.within(.optionValue, ["option": "--today"]) }
    }

    /// Opens the database named by --db for this command.
    func books(allowOlderSchema: Bool = false) throws -> Books {
        try Books.open(path: databasePath, clock: clock, today: try todayOverride(), allowOlderSchema: allowOlderSchema,
                       busyTimeoutMilliseconds: try busyTimeout)
    }

    /// How long to wait for another counter's write: $CANTEEN_BUSY_TIMEOUT_MS, else 5 seconds.
    var busyTimeout: Int32 {
        get throws {
            guard let text = environment["CANTEEN_BUSY_TIMEOUT_MS"] else { return 5000 }
            guard let value = Int32(text), value >= 0 else {
                throw CanteenError(.invalidInput, .busyTimeoutMalformed, ["text": text])
            }
            return value
        }
    }

    func argument(_ index: Int) -> String? { index < line.positionals.count ? line.positionals[index] : nil }

    func option(_ name: String) -> String? { line.options[name] }

    func flag(_ name: String) -> Bool { line.flags.contains(name) }

    func money(_ name: String) throws -> Money? {
        guard let text = option(name) else { return nil }
        do { return try Money(parsing: text) } catch let error as CanteenError { throw error.within(.optionValue, ["option": "--" + name]) }
    }

    func date(_ name: String) throws -> CivilDate? {
        guard let text = option(name) else { return nil }
        do { return try CivilDate(input: text) } catch let error as CanteenError { throw error.within(.optionValue, ["option": "--" + name]) }
    }

    func month(_ name: String) throws -> YearMonth? {
        guard let text = option(name) else { return nil }
        do { return try YearMonth(input: text) } catch let error as CanteenError { throw error.within(.optionValue, ["option": "--" + name]) }
    }

    /// A whole-number option, refused (65) unless it lies in `range`. Every numeric option names its range, and is
    /// read before the command does anything with it: a count that a loop or an allocation would run to is never
    /// taken on trust (`simulate --months 10000000000` once walked back ten billion months before saying so).
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = option(name) else { return nil }
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw CanteenError(.invalidInput, .wholeNumberMalformed, ["option": "--" + name, "text": text])
        }
        // Digits beyond Int are out of range too, not "not a number".
        guard let value = Int(text), range.contains(value) else {
            throw CanteenError(.invalidInput, .optionRange, ["option": "--" + name, "low": range.lowerBound, "high": range.upperBound])
        }
        return value
    }

    /// Refuses a format this command cannot produce (usage, 64).
    func requireFormat(_ allowed: Set<OutputFormat>) throws {
        guard allowed.contains(format) else {
            let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw UsageError(.formatUnsupportedUse, ["command": spec.name, "format": format.rawValue, "formats": list], command: spec.path)
        }
    }
}

/// The label language.
enum Lang: String, Sendable {
    case en, zh

    /// zh when $LANG starts with zh, else en.
    static func fromEnvironment(_ environment: [String: String]) -> Lang {
        (environment["LANG"] ?? "").lowercased().hasPrefix("zh") ? .zh : .en
    }

    /// Picks the English or the Chinese label.
    func callAsFunction(_ english: String, _ chinese: String) -> String { self == .zh ? chinese : english }
}

/// What --format asked for.
enum OutputFormat: String, Sendable {
    case table, csv, json, html, ledger, beancount
}
