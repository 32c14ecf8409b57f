import SQLite

/// Records meals inside one write transaction, the same way for the counter, an import and the simulator: each
/// diner, canteen and the policies are read once per transaction, the rules are checked in memory, and the ledger
/// writes the meal and its entry, with the unique slot index and the fund's CHECK doing their work.
final class MealRecorder {
    private let books: Books
    private let tx: WriteTransaction
    private var sites: [String: Site] = [:]
    private var diners: [Int64: Diner] = [:]
    private var policies: [Policy]?
    private var charges: [ChargeKey: Charge] = [:]
    /// When the transaction records its meals: one instant for all of them, as they commit together.
    private lazy var transactionStamp = books.clock.timestamp()
    /// Each meal stamped by the clock as it is recorded: the simulator serves a whole day's meals, breakfast to
    /// dinner, in one transaction.
    private let stampsEachMeal: Bool

    private struct ChargeKey: Hashable {
        let category: DinerCategory
        let age: Int
        let date: CivilDate
        let price: Money
    }

    init(books: Books, in tx: WriteTransaction, stampsEachMeal: Bool = false) {
        self.books = books
        self.tx = tx
        self.stampsEachMeal = stampsEachMeal
    }

    /// The checks and writes of one meal: eligibility, one per slot, an open month, the price and policy in force,
    /// and the fund holding the subsidy (in total and as of the meal's month); then one balanced journal entry.
    func record(_ request: MealRequest, diner reference: DinerReference, site code: SiteCode, ref: String?,
                actor: Operator) throws -> MealReceipt {
        let date = request.date ?? books.today
        let diner = try diner(reference)
        let site = try site(code)
        do {
            return try recordNew(request, date: date, diner: diner, site: site, code: code, ref: ref, actor: actor)
        } catch {
            // A ref already recorded is answered by its meal, whatever the checks of a new meal would say. The unique
            // index on refs finds it when the meal is written, so a new meal costs no look-up of its ref.
            guard let ref, let existing = try books.mealID(ref: ref) else { throw error }
            let first = try books.loadMeal(id: existing)
            guard first.dinerNumber == diner.number, first.site == code.value, first.date == date,
                  first.slot == request.slot, first.pay == request.pay else {
                throw CanteenError.rule(.refUsedOtherwise, ["ref": ref, "meal": first.number, "diner": first.dinerNumber, "site": first.site,
                                                            "date": first.date, "slot": first.slot, "pay": first.pay])
            }
            return MealReceipt(meal: first, budgetRemaining: try tx.ledger.fundRemaining(), replayed: true)
        }
    }

