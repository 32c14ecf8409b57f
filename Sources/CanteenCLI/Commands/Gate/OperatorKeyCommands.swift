import CanteenCore

/// `canteen operator key add`.
enum OperatorKeyAddCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "key", "add"],
        abstract: Bilingual("Give an operator an SSH public key to come in through the gate with (admin).",
                            "给操作员添加一把 SSH 公钥，用于经网关登录（管理员）。"),
        discussion: Bilingual("""
            Accepted: ssh-ed25519, ecdsa-sha2-nistp256/384/521, and ssh-rsa of at least 3072 bits; the key alone, as a
            .pub file holds it, never with authorized_keys options in front. One key belongs to one operator.
            Run 'canteen gate keys' afterwards to write the service account's keys file.
            """, """
            接受：ssh-ed25519、ecdsa-sha2-nistp256/384/521，以及至少 3072 位的 ssh-rsa；只给密钥本身，即 .pub 文件
            中的那一行，前面不能带 authorized_keys 选项。一把密钥只属于一个操作员。
            添加后请运行 'canteen gate keys' 写出服务账户的密钥文件。
            """),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("The operator.", "操作员。"))],
        options: [
            .optional("key", "key", Bilingual("The key text: 'TYPE BASE64 [COMMENT]', quoted as one argument.",
                                              "密钥内容：'TYPE BASE64 [COMMENT]'，加引号作为一个参数。")),
            .optional("key-file", "path", Bilingual("A .pub file holding the key; - reads it from standard input.",
                                                    "存有密钥的 .pub 文件；- 表示从标准输入读取。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let text: String
        switch (invocation.option("key"), invocation.option("key-file")) {
        case (let key?, nil): text = key
        case (nil, let path?): text = try Books.readKeyFile(path)
        case (nil, nil): throw UsageError(.keyOrKeyFileMissing, command: spec.path)
        case (_?, _?): throw UsageError(.keyAndKeyFile, command: spec.path)
        }
        let added = try invocation.books().addOperatorKey(operator: invocation.argument(0)!, key: text, by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Added key \(added.fingerprint) (\(added.key.type), \(added.key.bits) bits) for \(added.operatorName); run 'canteen gate keys' to let it in.\n",
                              "已为 \(added.operatorName) 添加密钥 \(added.fingerprint)（\(added.key.type)，\(added.key.bits) 位）；请运行 'canteen gate keys' 使其生效。\n"),
                      json: OperatorKeyListCommand.json(added))
    }
}

/// `canteen operator key list`.
enum OperatorKeyListCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "key", "list"],
        abstract: Bilingual("List operators' SSH keys with their fingerprints, as ssh-keygen -l prints them (admin).",
                            "列出操作员的 SSH 密钥及其指纹，格式与 ssh-keygen -l 相同（管理员）。"),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("Only this operator's keys.", "只列出该操作员的密钥。"), optional: true)],
        options: [.flag("all", Bilingual("Also the keys taken out of service, and those of deactivated operators.",
                                         "同时列出已停用的密钥，以及已停用操作员的密钥。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        let keys = try invocation.books().operatorKeys(of: invocation.argument(0), includeRemoved: invocation.flag("all"),
                                                       by: invocation.operatorName)
        let l = invocation.lang
        var table = TextTable(headers: [l("Operator", "操作员"), l("Bits", "位数"), l("Fingerprint", "指纹"), l("Type", "类型"),
                                        l("Comment", "备注"), l("Added", "添加时间"), l("In service", "在用")],
                              alignments: [.left, .right, .left, .left, .left, .left, .left])
        for key in keys {
            table.add([key.operatorName, String(key.key.bits), key.fingerprint, key.key.type, key.key.comment ?? "", key.addedAt,
                       key.inService ? l("yes", "是") : (key.removedAt.map { l("removed \($0)", "已于 \($0) 移除") } ?? l("operator inactive", "操作员已停用"))])
        }
        let text = keys.isEmpty ? l("No keys.\n", "没有密钥。\n") : table.render()
        return Output(text: text, json: ["keys": .array(keys.map(json))],
                      csv: [["operator", "bits", "fingerprint", "type", "comment", "added_at", "added_by", "removed_at", "removed_by", "in_service"]]
                        + keys.map { [$0.operatorName, String($0.key.bits), $0.fingerprint, $0.key.type, $0.key.comment ?? "", $0.addedAt,
                                      $0.addedBy, $0.removedAt ?? "", $0.removedBy ?? "", $0.inService ? "1" : "0"] })
    }

    static func json(_ key: OperatorKey) -> JSONValue {
        ["operator": .string(key.operatorName), "fingerprint": .string(key.fingerprint), "type": .string(key.key.type),
         "bits": .int(Int64(key.key.bits)), "comment": key.key.comment.map(JSONValue.string) ?? .null,
         "added_at": .string(key.addedAt), "added_by": .string(key.addedBy),
         "removed_at": key.removedAt.map(JSONValue.string) ?? .null, "removed_by": key.removedBy.map(JSONValue.string) ?? .null,
         "in_service": .bool(key.inService)]
    }
}

/// `canteen operator key remove`.
enum OperatorKeyRemoveCommand: Command {
    static let spec = CommandSpec(
        path: ["operator", "key", "remove"],
        abstract: Bilingual("Take an operator's SSH key out of service (admin); the gate refuses it at once.",
                            "停用操作员的一把 SSH 密钥（管理员）；网关立即拒绝它。"),
        discussion: Bilingual("Run 'canteen gate keys' afterwards, so that sshd no longer accepts the key either.",
                              "之后请运行 'canteen gate keys'，让 sshd 也不再接受这把密钥。"),
        arguments: [ArgumentSpec(name: "name", help: Bilingual("The operator.", "操作员。")),
                    ArgumentSpec(name: "fingerprint", help: Bilingual("SHA256:…, as 'operator key list' prints it.",
                                                                      "SHA256:…，即 'operator key list' 显示的指纹。"))])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .json])
        let removed = try invocation.books().removeOperatorKey(operator: invocation.argument(0)!, fingerprint: invocation.argument(1)!,
                                                               by: invocation.operatorName)
        let l = invocation.lang
        return Output(text: l("Key \(removed.fingerprint) of \(removed.operatorName) is out of service; run 'canteen gate keys' to drop its line.\n",
                              "\(removed.operatorName) 的密钥 \(removed.fingerprint) 已停用；请运行 'canteen gate keys' 删去它的行。\n"),
                      json: OperatorKeyListCommand.json(removed))
    }
}
