import SQLite

/// The fund at a glance: total = all appropriations; drawn = subsidies net of voids; remaining = total − drawn.
public struct BudgetStatus: Sendable, Equatable {
    /// All appropriations ever made, the opening one included.
    public let total: Money
    /// Subsidies of recorded meals, net of voids.
    public let drawn: Money
    /// total − drawn; never below zero, since a meal that would overdraw it is refused.
    public let remaining: Money
}

/// An appropriation just added.
public struct Appropriation: Sendable, Equatable {
    /// The amount added; always above zero.
    public let amount: Money
    /// The date it is booked on: today unless given, and always in an open month.
    public let date: CivilDate
    /// What the appropriation is, trimmed (at most 200 characters); also the journal entry's memo.
    public let note: String
    /// The fund's balances right after this appropriation.
    public let status: BudgetStatus
}

extension Books {
    /// The fund's balances, derived from the kept running balances of the journal.
    public func budget() throws -> BudgetStatus {
        try read { try budgetStatus() }
    }

    /// Total and drawn from the fund's per-period figures (a few dozen rows however old the books), remaining
    /// from the kept balance; audit verify proves total − drawn = remaining. Inside a write, call it after the
    /// ledger has flushed.
    func budgetStatus() throws -> BudgetStatus {
        let (total, drawn) = try db.cached("SELECT coalesce(sum(appropriated_fen), 0), coalesce(sum(drawn_fen), 0) FROM fund_periods")
            .first { ($0.int(0), $0.int(1)) } ?? (0, 0)
        return BudgetStatus(total: Money(fen: total), drawn: Money(fen: drawn), remaining: try fundRemaining())
    }

    /// Adds an appropriation to the fund (finance), dated into an open month.
    public func addAppropriation(_ amount: Money, note: String, date: CivilDate?, by actorName: String?) throws -> Appropriation {
        guard amount > .zero else { throw CanteenError.invalid(.appropriationZero) }
        let memo = try TextField.validated(note, field: .note, limit: 200)
        let day = date ?? today
        try requireNotFuture(day, .appropriation)
        return try write { tx in
            let actor = try authorize(actorName, .finance)
            try requireOpen(day, .appropriation)
            // The fund's limit keeps every balance and sum derived from it far from Int64's edge (see Money.fundLimit).
            let total = try budgetStatus().total
            guard amount <= Money.fundLimit, total <= Money.fundLimit - amount else {
                throw CanteenError.rule(.fundLimitExceeded, ["total": total, "amount": amount, "limit": Money.fundLimit])
            }
            _ = try tx.ledger.appropriate(amount, date: day, period: day.yearMonth.description, memo: memo, by: actor, at: clock.timestamp())
            try log(actor, "budget add", subject: amount.description, detail: .appropriation(note: memo), in: tx)
            try tx.ledger.flush()
            return Appropriation(amount: amount, date: day, note: memo, status: try budgetStatus())
        }
    }
}
