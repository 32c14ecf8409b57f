/// A calendar date without time or zone (the proleptic Gregorian calendar), as meals and registrations are dated.
///
/// Two ranges: what a person may type or the books may hold (`inputRange`, 1900-01-01 to 9899-12-31, four-digit
/// years with room for the century the program adds: a forecast's run-out date, an age reached), and what the
/// arithmetic can represent (`representableYears`, far wider), so that stepping, adding days and birthdays are
/// total functions: near the ends of the wide range they clamp, and nothing ever traps.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Within `representableYears`; within 1900...9899 for every date typed or stored.
    public let year: Int
    /// 1 to 12 (January is 1).
    public let month: Int
    /// 1 to the month's length: an impossible date cannot be built.
    public let day: Int

    /// The years the arithmetic works in: wide enough that no date the books hold, plus or minus what the
    /// program adds to one, comes near an end; the day numbers of its ends are far from Int's.
    public static let representableYears = -99_999...99_999

    /// The first and last dates a person may type (and so the books may hold): 1900 is the first birth year an
    /// ID number may carry; 9899-12-31 leaves a century below 9999-12-31, so every date the program derives from a
    /// typed one (run-out dates at most 36,500 days on, the next month, the day after) still prints as YYYY-MM-DD.
    public static let inputRange = CivilDate(unchecked: 1900, 1, 1)...CivilDate(unchecked: 9899, 12, 31)

    /// The earliest and latest dates the arithmetic represents; results beyond them are clamped to them.
    public static let earliestRepresentable = CivilDate(unchecked: representableYears.lowerBound, 1, 1)
    public static let latestRepresentable = CivilDate(unchecked: representableYears.upperBound, 12, 31)
    private static let dayNumbers = earliestRepresentable.dayNumber...latestRepresentable.dayNumber

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date, or nil when there is no such day (30 February, month 13) or the year is outside `representableYears`.
    public init?(year: Int, month: Int, day: Int) {
        guard CivilDate.representableYears.contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly YYYY-MM-DD (years 0001 to 9999): the syntax, for dates read back from the books.
    public init(parsing text: String) throws {
        // Read as bytes: every stored date of every row read passes here. YYYY-MM-DD is ten ASCII bytes.
        var bytes = text
        guard let parsed = bytes.withUTF8(CivilDate.parse) else { throw CanteenError.invalid(.dateMalformed, ["text": text]) }
        self = parsed
    }

    /// YYYY-MM-DD in ten bytes, digits where digits belong, a real day; nil otherwise.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), y >= 1 else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// Parses a date a person typed: YYYY-MM-DD within `inputRange` (invalid input, 65, otherwise).
    public init(input text: String) throws {
        let date = try CivilDate(parsing: text)
        guard CivilDate.inputRange.contains(date) else {
            throw CanteenError.invalid(.dateOutOfRange, ["text": text, "earliest": CivilDate.inputRange.lowerBound,
                                                         "latest": CivilDate.inputRange.upperBound])
        }
        self = date
    }

    /// Refuses a date outside `inputRange` (invalid input, 65): what the books take from a caller, not parsed.
    public static func requireInput(_ date: CivilDate) throws {
        guard inputRange.contains(date) else {
            throw CanteenError.invalid(.dateOutOfRange, ["text": date.description, "earliest": inputRange.lowerBound,
                                                         "latest": inputRange.upperBound])
        }
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

    /// The date `dayNumber` days after 1970-01-01, clamped to the representable dates.
    public init(dayNumber: Int) {
        let clamped = min(max(dayNumber, CivilDate.dayNumbers.lowerBound), CivilDate.dayNumbers.upperBound)
        let z = clamped + 719_468
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

    /// The date `days` later (earlier when negative), clamped to the representable dates.
    public func adding(days: Int) -> CivilDate {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        return CivilDate(dayNumber: overflow ? (days < 0 ? .min : .max) : sum)
    }

    /// The month this date falls in.
    public var yearMonth: YearMonth { YearMonth(uncheckedYear: year, month: month) }

    /// The birthday of someone born on this date, in `year`: 29 February falls on 1 March in common years,
    /// the rule of Chinese civil practice (the person has not completed the year before that day).
    /// A year outside `representableYears` is clamped to it.
    public func anniversary(in year: Int) -> CivilDate {
        let year = min(max(year, CivilDate.representableYears.lowerBound), CivilDate.representableYears.upperBound)
        if month == 2, day == 29, !CivilDate.isLeap(year) {
            return CivilDate(unchecked: year, 3, 1)
        }
        return CivilDate(unchecked: year, month, day)
    }

    /// Completed years of age on `date` for someone born on this date.
    public func age(on date: CivilDate) -> Int {
        let years = date.year - year
        return date < anniversary(in: date.year) ? years - 1 : years
    }

    /// The date someone born on this date reaches `age`.
    public func reachingAge(_ age: Int) -> CivilDate {
        let (year, overflow) = self.year.addingReportingOverflow(age)
        return anniversary(in: overflow ? (age < 0 ? .min : .max) : year)
    }

    /// As stored and printed: "2026-11-29"; a year beyond four digits (never stored) as ISO 8601's expanded form.
    public var description: String {
        guard (0...9999).contains(year) else {
            return CivilDate.yearText(year) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
        }
        // Written as bytes: a date is formatted for every row the books write or list.
        return String(unsafeUninitializedCapacity: 10) { bytes in
            CivilDate.writeDigits(year, width: 4, into: bytes, at: 0)
            bytes[4] = 0x2D
            CivilDate.writeDigits(month, width: 2, into: bytes, at: 5)
            bytes[7] = 0x2D
            CivilDate.writeDigits(day, width: 2, into: bytes, at: 8)
            return 10
        }
    }

    /// Writes `value` (0 or more) as `width` decimal digits, zero-padded, at `offset`.
    static func writeDigits(_ value: Int, width: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            bytes[index] = UInt8(0x30 + rest % 10)
            rest /= 10
        }
    }

    static func yearText(_ year: Int) -> String {
        switch year {
        case 0...9999: String(year).leftPadded(to: 4)
        case ..<0: "-" + String(year.magnitude).leftPadded(to: 4)
        default: "+" + String(year)
        }
    }

    /// Orders by date.
    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// A calendar month, the unit in which the books are closed. Like `CivilDate`, its arithmetic works over
/// `CivilDate.representableYears` and clamps at their ends; typed months lie within `inputRange`.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Within `CivilDate.representableYears`; within 1900...9899 for every month typed or stored.
    public let year: Int
    /// 1 to 12 (January is 1).
    public let month: Int

    /// A month; the year is clamped to `CivilDate.representableYears` and the month to 1...12.
    init(uncheckedYear year: Int, month: Int) {
        self.year = min(max(year, CivilDate.representableYears.lowerBound), CivilDate.representableYears.upperBound)
        self.month = min(max(month, 1), 12)
    }

    /// The months a person may type: those of `CivilDate.inputRange`.
    public static let inputRange = CivilDate.inputRange.lowerBound.yearMonth...CivilDate.inputRange.upperBound.yearMonth

    /// Parses exactly YYYY-MM (years 0001 to 9999): the syntax, for months read back from the books.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 4, parts[1].utf8.count == 2,
              let y = Int.parseDigits(parts[0]), let m = Int.parseDigits(parts[1]),
              (1...9999).contains(y), (1...12).contains(m) else {
            throw CanteenError.invalid(.monthMalformed, ["text": text])
        }
        self.init(uncheckedYear: y, month: m)
    }

    /// Parses a month a person typed: YYYY-MM within `inputRange` (invalid input, 65, otherwise).
    public init(input text: String) throws {
        let month = try YearMonth(parsing: text)
        guard YearMonth.inputRange.contains(month) else {
            throw CanteenError.invalid(.monthOutOfRange, ["text": text, "earliest": YearMonth.inputRange.lowerBound,
                                                          "latest": YearMonth.inputRange.upperBound])
        }
        self = month
    }

    /// The first day of the month.
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1) ?? CivilDate(dayNumber: 0) }

    /// The last day of the month.
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: dayCount) ?? CivilDate(dayNumber: 0) }

    /// The number of days in the month.
    public var dayCount: Int { CivilDate.daysIn(month: month, year: year) }

    /// The month after this one (the last representable month stays itself).
    public var next: YearMonth { adding(months: 1) }

    /// The month before this one (the first representable month stays itself).
    public var previous: YearMonth { adding(months: -1) }

    /// Months since January of year 0 (negative before): what `adding(months:)` counts in.
    private var index: Int { year * 12 + (month - 1) }

    private static let firstIndex = CivilDate.representableYears.lowerBound * 12
    private static let lastIndex = CivilDate.representableYears.upperBound * 12 + 11

    /// `count` months later (earlier when negative), clamped to the representable months.
    public func adding(months count: Int) -> YearMonth {
        // Clamping the step first keeps the sum far from Int's ends; clamping the sum keeps it representable.
        let span = YearMonth.lastIndex - YearMonth.firstIndex
        let target = min(max(index + min(max(count, -span), span), YearMonth.firstIndex), YearMonth.lastIndex)
        let y = target >= 0 ? target / 12 : (target - 11) / 12
        return YearMonth(uncheckedYear: y, month: target - y * 12 + 1)
    }

    /// As stored and printed: "2026-11"; also the journal's period of the month.
    public var description: String { CivilDate.yearText(year) + "-" + String(month).leftPadded(to: 2) }

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
