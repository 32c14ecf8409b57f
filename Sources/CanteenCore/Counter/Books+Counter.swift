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
