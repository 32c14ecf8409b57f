import Testing
@testable import CanteenCore
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The bounds on amounts and dates, and the arithmetic that relies on them.
@Suite struct MoneyBoundsTests {
    @Test func checkedOperationsRefuseWhatLeavesInt64() throws {
        #expect(try Money(fen: 5).adding(Money(fen: 7)) == Money(fen: 12))
        let error = try #require(throws: CanteenError.self) { try Money(fen: .max).adding(Money(fen: 1)) }
        #expect(error.kind == .storage && error.message.key == .amountOverflow)
        #expect(throws: CanteenError.self) { try Money(fen: .min).subtracting(Money(fen: 1)) }
        #expect(throws: CanteenError.self) { try [Money(fen: .max), Money(fen: 1)].checkedSum() }
        #expect(try [Money(fen: .max), Money(fen: -1), Money(fen: 1)].checkedSum() == Money(fen: .max))
    }

    @Test func countsAndIdsReadFromAFileAreAddedChecked() throws {
        #expect(try Int64(41).checkedAdding(1) == 42)
        let error = try #require(throws: CanteenError.self) { try Int.max.checkedAdding(1) }
        #expect(error.kind == .storage && error.message.key == .countOverflow && error.isOverflow)
        #expect(throws: CanteenError.self) { try Int64.min.checkedAdding(-1) }
    }

    @Test func aMealsAmountsAreTheBooksOwnOrDamage() {
        let made = { (price: Int64, copay: Int64, subsidy: Int64) in
            Money.areMealAmounts(price: Money(fen: price), copay: Money(fen: copay), subsidy: Money(fen: subsidy))
        }
        #expect(made(1800, 1000, 800))
        #expect(made(Money.largest.fen, 0, Money.largest.fen))
        #expect(!made(0, 0, 0))
        #expect(!made(1800, 1000, 801))
        #expect(!made(1800, -1, 1801))
        #expect(!made(.max - 1000, 1000, .max - 2000))
        #expect(!made(.max, .max, .max))
    }

    @Test func derivedFiguresSayWhenASumLeftInt64() {
        var delta = FigureDelta()
        let exact = delta.count(price: 1800, copay: 1000, subsidy: 800)
        #expect(!exact)
        #expect(delta == FigureDelta(meals: 1, gross: 1800, copay: 1000, subsidy: 800))
        let past = delta.count(price: .max, copay: 0, subsidy: .max)
        var voided = FigureDelta(), adjusted = FigureDelta()
        let below = voided.voidWithin(price: .min, copay: 0, subsidy: 0)
        let reversed = adjusted.adjust(copay: .min, subsidy: 0)
        #expect(past && below && reversed)
    }

    @Test func theOperatorsClampInsteadOfTrapping() {
        #expect((Money(fen: .max) + Money(fen: 1)).fen == .max)
        #expect((Money(fen: .min) - Money(fen: 1)).fen == .min)
        #expect((Money(fen: 0) - Money(fen: .min)).fen == .max)
        #expect((-Money(fen: .min)).fen == .max)
        #expect(Money(yuan: .max).fen == .max && Money(yuan: .min).fen == .min)
        #expect(Money(fen: .min).description == "-92233720368547758.08")
        #expect(Money(fen: .min).grouped == "-92,233,720,368,547,758.08")
    }

    @Test(arguments: [
        (Int64(10), Int64(30), Int64(7), Int64(42)),
        (-10, 30, 7, -42),
        (.max, 30, 90, .max / 3),
        (.max, .max, .max, .max),
        (.min, 1, -1, .max),
        (.min, -1, 1, .max),
        (.max, 2, 1, .max),
        (.min, 2, 1, .min),
        (5, 3, 0, 0),
        (Money.fundLimit.fen, 92, 1, Money.fundLimit.fen * 92),
    ])
    func scaledIsExactOrClamped(value: Int64, numerator: Int64, denominator: Int64, expected: Int64) {
        #expect(Int64.scaled(value, by: numerator, dividedBy: denominator) == expected)
    }

    @Test func theFundLimitLeavesRoomForEveryProductTheProgramMakes() {
        // The forecast multiplies by at most 92 days (three months) and the charts by a few hundred pixels.
        #expect(Money.fundLimit.fen.multipliedReportingOverflow(by: 90_000).overflow == false)
        #expect(Money.largestMealPrice <= Money.largest)
    }
}

