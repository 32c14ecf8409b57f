import SQLite

extension Books {
    /// Checks, before a counter session reads its first line, that it may run at all: the operator may record
    /// meals (77) and the canteen exists (66). Each meal of the session is then its own `recordMeal`, which
    /// checks everything again against the books as they are by then.
    public func openCounter(site code: String, by actorName: String?) throws -> Site {
        let siteCode = try SiteCode(code)
        return try read {
            _ = try authorize(actorName, .counter)
            return try requireSiteWithPrices(siteCode)
        }
    }

}

/// Keeps a long session's books on the clock's date, so that a service running past midnight dates its meals the
/// day they are served. It reads the zone's offset only when the date may have changed (at local midnight, and
/// hourly for zones whose offset moves), not for every meal. Only ever to the clock's date, never to another.
public struct ClockDay: Sendable {
    private var nextCheck = Int64.min

    public init() {}

    /// Moves `books.today` to the clock's date when it may have changed since the last call.
    public mutating func update(_ books: Books) {
        let now = books.clock.now()
        guard now >= nextCheck else { return }
        let (local, overflow) = now.addingReportingOverflow(Int64(TimeZoneOffset.seconds(zone: books.timeZone, at: now)))
        let (day, second) = Clock.dayAndSecond(overflow ? now : local)
        let date = CivilDate(dayNumber: day)
        if (try? CivilDate.requireInput(date)) != nil { books.today = date }
        nextCheck = now + Int64(min(86_400 - second, 3600))
    }
}

/// What a counter session must learn of other processes' commits that no meal of its own would tell it: that one of
/// its meals was voided elsewhere (`meal void` in the back office, another counter), so that its served count and
/// cash summary stop counting it. It asks SQLite's data_version, which moves only when another connection commits,
/// and only then reads the journal's entries since the last look: the cost of a look is what others wrote since,
/// nothing when no one did.
public struct CounterWatch: Sendable {
    private var dataVersion: Int64
    /// The last journal entry looked at: the journal is append-only and its ids only grow, so every void made
    /// after it has a larger id.
    private var lastEntry: Int64

    /// Starts watching from the books as they are now.
    public init(_ books: Books) throws {
        (dataVersion, lastEntry) = try books.read {
            (try books.db.scalarInt("PRAGMA data_version") ?? 0, try books.db.scalarInt("SELECT max(id) FROM journal") ?? 0)
        }
    }

    /// The meals voided by journal entries committed since the last look, this connection's own voids among them
    /// (callers keep a void idempotent). Empty, after one pragma, when no other connection has committed.
    public mutating func voidedSinceLastLook(_ books: Books) throws -> [MealNumber] {
        let version = try Books.mapErrors { try books.db.scalarInt("PRAGMA data_version") ?? 0 }
        guard version != dataVersion else { return [] }
        var voided: [MealNumber] = []
        var last = lastEntry
        try books.read {
            try books.db.cached("SELECT id, kind = 'void', meal_id FROM journal WHERE id > ? ORDER BY id").forEach([lastEntry]) { row in
                last = row.int(0)
                if row.int(1) != 0 { voided.append(MealNumber(id: row.int(2))) }
            }
        }
        // Only once the look succeeded: a failed one is made again at the next line.
        dataVersion = version
        lastEntry = last
        return voided
    }
}
