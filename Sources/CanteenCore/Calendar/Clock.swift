@preconcurrency import Glibc

/// The source of the current instant, injected so that tests and the simulator are deterministic.
public struct Clock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let now: @Sendable () -> Int64

    /// A clock reading `now`; tests and the simulator pass a fixed or stepped source.
    public init(now: @escaping @Sendable () -> Int64) { self.now = now }

    /// The machine's clock.
    public static let system = Clock { Int64(time(nil)) }

    /// A clock stopped at one instant.
    public static func fixed(_ seconds: Int64) -> Clock { Clock { seconds } }

    /// The current instant as an ISO 8601 UTC timestamp, as recorded on every change.
    public func timestamp() -> String { Clock.timestamp(now()) }

    /// An instant as an ISO 8601 UTC timestamp ("2026-11-29T05:09:03Z").
    public static func timestamp(_ seconds: Int64) -> String {
        let (days, rest) = dayAndSecond(seconds)
        let date = CivilDate(dayNumber: days)
        guard (0...9999).contains(date.year) else {
            let two = { (n: Int) in String(n).leftPadded(to: 2) }
            return "\(date)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
        }
        return String(unsafeUninitializedCapacity: 20) { bytes in
            CivilDate.writeDigits(date.year, width: 4, into: bytes, at: 0)
            bytes[4] = 0x2D
            CivilDate.writeDigits(date.month, width: 2, into: bytes, at: 5)
            bytes[7] = 0x2D
            CivilDate.writeDigits(date.day, width: 2, into: bytes, at: 8)
            bytes[10] = 0x54
            CivilDate.writeDigits(rest / 3600, width: 2, into: bytes, at: 11)
            bytes[13] = 0x3A
            CivilDate.writeDigits(rest / 60 % 60, width: 2, into: bytes, at: 14)
            bytes[16] = 0x3A
            CivilDate.writeDigits(rest % 60, width: 2, into: bytes, at: 17)
            bytes[19] = 0x5A
            return 20
        }
    }

    /// The day (since 1970-01-01) and the second within it of an instant; floor division, total for every Int64.
    static func dayAndSecond(_ seconds: Int64) -> (day: Int, second: Int) {
        let (quotient, remainder) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return remainder < 0 ? (Int(quotient) - 1, Int(remainder) + 86_400) : (Int(quotient), Int(remainder))
    }

    /// The calendar date of the current instant in a time zone of the tz database (e.g. Asia/Shanghai).
    public func today(inTimeZone zone: String) -> CivilDate {
        let instant = now()
        let offset = TimeZoneOffset.seconds(zone: zone, at: instant)
        let (local, overflow) = instant.addingReportingOverflow(Int64(offset))
        return CivilDate(dayNumber: Clock.dayAndSecond(overflow ? instant : local).day)
    }
}

/// Offsets from the system's tz database, read through the C library.
enum TimeZoneOffset {
    /// True when `zone` can be used: UTC, Asia/Shanghai (built in, for machines without tzdata), or a zone
    /// file of the system's tz database (a regular file that starts with the TZif magic).
    static func isKnown(_ zone: String) -> Bool {
        if zone == "UTC" || zone == "Asia/Shanghai" { return true }
        return hasZoneFile(zone)
    }

    private static func hasZoneFile(_ zone: String) -> Bool {
        guard !zone.isEmpty, !zone.contains(".."), !zone.hasPrefix("/"), let file = fopen("/usr/share/zoneinfo/" + zone, "rb") else { return false }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        return fread(&magic, 1, 4, file) == 4 && magic == Array("TZif".utf8)
    }

    /// The zone's offset from UTC in seconds at an instant; Asia/Shanghai falls back to +8 where no tz database is installed.
    static func seconds(zone: String, at instant: Int64) -> Int {
        guard hasZoneFile(zone) else { return zone == "Asia/Shanghai" ? 8 * 3600 : 0 }
        // localtime_r reads TZ, which is the process's: the lock keeps two threads (tests run in parallel) from
        // reading each other's zone, and the old value is put back.
        return tzLock.withLock {
            let previous = getenv("TZ").map { String(cString: $0) }
            setenv("TZ", zone, 1)
            tzset()
            var t = time_t(instant)
            var parts = tm()
            localtime_r(&t, &parts)
            if let previous { setenv("TZ", previous, 1) } else { unsetenv("TZ") }
            tzset()
            return Int(parts.tm_gmtoff)
        }
    }

    private static let tzLock = ProcessLock()
}
