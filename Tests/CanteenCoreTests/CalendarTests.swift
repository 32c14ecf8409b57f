import Testing
import CanteenCore

private func date(_ text: String) throws -> CivilDate { try CivilDate(parsing: text) }

@Suite struct CivilDateParsingTests {
    @Test(arguments: ["2024-02-29", "2026-11-29", "2026-01-01", "2026-12-31", "1900-01-01", "2000-02-29", "0001-01-01"])
    func acceptsRealDays(text: String) throws {
        let parsed = try date(text)
        #expect(parsed.description == text)
    }

    @Test func fieldsAreTheDay() throws {
        let parsed = try date("2026-02-03")
        #expect((parsed.year, parsed.month, parsed.day) == (2026, 2, 3))
        #expect(parsed == CivilDate(year: 2026, month: 2, day: 3))
    }

    @Test(arguments: [
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-2-3", "26-02-03", "2026/02/03", "20260203", "2026-02-03 ", " 2026-02-03", "2026-02-03T00:00",
        "", "-", "--", "abcd-ef-gh", "+026-02-03", "2026-+2-03", "２０２６-02-03", "0000-01-01",
    ])
    func refusesAnythingElseAsInvalidInput(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try CivilDate(parsing: text) }
        #expect(error.kind == .invalidInput)
    }

    @Test func memberwiseInitRefusesImpossibleDays() {
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        // The arithmetic represents years far beyond four digits; typed dates are bounded by `CivilDate(input:)`.
        #expect(CivilDate(year: 100_000, month: 1, day: 1) == nil)
    }

    @Test(arguments: [(1900, false), (2000, true), (2024, true), (2025, false), (2100, false), (2400, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CivilDate.isLeap(year) == leap)
    }
}

@Suite struct DayNumberTests {
    @Test func epochIsDayZero() throws {
        #expect(try date("1970-01-01").dayNumber == 0)
        #expect(try date("1969-12-31").dayNumber == -1)
        #expect(try date("2000-03-01").dayNumber == 11_017)
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
    }

    @Test func everyDayFrom1900To2100RoundTripsAndFollowsTheDayBefore() throws {
        let first = try date("1900-01-01"), last = try date("2100-12-31")
        var previous: CivilDate? = nil
        var count = 0
        for number in first.dayNumber...last.dayNumber {
            let day = CivilDate(dayNumber: number)
            #expect(day.dayNumber == number)
            #expect(CivilDate(year: day.year, month: day.month, day: day.day) == day, "\(number) gave an impossible day")
            if let previous {
                #expect(previous < day)
                // The next day by the calendar rules, computed without dayNumber.
                let next = CivilDate(year: previous.year, month: previous.month, day: previous.day + 1)
                    ?? CivilDate(year: previous.year, month: previous.month + 1, day: 1)
                    ?? CivilDate(year: previous.year + 1, month: 1, day: 1)!
                #expect(day == next, "after \(previous)")
            }
            previous = day
            count += 1
        }
        #expect(previous == last)
        // 201 years, 49 of them leap (1900 and 2100 are not).
        #expect(count == 201 * 365 + 49)
    }

    @Test func addingDaysCrossesMonthsAndYears() throws {
        #expect(try date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(try date("2025-02-28").adding(days: 1) == date("2025-03-01"))
        #expect(try date("2026-12-31").adding(days: 1) == date("2027-01-01"))
        #expect(try date("2026-01-01").adding(days: -1) == date("2025-12-31"))
        #expect(try date("2026-11-29").adding(days: 0) == date("2026-11-29"))
    }
}

@Suite struct AgeTests {
    @Test(arguments: [
        // The 60th birthday itself, and the day before.
        ("1966-11-29", "2026-11-28", 59),
        ("1966-11-29", "2026-11-29", 60),
        ("1966-11-29", "2026-11-30", 60),
        ("1966-12-31", "2026-12-30", 59),
        ("1966-12-31", "2026-12-31", 60),
        ("1967-01-01", "2026-12-31", 59),
        // Born on 29 February: the birthday is 29 February in leap years, 1 March in common years.
        ("1964-02-29", "2024-02-28", 59),
        ("1964-02-29", "2024-02-29", 60),
        ("1964-02-29", "2025-02-28", 60),
        ("1964-02-29", "2025-03-01", 61),
        ("1960-02-29", "2025-02-28", 64),
        ("1960-02-29", "2025-03-01", 65),
        ("1960-02-29", "2020-02-28", 59),
        ("1960-02-29", "2020-02-29", 60),
        ("1966-03-01", "2026-02-28", 59),
        ("1966-03-01", "2026-03-01", 60),
        // Someone born today is 0.
        ("2026-11-29", "2026-11-29", 0),
    ])
    func completedYears(born: String, on day: String, age: Int) throws {
        #expect(try date(born).age(on: date(day)) == age)
    }

