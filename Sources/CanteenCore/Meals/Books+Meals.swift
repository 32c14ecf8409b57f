import SQLite

extension Books {
    /// Records one subsidised meal (clerk) in one transaction: eligibility, one per slot, an open month,
    /// the price and policy in force, and the fund holding the subsidy; then one balanced journal entry.
    public func recordMeal(_ request: MealRequest, by actorName: String?) throws -> MealReceipt {
        let dinerReference = try DinerReference(parsing: request.diner, today: today)
        let siteCode = try SiteCode(request.site)
        let ref = try request.ref.map(Self.validRef)
        return try write { tx in
            let actor = try authorize(actorName, .counter)
            return try MealRecorder(books: self, in: tx).record(request, diner: dinerReference, site: siteCode, ref: ref, actor: actor)
        }
    }

    static func validRef(_ text: String) throws -> String {
        try TextField.validated(text, field: .ref, limit: 128)
    }

    /// The memo of a meal's entry names its slot, diner, canteen and payment, so the hash chain covers who ate
    /// where; the ref is in it too, since clearing a meal's ref would let a re-import record the meal twice.
    /// The memo is not stored: it is made from the meal row (see `EntryText`).
    static func mealMemo(slot: String, diner: DinerNumber, site: String, pay: String, policyID: Int64, ref: String?) -> String {
        "\(slot) \(diner) at \(site), \(pay), policy \(policyID)" + (ref.map { ", ref \($0)" } ?? "")
    }

    /// Voids a meal (clerk or finance): a reversal entry returns the subsidy and cancels the copay due, in the
    /// meal's month while it is open, else in the earliest open month; the meal's slot is freed.
    public func voidMeal(_ number: String, reason: String, by actorName: String?) throws -> VoidResult {
        let mealNumber = try MealNumber(parsing: number)
        let why = try TextField.validated(reason, field: .voidReason, limit: 200)
        return try write { tx in try voidInTransaction(mealNumber, reason: why, actor: try authorize(actorName, .void), in: tx) }
    }

    /// The checks and writes of a void, inside the caller's write transaction.
    func voidInTransaction(_ mealNumber: MealNumber, reason why: String, actor: Operator, in tx: WriteTransaction) throws -> VoidResult {
        let meal = try loadMeal(id: mealNumber.id)
        if let period = meal.voidedIn {
            throw CanteenError.rule(.alreadyVoided, ["meal": mealNumber, "period": period])
        }
        guard let stored = try storedMeal(id: mealNumber.id) else {
            throw CanteenError.storage(.mealWithoutEntry, ["meal": mealNumber])
        }
        // The reversal returns what the row says to the fund: amounts no command makes are refused, not reversed.
        guard stored.hasAmountsTheBooksMake else {
            throw CanteenError.storage(.storedMealDamaged, ["meal": mealNumber, "price": stored.price, "copay": stored.copay, "subsidy": stored.subsidy])
        }
        let period = try postingPeriod(for: meal.date.yearMonth, in: tx)
        _ = try tx.ledger.void(stored, date: today, period: period.description, memo: "void \(mealNumber): \(why)", by: actor,
                               at: clock.timestamp())
        try log(actor, "meal void", subject: mealNumber.description, detail: .mealVoided(reason: why), in: tx)
        return VoidResult(meal: try loadMeal(id: mealNumber.id), postedIn: period, budgetRemaining: try tx.ledger.fundRemaining())
    }

    /// A meal with its entry, as the ledger reverses it.
    private func storedMeal(id: Int64) throws -> StoredMeal? {
        try db.cached("""
            SELECT m.id, j.id, m.site_id, s.code, m.meal_date, m.slot, m.pay, m.price_fen, m.copay_fen, m.subsidy_fen
            FROM meals m JOIN sites s ON s.id = m.site_id JOIN journal j ON j.meal_id = m.id AND j.kind = 'meal'
            WHERE m.id = ?
            """).first([id]) { row in
            StoredMeal(id: row.int(0), entryID: row.int(1), siteID: row.int(2), siteCode: row.text(3),
                       date: (try? CivilDate(parsing: row.text(4))) ?? .always, slot: MealSlot(rawValue: row.text(5)) ?? .lunch,
                       pay: PaymentMethod(rawValue: row.text(6)) ?? .cash, price: Money(fen: row.int(7)), copay: Money(fen: row.int(8)),
                       subsidy: Money(fen: row.int(9)))
        }
    }

