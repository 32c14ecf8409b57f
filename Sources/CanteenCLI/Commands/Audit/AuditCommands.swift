import CanteenCore

/// `canteen audit verify`.
enum AuditVerifyCommand: Command {
    static let spec = CommandSpec(
        path: ["audit", "verify"], abstract: Bilingual("Check that nothing was altered: exit 0 when every check holds, 1 with the problems.",
                                                       "检查账簿是否被改动：各项检查均成立时退出码为 0，否则为 1 并列出问题。"),
        discussion: Bilingual("""
            Checks the hash chain, that every entry balances, the kept balances against the postings, that the fund
            was never overdrawn, that meals and entries match one to one, that closed months are unchanged and
            agree with their seals, the reconciliation identities, and that the append-only guards are in place.
            """, """
            检查哈希链；每笔分录是否借贷平衡；留存余额与明细是否相符；资金是否曾经透支；用餐与分录是否一一对应；
            已结账月份是否未被改动且与封存相符；对账恒等式；以及只增不改的保护是否都在。
            """))

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try invocation.books().verify()
        let l = invocation.lang
        var text = result.ok
            ? l("OK: all \(result.checks.count) checks hold", "通过：全部 \(result.checks.count) 项检查均成立")
            : l("FAILED: \(result.problems.count) problems", "未通过：发现 \(result.problems.count) 个问题")
        text += l(" (\(result.entries) entries, \(result.meals) meals, \(result.closedMonths) closed months).\n",
                  "（\(result.entries) 笔分录，\(result.meals) 餐，\(result.closedMonths) 个已结账月份）。\n")
        text += result.problems.map { "  " + l.problemLine(check: $0.check, detail: $0.detail) + "\n" }.joined()
        var output = Output(text: text, json: [
            "ok": .bool(result.ok),
            "problems": .array(result.problems.map { ["check": .string($0.check), "detail": .string(l.render($0.detail))] }),
            "checks": .array(result.checks.map(JSONValue.string)),
            "entries": .int(Int64(result.entries)), "meals": .int(Int64(result.meals)), "closed_months": .int(Int64(result.closedMonths)),
        ])
        if !result.ok {
            output.exitCode = .refused
            output.failure = l("audit verify found \(result.problems.count) problems", "audit verify 发现 \(result.problems.count) 个问题")
        }
        return output
    }
}

