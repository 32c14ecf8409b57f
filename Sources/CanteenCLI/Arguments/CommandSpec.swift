/// A text a person reads in help, in English and Chinese. Specs hold only this type, so no command, argument or
/// option can be declared with one wording: the compiler asks for the other, and a test that the Chinese is Chinese.
struct Bilingual: Sendable, Equatable {
    let en: String
    let zh: String

    init(_ en: String, _ zh: String) {
        self.en = en
        self.zh = zh
    }
}

extension Lang {
    /// The wording of `text` in this language.
    func callAsFunction(_ text: Bilingual) -> String { self(text.en, text.zh) }
}

/// The declared shape of one command: what help prints and what the parser accepts.
struct CommandSpec: Sendable {
    /// The words that name it: ["site", "add"].
    let path: [String]
    /// One line for OVERVIEW and the command list.
    let abstract: Bilingual
    /// Further paragraphs for help.
    var discussion: Bilingual? = nil
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []

    var name: String { path.joined(separator: " ") }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    let name: String
    let help: Bilingual
    var optional = false
    /// The last argument may take any number of words (`diner card DINER...`).
    var variadic = false
}

/// A `--name value` option, or a `--name` flag when it takes no value.
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder in help, e.g. "yuan"; nil for a flag.
    let value: String?
    let help: Bilingual
    var required = false
    /// The argument this option is another spelling of (`backup --out FILE` for `backup FILE`): its value stands in
    /// that argument's place, and giving both is a usage error.
    var spells: String? = nil

    static func flag(_ name: String, _ help: Bilingual) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func required(_ name: String, _ value: String, _ help: Bilingual) -> OptionSpec {
        OptionSpec(name: name, value: value, help: help, required: true)
    }
    static func optional(_ name: String, _ value: String, _ help: Bilingual) -> OptionSpec {
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
        .optional("db", "path", Bilingual("The database file (default: $CANTEEN_DB, else ./canteen.db).",
                  "数据库文件（默认：$CANTEEN_DB，否则为 ./canteen.db）。")),
        .optional("operator", "name", Bilingual("Who is acting (default: $CANTEEN_OPERATOR); required to change data.",
                  "操作人（默认：$CANTEEN_OPERATOR）；修改数据时必须给出。")),
        .optional("format", "format", Bilingual("table (default), csv or json; reports also html; export: ledger or beancount.",
                  "table（表格，默认）、csv 或 json；报表还可用 html；导出可用 ledger 或 beancount。")),
        .optional("lang", "lang", Bilingual("Label language, zh or en (default: zh when $LANG starts with zh).",
                  "显示语言，zh 或 en（默认：$LANG 以 zh 开头时为 zh）。")),
        .optional("today", "date", Bilingual("The date taken as today (default: today in the database's time zone).",
                  "当作今天的日期（默认：数据库时区的今天）。")),
    ]
    static let flags: Set<String> = ["help", "version"]
}
