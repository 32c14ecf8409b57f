import SQLite

extension Books {
    /// The latest closed month; every month up to it is sealed.
    func lastClosedMonth() throws -> YearMonth? {
        try db.scalarText("SELECT max(month) FROM month_closes").flatMap { try? YearMonth(parsing: $0) }
    }

    /// Refuses a date in a closed month: closed months never change.
    func requireOpen(_ date: CivilDate, _ what: DatedThing) throws {
        if let closed = try lastClosedMonth(), date.yearMonth <= closed {
            throw CanteenError.rule(.monthClosedFor, ["month": date.yearMonth, "closed": closed, "what": what, "date": date])
        }
    }

    /// The month a correction of something dated in `month` lands in: its own month while open, else the earliest open one.
    func postingPeriod(for month: YearMonth) throws -> YearMonth {
        guard let closed = try lastClosedMonth(), month <= closed else { return month }
        return closed.next
    }
}
