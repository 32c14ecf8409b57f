import SQLite

extension Books {
    /// Sets a policy (admin only); a later `from` replaces an earlier policy for the same category and min-age.
    public func setPolicy(copay: Money, category: DinerCategory?, minAge: Int?, cap: Money?, from: CivilDate?,
                          by actorName: String?) throws -> Policy {
        if let minAge, !Policy.minAgeRange.contains(minAge) {
            throw CanteenError.invalid(.minAgeRange, ["age": minAge])
        }
        try Money.requireMealAmount(copay, .copayTooLarge)
        if let cap { try Money.requireMealAmount(cap, .capTooLarge) }
        if let from { try CivilDate.requireInput(from) }
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            // The very first policies, made before any meal, may be in force for every date; later ones start in an
            // open month, so a closed month's copays never change.
            let start = try effectiveStart(from, .policy, exempt: try noMealsYet())
            try tx.run("""
                INSERT INTO policies (category, min_age, copay_fen, cap_fen, effective_from, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, category?.rawValue, minAge, copay.fen, cap?.fen, start.description, clock.timestamp(), actor.id)
            let policy = Policy(id: db.lastInsertRowID, category: category, minAge: minAge, copay: copay, cap: cap, from: start)
            policyCache = nil
            try log(actor, "policy set", subject: "policy \(policy.id)",
                    detail: .policySet(category: category, minAge: minAge, copay: copay, cap: cap, from: start == .always ? nil : start),
                    facts: [.row(.policies, policy.id)], in: tx)
            return policy
        }
    }

    /// Every policy ever set, oldest first.
    public func policies() throws -> [Policy] {
        try read { try allPolicies() }
    }

    /// The policies, read again only when the file changed: an import of thousands of rows resolves every meal
    /// against them, and another counter's commit (which bumps SQLite's data_version) may have set a new one.
    func cachedPolicies() throws -> [Policy] {
        let version = try db.scalarInt("PRAGMA data_version") ?? 0
        if let policyCache, policyCache.version == version { return policyCache.policies }
        let policies = try allPolicies()
        policyCache = (version, policies)
        return policies
    }

    func allPolicies() throws -> [Policy] {
        try db.cached("SELECT id, category, min_age, copay_fen, cap_fen, effective_from FROM policies ORDER BY effective_from, id")
            .rows { row in
                Policy(id: row.int(0), category: row.optionalText(1).flatMap(DinerCategory.init(rawValue:)),
                       minAge: row.optionalInt(2).map { Int($0) }, copay: Money(fen: row.int(3)),
                       cap: row.optionalInt(4).map { Money(fen: $0) },
                       from: (try? CivilDate(parsing: row.text(5))) ?? .always)
            }
    }
}
