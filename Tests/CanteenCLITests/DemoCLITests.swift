import Foundation
import Testing
@testable import CanteenCLI
import CanteenCore

/// `canteen demo` run at dawn by the clock: today holds nothing yet (breakfast is served from 07:00), nothing in
/// the books is stamped after now, and the counter it suggests records the first meal of the day.
@Suite struct DemoAtDawnTests {
    /// 2026-12-02 06:35 in Shaoguan.
    static let now: Int64 = Int64(CivilDate(year: 2026, month: 12, day: 2)!.dayNumber) * 86_400 - 8 * 3600 + 6 * 3600 + 35 * 60

    @Test func atSixThirtyFiveTodayHasNoMealAndNothingIsStampedAfterNow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-demo-dawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("demo.db").path
        let console = Console(input: MemorySource(""), output: CapturedSink(), prompts: CapturedSink(), inputIsTerminal: false,
                              outputIsTerminal: false)
        // No --today: the demo's today and its present are the clock's.
        let result = CanteenCLI.run(arguments: ["demo", "--db", db], environment: ["LANG": "C.UTF-8"], clock: .fixed(Self.now), console: console)
        try #require(result.exitCode == 0, "\(result)")
        let books = try Books.open(path: db, clock: .fixed(Self.now))
        #expect(books.today.description == "2026-12-02")
        let today = try books.meals(MealFilter(date: books.today))
        #expect(today.isEmpty, "\(today.count) meals today at 06:35, the first \(today.first.map { "\($0.slot) at \($0.recordedAt)" } ?? "")")
        let yesterday = try books.meals(MealFilter(date: CivilDate(year: 2026, month: 12, day: 1)!))
        #expect(Set(yesterday.map(\.slot)) == [.breakfast, .lunch, .dinner], "yesterday is whole")
        let log = try books.auditLog(since: nil, by: nil)
        let last = try #require(log.last)
        #expect(try #require(Clock.seconds(ofTimestamp: last.at)) <= Self.now, "\(last.action) at \(last.at)")
        // The diner the demo suggests has had no breakfast nor lunch today: the counter serves them.
        let diner = try #require(result.stdout.firstMatch(of: /type (D\d{5})/)?.1)
        let output = CapturedSink()
        let session = CanteenCLI.run(arguments: ["counter", "--site", "FC", "--slot", "breakfast", "--db", db],
                                     environment: ["LANG": "C.UTF-8", "CANTEEN_OPERATOR": "clerk-fc"], clock: .fixed(Self.now),
                                     console: Console(input: MemorySource("\(diner)\n"), output: output, prompts: CapturedSink(),
                                                      inputIsTerminal: false, outputIsTerminal: false))
        #expect(session.exitCode == 0 && output.lines.first?.hasPrefix("✓") == true, "\(output.text)")
    }
}
