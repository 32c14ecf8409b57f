import Testing
@testable import CanteenCLI
import CanteenCore

/// Every text help shows exists in English and Chinese, and no Chinese text is left in English: its Latin words are
/// only what a person types (commands, options, values, file names) or names of standards and programs.
@Suite struct HelpWordingTests {
    /// Every text of every help page, named for the failure message.
    static var texts: [(name: String, text: Bilingual)] {
        var all: [(String, Bilingual)] = []
        for spec in CanteenCLI.specs {
            all.append(("\(spec.name) abstract", spec.abstract))
            if let discussion = spec.discussion { all.append(("\(spec.name) discussion", discussion)) }
            all += spec.arguments.map { ("\(spec.name) <\($0.name)>", $0.help) }
            all += spec.options.map { ("\(spec.name) --\($0.name)", $0.help) }
        }
        all += GlobalOptions.specs.map { ("global --\($0.name)", $0.help) }
        all += Help.groupAbstract.map { ("group \($0.key)", $0.value) }
        all += [("overview", Help.programOverview), ("-h", Help.helpFlag), ("--version", Help.versionFlag), ("help", Help.helpCommand)]
        all += [Help.Heading.overview, Help.Heading.usage, Help.Heading.arguments, Help.Heading.options, Help.Heading.globalOptions,
                Help.Heading.subcommands, Help.Heading.commands].map { ("heading \($0.en)", $0) }
        return all
    }

    /// What may stay in Latin letters in a Chinese help text: every word a person types to the program (commands,
    /// options, their values, the counter's commands), and the programs, formats and standards the texts name.
    static let typed: Set<String> = {
        var words: Set<String> = []
        for spec in CanteenCLI.specs {
            words.formUnion(spec.path)
            words.formUnion(spec.arguments.flatMap { MessageCatalogTests.words($0.name) })
            words.formUnion(spec.options.flatMap { MessageCatalogTests.words($0.name) + MessageCatalogTests.words($0.value ?? "") })
        }
        words.formUnion(GlobalOptions.specs.flatMap { MessageCatalogTests.words($0.name) + MessageCatalogTests.words($0.value!) })
        let values = DinerCategory.allCases.map(\.rawValue) + DeactivationReason.allCases.map(\.rawValue) + MealSlot.allCases.map(\.rawValue)
            + PaymentMethod.allCases.map(\.rawValue) + Role.allCases.map(\.rawValue) + ["slot", "pay", "void", "summary", "quit", "help"]
        words.formUnion(values.flatMap(MessageCatalogTests.words))
        words.formUnion(["ssh", "sshd", "sh", "shell", "keygen", "l", "ed", "ecdsa", "sha", "nistp", "rsa", "pub", "restrict", "pty",
                         "hledger", "Excel", "Code", "Lines", "wal", "shm", "command", "true", "false"])
        return words.union(MessageCatalogTests.allowedLatin)
    }()

    /// The words left to check: quoted text ('quit', "ok": true) is typed or printed as it stands, and a word in
    /// capitals is a placeholder (FILE, NAME) or an abbreviation (SSH, CSV, ID).
    static func prose(_ text: String) -> [String] {
        var out = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else {
                out.append(character)
            }
        }
        return MessageCatalogTests.words(out).filter { $0 != $0.uppercased() }
    }

    @Test func everyHelpTextHasAChineseWordingThatIsChinese() {
        var leftovers: [String] = []
        for (name, text) in Self.texts {
            #expect(!text.en.isEmpty && !text.zh.isEmpty, "\(name)")
            #expect(text.zh != text.en, "\(name): the Chinese is the English")
            #expect(text.zh.unicodeScalars.contains(where: MessageCatalogTests.isCJK), "\(name): no Chinese in '\(text.zh)'")
            let latin = Self.prose(text.zh).filter { !Self.typed.contains($0) }
            if !latin.isEmpty { leftovers.append("\(name): \(latin)") }
        }
        #expect(leftovers.isEmpty, "\(leftovers.joined(separator: "\n"))")
    }

    @Test(arguments: [["--lang", "zh", "help", "meal", "record"], ["meal", "record", "--help", "--lang", "zh"], ["help", "meal", "record"]])
    func aCommandsHelpIsInTheAskedLanguage(arguments: [String]) {
        let environment = arguments.contains("--lang") ? ["LANG": "C.UTF-8"] : ["LANG": "zh_CN.UTF-8"]
        let result = CanteenCLI.run(arguments: arguments, environment: environment)
        #expect(result.exitCode == 0 && result.stderr == "", "\(result)")
        let text = result.stdout
        #expect(text.hasPrefix("概述：记录一份补贴用餐并打印小票（收银员）。\n"), "\(text)")
        #expect(text.contains("\n用法：canteen meal record <diner> --site <code> [--date <date>]"), "\(text)")
        for heading in ["\n参数：\n", "\n选项：\n", "\n全局选项：\n", "  --site <code>             供餐的饭堂。\n",
                        "  -h, --help                显示帮助信息。\n"] {
            #expect(text.contains(heading), "missing \(heading) in \(text)")
        }
        for english in ["OVERVIEW", "USAGE", "OPTIONS", "The canteen", "Show help"] {
            #expect(!text.contains(english), "\(english) left in \(text)")
        }
    }

    @Test func theOverviewAndAGroupAreInChineseToo() {
        let overview = CanteenCLI.run(arguments: ["help"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(overview.stdout.hasPrefix("概述：全市长者饭堂的用餐补贴"), "\(overview.stdout)")
        #expect(overview.stdout.contains("\n命令：\n") && overview.stdout.contains("  meal                      记录、作废、列出和导入用餐。\n"),
                "\(overview.stdout)")
        #expect(overview.stdout.hasSuffix("  详细帮助请见 'canteen help <command>'。\n"), "\(overview.stdout)")
        let group = CanteenCLI.run(arguments: ["operator", "key", "--help", "--lang", "zh"], environment: [:])
        #expect(group.stdout.contains("用法：canteen operator key <subcommand>\n") && group.stdout.contains("\n子命令：\n"), "\(group.stdout)")
        #expect(group.stdout.contains("  remove                    停用操作员的一把 SSH 密钥"), "\(group.stdout)")
    }

    /// The English pages are as they were: scripts and the README quote them.
    @Test func theEnglishHelpIsUnchanged() {
        let result = CanteenCLI.run(arguments: ["help", "meal", "void"], environment: [:])
        #expect(result.stdout == """
            OVERVIEW: Void a mistaken meal: a reversal returns its subsidy to the budget (clerk, finance).

            A meal of a closed month is reversed in the earliest open month, as a prior-month adjustment.

            USAGE: canteen meal void <meal> --reason <text>

            ARGUMENTS:
              <meal>                    The meal number on the receipt, such as M000123.

            OPTIONS:
              --reason <text>           Why it is voided.
              -h, --help                Show help information.

            GLOBAL OPTIONS:
              --db <path>               The database file (default: $CANTEEN_DB, else ./canteen.db).
              --operator <name>         Who is acting (default: $CANTEEN_OPERATOR); required to change data.
              --format <format>         table (default), csv or json; reports also html; export: ledger or beancount.
              --lang <lang>             Label language, zh or en (default: zh when $LANG starts with zh).
              --today <date>            The date taken as today (default: today in the database's time zone).

            """, "\(result.stdout)")
    }
}
