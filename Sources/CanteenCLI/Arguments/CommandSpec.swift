/// The declared shape of one command: what help prints and what the parser accepts.
struct CommandSpec: Sendable {
    /// The words that name it: ["site", "add"].
    let path: [String]
    /// One line for OVERVIEW and the command list.
    let abstract: String
    /// Further paragraphs for help.
    var discussion: String = ""
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []

    var name: String { path.joined(separator: " ") }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    let name: String
    let help: String
    var optional = false
    /// The last argument may take any number of words (`diner card DINER...`).
    var variadic = false
}

/// A `--name value` option, or a `--name` flag when it takes no value.
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder in help, e.g. "yuan"; nil for a flag.
    let value: String?
    let help: String
    var required = false
    /// The argument this option is another spelling of (`backup --out FILE` for `backup FILE`): its value stands in
    /// that argument's place, and giving both is a usage error.
    var spells: String? = nil

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func required(_ name: String, _ value: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: value, help: help, required: true)
    }
    static func optional(_ name: String, _ value: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: value, help: help)
    }

    var isFlag: Bool { value == nil }

    /// `--out <file>`, as help and usage errors show the option.
    var synopsis: String { isFlag ? "--\(name)" : "--\(name) <\(value!)>" }
}

extension CommandSpec {
    /// The option that is another spelling of `argument`, if any.
    func spelling(of argument: ArgumentSpec) -> OptionSpec? { options.first { $0.spells == argument.name } }

    /// `<file>`, or `<file> | --out <file>` when an option spells it too.
    func synopsis(of argument: ArgumentSpec) -> String {
        "<\(argument.name)>" + (spelling(of: argument).map { " | " + $0.synopsis } ?? "")
    }
}

/// The options every command accepts, anywhere on the line.
enum GlobalOptions {
    static let specs: [OptionSpec] = [
        .optional("db", "path", "The database file (default: $CANTEEN_DB, else ./canteen.db)."),
        .optional("operator", "name", "Who is acting (default: $CANTEEN_OPERATOR); required to change data."),
        .optional("format", "format", "table (default), csv or json; reports also html; export: ledger or beancount."),
        .optional("lang", "lang", "Label language, zh or en (default: zh when $LANG starts with zh)."),
        .optional("today", "date", "The date taken as today (default: today in the database's time zone)."),
    ]
    static let flags: Set<String> = ["help", "version"]
}
