/// An instant the books recorded (an ISO 8601 UTC timestamp) as a clerk's wall clock in the books' time zone
/// shows it: "already had lunch today at 11:42" means Shaoguan's 11:42, not the 03:42 stored.
public struct LocalTime: Sendable, Equatable, CustomStringConvertible {
    /// The local calendar date.
    public let date: CivilDate
    /// 0 to 23.
    public let hour: Int
    /// 0 to 59.
    public let minute: Int

    /// "11:42".
    public var description: String { String(hour).leftPadded(to: 2) + ":" + String(minute).leftPadded(to: 2) }
}

extension Clock {
    /// The seconds since 1970 of a timestamp as `timestamp()` writes it ("2026-11-29T05:09:03Z"); nil for other text.
    public static func seconds(ofTimestamp text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 20, utf8[10] == UInt8(ascii: "T"), utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              utf8[19] == UInt8(ascii: "Z"), let date = try? CivilDate(parsing: String(decoding: utf8[0..<10], as: UTF8.self)) else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? { Int.parseDigits(Substring(String(decoding: utf8[range], as: UTF8.self))) }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 61 else { return nil }
        return Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The local date and time in `zone` of an instant.
    public static func localTime(_ seconds: Int64, inTimeZone zone: String) -> LocalTime {
        let (local, overflow) = seconds.addingReportingOverflow(Int64(TimeZoneOffset.seconds(zone: zone, at: seconds)))
        let (day, second) = dayAndSecond(overflow ? seconds : local)
        return LocalTime(date: CivilDate(dayNumber: day), hour: second / 3600, minute: second / 60 % 60)
    }
}

extension Books {
    /// A recorded timestamp as the books' wall clock shows it; nil when the text is not a timestamp.
    public func localTime(ofTimestamp text: String) -> LocalTime? {
        Clock.seconds(ofTimestamp: text).map { Clock.localTime($0, inTimeZone: timeZone) }
    }
}
