import CanteenCore

/// `canteen init`: a new database with its first admin, the fund and the default policy.
enum InitCommand: Command {
    static let spec = CommandSpec(
        path: ["init"],
        abstract: Bilingual("Create a new database: the first admin, the subsidy fund and the default copay.", "新建数据库：第一位管理员、补贴资金和默认自付金额。"),
        discussion: Bilingual("""
            The opening appropriation counts as made before any month, and the default policy is in
            force for every date, so meals and registrations may be back-dated. Refuses an existing file.
            """, """
            初始拨款算作在所有月份之前拨入，默认政策对所有日期有效，所以用餐和登记都可以补录以前的日期。
            已有文件时拒绝。
            """),
        options: [
            .required("admin", "name", Bilingual("The first administrator.", "第一位管理员。")),
            .optional("budget", "yuan", Bilingual("The opening appropriation (default 16100000.00).", "初始拨款（默认 16100000.00）。")),
            .optional("copay", "yuan", Bilingual("The copay every diner pays by default (default 10.00).", "每位长者默认的自付金额（默认 10.00）。")),
            .optional("timezone", "zone", Bilingual("The time zone that defines days and months (default Asia/Shanghai).",
                                                    "划分日期和月份所用的时区（默认 Asia/Shanghai）。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try Books.create(
            path: invocation.databasePath, admin: invocation.option("admin")!,
            budget: try invocation.money("budget") ?? Money(yuan: 16_100_000),
            copay: try invocation.money("copay") ?? Money(yuan: 10),
            timeZone: invocation.option("timezone") ?? "Asia/Shanghai",
            clock: invocation.clock, today: try invocation.todayOverride())
        let l = invocation.lang
        let text = KeyValueText([
            (l("Database", "数据库"), result.path),
            (l("Admin", "管理员"), result.admin),
            (l("Budget", "预算"), result.budget.grouped),
            (l("Default copay", "默认自付"), result.copay.description),
            (l("Time zone", "时区"), result.timeZone),
            (l("Schema version", "数据结构版本"), String(result.schemaVersion)),
        ]).render()
        return Output(text: text, json: [
            "database": .string(result.path), "admin": .string(result.admin),
            "budget_fen": .int(result.budget.fen), "copay_fen": .int(result.copay.fen),
            "timezone": .string(result.timeZone), "schema_version": .int(Int64(result.schemaVersion)),
        ])
    }
}

/// `canteen migrate`: bring an older database up to this binary's schema.
enum MigrateCommand: Command {
    static let spec = CommandSpec(
        path: ["migrate"],
        abstract: Bilingual("Upgrade the database to this binary's schema (admin; back it up first).", "把数据库升级到本程序的数据结构（管理员；请先备份）。"),
        discussion: Bilingual("""
            All pending migrations run in one transaction: a migration that fails or is killed leaves the file as it was.
            The migrated books must pass audit verify, or nothing is migrated.
            """, """
            所有待执行的迁移在一个事务中运行：迁移失败或被中断时，文件保持原样。
            迁移后的账簿必须通过 audit verify，否则不做任何迁移。
            """),
        options: [.flag("force", Bilingual("Migrate even when the books fail audit verify (recorded in the audit log).",
                                           "即使账簿未通过 audit verify 也迁移（会记入审计日志）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let result = try invocation.books(allowOlderSchema: true).migrate(by: invocation.operatorName, force: invocation.flag("force"))
        let l = invocation.lang
        let text = result.fromVersion == result.toVersion
            ? l("Schema is up to date (version \(result.toVersion)).\n", "数据结构已是最新（版本 \(result.toVersion)）。\n")
            : l("Migrated from version \(result.fromVersion) to \(result.toVersion).\n", "已从版本 \(result.fromVersion) 升级到 \(result.toVersion)。\n")
        let forced = result.forcedPastProblems > 0
            ? l("Forced past \(result.forcedPastProblems) audit verify problems; the audit log records it.\n",
                "已强制越过 \(result.forcedPastProblems) 个 audit verify 问题；审计日志已记录。\n") : ""
        let kib = (result.reclaimedBytes + 1023) / 1024
        var compacted = result.reclaimedBytes > 0
            ? l("The file was compacted: \(kib) KiB smaller.\n", "文件已压缩：减少 \(kib) KiB。\n") : ""
        if let failed = result.compactionFailed {
            compacted += l.render(Message(.migrateNotCompacted, ["reason": failed.message, "path": invocation.databasePath])) + "\n"
        }
        return Output(text: text + forced + compacted,
                      json: ["from_version": .int(Int64(result.fromVersion)), "to_version": .int(Int64(result.toVersion)),
                             "forced_past_problems": .int(Int64(result.forcedPastProblems)), "reclaimed_bytes": .int(result.reclaimedBytes)])
    }
}

/// `canteen operator add`.
enum OperatorAddCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "add"],
        abstract: Bilingual("Add a person who may act on the books (admin).", "添加一位可以操作账簿的人员（管理员）。"),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("The operator's name.", "操作员姓名。"))],
        options: [.required("role", "role", Bilingual("clerk, finance, auditor or admin.",
                                                      "clerk（收银员）、finance（财务）、auditor（审计员）或 admin（管理员）。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let role = try Role(parsing: invocation.option("role")!)
        let added = try invocation.books().addOperator(name: invocation.argument(0)!, role: role, by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Added operator \(added.name) (\(added.role.rawValue)).\n", "已添加操作员 \(added.name)（\(added.role.rawValue)）。\n"),
                      json: ["operator": .string(added.name), "role": .string(added.role.rawValue)])
    }
}

/// `canteen operator deactivate`.
enum OperatorDeactivateCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "deactivate"],
        abstract: Bilingual("End an operator's access (admin); their past changes keep their name.", "停用操作员（管理员）；其以往的修改仍保留其姓名。"),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("The operator's name.", "操作员姓名。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let done = try invocation.books().deactivateOperator(name: invocation.argument(0)!, by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Operator \(done.name) can no longer act.\n", "操作员 \(done.name) 已停用。\n"),
                      json: ["operator": .string(done.name), "role": .string(done.role.rawValue), "active": .bool(false)])
    }
}

/// `canteen operator list`.
enum OperatorListCommand: Command {
    static let spec = CommandSpec(path: ["operator", "list"], abstract: Bilingual("List the operators and their roles.", "列出操作员及其角色。"))

    static func run(_ invocation: Invocation) throws -> Output {
        let operators = try invocation.books().operators()
        let l = invocation.lang
        let headers = [l("Name", "姓名"), l("Role", "角色"), l("Active", "有效")]
        let rows = operators.map { [$0.name, $0.role.rawValue, $0.active ? l("yes", "是") : l("no", "否")] }
        var table = TextTable(headers: headers)
        rows.forEach { table.add($0) }
        return Output(text: table.render(),
                      json: ["operators": .array(operators.map { ["name": .string($0.name), "role": .string($0.role.rawValue), "active": .bool($0.active)] })],
                      csv: [["name", "role", "active"]] + operators.map { [$0.name, $0.role.rawValue, $0.active ? "1" : "0"] })
    }
}
