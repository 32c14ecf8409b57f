import CanteenCore

/// `canteen gate [--key FINGERPRINT] NAME`: the forced command of every line `gate keys` writes. It runs the caller's
/// `$SSH_ORIGINAL_COMMAND` as operator NAME, in this process, once NAME is found active (and the key, when named, in
/// service for them) and the command passes the gate's rules; every call is written in the audit log first, refusals too, and a command that then
/// fails by its own rules leaves a "gate exit" row with its exit code.
enum GateEntryCommand: Command {
    static let spec = CommandSpec(
        path: ["gate"],
        abstract: Bilingual("The forced command of the service account's keys: runs $SSH_ORIGINAL_COMMAND as NAME.",
                            "服务账户密钥的强制命令：以 NAME 的身份运行 $SSH_ORIGINAL_COMMAND。"),
        discussion: Bilingual("""
            sshd runs it for the key that logged in; people do not type it. The command is split into words as sh
            would (quotes and backslashes only: no variables, globs, ';', '|' or '$(…)') and runs as NAME under the
            usual role rules. Refused through the gate (77): --db; --operator other than NAME; --today and the
            commands init, demo, simulate, migrate, gate keys, gate check and operator key, except for admins;
            'gate NAME' itself, for everyone; and any FILE but - (standard input or output). With no command it
            prints a welcome. Each call is written in the audit log with the key's fingerprint and $SSH_CONNECTION.
            Without --key, NAME must be an active operator and the log says no key was named; 'gate keys' always
            names it, so that a key taken out of service is refused before the keys file is written again. An
            operator called like a subcommand ('keys', 'check') is named after --key or after '--'.
            See also 'canteen gate keys' and 'canteen gate check'.
            """, """
            由 sshd 为登录所用的密钥运行，不是人手输入的。命令按 sh 的方式拆成单词（只认引号和反斜杠：没有变量、
            通配符、';'、'|' 或 '$(…)'），以 NAME 的身份、按通常的角色规则运行。通过网关会被拒绝（77）的有：--db；
            不是 NAME 的 --operator；--today 以及 init、demo、simulate、migrate、gate keys、gate check 和 operator key
            命令（管理员除外）；'gate NAME' 本身（任何人）；以及除 -（标准输入或输出）以外的任何 FILE。不带命令时
            显示欢迎信息。每次调用都连同密钥指纹和 $SSH_CONNECTION 写入审计日志。不带 --key 时，NAME 须为在用的
            操作员，日志注明未指定密钥；'gate keys' 总会写明密钥，这样停用的密钥在重写密钥文件之前就会被拒绝。
            名字像子命令（'keys'、'check'）的操作员，请写在 --key 之后或 '--' 之后。
            另见 'canteen gate keys' 和 'canteen gate check'。
            """),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("The operator the key belongs to.", "密钥所属的操作员。"))],
        options: [.optional("key", "fingerprint", Bilingual("The key's fingerprint (SHA256:…), which must then be in service for NAME.",
                                                            "密钥指纹（SHA256:…），该密钥须是 NAME 在用的密钥。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        let name = invocation.argument(0)!
        let fingerprint = invocation.option("key")
        if let fingerprint, !GateCommand.isFingerprint(fingerprint) {
            throw CanteenError(.invalidInput, .fingerprintMalformed, ["text": fingerprint])
        }
        let commands = CanteenCLI.specs
        let request = GateRequest(invocation.environment["SSH_ORIGINAL_COMMAND"] ?? "", commands: commands)
        let call = GateCall(operatorName: name, fingerprint: fingerprint, connection: invocation.environment["SSH_CONNECTION"],
                            command: request.logged)
        // The gate's own answers are worded in the caller's --lang when they gave one, as the command's own are.
        let lang = request.lang ?? invocation.lang
        var vetted: Operator?
        let caller: Operator
        let welcome: GateWelcome?
        do {
            // Its own connection, closed before the command runs on one of its own.
            let books = try invocation.books()
            caller = try books.enterGate(call) { someone in
                vetted = someone
                return request.refusal(for: someone, commands: commands)
            }
            welcome = request.isEmpty ? try GateWelcome(caller: caller, fingerprint: fingerprint, books: books) : nil
        } catch let error as CanteenError {
            guard error.kind == .usage else {
                return Output(text: "", json: .null, relayed: .init(exitCode: ExitCode(error.kind).rawValue, stdout: "",
                                                                    stderr: CanteenCLI.errorText(error, lang)))
            }
            // The caller's own command line is wrong: they get its usage, as they would at a terminal; and for a command
            // nothing is close to, the commands they may run, since 'canteen help' lists some they may not.
            var usage = UsageError(error.message)
            if case .failure(let parsed) = request.parsed { usage = parsed }
            if usage.message.key == .commandUnknown, let role = vetted?.role {
                return Output(text: "", json: .null, relayed: Self.unknownCommand(usage.message, role: role, lang))
            }
            return Output(text: "", json: .null, relayed: CanteenCLI.usageFailure(usage, lang: lang))
        }
        if let welcome {
            return Output(text: request.format == .json ? welcome.json.rendered() + "\n" : welcome.render(lang), json: .null)
        }

        // Only what the command needs: the book, who is acting, the language and home sshd set, and how the terminal
        // may be coloured (the counter's). Nothing else the caller's session may carry (an AcceptEnv'd CANTEEN_*) reaches it.
        var environment = ["CANTEEN_DB": invocation.databasePath, "CANTEEN_OPERATOR": caller.name]
        for variable in ["LANG", "HOME", "PATH", "NO_COLOR", "TERM"] { environment[variable] = invocation.environment[variable] }
        let result = CanteenCLI.run(arguments: request.words, environment: environment, clock: invocation.clock,
                                    stderrIsTerminal: invocation.progress != nil, collectingStreams: invocation.collectingStreams,
                                    console: invocation.console)
        if result.exitCode != 0 {
            // Best effort: the call itself is logged already, and the caller gets the command's own answer even when
            // the book cannot take this row (busy past the timeout, say).
            try? invocation.books().recordGateExit(call, caller: caller, exitCode: result.exitCode)
        }
        return Output(text: "", json: .null, relayed: result)
    }

    /// A command nothing is close to, answered with the ones `role` may run here (64).
    static func unknownCommand(_ message: Message, role: Role, _ lang: Lang) -> CanteenCLI.Result {
        var text = "Error: " + CanteenCLI.oneLine(lang.render(Message(.gateCommandUnknown, values: message.values))) + "\n"
        text += GateWelcome.commandLists(for: role, lang, indent: "  ")
        text += lang("  'help COMMAND' shows how to run one.\n", "  'help 命令' 说明某个命令的用法。\n")
        return .init(exitCode: ExitCode.usage.rawValue, stdout: "", stderr: text)
    }
}
