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

    /// Moves today to the clock's date in the books' time zone, for a session that runs past midnight: its
    /// meals are dated the day they are served. Only ever from the clock, never to a date of the caller's.
    public func followClock() {
        let date = clock.today(inTimeZone: timeZone)
        if (try? CivilDate.requireInput(date)) != nil { today = date }
    }
}
