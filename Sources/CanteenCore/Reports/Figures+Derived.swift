/// One row of the derived figures the ledger keeps (a period, canteen, slot and payment method).
struct LineFigures {
    let meals: Int
    let gross: Money
    let copay: Money
    let subsidy: Money
    let voided: Int
    let adjustments: Money
    let copayAdjustments: Money
}

extension LineFigures {
    /// What every row the ledger keeps holds: no negative count, value, copay or subsidy, no positive adjustment,
    /// and value = copay + subsidy (a meal voided within its month takes back exactly what it added).
    var isPossible: Bool {
        meals >= 0 && voided >= 0 && gross >= .zero && copay >= .zero && subsidy >= .zero && adjustments <= .zero
            && copayAdjustments <= .zero && (try? copay.adding(subsidy)) == gross
    }
}

extension Figures {
    /// Adds one row of derived figures; a row no book could hold is refused (74), and the sums are checked, since
    /// they add up stored amounts.
    mutating func add(_ line: LineFigures) throws {
        guard line.isPossible else { throw CanteenError.storage(.keptFiguresDamaged) }
        meals = try meals.checkedAdding(line.meals)
        gross = try gross.adding(line.gross)
        copay = try copay.adding(line.copay)
        subsidy = try subsidy.adding(line.subsidy)
        adjustments = try adjustments.adding(line.adjustments)
        copayAdjustments = try copayAdjustments.adding(line.copayAdjustments)
    }

    /// Refuses (74, "the file may be damaged") figures read from a file that no book could hold (see `canBeSealed`),
    /// or whose payable or cash variance, derived by `Money`'s clamping operators, would not be exact: a report
    /// never shows such a figure as if it were true.
    func requireExact() throws {
        guard canBeSealed else { throw CanteenError.storage(.keptFiguresDamaged) }
        _ = try subsidy.adding(adjustments)
        if let cashDeclared { _ = try cashDeclared.subtracting(copayOfDeclared ?? copay) }
    }

    /// What month_closes and month_close_sites require of sealed figures, and what every month the books make
    /// holds: no negative count, meal value, copay or subsidy, no positive adjustment, no negative declaration,
    /// and meal value = copay + subsidy.
    var canBeSealed: Bool {
        meals >= 0 && diners >= 0 && gross >= .zero && copay >= .zero && subsidy >= .zero && adjustments <= .zero
            && copayAdjustments <= .zero && (cashDeclared ?? .zero) >= .zero && (try? copay.adding(subsidy)) == gross
    }
}

extension Breakdown {
    /// Adds one row of derived figures: a slot or payment method appears once any meal of it counts. The sums are
    /// checked, like the figures'.
    mutating func add(_ line: LineFigures, slot: MealSlot, pay: PaymentMethod) throws {
        voidedMeals = try voidedMeals.checkedAdding(line.voided)
        guard line.meals != 0 else { return }
        meals = try meals.checkedAdding(line.meals)
        mealsBySlot[slot] = try (mealsBySlot[slot] ?? 0).checkedAdding(line.meals)
        copayByPay[pay] = try (copayByPay[pay] ?? .zero).adding(line.copay)
        copay = try copay.adding(line.copay)
    }
}

extension BudgetMonth {
    /// Refuses (74) a month whose fund, read from a file, no book could hold: an opening, appropriation or closing
    /// below zero or beyond the fund's limit, or a closing that would not be exact.
    func requireExact() throws {
        let closing = try opening.adding(appropriated).subtracting(drawn)
        let possible = Money.zero...Money.fundLimit
        guard possible.contains(opening), possible.contains(appropriated), possible.contains(closing) else {
            throw CanteenError.storage(.keptFiguresDamaged)
        }
    }
}