    /// Meals matching the filter, oldest first, handed to `body` one at a time as they are read, so a month of
    /// tens of thousands of meals is listed with flat memory.
    public func meals(_ filter: MealFilter, _ body: (Meal) throws -> Void) throws {
        let siteCode = try filter.site.map { try SiteCode($0) }
        let dinerReference = try filter.diner.map { try DinerReference(parsing: $0, today: today) }
        try read {
            let select = """
                SELECT m.id, m.diner_id, d.name, d.id_number, s.code, s.name, m.meal_date, m.slot, m.pay, m.price_fen, m.copay_fen,
                       m.subsidy_fen, m.ref, m.recorded_at, v.period
                FROM meals m JOIN diners d ON d.id = m.diner_id JOIN sites s ON s.id = m.site_id
                LEFT JOIN journal v ON v.id = m.void_entry_id WHERE 1
                """
            var conditions = ""
            var values: [any SQLBindable] = []
            if let siteCode { conditions += " AND m.site_id = ?"; values.append(try requireSite(siteCode)) }
            if let date = filter.date { conditions += " AND m.meal_date = ?"; values.append(date.description) }
            if let month = filter.month {
                conditions += " AND m.meal_date BETWEEN ? AND ?"
                values += [month.firstDay.description, month.lastDay.description]
            }
            let sql: String
            if let dinerReference {
                // A diner's meals through the two indexes that hold them by diner: the one-meal-per-slot index (meals
                // not voided) and the small one of voided meals, instead of a scan of every meal ever recorded.
                conditions += " AND m.diner_id = ?"
                values.append(try requireDiner(dinerReference).id)
                sql = select + conditions + " AND m.void_entry_id IS NULL UNION ALL " + select + conditions
                    + " AND m.void_entry_id IS NOT NULL ORDER BY 7, 1"
                values += values
            } else {
                sql = select + conditions + " ORDER BY m.meal_date, m.id"
            }
            try db.prepare(sql).forEach(values) { try body(Self.meal(from: $0)) }
        }
    }

    /// Every meal matching the filter, collected (for callers that need them all at once).
    public func meals(_ filter: MealFilter) throws -> [Meal] {
        var all: [Meal] = []
        try meals(filter) { all.append($0) }
        return all
    }

    func mealID(ref: String) throws -> Int64? {
        try db.scalarInt("SELECT id FROM meals WHERE ref = ?", ref)
    }

    func loadMeal(id: Int64) throws -> Meal {
        let sql = """
            SELECT m.id, m.diner_id, d.name, d.id_number, s.code, s.name, m.meal_date, m.slot, m.pay, m.price_fen, m.copay_fen,
                   m.subsidy_fen, m.ref, m.recorded_at, v.period
            FROM meals m JOIN diners d ON d.id = m.diner_id JOIN sites s ON s.id = m.site_id
            LEFT JOIN journal v ON v.id = m.void_entry_id
            WHERE m.id = ?
            """
        guard let meal = try db.cached(sql).first([id], { Self.meal(from: $0) }) else {
            throw CanteenError.notFound(.mealNotFound, ["meal": MealNumber(id: id)])
        }
        return meal
    }

    /// A meal from the columns the two queries above select, in their order.
    private static func meal(from row: Row) -> Meal {
        Meal(number: MealNumber(id: row.int(0)), dinerNumber: DinerNumber(id: row.int(1)), dinerName: row.text(2),
             residentID: row.text(3), site: row.text(4), siteName: row.text(5),
             date: (try? CivilDate(parsing: row.text(6))) ?? .always,
             slot: MealSlot(rawValue: row.text(7)) ?? .lunch, pay: PaymentMethod(rawValue: row.text(8)) ?? .cash,
             price: Money(fen: row.int(9)), copay: Money(fen: row.int(10)), subsidy: Money(fen: row.int(11)),
             ref: row.optionalText(12), recordedAt: row.text(13), voidedIn: row.optionalText(14))
    }
}
