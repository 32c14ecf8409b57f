import SQLite

extension Books {
    /// The longest key text or key file taken: a 16384-bit RSA key with a long comment fits.
    public static let keyTextLimit = SSHPublicKey.defaultLimit
    /// The longest comment kept with a key, in characters.
    static let keyCommentLimit = 200

    /// Gives an operator a key the gate will let them in with (admin). Refuses a malformed key, a key text with
    /// authorized_keys options in front of it (65), a key of an inactive operator, a key they already hold and a
    /// key another operator holds (1): one key, one person.
    public func addOperatorKey(operator name: String, key text: String, by actorName: String?) throws -> OperatorKey {
        let target = try OperatorName(naming: name)
        let key: SSHPublicKey
        // A byte-order mark first is how the .pub file was saved (`--key "$(cat key.pub)"` from Notepad's file), not part
        // of the key; it is dropped here only, since sshd would not read a line of authorized_keys that starts with one.
        let unmarked = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        do { key = try SSHPublicKey(parsing: unmarked, limit: Books.keyTextLimit) } catch { throw error.refusal }
        let comment = try key.comment.map { try TextField.validated($0, field: .keyComment, limit: Books.keyCommentLimit) }
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            guard let owner = try findOperator(named: target.value) else {
                throw CanteenError.notFound(.operatorNotFound, ["name": target.value])
            }
            guard owner.active else { throw CanteenError.rule(.keyOperatorInactive, ["name": owner.name]) }
            if let holder = try db.cached("""
                SELECT o.name, o.id FROM operator_keys k JOIN operators o ON o.id = k.operator_id
                WHERE k.fingerprint = ? AND k.removed_at IS NULL
                """).first([key.fingerprint], { (name: $0.text(0), id: $0.int(1)) }) {
                throw holder.id == owner.id
                    ? CanteenError.rule(.keyAlreadyHeld, ["name": owner.name, "fingerprint": key.fingerprint])
                    : CanteenError.rule(.keyHeldByOther, ["fingerprint": key.fingerprint, "holder": holder.name])
            }
            try tx.run("""
                INSERT INTO operator_keys (operator_id, key_type, key_data, fingerprint, comment, added_at, added_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, owner.id, key.type, Base64.encode(key.blob), key.fingerprint, comment, clock.timestamp(), actor.id)
            let id = db.lastInsertRowID
            try log(actor, "operator key add", subject: owner.name, detail: .keyAdded(type: key.type, bits: key.bits, fingerprint: key.fingerprint),
                    facts: [.row(.operator_keys, id)], in: tx)
            return try requireKey(id: id)
        }
    }

    /// Takes one of an operator's keys out of service (admin): the gate refuses it from now on, and the next
    /// `gate keys` leaves its line out. 65 for a malformed fingerprint, 66 when the operator has no such key in service.
    public func removeOperatorKey(operator name: String, fingerprint: String, by actorName: String?) throws -> OperatorKey {
        let target = try OperatorName(naming: name)
        guard GateCommand.isFingerprint(fingerprint) else {
            throw CanteenError.invalid(.fingerprintMalformed, ["text": fingerprint])
        }
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            guard let owner = try findOperator(named: target.value) else {
                throw CanteenError.notFound(.operatorNotFound, ["name": target.value])
            }
            guard let id = try db.cached("SELECT id FROM operator_keys WHERE operator_id = ? AND fingerprint = ? AND removed_at IS NULL")
                .first([owner.id, fingerprint], { $0.int(0) }) else {
                throw CanteenError.notFound(.keyNotFound, ["name": owner.name, "fingerprint": fingerprint])
            }
            try tx.run("UPDATE operator_keys SET removed_at = ?, removed_by = ? WHERE id = ?", clock.timestamp(), actor.id, id)
            try log(actor, "operator key remove", subject: owner.name, detail: .keyRemoved(fingerprint: fingerprint), facts: [.row(.operator_keys, id)], in: tx)
            return try requireKey(id: id)
        }
    }

    /// Takes every key of an operator out of service, inside the caller's transaction (deactivation); the facts
    /// of the rows it changed, for the caller's audit row.
    func retireKeys(of operatorID: Int64, by actor: Operator, in tx: WriteTransaction) throws -> [FactKey] {
        let ids = try db.cached("SELECT id FROM operator_keys WHERE operator_id = ? AND removed_at IS NULL ORDER BY id")
            .rows([operatorID]) { $0.int(0) }
        let at = clock.timestamp()
        for id in ids { try tx.run("UPDATE operator_keys SET removed_at = ?, removed_by = ? WHERE id = ?", at, actor.id, id) }
        return ids.map { .row(.operator_keys, $0) }
    }

    /// The keys of one operator, or of all (admin); those in service only, unless `includeRemoved`.
    public func operatorKeys(of name: String?, includeRemoved: Bool = false, by actorName: String?) throws -> [OperatorKey] {
        try read {
            _ = try authorize(actorName, .setup)
            var ownerID: Int64?
            if let name {
                guard let owner = try findOperator(named: name.trimmed) else {
                    throw CanteenError.notFound(.operatorNotFound, ["name": name])
                }
                ownerID = owner.id
            }
            return try keys(where: "(?1 IS NULL OR k.operator_id = ?1) AND (?2 OR (k.removed_at IS NULL AND o.active = 1))",
                            [ownerID, includeRemoved])
        }
    }

    /// Every key in service of every active operator, by operator and then in the order they were added (admin):
    /// what the service account's authorized_keys must hold.
    public func gateKeys(by actorName: String?) throws -> [OperatorKey] {
        try read {
            _ = try authorize(actorName, .setup)
            return try gateKeysInService()
        }
    }

    func gateKeysInService() throws -> [OperatorKey] {
        try keys(where: "k.removed_at IS NULL AND o.active = 1", [])
    }

    private func requireKey(id: Int64) throws -> OperatorKey {
        guard let key = try keys(where: "k.id = ?1", [id]).first else {
            throw CanteenError.storage(.unexpectedError, ["text": "no operator key \(id)"])
        }
        return key
    }

    private func keys(where condition: String, _ values: [any SQLBindable]) throws -> [OperatorKey] {
        try db.cached("""
            SELECT k.id, o.name, o.role, o.active, k.key_type, k.key_data, k.comment, k.added_at, a.name, k.removed_at, r.name
            FROM operator_keys k JOIN operators o ON o.id = k.operator_id JOIN operators a ON a.id = k.added_by
            LEFT JOIN operators r ON r.id = k.removed_by
            WHERE \(condition) ORDER BY o.name, k.id
            """).rows(values) { row in
            let text = row.text(4) + " " + row.text(5) + (row.optionalText(6).map { " " + $0 } ?? "")
            // A row the books wrote always parses; one that does not was edited outside the program.
            guard let key = try? SSHPublicKey(parsing: text, limit: Books.keyTextLimit + 8 * 1024) else {
                throw CanteenError.storage(.keyRowDamaged, ["id": row.int(0)])
            }
            return OperatorKey(id: row.int(0), operatorName: row.text(1), role: Role(rawValue: row.text(2)) ?? .clerk,
                               operatorActive: row.int(3) == 1, key: key, addedAt: row.text(7), addedBy: row.text(8),
                               removedAt: row.optionalText(9), removedBy: row.optionalText(10))
        }
    }

    /// Reads an operator's key from a file ("-": standard input) for `addOperatorKey`: UTF-8, with or without a
    /// byte-order mark, or UTF-16 after its mark, since people send .pub files from Windows PCs as their tools saved them.
    public static func readKeyFile(_ path: String) throws -> String {
        guard !path.isEmpty else { throw CanteenError.invalid(.inputPathEmpty) }
        // Room for the longest key in UTF-16 and its mark; addOperatorKey holds the text itself to keyTextLimit.
        return try TextInput.read(path, limit: 2 * keyTextLimit + 2, byteOrderMarks: true)
    }
}
