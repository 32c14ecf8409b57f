import CanteenCore
@preconcurrency import Glibc

/// `canteen gate keys`: the service account's authorized_keys, one gate line per key in service.
enum GateKeysCommand: Command {
    static let spec = CommandSpec(
        path: ["gate", "keys"],
        abstract: Bilingual("Write the service account's authorized_keys: one gate line per key in service (admin).",
                            "写出服务账户的 authorized_keys：每把在用密钥一行网关行（管理员）。"),
        discussion: Bilingual("""
            One line per key in service and nothing else: restrict,command="PROGRAM --db BOOK gate --key FINGERPRINT
            NAME" KEY, with pty after restrict for the roles that work the counter (clerks and admins). Paths and names
            are quoted for sh only where they need it. With --out the file is written whole (a temporary
            file, synced, renamed into place) and readable by its owner only, so sshd never reads half of it. Run it
            again after every key or operator change; 'canteen gate check' says when the file is out of date.
            """, """
            每把在用密钥一行，别无其他：restrict,command="PROGRAM --db BOOK gate --key FINGERPRINT NAME" KEY，
            在窗口工作的角色（收银员和管理员）在 restrict 后加 pty。路径和名字只在需要时按 sh 的规则加引号。
            用 --out 时整个文件一次写成（先写临时文件、同步、再改名到位），只有文件主人可读，所以 sshd 不会读到
            半个文件。每次密钥或操作员有变动后都要再运行一次；'canteen gate check' 会指出文件何时已过期。
            """),
        options: [
            .optional("out", "file", Bilingual("Write the file here (the service account's ~/.ssh/authorized_keys); - is standard output.",
                                               "把文件写到这里（服务账户的 ~/.ssh/authorized_keys）；- 表示标准输出。")),
            .optional("program", "program", Bilingual("The canteen program sshd runs, by absolute path (default: this one).",
                                                      "sshd 运行的 canteen 程序，用绝对路径（默认：本程序）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let books = try invocation.books()
        let keys = try books.gateKeys(by: invocation.operatorName)
        let gate = try GateLines.gate(for: invocation)
        var lines: [(key: OperatorKey, text: String)] = []
        for key in keys {
            let line = AuthorizedKeysLine(operatorName: key.operatorName, key: key.key, allowsPTY: key.allowsTerminal)
            do { lines.append((key, try line.text(for: gate))) } catch {
                throw GateLines.refusal(error, operatorName: key.operatorName)
            }
        }
        // The lines alone, as the issue gives the file: what is in service is the books' to say (`operator key list`,
        // `gate check`), and a comment here would be one more thing a person might edit and trust.
        var output = Output(text: lines.map { $0.text + "\n" }.joined(),
                            json: ["database": .string(gate.database), "program": .string(gate.executable),
                                   "lines": .array(lines.map { ["operator": .string($0.key.operatorName), "fingerprint": .string($0.key.fingerprint),
                                                               "pty": .bool($0.key.allowsTerminal), "line": .string($0.text)] })])
        // Whoever may write this file decides who gets in.
        output.fileAccess = .ownerOnly
        return output
    }
}

/// `canteen gate check`: every line of an authorized_keys file that is not the gate's own, and keys without a line.
enum GateCheckCommand: Command {
    static let spec = CommandSpec(
        path: ["gate", "check"],
        abstract: Bilingual("Check an authorized_keys file: exit 1 naming each line the gate did not write (admin).",
                            "检查 authorized_keys 文件：有不是网关写的行时退出码为 1，并逐一指出（管理员）。"),
        discussion: Bilingual("""
            A line without the gate's forced command gives its key a shell; a gate line for a key no longer in service
            still gets past sshd (the gate then refuses it); a key in service without a line locks its operator out.
            Each is reported; exit 0 only when the file lets in exactly the keys in service, each through its gate line.
            """, """
            没有网关强制命令的行会让其密钥得到 shell；已停用密钥的网关行仍能通过 sshd（之后由网关拒绝）；
            在用的密钥没有对应的行，其操作员就进不来。每种情况都会报告；只有当文件恰好放行全部在用密钥、
            且每把都经由其网关行时，退出码才为 0。
            """),
        options: [
            .optional("authorized-keys", "file", Bilingual("The file to check (default: ~/.ssh/authorized_keys); - reads standard input.",
                                                           "要检查的文件（默认：~/.ssh/authorized_keys）；- 表示从标准输入读取。")),
            .optional("program", "program", Bilingual("The canteen program the lines should run, by absolute path (default: this one).",
                                                      "这些行应运行的 canteen 程序，用绝对路径（默认：本程序）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let path = invocation.option("authorized-keys") ?? ((invocation.environment["HOME"] ?? "") + "/.ssh/authorized_keys")
        let books = try invocation.books()
        let gate = try GateLines.gate(for: invocation)
        let report = try books.checkAuthorizedKeys(at: path, gate: gate, by: invocation.operatorName)
        let l = invocation.lang
        var text = ""
        for finding in report.findings { text += "  " + describe(finding, l) + "\n" }
        let lineProblems = report.findings.filter(\.isLine).count
        let missing = report.findings.count - lineProblems
        text = (report.ok
            ? l("OK: \(path) lets in exactly the \(report.gateLines) keys in service, each through the gate.\n",
                "通过：\(path) 只放行在用的 \(report.gateLines) 把密钥，且都经过网关。\n")
            : l("FAILED: \(path): \(lineProblems) lines the gate would not write, \(missing) keys in service without their gate line.\n",
                "未通过：\(path)：\(lineProblems) 行不是网关会写的，\(missing) 把在用密钥没有网关写的行。\n")) + text
        if !report.ok {
            let target = path == "-" ? "FILE" : path
            text += l("Run 'canteen gate keys --out \(target)' to write the file again.\n", "请运行 'canteen gate keys --out \(target)' 重写该文件。\n")
        }
        var output = Output(text: text, json: [
            "ok": .bool(report.ok), "file": .string(path), "lines": .int(Int64(report.lines)), "gate_lines": .int(Int64(report.gateLines)),
            "problems": .array(report.findings.map { finding in
                var object: [(String, JSONValue)] = []
                if let line = finding.line { object.append(("line", .int(Int64(line)))) }
                if let fingerprint = finding.fingerprint { object.append(("fingerprint", .string(fingerprint))) }
                object.append(("problem", .string(describe(finding, l))))
                return .object(object)
            }),
        ])
        if !report.ok {
            output.exitCode = .refused
            output.failure = l("gate check found \(report.findings.count) problems in \(path)", "gate check 在 \(path) 中发现 \(report.findings.count) 个问题")
        }
        return output
    }

    static func describe(_ finding: AuthorizedKeysReport.Finding, _ l: Lang) -> String {
        switch finding {
        case .foreign(let line, let reason, let key):
            let which = key.map { " (\($0.fingerprint))" } ?? ""
            return l("line \(line)\(which) is not the gate's own: ", "第 \(line) 行\(which)不是网关写的：") + describe(reason, l)
        case .notInService(let line, let name, let fingerprint):
            return l("line \(line): \(name)'s key \(fingerprint) is not in service (removed, never added, or the operator is inactive); sshd still accepts it",
                     "第 \(line) 行：\(name) 的密钥 \(fingerprint) 不在用（已移除、从未添加或操作员已停用）；'sshd' 仍会接受它")
        case .terminalDiffers(let line, let name, let fingerprint, let expected):
            return expected
                ? l("line \(line): \(name)'s key \(fingerprint) lacks the pty the counter needs", "第 \(line) 行：\(name) 的密钥 \(fingerprint) 缺少收银台需要的 'pty'")
                : l("line \(line): \(name)'s key \(fingerprint) allows a terminal their role does not use", "第 \(line) 行：\(name) 的密钥 \(fingerprint) 允许了其角色用不到的终端")
        case .repeated(let line, let fingerprint, let first):
            return l("line \(line): key \(fingerprint) again (sshd uses line \(first))", "第 \(line) 行：密钥 \(fingerprint) 重复（'sshd' 采用第 \(first) 行）")
        case .missing(let name, let fingerprint, let foreign) where foreign.isEmpty:
            return l("no line for \(name)'s key \(fingerprint), which is in service: they cannot get in",
                     "在用的 \(name) 的密钥 \(fingerprint) 没有对应的行：无法登录")
        case .missing(let name, let fingerprint, let foreign):
            let lines = foreign.map(String.init).joined(separator: ", ")
            return l("no gate line for \(name)'s key \(fingerprint), which is in service: sshd lets it in only through line \(lines), which the gate did not write",
                     "在用的 \(name) 的密钥 \(fingerprint) 没有网关写的行：'sshd' 只通过第 \(lines) 行放行它，而那不是网关写的")
        }
    }

    static func describe(_ reason: AuthorizedKeysLine.Foreign, _ l: Lang) -> String {
        switch reason {
        case .badOptions:
            return l("its options are malformed (sshd would refuse the line)", "选项格式错误（'sshd' 会拒绝这一行）")
        case .badKey:
            return l("its key cannot be read, or is of a type or size the gate refuses", "密钥无法读取，或类型、长度不被网关接受")
        case .noCommand:
            return l("no forced command: the key gets a shell", "没有强制命令：该密钥可以得到命令行")
        case .otherOptions(let names):
            return l("it grants more than the gate does (\(names.joined(separator: ", ")))", "授予了网关不授予的权限（\(names.joined(separator: ", "))）")
        case .optionsNotAsWritten(let names):
            return l("its options are not as the gate writes them (\(names.joined(separator: ",")))", "选项与网关所写的不同（\(names.joined(separator: ","))）")
        case .otherCommand(let command):
            return l("it runs another command: \(command)", "运行的是其他命令：\(command)")
        case .otherKey(let fingerprint):
            return l("its command is the gate's for another key, \(fingerprint)", "其命令是网关为另一把密钥 \(fingerprint) 写的")
        case .noKeyNamed(let name):
            return l("it runs the gate as \(name) without naming the key, so the gate cannot refuse the key once it is out of service",
                     "它以 \(name) 的身份运行网关却未写明密钥，密钥停用后网关无法拒绝它")
        }
    }
}

extension AuthorizedKeysReport.Finding {
    var line: Int? {
        switch self {
        case .foreign(let line, _, _), .notInService(let line, _, _), .terminalDiffers(let line, _, _, _), .repeated(let line, _, _): line
        case .missing: nil
        }
    }

    var fingerprint: String? {
        switch self {
        case .foreign(_, _, let key): key?.fingerprint
        case .notInService(_, _, let fingerprint), .terminalDiffers(_, _, let fingerprint, _), .repeated(_, let fingerprint, _),
             .missing(_, let fingerprint, _): fingerprint
        }
    }
}

/// What the gate's lines run: this program (or --program) on this book, both by absolute path.
enum GateLines {
    static func gate(for invocation: Invocation) throws -> GateCommand {
        let program = try invocation.option("program") ?? ownExecutable()
        let database = absolute(invocation.databasePath)
        do { return try GateCommand(executable: program, database: database) } catch {
            switch error {
            case .relativePath(let path): throw CanteenError(.invalidInput, .gatePathRelative, ["path": path])
            case .forbiddenCharacter(let code):
                let hex = String(code, radix: 16, uppercase: true)
                let path = program.unicodeScalars.contains { $0.value == code } ? program : database
                throw CanteenError(.invalidInput, .gatePathCharacter, ["path": path, "character": "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex])
            default: throw refusal(error, operatorName: "")
            }
        }
    }

    /// The path of the running program, as the kernel knows it.
    static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw CanteenError(.storage, .gateProgramUnknown, ["reason": SystemError(errno)]) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with its links and relative parts resolved; as given when it cannot be (the book opened already).
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why no line could be written for an operator's key (their name would not survive as a forced command's word).
    static func refusal(_ error: GateCommand.Error, operatorName: String) -> CanteenError {
        switch error {
        case .malformedFingerprint(let text): CanteenError(.invalidInput, .fingerprintMalformed, ["text": text])
        default: CanteenError(.rule, .gateNameUnusable, ["name": operatorName])
        }
    }
}
