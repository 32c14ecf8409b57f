import SQLite

/// The age at which elders become eligible.
public let eligibleAge = 60

extension Books {
    /// Registers a diner (clerk): 60 or older on the registration date, once per ID number.
    public func register(_ registration: Registration, by actorName: String?) throws -> RegisteredDiner {
        try write { tx in try registerInTransaction(registration, actor: try authorize(actorName, .counter), in: tx) }
    }

    /// The checks and write of a registration, inside the caller's write transaction.
    func registerInTransaction(_ registration: Registration, actor: Operator, in tx: WriteTransaction) throws -> RegisteredDiner {
        let residentID = try ResidentID(parsing: registration.idNumber, today: today)
        let name = try TextField.validatedName(registration.name, field: .dinerName, limit: 64)
        let phone = try registration.phone.flatMap { $0.trimmed.isEmpty ? nil : try PhoneNumber(parsing: $0) }
        let category = try registration.category.map { try DinerCategory(parsing: $0) } ?? .standard
        let siteCode = try registration.site.map { try SiteCode($0) }
        let date = registration.date ?? today
        try requireNotFuture(date, .registration)
        try requireOpen(date, .registration)
        let siteID = try siteCode.map { try requireSite($0) }
        guard date >= residentID.birthDate else {
            throw CanteenError.rule(.registerBeforeBirth, ["date": date])
        }
        let age = residentID.birthDate.age(on: date)
        guard age >= eligibleAge else {
            throw CanteenError.rule(.registerUnderAge, ["age": age, "date": date, "minimum": eligibleAge],
                                    hint: Message(.hintEligibleFrom, ["date": residentID.birthDate.reachingAge(eligibleAge)]))
        }
        if let existing = try db.scalarInt("SELECT id FROM diners WHERE id_number = ?", residentID.value) {
            throw CanteenError.rule(.alreadyRegistered, ["diner": DinerNumber(id: existing)])
        }
        try tx.run("""
            INSERT INTO diners (id_number, name, phone, birth_date, sex, home_site_id, registered_on, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, residentID.value, name, phone?.value, residentID.birthDate.description,
               residentID.sex.rawValue, siteID, date.description, clock.timestamp(), actor.id)
        let dinerID = db.lastInsertRowID
        let categoryID = try insertCategory(category, dinerID: dinerID, from: date, actor: actor, in: tx)
        // The card is issued today, whatever day the registration is dated: it is printed now.
        let cardID = try Books.insertCard(dinerID: dinerID, on: today, at: clock.timestamp(), by: actor.id, random: random, in: tx)
        let diner = try loadDiner(id: dinerID)
        try log(actor, "diner register", subject: diner.number.description, detail: .registered(maskedID: residentID.masked, from: date),
                facts: [.row(.diners, dinerID), .row(.diner_categories, categoryID), .row(.diner_cards, cardID)], in: tx)
        return RegisteredDiner(diner: diner, age: age)
    }

    /// One diner by card or ID number (66 when unknown). Asking with `unmaskedBy` records the reading in the audit log.
    public func diner(_ reference: String, unmaskedBy actorName: String? = nil) throws -> Diner {
        let parsed = try DinerReference(parsing: reference, today: today)
        return try readPersonalData(unmaskedBy: actorName, log: { ($0.number.description, .unmaskedShow) }) { try requireDiner(parsed) }
    }

    /// Reads diners: plainly when the caller shows them masked; for `--unmask`, only if the operator's role may,
    /// and the reading goes into the audit log in the same transaction.
    private func readPersonalData<T>(unmaskedBy actorName: String?, log entry: (T) -> (subject: String, detail: AuditDetail),
                                     _ body: () throws -> T) throws -> T {
        guard let actorName else { return try read(body) }
        return try write { tx in
            let actor = try authorize(actorName, .unmask)
            let result = try body()
            let (subject, detail) = entry(result)
            try log(actor, "unmask", subject: subject, detail: detail, in: tx)
            return result
        }
    }

    /// The longest text `findDiners` takes: a diner's name's limit.
    static let findLimit = 64

    /// Diners whose ID number, card number or phone is `text`, or whose name contains it.
    public func findDiners(_ text: String, unmaskedBy actorName: String? = nil) throws -> [Diner] {
        let query = text.trimmed
        guard !query.isEmpty else { throw CanteenError.invalid(.findEmpty) }
        // Nothing it searches is longer than a name (64 characters); a longer text would only reach SQLite's LIKE,
        // which refuses patterns over 50,000 bytes as a database error.
        let length = query.unicodeScalars.count
        guard length <= Books.findLimit else { throw CanteenError.invalid(.findTooLong, ["count": length, "limit": Books.findLimit]) }
        let search = { () throws -> [Diner] in
            var ids: [Int64] = []
            if query.count == 18 {
                ids += try self.db.prepare("SELECT id FROM diners WHERE id_number = ?").rows([query.uppercased()]) { $0.int(0) }
            }
            if let number = DinerNumber(parsing: query), query.first == "D" || query.first == "d" {
                ids.append(number.id)
            }
            let digits = query.filter { $0.isASCII && $0.isNumber }
            if digits.count >= 7, digits.count == query.filter({ $0 != "-" && $0 != " " }).count {
                ids += try self.db.prepare("SELECT id FROM diners WHERE phone = ?").rows([digits]) { $0.int(0) }
            }
            let pattern = "%" + query.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
            ids += try self.db.prepare("SELECT id FROM diners WHERE name LIKE ? ESCAPE '\\' ORDER BY id LIMIT 200").rows([pattern]) { $0.int(0) }
            var seen: Set<Int64> = []
            return ids.filter { seen.insert($0).inserted }.compactMap { try? self.loadDiner(id: $0) }
        }
        return try readPersonalData(unmaskedBy: actorName, log: { ("diner find", .unmaskedCount(diners: $0.count)) }, search)
    }

    /// Diners by number, optionally only those of a home canteen or status (active on today).
    public func listDiners(site: String?, active: Bool?, unmaskedBy actorName: String? = nil) throws -> [Diner] {
        var all: [Diner] = []
        try listDiners(site: site, active: active, unmaskedBy: actorName) { all.append($0) }
        return all
    }

    /// Changes a diner's phone, category or home canteen (clerk); the audit log keeps the old values.
    public func updateDiner(_ reference: String, _ changes: DinerChanges, by actorName: String?) throws -> Diner {
        guard !changes.isEmpty else { throw CanteenError.invalid(.updateNothing) }
        let parsed = try DinerReference(parsing: reference, today: today)
        let phone = try changes.phone.map { $0.trimmed.isEmpty ? nil : try PhoneNumber(parsing: $0) }
        let category = try changes.category.map { try DinerCategory(parsing: $0) }
        let siteCode = try changes.site.map { try SiteCode($0) }
        return try write { tx in
            let actor = try authorize(actorName, .counter)
            let before = try requireDiner(parsed)
            var notes: [DinerChange] = []
            var facts: [FactKey] = [.row(.diners, before.id)]
            if let phone {
                try tx.run("UPDATE diners SET phone = ? WHERE id = ?", phone?.value, before.id)
                notes.append(.phone(from: before.phone?.masked ?? "-", to: phone?.masked ?? "-"))
            }
            if let category {
                // From a date on, so meals eaten before it keep the copay of the category they were eaten under.
                let from = changes.categoryFrom ?? today
                guard from >= before.registeredOn else {
                    throw CanteenError.rule(.categoryBeforeRegistration, ["diner": before.number, "registered": before.registeredOn])
                }
                try requireNotFuture(from, .categoryChange)
                try requireOpen(from, .categoryChange)
                // Meals already charged from that date on would disagree with the new category: void them first.
                let charged = try db.prepare("""
                    SELECT id FROM meals WHERE diner_id = ? AND meal_date >= ? AND void_entry_id IS NULL ORDER BY id LIMIT 6
                    """).rows([before.id, from.description]) { MealNumber(id: $0.int(0)).description }
                if !charged.isEmpty {
                    throw CanteenError.rule(.categoryMealsCharged, ["diner": before.number, "date": from, "meals": Array(charged.prefix(5)), "more": charged.count > 5 ? 1 : 0])
                }
                facts.append(.row(.diner_categories, try insertCategory(category, dinerID: before.id, from: from, actor: actor, in: tx)))
                notes.append(.category(from: before.category(on: from), to: category, on: from))
            }
            if let siteCode {
                try tx.run("UPDATE diners SET home_site_id = ? WHERE id = ?", try requireSite(siteCode), before.id)
                notes.append(.site(from: before.homeSite ?? "-", to: siteCode.value))
            }
            try log(actor, "diner update", subject: before.number.description, detail: .dinerUpdated(notes), facts: facts, in: tx)
            return try loadDiner(id: before.id)
        }
    }

    /// Ends a diner's eligibility from `date` on (clerk); meals already recorded after it stay, for the auditor.
    public func deactivate(_ reference: String, reason: DeactivationReason, date: CivilDate,
                           by actorName: String?) throws -> Diner {
        let parsed = try DinerReference(parsing: reference, today: today)
        try requireNotFuture(date, .deactivation)
        return try write { tx in
            let actor = try authorize(actorName, .counter)
            try requireOpen(date, .deactivation)
            return try deactivateInTransaction(try requireDiner(parsed).id, reason: reason, date: date, actor: actor, in: tx)
        }
    }

    /// The checks and write of a deactivation, inside the caller's write transaction.
    func deactivateInTransaction(_ dinerID: Int64, reason: DeactivationReason, date: CivilDate, actor: Operator, in tx: WriteTransaction) throws -> Diner {
        let diner = try loadDiner(id: dinerID)
        if let already = diner.deactivatedOn {
            throw CanteenError.rule(.alreadyDeactivated, ["diner": diner.number, "date": already, "reason": diner.deactivationReason ?? .other])
        }
        guard date > diner.registeredOn else {
            throw CanteenError.rule(.deactivateBeforeRegistration, ["diner": diner.number, "registered": diner.registeredOn])
        }
        try tx.run("UPDATE diners SET deactivated_on = ?, deactivation_reason = ? WHERE id = ?",
                   date.description, reason.rawValue, diner.id)
        let later = try db.scalarInt("SELECT count(*) FROM meals WHERE diner_id = ? AND meal_date >= ? AND void_entry_id IS NULL",
                                     diner.id, date.description) ?? 0
        try log(actor, "diner deactivate", subject: diner.number.description,
                detail: .deactivated(reason: reason, from: date, mealsOnOrAfter: Int(later)),
                facts: [.row(.diners, diner.id)], in: tx)
        return try loadDiner(id: diner.id)
    }

    private func insertCategory(_ category: DinerCategory, dinerID: Int64, from: CivilDate, actor: Operator, in tx: WriteTransaction) throws -> Int64 {
        try tx.run("INSERT INTO diner_categories (diner_id, category, effective_from, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                   dinerID, category.rawValue, from.description, clock.timestamp(), actor.id)
        return db.lastInsertRowID
    }

    func requireDiner(_ reference: DinerReference) throws -> Diner {
        switch reference {
        case .number(let number):
            return try loadDiner(id: number.id)
        case .residentID(let residentID):
            guard let id = try db.scalarInt("SELECT id FROM diners WHERE id_number = ?", residentID.value) else {
                throw CanteenError.notFound(.dinerIDNotFound, ["id": residentID], hint: Message(.hintRegister))
            }
            return try loadDiner(id: id)
        case .card(let code):
            return try loadDiner(id: try dinerID(card: code))
        }
    }

    func loadDiner(id: Int64) throws -> Diner {
        let sql = """
            SELECT d.id_number, d.name, d.phone, s.code, d.registered_on, d.deactivated_on, d.deactivation_reason
            FROM diners d LEFT JOIN sites s ON s.id = d.home_site_id WHERE d.id = ?
            """
        let history = try db.cached("SELECT effective_from, category FROM diner_categories WHERE diner_id = ? ORDER BY effective_from, id")
            .rows([id]) { CategoryChange(from: (try? CivilDate(parsing: $0.text(0))) ?? .always, category: DinerCategory(rawValue: $0.text(1)) ?? .standard) }
        let current = history.last { $0.from <= today }?.category ?? history.first?.category ?? .standard
        guard let diner = try db.cached(sql).first([id], { row -> Diner in
            let idNumber = row.text(0)
            // The number was validated when registered; read it back without today's future-date check.
            guard let residentID = try? ResidentID(parsing: idNumber, today: CivilDate(year: 9999, month: 12, day: 31)!) else {
                throw CanteenError.storage(.dinerIDCorrupt, ["diner": DinerNumber(id: id)])
            }
            return Diner(id: id, residentID: residentID, name: row.text(1),
                         phone: row.optionalText(2).flatMap { try? PhoneNumber(parsing: $0) },
                         category: current, categoryHistory: history, homeSite: row.optionalText(3),
                         registeredOn: (try? CivilDate(parsing: row.text(4))) ?? .always,
                         deactivatedOn: row.optionalText(5).flatMap { try? CivilDate(parsing: $0) },
                         deactivationReason: row.optionalText(6).flatMap(DeactivationReason.init(rawValue:)))
        }) else { throw CanteenError.notFound(.dinerNotFound, ["diner": DinerNumber(id: id)]) }
        return diner
    }
}