    /// The checks and writes of a meal not recorded before.
    private func recordNew(_ request: MealRequest, date: CivilDate, diner: Diner, site: Site, code: SiteCode, ref: String?,
                           actor: Operator) throws -> MealReceipt {
        try books.requireNotFuture(date, .meal)
        if let closed = try tx.ledger.lastClosedMonth(), date.yearMonth <= closed {
            throw CanteenError.rule(.monthClosedFor, ["month": date.yearMonth, "closed": closed, "what": DatedThing.meal, "date": date])
        }
        guard diner.registeredOn <= date else {
            throw CanteenError.rule(.mealBeforeRegistration, ["diner": diner.number, "registered": diner.registeredOn, "date": date,
                                                             "name": diner.name])
        }
        if let end = diner.deactivatedOn, end <= date {
            throw CanteenError.rule(.mealDinerInactive, ["diner": diner.number, "date": end, "reason": diner.deactivationReason ?? .other,
                                                        "name": diner.name])
        }
        let age = diner.birthDate.age(on: date)
        guard age >= eligibleAge else {
            throw CanteenError.rule(.mealUnderAge, ["diner": diner.number, "age": age, "date": date, "minimum": eligibleAge,
                                                    "from": diner.birthDate.reachingAge(eligibleAge), "name": diner.name])
        }
        guard let price = site.price(on: date) else {
            throw CanteenError.rule(.mealNoPrice, ["site": code, "date": date,
                                                   "first": site.prices.first.map { MessageValue.date($0.from) } ?? .text("-")])
        }
        let category = diner.category(on: date)
        let key = ChargeKey(category: category, age: age, date: date, price: price)
        let charge: Charge
        if let known = charges[key] { charge = known } else {
            if policies == nil { policies = try books.cachedPolicies() }
            guard let resolved = PolicyResolution.charge(policies: policies!, category: category, age: age, date: date, price: price) else {
                throw CanteenError.rule(.mealNoPolicy, ["date": date, "category": category, "age": age])
            }
            // The price and policy are read from the file: amounts no command sets are damage, not a meal to record.
            guard Money.areMealAmounts(price: resolved.price, copay: resolved.copay, subsidy: resolved.subsidy) else {
                throw CanteenError.storage(.chargeDamaged, ["site": code, "date": date, "price": resolved.price, "copay": resolved.copay,
                                                            "subsidy": resolved.subsidy])
            }
            charges[key] = resolved
            charge = resolved
        }
        let recordedAt = stampsEachMeal ? books.clock.timestamp() : transactionStamp
        let written: (meal: Int64, entry: Int64)
        do {
            written = try tx.ledger.record(NewMeal(dinerID: diner.id, siteID: site.id, siteCode: site.code, date: date, slot: request.slot,
                                                   pay: request.pay, price: charge.price, copay: charge.copay, subsidy: charge.subsidy,
                                                   policyID: charge.policyID, ref: ref, operatorID: actor.id, recordedAt: recordedAt))
        } catch is SlotTaken {
            throw try duplicate(of: diner, slot: request.slot, on: date)
        } catch let short as FundShort {
            if let month = short.month {
                throw CanteenError.rule(.budgetExhaustedForMonth, ["month": month, "left": short.available, "subsidy": charge.subsidy],
                                        hint: Message(.hintAppropriationReachesBack, ["month": month]))
            }
            throw CanteenError.rule(.budgetExhausted, ["left": short.available, "subsidy": charge.subsidy], hint: Message(.hintBudgetAdd))
        }
        let meal = Meal(number: MealNumber(id: written.meal), dinerNumber: diner.number, dinerName: diner.name,
                        residentID: diner.residentID.value, site: site.code, siteName: site.name, date: date,
                        slot: request.slot, pay: request.pay, price: charge.price, copay: charge.copay, subsidy: charge.subsidy,
                        ref: ref, recordedAt: recordedAt, voidedIn: nil)
        return MealReceipt(meal: meal, budgetRemaining: try tx.ledger.fundRemaining(), replayed: false)
    }

    /// Forgets a diner read earlier in the transaction, after the transaction changed them (a deactivation).
    func forget(diner id: Int64) { diners[id] = nil }

    /// The refusal of a second meal in a slot, naming the first: where, which meal, when it was recorded.
    private func duplicate(of diner: Diner, slot: MealSlot, on date: CivilDate) throws -> CanteenError {
        guard let first = try tx.db.cached("""
            SELECT m.id, s.code, m.recorded_at, s.name FROM meals m JOIN sites s ON s.id = m.site_id
            WHERE m.diner_id = ? AND m.meal_date = ? AND m.slot = ? AND m.void_entry_id IS NULL
            """).first([diner.id, date.description, slot.rawValue], { (MealNumber(id: $0.int(0)), $0.text(1), $0.text(2), $0.text(3)) }) else {
            return CanteenError.storage(.unexpectedError, ["text": "the slot index refused a meal no other meal holds"])
        }
        return CanteenError.rule(.mealDuplicate, ["diner": diner.number, "slot": slot, "date": date, "site": first.1, "meal": first.0,
                                                  "at": first.2, "siteName": first.3, "name": diner.name,
                                                  "time": books.localTime(ofTimestamp: first.2)?.description ?? first.2])
    }

    private func diner(_ reference: DinerReference) throws -> Diner {
        switch reference {
        case .number(let number):
            if let known = diners[number.id] { return known }
            let diner = try books.loadDiner(id: number.id)
            diners[number.id] = diner
            return diner
        default:
            let diner = try books.requireDiner(reference)
            diners[diner.id] = diner
            return diner
        }
    }

    private func site(_ code: SiteCode) throws -> Site {
        if let known = sites[code.value] { return known }
        let site = try books.requireSiteWithPrices(code)
        sites[code.value] = site
        return site
    }
}
