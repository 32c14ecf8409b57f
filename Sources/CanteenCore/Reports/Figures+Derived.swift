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

extension Figures {
    /// Adds one row of derived figures; the sums are checked, since they add up stored amounts.
    mutating func add(_ line: LineFigures) throws {
        meals = try meals.checkedAdding(line.meals)
        gross = try gross.adding(line.gross)
        copay = try copay.adding(line.copay)
        subsidy = try subsidy.adding(line.subsidy)
        adjustments = try adjustments.adding(line.adjustments)
        copayAdjustments = try copayAdjustments.adding(line.copayAdjustments)
    }

    /// Refuses (74, "the file may be damaged") figures read from a file whose payable or cash variance, derived by
    /// `Money`'s clamping operators, would not be exact: a report never shows a clamped figure as if it were true.
    func requireExact() throws {
        _ = try subsidy.adding(adjustments)
        if let cashDeclared { _ = try cashDeclared.subtracting(copayOfDeclared ?? copay) }
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
    /// Refuses (74) a month whose closing, read from a file, would not be exact.
    func requireExact() throws {
        _ = try opening.adding(appropriated).subtracting(drawn)
    }
}

extension MonthReport {
    /// Every derived figure of the report is exact: each canteen's and the totals' payable and variance, the fund's
    /// closing this month and in the history.
    func requireExact() throws {
        for site in sites { try site.figures.requireExact() }
        try totals.requireExact()
        try budget.requireExact()
        for month in history { try month.requireExact() }
    }
}