@Suite struct DateBoundsTests {
    @Test(arguments: ["1900-01-01", "2026-11-29", "9899-12-31"])
    func datesInTheInputRangeAreTaken(text: String) throws {
        #expect(try CivilDate(input: text).description == text)
    }

    @Test(arguments: ["1899-12-31", "0001-01-01", "9900-01-01", "9999-12-31"])
    func datesOutsideTheInputRangeAreInvalidInput(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try CivilDate(input: text) }
        #expect(error.kind == .invalidInput && error.message.key == .dateOutOfRange)
        // The syntax alone is fine, for dates read back from older books.
        #expect(try CivilDate(parsing: text).description == text)
    }

    @Test(arguments: ["1899-12", "0001-01", "9900-01", "9999-12"])
    func monthsOutsideTheInputRangeAreInvalidInput(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try YearMonth(input: text) }
        #expect(error.message.key == .monthOutOfRange)
    }

    @Test func theArithmeticGoesPastFourDigitYearsWithoutTrapping() throws {
        let last = try YearMonth(parsing: "9999-12")
        #expect(last.next.description == "+10000-01")
        #expect(last.next.firstDay.description == "+10000-01-01")
        let first = try YearMonth(parsing: "0001-01")
        #expect(first.previous.description == "0000-12")
        #expect(first.adding(months: -14).lastDay.description == "-0001-11-30")
        let leapling = CivilDate(year: 2024, month: 2, day: 29)!
        #expect(leapling.anniversary(in: 2025).description == "2025-03-01")
        #expect(leapling.reachingAge(.max).year == CivilDate.representableYears.upperBound)
        #expect(leapling.anniversary(in: .min).year == CivilDate.representableYears.lowerBound)
        #expect(leapling.adding(days: .max) == CivilDate.latestRepresentable)
        #expect(leapling.adding(days: .min) == CivilDate.earliestRepresentable)
        #expect(YearMonth.inputRange.upperBound.adding(months: 1).description == "9900-01")
        #expect(CivilDate.inputRange.upperBound.adding(days: Forecast.horizonDays).description.hasPrefix("9999-"))
    }

    @Test func clockReadingsAtTheEndsOfInt64DoNotTrap() {
        _ = Clock.timestamp(.min)
        _ = Clock.timestamp(.max)
        _ = Clock.fixed(.max).today(inTimeZone: "Asia/Shanghai")
        _ = Clock.fixed(.min).today(inTimeZone: "UTC")
        #expect(Clock.timestamp(-1) == "1969-12-31T23:59:59Z")
    }

    @Test func booksRefuseATodayOutsideTheInputRange() throws {
        let path = "/tmp/canteen-bounds-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).db"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let error = try #require(throws: CanteenError.self) {
            try Books.create(path: path, admin: "admin", budget: Money(yuan: 100), copay: Money(yuan: 10), timeZone: "UTC",
                             today: CivilDate(year: 9950, month: 1, day: 1)!)
        }
        #expect(error.message.key == .dateOutOfRange)
        #expect(access(path, F_OK) != 0, "a refused init leaves no file")
    }
}

@Suite struct ForecastBoundsTests {
    @Test func aHugeFundDrawnSlowlyLastsBeyondTheHorizon() {
        let forecast = Forecast(basis: .months(3), drawnInWindow: Money(fen: 1), windowDays: 92, remaining: Money.fundLimit,
                                asOf: CivilDate(year: 2026, month: 11, day: 29)!, bySite: [(site: "GZ01", drawn: Money(fen: 1))])
        #expect(forecast.daysLeft == Int(Money.fundLimit.fen * 92))
        #expect(forecast.runOutDate == nil)
        #expect(forecast.monthlyRate == .zero)
    }

    @Test func aDamagedFilesFiguresAreClampedNotTrapped() {
        let forecast = Forecast(basis: .months(1), drawnInWindow: Money(fen: .max), windowDays: 1, remaining: Money(fen: .max),
                                asOf: CivilDate.inputRange.upperBound, bySite: [])
        #expect(forecast.monthlyRate.fen == .max)
        #expect(forecast.daysLeft == 1)
        #expect(forecast.runOutDate == CivilDate.inputRange.upperBound.adding(days: 1))
    }
}
