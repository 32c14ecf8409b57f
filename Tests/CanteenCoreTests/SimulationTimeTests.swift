import Foundation
import Testing
@testable import CanteenCore

/// A simulated city up to a present: every meal stamped at a moment of its slot's service, nothing done or stamped
/// after the present, so the open day holds only the slots already served (no dinner at noon, no breakfast at
/// dawn), and the same seed and present give the same city.
@Suite struct SimulationTimeTests {
    /// Shanghai's local time on `date` (hh, mm) as an instant.
    static func instant(_ date: String, _ hour: Int64, _ minute: Int64) throws -> Int64 {
        Int64(try CivilDate(parsing: date).dayNumber) * 86_400 + (hour - 8) * 3600 + minute * 60
    }

    /// A small city of November, open through `through`, built up to `now`; its books and every meal.
    final class City {
        let directory: String
        let books: Books
        let meals: [Meal]
        let result: SimulationResult

        init(through: String, now: Int64, seed: UInt64 = 7) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-sim-time-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/city.db"
            let today = try CivilDate(parsing: through)
            result = try Simulation.run(path: path, config: SimulationConfig(
                sites: 3, diners: 150, months: 1, seed: seed, start: try YearMonth(parsing: "2026-11"), openThrough: today, now: now))
            books = try Books.open(path: path, clock: .fixed(now), today: today)
            meals = try books.meals(MealFilter())
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func seconds(_ stamp: String) throws -> Int64 { try #require(Clock.seconds(ofTimestamp: stamp), "\(stamp)") }
    }

    /// Local minutes after midnight of a stamp, in Shanghai.
    static func localMinute(_ seconds: Int64) -> Int64 { (seconds + 8 * 3600) % 86_400 / 60 }

    @Test func atTwentyToOneTheOpenDayHasBreakfastAndLunchButNoDinnerAndNothingIsAfterNow() throws {
        let now = try Self.instant("2026-12-02", 12, 40)
        let city = try City(through: "2026-12-02", now: now)
        let today = city.meals.filter { $0.date.description == "2026-12-02" }
        #expect(today.contains { $0.slot == .breakfast } && today.contains { $0.slot == .lunch }, "\(today.count) meals today")
        #expect(!today.contains { $0.slot == .dinner }, "dinner is served from 17:00")
        // Every meal, today's and the closed month's, at a moment of its slot's service, on its own date.
        for meal in city.meals {
            let at = try city.seconds(meal.recordedAt)
            let minute = Self.localMinute(at)
            let window: ClosedRange<Int64> = switch meal.slot {
            case .breakfast: 7 * 60...8 * 60 + 30
            case .lunch: 11 * 60 + 30...12 * 60 + 30
            case .dinner: 17 * 60...18 * 60
            }
            #expect(window.contains(minute), "\(meal.number) \(meal.slot) at \(meal.recordedAt)")
            #expect(city.books.localTime(ofTimestamp: meal.recordedAt)?.date == meal.date, "\(meal.number)")
            #expect(at <= now, "\(meal.number) at \(meal.recordedAt), after now")
        }
        // The audit log: nothing after now, in the order it happened.
        let log = try city.books.auditLog(since: nil, by: nil)
        let stamps = try log.map { try city.seconds($0.at) }
        #expect(stamps.allSatisfy { $0 <= now }, "\(log.last.map { "\($0.action) at \($0.at)" } ?? "")")
        #expect(stamps == stamps.sorted(), "the log's times never go back")
        let recorded = try city.meals.map { try city.seconds($0.recordedAt) }
        #expect(recorded == recorded.sorted(), "meals are numbered in the order they were served")
        #expect(city.result.unservedDiner != nil)
    }

    @Test func atDawnTheOpenDayHasNoMealAndTheMonthClosedOnTheFirstIsStampedBeforeNow() throws {
        let now = try Self.instant("2026-12-01", 6, 35)
        let city = try City(through: "2026-12-01", now: now)
        #expect(city.result.closedMonths.map(\.description) == ["2026-11"])
        #expect(!city.meals.contains { $0.date.description == "2026-12-01" }, "breakfast is served from 07:00")
        let log = try city.books.auditLog(since: nil, by: nil)
        let close = try #require(log.first { $0.action == "month close" })
        #expect(try city.seconds(close.at) <= now, "\(close.at)")
        #expect(try log.allSatisfy { try city.seconds($0.at) <= now })
    }

    @Test func theSameSeedAndPresentGiveTheSameCityAndAnEarlierPresentAPrefixOfIt() throws {
        let noon = try Self.instant("2026-12-02", 12, 0)
        let one = try City(through: "2026-12-02", now: noon), two = try City(through: "2026-12-02", now: noon)
        let key = { (meal: Meal) in "\(meal.number) \(meal.dinerNumber) \(meal.site) \(meal.slot) \(meal.recordedAt) \(meal.voidedIn ?? "-")" }
        #expect(one.meals.map(key) == two.meals.map(key))
        // The evening of the same day: the same meals up to noon, then more.
        let evening = try City(through: "2026-12-02", now: try Self.instant("2026-12-02", 20, 0))
        #expect(evening.meals.count > one.meals.count)
        #expect(evening.meals.prefix(one.meals.count).map { "\($0.dinerNumber) \($0.slot) \($0.recordedAt)" }
                == one.meals.map { "\($0.dinerNumber) \($0.slot) \($0.recordedAt)" })
    }

    @Test func thePresentOfADemoIsTheClocksOnItsDayAndADayPastIsWhole() throws {
        let clock = Clock.fixed(try Self.instant("2026-12-02", 6, 35))
        #expect(Simulation.present(today: try CivilDate(parsing: "2026-12-02"), clock: clock) == (try Self.instant("2026-12-02", 6, 35)))
        #expect(Simulation.present(today: try CivilDate(parsing: "2026-11-30"), clock: clock) == (try Self.instant("2026-12-02", 6, 35)),
                "a past today is simulated whole: the present is later than all of it")
        #expect(Simulation.present(today: try CivilDate(parsing: "2026-12-05"), clock: clock) == (try Self.instant("2026-12-05", 6, 35)),
                "a today to come is rehearsed at the clock's time of day")
    }
}
