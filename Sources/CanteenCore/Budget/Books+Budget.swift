import SQLite

/// The fund at a glance: total = all appropriations; drawn = subsidies net of voids; remaining = total − drawn.
public struct BudgetStatus: Sendable, Equatable {
    public let total: Money
    public let drawn: Money
    public let remaining: Money
}

/// An appropriation just added.
public struct Appropriation: Sendable, Equatable {
    public let amount: Money
    public let date: CivilDate
    public let note: String
    public let status: BudgetStatus
}

extension Books {
    /// The fund's balances, derived from the kept running balances of the journal.
    public func budget() throws -> BudgetStatus {
        try read { try budgetStatus() }
    }

    func budgetStatus() throws -> BudgetStatus {
        BudgetStatus(total: -(try balance(Account.appropriations)), drawn: try balance(Account.drawn),
                     remaining: try balance(Account.available))
    }

    /// Adds an appropriation to the fund (finance), dated into an open month.
    public func addAppropriation(_ amount: Money, note: String, date: CivilDate?, by actorName: String?) throws -> Appropriation {
        guard amount > .zero else { throw CanteenError.invalid("an appropriation must be above zero") }
        let memo = try TextField.validated(note, field: "--note (what the appropriation is)", limit: 200)
        let day = date ?? today
        try requireNotFuture(day, "the appropriation date")
        return try write {
            let actor = try authorize(actorName, .finance)
            try requireOpen(day, "an appropriation")
            try appendEntry(kind: .appropriation, date: day, period: day.yearMonth.description, memo: memo,
                            by: actor, postings: Posting.appropriation(amount))
            try log(actor, "budget add", subject: amount.description, detail: memo)
            return Appropriation(amount: amount, date: day, note: memo, status: try budgetStatus())
        }
    }
}
