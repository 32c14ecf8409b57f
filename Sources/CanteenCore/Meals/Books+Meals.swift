import SQLite

extension Books {
    /// Records one subsidised meal (clerk) in one transaction: eligibility, one per slot, an open month,
    /// the price and policy in force, and the fund holding the subsidy; then one balanced journal entry.
    public func recordMeal(_ request: MealRequest, by actorName: String?) throws -> MealReceipt {
        let dinerReference = try DinerReference(parsing: request.diner, today: today)
        let siteCode = try SiteCode(request.site)
        let ref = try request.ref.map(Self.validRef)
        return try write {
            let actor = try authorize(actorName, .counter)
            return try recordMeal(request, diner: dinerReference, site: siteCode, ref: ref, actor: actor)
        }
    }

    static func validRef(_ text: String) throws -> String {
        try TextField.validated(text, field: .ref, limit: 128)
    }

    /// The checks and writes of one meal, inside the caller's write transaction (shared by record and import).
    func recordMeal(_ request: MealRequest, diner dinerReference: DinerReference, site siteCode: SiteCode,
                    ref: String?, actor: Operator) throws -> MealReceipt {
        let date = request.date ?? today
        let diner = try requireDiner(dinerReference)
        let site = try requireSiteWithPrices(siteCode)
        if let ref, let existing = try mealID(ref: ref) {
            let first = try loadMeal(id: existing)
            guard first.dinerNumber == diner.number, first.site == siteCode.value, first.date == date,
                  first.slot == request.slot, first.pay == request.pay else {
                throw CanteenError.rule(.refUsedOtherwise, ["ref": ref, "meal": first.number, "diner": first.dinerNumber, "site": first.site, "date": first.date, "slot": first.slot, "pay": first.pay])
            }
            return MealReceipt(meal: first, budgetRemaining: try balance(Account.available), replayed: true)
        }
        try requireNotFuture(date, .meal)
        try requireOpen(date, .meal)
        guard diner.registeredOn <= date else {
            throw CanteenError.rule(.mealBeforeRegistration, ["diner": diner.number, "registered": diner.registeredOn, "date": date, "name": diner.name])
        }
        if let end = diner.deactivatedOn, end <= date {
            throw CanteenError.rule(.mealDinerInactive, ["diner": diner.number, "date": end, "reason": diner.deactivationReason ?? .other, "name": diner.name])
        }
        let age = diner.birthDate.age(on: date)
        guard age >= eligibleAge else {
            throw CanteenError.rule(.mealUnderAge, ["diner": diner.number, "age": age, "date": date, "minimum": eligibleAge, "from": diner.birthDate.reachingAge(eligibleAge), "name": diner.name])
        }
        guard let price = site.price(on: date) else {
            throw CanteenError.rule(.mealNoPrice, ["site": siteCode, "date": date, "first": site.prices.first.map { MessageValue.date($0.from) } ?? .text("-")])
        }
        if let first = try db.cached("""
            SELECT m.id, s.code, m.recorded_at, s.name FROM meals m JOIN sites s ON s.id = m.site_id
            WHERE m.diner_id = ? AND m.meal_date = ? AND m.slot = ? AND m.void_entry_id IS NULL
            """).first([diner.id, date.description, request.slot.rawValue], { ($0.int(0), $0.text(1), $0.text(2), $0.text(3)) }) {
            throw CanteenError.rule(.mealDuplicate, ["diner": diner.number, "slot": request.slot, "date": date, "site": first.1, "meal": MealNumber(id: first.0), "at": first.2,
                                                     "name": diner.name, "siteName": first.3, "time": localTime(ofTimestamp: first.2)?.description ?? first.2])
        }
        let category = diner.category(on: date)
        guard let charge = PolicyResolution.charge(policies: try cachedPolicies(), category: category, age: age,
                                                   date: date, price: price) else {
            throw CanteenError.rule(.mealNoPolicy, ["date": date, "category": category, "age": age])
        }
        let available = try balance(Account.available)
        guard charge.subsidy <= available else {
            throw CanteenError.rule(.budgetExhausted, ["left": available, "subsidy": charge.subsidy], hint: Message(.hintBudgetAdd))
        }
        // Each month's closing must stay at zero or above: a meal back-filled into a month draws on the fund as of
        // that month, not on an appropriation dated after it.
        let asOfMonth = try fundAvailable(forPeriod: date.yearMonth.description)
        guard charge.subsidy <= asOfMonth else {
            throw CanteenError.rule(.budgetExhaustedForMonth, ["month": date.yearMonth, "left": asOfMonth, "subsidy": charge.subsidy],
                                    hint: Message(.hintAppropriationReachesBack, ["month": date.yearMonth]))
        }
        let recordedAt = clock.timestamp()
        try db.run("""
            INSERT INTO meals (diner_id, site_id, meal_date, slot, pay, price_fen, copay_fen, subsidy_fen, policy_id, ref, operator_id, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, diner.id, site.id, date.description, request.slot.rawValue, request.pay.rawValue, charge.price.fen,
                   charge.copay.fen, charge.subsidy.fen, charge.policyID, ref, actor.id, recordedAt)
        let meal = Meal(number: MealNumber(id: db.lastInsertRowID), dinerNumber: diner.number, dinerName: diner.name,
                        residentID: diner.residentID.value, site: site.code, siteName: site.name, date: date,
                        slot: request.slot, pay: request.pay, price: charge.price, copay: charge.copay, subsidy: charge.subsidy,
                        ref: ref, recordedAt: recordedAt, voidedIn: nil)
        try appendEntry(kind: .meal, date: date, period: date.yearMonth.description,
                        memo: Self.mealMemo(meal, policyID: charge.policyID), mealID: meal.number.id, by: actor, recordedAt: recordedAt,
                        postings: Posting.meal(site: site.code, price: charge.price, copay: charge.copay, subsidy: charge.subsidy))
        return MealReceipt(meal: meal, budgetRemaining: available - charge.subsidy, replayed: false)
    }

    /// The memo of a meal's entry names its slot, diner, canteen and payment, so the hash chain covers who ate
    /// where and audit verify can tell when a meal row was moved to another diner, day or slot.
    static func mealMemo(_ meal: Meal, policyID: Int64) -> String {
        mealMemo(slot: meal.slot.rawValue, diner: meal.dinerNumber, site: meal.site, pay: meal.pay.rawValue,
                 policyID: policyID, ref: meal.ref)
    }

    /// The ref is in it too: clearing a meal's ref would let a re-import record the meal twice.
    static func mealMemo(slot: String, diner: DinerNumber, site: String, pay: String, policyID: Int64, ref: String?) -> String {
        "\(slot) \(diner) at \(site), \(pay), policy \(policyID)" + (ref.map { ", ref \($0)" } ?? "")
    }

    /// Voids a meal (clerk or finance): a reversal entry returns the subsidy and cancels the copay due, in the
    /// meal's month while it is open, else in the earliest open month; the meal's slot is freed.
    public func voidMeal(_ number: String, reason: String, by actorName: String?) throws -> VoidResult {
        let mealNumber = try MealNumber(parsing: number)
        let why = try TextField.validated(reason, field: .voidReason, limit: 200)
        return try write { try voidInTransaction(mealNumber, reason: why, actor: try authorize(actorName, .void)) }
    }

    /// The checks and writes of a void, inside the caller's write transaction.
    func voidInTransaction(_ mealNumber: MealNumber, reason why: String, actor: Operator) throws -> VoidResult {
        let meal = try loadMeal(id: mealNumber.id)
        if let period = meal.voidedIn {
            throw CanteenError.rule(.alreadyVoided, ["meal": mealNumber, "period": period])
        }
        guard let original = try db.scalarInt("SELECT id FROM journal WHERE meal_id = ? AND kind = 'meal'", mealNumber.id) else {
            throw CanteenError.storage(.mealWithoutEntry, ["meal": mealNumber])
        }
        let period = try postingPeriod(for: meal.date.yearMonth)
        let entry = try appendEntry(kind: .void, date: today, period: period.description,
                                    memo: "void \(mealNumber): \(why)", mealID: mealNumber.id, correctsID: original,
                                    by: actor, postings: Posting.reversal(of: try postings(ofEntry: original)))
        try db.run("UPDATE meals SET void_entry_id = ? WHERE id = ?", entry, mealNumber.id)
        try log(actor, "meal void", subject: mealNumber.description, detail: why)
        return VoidResult(meal: try loadMeal(id: mealNumber.id), postedIn: period, budgetRemaining: try balance(Account.available))
    }

    /// Meals matching the filter, oldest first.
    public func meals(_ filter: MealFilter) throws -> [Meal] {
        let siteCode = try filter.site.map { try SiteCode($0) }
        let dinerReference = try filter.diner.map { try DinerReference(parsing: $0, today: today) }
        return try read {
            var sql = "SELECT m.id FROM meals m WHERE 1"
            var values: [any SQLBindable] = []
            if let siteCode { sql += " AND m.site_id = ?"; values.append(try requireSite(siteCode)) }
            if let date = filter.date { sql += " AND m.meal_date = ?"; values.append(date.description) }
            if let month = filter.month {
                sql += " AND m.meal_date BETWEEN ? AND ?"
                values += [month.firstDay.description, month.lastDay.description]
            }
            if let dinerReference { sql += " AND m.diner_id = ?"; values.append(try requireDiner(dinerReference).id) }
            return try db.prepare(sql + " ORDER BY m.meal_date, m.id").rows(values) { $0.int(0) }.map { try loadMeal(id: $0) }
        }
    }

    func mealID(ref: String) throws -> Int64? {
        try db.scalarInt("SELECT id FROM meals WHERE ref = ?", ref)
    }

    func loadMeal(id: Int64) throws -> Meal {
        let sql = """
            SELECT m.diner_id, d.name, d.id_number, s.code, s.name, m.meal_date, m.slot, m.pay, m.price_fen, m.copay_fen,
                   m.subsidy_fen, m.ref, m.recorded_at, v.period
            FROM meals m JOIN diners d ON d.id = m.diner_id JOIN sites s ON s.id = m.site_id
            LEFT JOIN journal v ON v.id = m.void_entry_id
            WHERE m.id = ?
            """
        guard let meal = try db.cached(sql).first([id], { row in
            Meal(number: MealNumber(id: id), dinerNumber: DinerNumber(id: row.int(0)), dinerName: row.text(1),
                 residentID: row.text(2), site: row.text(3), siteName: row.text(4),
                 date: (try? CivilDate(parsing: row.text(5))) ?? .always,
                 slot: MealSlot(rawValue: row.text(6)) ?? .lunch, pay: PaymentMethod(rawValue: row.text(7)) ?? .cash,
                 price: Money(fen: row.int(8)), copay: Money(fen: row.int(9)), subsidy: Money(fen: row.int(10)),
                 ref: row.optionalText(11), recordedAt: row.text(12), voidedIn: row.optionalText(13))
        }) else { throw CanteenError.notFound(.mealNotFound, ["meal": MealNumber(id: id)]) }
        return meal
    }
}
