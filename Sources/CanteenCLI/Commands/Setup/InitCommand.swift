import CanteenCore

/// `canteen init`: a new database with its first admin, the fund and the default policy.
enum InitCommand: Command {
    static let spec = CommandSpec(
        path: ["init"],
        abstract: "Create a new database: the first admin, the subsidy fund and the default copay.",
        discussion: """
            The opening appropriation counts as made before any month, and the default policy is in
            force for every date, so meals and registrations may be back-dated. Refuses an existing file.
            """,
        options: [
            .required("admin", "name", "The first administrator."),
            .optional("budget", "yuan", "The opening appropriation (default 16100000.00)."),
            .optional("copay", "yuan", "The copay every diner pays by default (default 10.00)."),
            .optional("timezone", "zone", "The time zone that defines days and months (default Asia/Shanghai)."),
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
        abstract: "Upgrade the database to this binary's schema (admin; back it up first).",
        discussion: """
            All pending migrations run in one transaction: a migration that fails or is killed leaves the file as it was.
            The migrated books must pass audit verify, or nothing is migrated.
            """,
        options: [.flag("force", "Migrate even when the books fail audit verify (recorded in the audit log).")])

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
        let compacted = result.reclaimedBytes > 0
            ? l("The file was compacted: \(kib) KiB smaller.\n", "文件已压缩：减少 \(kib) KiB。\n") : ""
        return Output(text: text + forced + compacted,
                      json: ["from_version": .int(Int64(result.fromVersion)), "to_version": .int(Int64(result.toVersion)),
                             "forced_past_problems": .int(Int64(result.forcedPastProblems)), "reclaimed_bytes": .int(result.reclaimedBytes)])
    }
}

/// `canteen operator add`.
enum OperatorAddCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "add"],
        abstract: "Add a person who may act on the books (admin).",
        arguments: [ArgumentSpec(name: "name", help: "The operator's name.")],
        options: [.required("role", "role", "clerk, finance, auditor or admin.")])

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
        abstract: "End an operator's access (admin); their past changes keep their name.",
        arguments: [ArgumentSpec(name: "name", help: "The operator's name.")])

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
    static let spec = CommandSpec(path: ["operator", "list"], abstract: "List the operators and their roles.")

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
