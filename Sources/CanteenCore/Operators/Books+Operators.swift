import SQLite

extension Books {
    /// The active operator named `name`, if their role may do `action`; otherwise a permission error (exit 77).
    func authorize(_ name: String?, _ action: Action) throws -> Operator {
        guard let name, !name.trimmed.isEmpty else {
            throw CanteenError.permission(.operatorMissing, ["action": action])
        }
        guard let found = try findOperator(named: name.trimmed) else {
            throw CanteenError.permission(.operatorUnknown, ["name": name])
        }
        guard found.active else { throw CanteenError.permission(.operatorInactive, ["name": found.name]) }
        guard found.role.may(action) else {
            throw CanteenError.permission(.roleMayNot, ["name": found.name, "role": found.role, "roles": MessageValue.roles(Role.allCases.filter { $0.may(action) }), "action": action])
        }
        return found
    }

    func findOperator(named name: String) throws -> Operator? {
        if let found = try db.cached("SELECT id, name, role, active FROM operators WHERE name = ?").first([name], Self.operatorRow) {
            return found
        }
        // SQLite compares bytes; a name typed in another Unicode normal form (é as e + U+0301) is the same name.
        // There are few operators, and this runs only when the exact name is not there.
        return try db.cached("SELECT id, name, role, active FROM operators ORDER BY id").rows([], Self.operatorRow).first { $0.name == name }
    }

    /// The first operator, active or not, whose name has the skeleton `name` has (see `LookAlike`).
    func lookAlike(of name: String) throws -> Operator? {
        let skeleton = LookAlike.skeleton(name)
        return try operatorsLooking(like: skeleton).first
    }

    /// Every operator whose name looks like `skeleton`, in the order they were added. There are few operators.
    func operatorsLooking(like skeleton: String) throws -> [Operator] {
        try db.cached("SELECT id, name, role, active FROM operators ORDER BY id").rows([], Self.operatorRow)
            .filter { LookAlike.skeleton($0.name) == skeleton }
    }

    private static func operatorRow(_ row: Row) -> Operator {
        Operator(id: row.int(0), name: row.text(1), role: Role(rawValue: row.text(2)) ?? .clerk, active: row.int(3) == 1)
    }

    /// Writes one row of the audit chain, inside the caller's transaction, with the state now of every row of a
    /// registered table the change touched: audit verify proves the tables still equal what the chain says. The
    /// detail is one of the shapes `AuditDetail` knows, so every row can be read back and worded in any language.
    func log(_ actor: Operator, _ action: String, subject: String = "", detail: AuditDetail? = nil, facts: [FactKey] = [],
             in tx: WriteTransaction) throws {
        try tx.audit.append(at: clock.timestamp(), operatorID: actor.id, action: action, subject: subject,
                            detail: detail?.text ?? "", facts: facts, in: tx)
    }

    /// Adds an operator (admin only).
    public func addOperator(name: String, role: Role, by actorName: String?) throws -> Operator {
        let newName = try OperatorName(name)
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            if try findOperator(named: newName.value) != nil {
                throw CanteenError.rule(.operatorExists, ["name": newName.value])
            }
            // A name that looks like an existing one (BOSS, ｂｏｓｓ, ѕсоре beside boss and scope, ﬁx beside fix, or only
            // invisibly or canonically different) would let one person pass for another in every log and report.
            // Inactive operators count too: their names stay on every line they wrote.
            if let twin = try lookAlike(of: newName.value) {
                throw CanteenError.rule(.operatorLooksLike, ["name": newName.value, "existing": twin.name])
            }
            try tx.run("INSERT INTO operators (name, role, created_at, created_by) VALUES (?, ?, ?, ?)",
                       newName.value, role.rawValue, clock.timestamp(), actor.id)
            let id = db.lastInsertRowID
            try log(actor, "operator add", subject: newName.value, detail: .operatorAdded(role: role), facts: [.row(.operators, id)], in: tx)
            return Operator(id: id, name: newName.value, role: role, active: true)
        }
    }

    /// Ends an operator's access (admin): someone who left the canteen or the bureau. Their past changes keep
    /// their name and their SSH keys go out of service; an admin cannot lock themselves out, so an active admin
    /// always remains.
    public func deactivateOperator(name: String, by actorName: String?) throws -> Operator {
        let target = try OperatorName(naming: name)
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            guard let found = try findOperator(named: target.value) else {
                throw CanteenError.notFound(.operatorNotFound, ["name": target.value])
            }
            guard found.active else { throw CanteenError.rule(.operatorAlreadyInactive, ["name": found.name]) }
            // Since only an admin may do this and not to themselves, an active admin always remains.
            guard found.id != actor.id else { throw CanteenError.rule(.adminSelfDeactivate) }
            try tx.run("UPDATE operators SET active = 0 WHERE id = ?", found.id)
            // Their keys leave service with them, in the same transaction: the gate refuses them at once, and the
            // next `gate keys` leaves their lines out.
            let keys = try retireKeys(of: found.id, by: actor, in: tx)
            try log(actor, "operator deactivate", subject: found.name, detail: keys.isEmpty ? nil : .keysRetired(count: keys.count),
                    facts: [.row(.operators, found.id)] + keys, in: tx)
            return Operator(id: found.id, name: found.name, role: found.role, active: false)
        }
    }

    /// Every operator, by name.
    public func operators() throws -> [Operator] {
        try read {
            try db.prepare("SELECT id, name, role, active FROM operators ORDER BY name").rows { row in
                Operator(id: row.int(0), name: row.text(1), role: Role(rawValue: row.text(2)) ?? .clerk, active: row.int(3) == 1)
            }
        }
    }
}
