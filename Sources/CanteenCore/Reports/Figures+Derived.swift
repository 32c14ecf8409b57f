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
        meals += line.meals
        gross = try gross.adding(line.gross)
        copay = try copay.adding(line.copay)
        subsidy = try subsidy.adding(line.subsidy)
        adjustments = try adjustments.adding(line.adjustments)
        copayAdjustments = try copayAdjustments.adding(line.copayAdjustments)
    }
}

extension Breakdown {
    /// Adds one row of derived figures: a slot or payment method appears once any meal of it counts.
    mutating func add(_ line: LineFigures, slot: MealSlot, pay: PaymentMethod) {
        voidedMeals += line.voided
        guard line.meals != 0 else { return }
        mealsBySlot[slot, default: 0] += line.meals
        copayByPay[pay] = (copayByPay[pay] ?? .zero) + line.copay
    }
}
