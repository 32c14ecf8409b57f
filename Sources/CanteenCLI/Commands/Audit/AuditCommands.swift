import CanteenCore

/// `canteen audit verify`.
enum AuditVerifyCommand: Command {
    static let spec = CommandSpec(
        path: ["audit", "verify"], abstract: "Check that nothing was altered: exit 0 when every check holds, 1 with the problems.",
        discussion: """
            Checks the hash chain, that every entry balances, the kept balances against the postings, that the fund
            was never overdrawn, that meals and entries match one to one, that closed months are unchanged and
            agree with their seals, the reconciliation identities, and that the append-only guards are in place.
            """)

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try invocation.books().verify()
        let l = invocation.lang
        var text = result.ok
            ? l("OK: all \(result.checks.count) checks hold", "通过：全部 \(result.checks.count) 项检查均成立")
            : l("FAILED: \(result.problems.count) problems", "未通过：发现 \(result.problems.count) 个问题")
        text += l(" (\(result.entries) entries, \(result.meals) meals, \(result.closedMonths) closed months).\n",
                  "（\(result.entries) 笔分录，\(result.meals) 餐，\(result.closedMonths) 个已结账月份）。\n")
        text += result.problems.map { "  [\($0.check)] \(l.render($0.detail))\n" }.joined()
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
        path: ["audit", "anomalies"], abstract: "Leads for an auditor: meals after death, ghost diners, double meals, late back-fills, …",
        options: [.optional("month", "month", "Only meals of this month (YYYY-MM).")])

    static func run(_ invocation: Invocation) throws -> Output {
        let anomalies = try invocation.books().anomalies(month: try invocation.month("month"))
        let l = invocation.lang
        var table = TextTable(headers: [l("Kind", "类型"), l("Subject", "对象"), l("Date", "日期"), l("Detail", "说明")])
        anomalies.forEach { table.add([$0.kind, $0.subject, $0.date, l.render($0.detail)]) }
        let text = anomalies.isEmpty ? l("No anomalies found.\n", "未发现异常。\n") : table.render() + l("\(anomalies.count) leads\n", "共 \(anomalies.count) 条线索\n")
        return Output(text: text, json: ["anomalies": .array(anomalies.map {
            ["kind": .string($0.kind), "subject": .string($0.subject), "date": .string($0.date), "detail": .string(l.render($0.detail))]
        })], csv: [["kind", "subject", "date", "detail"]] + anomalies.map { [$0.kind, $0.subject, $0.date, l.render($0.detail)] })
    }
}

/// `canteen audit log`.
enum AuditLogCommand: Command {
    static let spec = CommandSpec(
        path: ["audit", "log"], abstract: "Who changed what, and who saw unmasked personal data.",
        options: [.optional("since", "date", "From this date on."), .optional("by", "name", "Only this operator.")])

    static func run(_ invocation: Invocation) throws -> Output {
        let entries = try invocation.books().auditLog(since: try invocation.date("since"), by: invocation.option("by"))
        let l = invocation.lang
        var table = TextTable(headers: [l("At", "时间"), l("Operator", "操作员"), l("Action", "操作"), l("Subject", "对象"), l("Detail", "说明")])
        entries.forEach { table.add([$0.at, $0.operatorName, $0.action, $0.subject, $0.detail]) }
        return Output(text: table.render(), json: ["log": .array(entries.map {
            ["at": .string($0.at), "operator": .string($0.operatorName), "action": .string($0.action),
             "subject": .string($0.subject), "detail": .string($0.detail)]
        })], csv: [["at", "operator", "action", "subject", "detail"]] + entries.map { [$0.at, $0.operatorName, $0.action, $0.subject, $0.detail] })
    }
}

/// `canteen export journal`.
enum ExportJournalCommand: Command {
    static let spec = CommandSpec(
        path: ["export", "journal"], abstract: "Export the journal for ledger, hledger or beancount.",
        options: [.optional("month", "month", "Only entries posted in this month."),
                  .optional("out", "file", "Write to this file instead of standard output (- is standard output).")])

    static func run(_ invocation: Invocation) throws -> Output {
        let format: JournalFormat
        switch invocation.format {
        case .table, .ledger: format = .ledger
        case .beancount: format = .beancount
        default: throw UsageError(.exportFormat, command: spec.path)
        }
        let text = try invocation.books().exportJournal(format: format, month: try invocation.month("month"))
        return Output(text: text, json: .null, other: [.ledger: text, .beancount: text])
    }
}

/// `canteen backup`.
enum BackupCommand: Command {
    static let spec = CommandSpec(
        path: ["backup"], abstract: "Copy the database to a file as one consistent snapshot (finance, auditor, admin).",
        discussion: """
            The copy is made beside FILE and renamed into place whole, readable by its owner only. FILE must be a
            regular file (or -, standard output), never the database or its -wal, -shm or -journal.
            """,
        arguments: [ArgumentSpec(name: "file", help: "Where to write the copy; - for standard output.")],
        options: [.flag("force", "Replace the file if it exists.")])

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