/// `canteen audit anomalies`.
enum AuditAnomaliesCommand: Command {
    static let spec = CommandSpec(
        path: ["audit", "anomalies"], abstract: Bilingual("Leads for an auditor: meals after death, ghost diners, double meals, late back-fills, …",
                                                          "给审计员的线索：身故后用餐、虚挂长者、重复用餐、迟补录，等等。"),
        options: [.optional("month", "month", Bilingual("Only meals of this month (YYYY-MM).", "只看该月的用餐（YYYY-MM）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json, .csv])
        let month = try invocation.month("month")
        let books = try invocation.books()
        let l = invocation.lang
        return .streaming { stream in
            var list = try ListWriter(stream, format: invocation.format, excel: invocation.flag("excel"), key: "anomalies",
                                      headers: [l("Kind", "类型"), l("Subject", "对象"), l("Date", "日期"), l("Detail", "说明")],
                                      csvHeader: ["kind", "subject", "date", "detail"])
            try books.anomalies(month: month) { anomaly in
                let detail = l.render(anomaly.detail)
                let kind = anomaly.kind.rawValue
                try list.add(table: [l.label(of: anomaly.kind), l.subject(of: anomaly), anomaly.date, detail],
                             csv: [kind, anomaly.subject, anomaly.date, detail],
                             json: ["kind": .string(kind), "subject": .string(anomaly.subject), "date": .string(anomaly.date),
                                    "detail": .string(detail)])
            }
            try list.finish(trailer: list.count == 0 ? l("No anomalies found.\n", "未发现异常。\n")
                                                     : l("\(list.count) leads\n", "共 \(list.count) 条线索\n"))
        }
    }
}

/// `canteen audit log`.
enum AuditLogCommand: Command {
    static let spec = CommandSpec(
        path: ["audit", "log"], abstract: Bilingual("Who changed what, and who saw unmasked personal data.", "谁改了什么，谁查看了未遮挡的个人信息。"),
        options: [.optional("since", "date", Bilingual("From this date on.",
                                                       "从该日期起。")), .optional("by", "name", Bilingual("Only this operator.", "只看该操作员。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json, .csv])
        let since = try invocation.date("since")
        let by = invocation.option("by")
        let books = try invocation.books()
        let l = invocation.lang
        return .streaming { stream in
            var list = try ListWriter(stream, format: invocation.format, excel: invocation.flag("excel"), key: "log",
                                      headers: [l("At", "时间"), l("Operator", "操作员"), l("Action", "操作"), l("Subject", "对象"), l("Detail", "说明")],
                                      csvHeader: ["at", "operator", "action", "subject", "detail"])
            try books.auditLog(since: since, by: by) { entry in
                let cells = [entry.at, entry.operatorName, entry.action, entry.subject, entry.detail]
                // The table is for a person: the detail in their language when it reads back as a shape this program
                // writes. CSV and JSON keep the stored text, the record the hash chain covers, for scripts.
                let detail = entry.parsedDetail.map { l.render($0) } ?? entry.detail
                try list.add(table: [entry.at, entry.operatorName, entry.action, entry.subject, detail], csv: cells,
                             json: ["at": .string(entry.at), "operator": .string(entry.operatorName), "action": .string(entry.action),
                                    "subject": .string(entry.subject), "detail": .string(entry.detail)])
            }
            try list.finish()
        }
    }
}

/// `canteen export journal`.
enum ExportJournalCommand: Command {
    static let spec = CommandSpec(
        path: ["export", "journal"], abstract: Bilingual("Export the journal for ledger, hledger or beancount.",
                                                         "导出日记账，供 ledger、hledger 或 beancount 使用。"),
        options: [.optional("month", "month", Bilingual("Only entries posted in this month.", "只导出记入该月的分录。")),
                  .optional("out", "file", Bilingual("Write to this file instead of standard output (- is standard output).",
                                                     "写入该文件，而不是标准输出（- 表示标准输出）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        let format: JournalFormat
        switch invocation.format {
        case .table, .ledger: format = .ledger
        case .beancount: format = .beancount
        default: throw UsageError(.exportFormat, command: spec.path)
        }
        let month = try invocation.month("month")
        let books = try invocation.books()
        // Streamed: the whole journal goes out entry by entry, with flat memory.
        return .streaming { stream in try books.exportJournal(format: format, month: month) { try stream.write($0) } }
    }
}

/// `canteen backup`.
enum BackupCommand: Command {
    static let spec = CommandSpec(
        path: ["backup"], abstract: Bilingual("Copy the database to a file as one consistent snapshot (finance, auditor, admin).",
                                              "把数据库复制成一份前后一致的快照文件（财务、审计员、管理员）。"),
        discussion: Bilingual("""
            The copy is made beside FILE and renamed into place whole, readable by its owner only. FILE must be a
            regular file (or -, standard output), never the database or its -wal, -shm or -journal. --out FILE is
            another way to write FILE, as for the other commands that write a file.
            """, """
            副本先写在 FILE 旁边，再整体改名到位，只有文件主人可读。FILE 必须是普通文件（或 -，即标准输出），
            不能是数据库本身或其 -wal、-shm、-journal 文件。--out FILE 是 FILE 的另一种写法，与其他写文件的命令相同。
            """),
        arguments: [ArgumentSpec(name: "file", help: Bilingual("Where to write the copy; - for standard output.", "副本写到哪里；- 表示标准输出。"))],
        options: [.flag("force", Bilingual("Replace the file if it exists.", "文件已存在时替换它。")),
                  OptionSpec(name: "out", value: "file", help: Bilingual("The same as FILE: where to write the copy; - for standard output.",
                                                                         "与 FILE 相同：副本写到哪里；- 表示标准输出。"),
                             spells: "file")])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try invocation.books().backup(to: invocation.argument(0)!, force: invocation.flag("force"), by: invocation.operatorName)
        guard let path = result.path else {
            // The database's bytes went to standard output: nothing else may follow them there.
            var output = Output(text: "", json: .null)
            output.streamed = true
            return output
        }
        return Output(text: invocation.lang("Backed up to \(path).\n", "已备份到 \(path)。\n"),
                      json: ["backup": .string(path), "bytes": .int(result.bytes)])
    }
}
