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

    /// The first day of the earliest month still open, or nil while no month is closed.
    func firstOpenDay() throws -> CivilDate? {
        try lastClosedMonth()?.next.firstDay
    }

    /// True while the books hold no meal at all: the first rules may then cover every date, closed months included.
    func noMealsYet() throws -> Bool {
        try db.scalarInt("SELECT 1 FROM meals LIMIT 1") == nil
    }

    /// When an effective-dated rule (a policy, a price) starts: `from` as given, or without it every date while
    /// nothing is closed (or the rule is `exempt`: the first of its kind, made before any meal it could apply to),
    /// else the first open day. A start before the first open day is refused unless exempt.
    func effectiveStart(_ from: CivilDate?, _ what: DatedThing, exempt: Bool) throws -> CivilDate {
        guard let first = try firstOpenDay(), !exempt else { return from ?? .always }
        guard let from else { return first }
        if from < first {
            throw CanteenError.rule(.startsBeforeFirstOpenDay, ["what": what, "date": from, "closed": first.yearMonth.previous, "first": first])
        }
        return from
    }

    /// The month a correction of something dated in `month` lands in: its own month while open, else the earliest open one.
    func postingPeriod(for month: YearMonth, in tx: WriteTransaction) throws -> YearMonth {
        guard let closed = try tx.ledger.lastClosedMonth(), month <= closed else { return month }
        return closed.next
    }
}