    @Test func reachingAgeIsTheFirstDayOfThatAge() throws {
        let born = try date("1964-02-29")
        #expect(born.reachingAge(60) == (try date("2024-02-29")))
        #expect(born.reachingAge(61) == (try date("2025-03-01")))
        for years in 55...70 {
            let day = born.reachingAge(years)
            #expect(born.age(on: day) == years)
            #expect(born.age(on: day.adding(days: -1)) == years - 1)
        }
    }

    @Test func anniversaryOf29FebruaryInCommonYearsIs1March() throws {
        let born = try date("2000-02-29")
        #expect(born.anniversary(in: 2024) == (try date("2024-02-29")))
        #expect(born.anniversary(in: 2025) == (try date("2025-03-01")))
        #expect(born.anniversary(in: 2100) == (try date("2100-03-01")))
    }
}

@Suite struct YearMonthTests {
    @Test(arguments: ["2026-11", "2026-01", "2026-12", "0001-01"])
    func parsesYYYYMM(text: String) throws {
        #expect(try YearMonth(parsing: text).description == text)
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "", "2026/11", "2026-+1", "0000-01"])
    func refusesAnythingElse(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try YearMonth(parsing: text) }
        #expect(error.kind == .invalidInput)
    }

    @Test func nextAndPreviousCrossYears() throws {
        let december = try YearMonth(parsing: "2026-12")
        #expect(december.next == (try YearMonth(parsing: "2027-01")))
        #expect(december.next.previous == december)
        let january = try YearMonth(parsing: "2026-01")
        #expect(january.previous == (try YearMonth(parsing: "2025-12")))
        #expect(try YearMonth(parsing: "2026-06").next == YearMonth(parsing: "2026-07"))
        #expect(january < december)
    }

    @Test func twelveStepsAreAYear() throws {
        var month = try YearMonth(parsing: "2025-03")
        for _ in 0..<12 { month = month.next }
        #expect(month == (try YearMonth(parsing: "2026-03")))
        for _ in 0..<24 { month = month.previous }
        #expect(month == (try YearMonth(parsing: "2024-03")))
    }

    @Test(arguments: [("2024-02", 29), ("2025-02", 28), ("2026-11", 30), ("2026-12", 31)])
    func firstAndLastDays(text: String, days: Int) throws {
        let month = try YearMonth(parsing: text)
        #expect(month.dayCount == days)
        #expect(month.firstDay.description == text + "-01")
        #expect(month.lastDay.description == text + "-\(days)")
        #expect(month.lastDay.adding(days: 1) == month.next.firstDay)
        #expect(month.firstDay.yearMonth == month && month.lastDay.yearMonth == month)
    }
}

@Suite(.serialized) struct ClockTests {
    /// 2026-11-28T16:30:00Z, which is already 29 November in Shanghai (UTC+8).
    static let lateAfternoonUTC: Int64 = 1_795_883_400

    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"),
        (1_795_883_400, "2026-11-28T16:30:00Z"),
        (86_399, "1970-01-01T23:59:59Z"),
        (86_400, "1970-01-02T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
    ] as [(Int64, String)])
    func timestampsAreISO8601UTC(seconds: Int64, text: String) {
        #expect(Clock.timestamp(seconds) == text)
    }

    @Test func aFixedClockStandsStill() {
        let clock = Clock.fixed(Self.lateAfternoonUTC)
        #expect(clock.now() == Self.lateAfternoonUTC)
        #expect(clock.timestamp() == "2026-11-28T16:30:00Z")
        #expect(clock.timestamp() == clock.timestamp())
    }

    @Test func todayDependsOnTheTimeZone() throws {
        let clock = Clock.fixed(Self.lateAfternoonUTC)
        #expect(clock.today(inTimeZone: "Asia/Shanghai") == (try date("2026-11-29")))
        #expect(clock.today(inTimeZone: "UTC") == (try date("2026-11-28")))
        // Half an hour before midnight in Shanghai is still the 28th there.
        let earlier = Clock.fixed(Self.lateAfternoonUTC - 3600)
        #expect(earlier.today(inTimeZone: "Asia/Shanghai") == (try date("2026-11-28")))
    }
}
