/// A calendar date without time or zone (the proleptic Gregorian calendar), as meals and registrations are dated.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1 to 9999, so the date always prints as four digits.
    public let year: Int
    /// 1 to 12 (January is 1).
    public let month: Int
    /// 1 to the month's length: an impossible date cannot be built.
    public let day: Int

    /// A date, or nil when there is no such day (30 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly YYYY-MM-DD.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int.parseDigits(parts[0]), let m = Int.parseDigits(parts[1]), let d = Int.parseDigits(parts[2]),
              let date = CivilDate(year: y, month: m, day: d) else {
            throw CanteenError.invalid(.dateMalformed, ["text": text])
        }
        self = date
    }

    /// True in leap years of the Gregorian calendar.
    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), so dates can be subtracted and stepped.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil: eras of 400 years make the arithmetic exact.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The month this date falls in.
    public var yearMonth: YearMonth { YearMonth(uncheckedYear: year, month: month) }

    /// The birthday of someone born on this date, in `year`: 29 February falls on 1 March in common years,
    /// the rule of Chinese civil practice (the person has not completed the year before that day).
    public func anniversary(in year: Int) -> CivilDate {
        if month == 2, day == 29, !CivilDate.isLeap(year) {
            return CivilDate(year: year, month: 3, day: 1)!
        }
        return CivilDate(year: year, month: month, day: day)!
    }

    /// Completed years of age on `date` for someone born on this date.
    public func age(on date: CivilDate) -> Int {
        let years = date.year - year
        return date < anniversary(in: date.year) ? years - 1 : years
    }

    /// The date someone born on this date reaches `age`.
    public func reachingAge(_ age: Int) -> CivilDate { anniversary(in: year + age) }

    /// As stored and printed: "2026-11-29".
    public var description: String {
        String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
    }

    /// Orders by date.
    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// A calendar month, the unit in which the books are closed.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1 to 9999, so it always prints as four digits.
    public let year: Int
    /// 1 to 12 (January is 1).
    public let month: Int

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses exactly YYYY-MM.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int.parseDigits(parts[0]), let m = Int.parseDigits(parts[1]),
              (1...9999).contains(y), (1...12).contains(m) else {
            throw CanteenError.invalid(.monthMalformed, ["text": text])
        }
        self.init(uncheckedYear: y, month: m)
    }

    /// The first day of the month.
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }

    /// The last day of the month.
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))! }

    /// The number of days in the month.
    public var dayCount: Int { CivilDate.daysIn(month: month, year: year) }

    /// The month after this one.
    public var next: YearMonth { month == 12 ? YearMonth(uncheckedYear: year + 1, month: 1) : YearMonth(uncheckedYear: year, month: month + 1) }

    /// The month before this one.
    public var previous: YearMonth { month == 1 ? YearMonth(uncheckedYear: year - 1, month: 12) : YearMonth(uncheckedYear: year, month: month - 1) }

    /// As stored and printed: "2026-11"; also the journal's period of the month.
    public var description: String { String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) }

    /// Orders by month.
    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

extension Int {
    /// Parses ASCII digits only: no sign, no spaces, unlike `Int(_:)`.
    static func parseDigits(_ text: Substring) -> Int? {
        Int64.parseDigits(text).map { Int($0) }
    }
}

extension String {
    /// Pads with leading zeros to `width` characters.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
