// A diner's category is effective-dated like prices and policies: a change applies from its date on, so a
// meal back-filled from before it keeps the copay of the category it was eaten under.
import Testing

@Suite struct DinerCategoryEndToEndTests {
    private func city() throws -> Canteen {
        let canteen = try Canteen.initialized("--today", "2026-11-29")
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        try canteen.succeed("policy", "set", "--copay", "5", "--category", "low-income", operator: "admin")
        try canteen.succeed("diner", "register", "--id", "11010519491231002X", "--name", "张秀英", "--date", "2026-10-01",
                            "--today", "2026-11-29", operator: "admin")
        return canteen
    }

    private func copay(_ canteen: Canteen, on date: String) throws -> Int? {
        let result = try canteen.succeed("meal", "record", "D00001", "--site", "GZ01", "--date", date, "--today", "2026-11-29",
                                         "--format", "json", operator: "admin")
        return (result.json as? [String: Any])?["copay_fen"] as? Int
    }

    @Test func aCategoryChangeCountsFromItsDateOn() throws {
        let canteen = try city()
        try canteen.succeed("diner", "update", "D00001", "--category", "low-income", "--from", "2026-11-10", "--today", "2026-11-29",
                            operator: "admin")
        #expect(try copay(canteen, on: "2026-11-09") == 1000, "the day before the change: standard copay")
        #expect(try copay(canteen, on: "2026-11-10") == 500, "from the change on: the low-income copay")
        let show = try canteen.succeed("diner", "show", "D00001", "--today", "2026-11-29")
        #expect(show.stdout.contains("low-income (from 2026-11-10)"), "\(show)")
        #expect(try canteen.run("audit", "verify").exitCode == 0)
    }

    @Test func badCategoryChangesAreRefusedAndChangeNothing() throws {
        let canteen = try city()
        let before = canteen.snapshot()
        let cases: [(args: [String], exit: Int32, saying: String)] = [
            (["diner", "update", "D00001", "--category", "low-income", "--from", "2026-09-30"], 1, "registered on 2026-10-01"),
            (["diner", "update", "D00001", "--category", "low-income", "--from", "2026-12-01"], 1, "after today"),
            (["diner", "update", "D00001", "--category", "low-income", "--from", "2026-02-30"], 65, "--from"),
            (["diner", "update", "D00001", "--from", "2026-11-10"], 64, "--category"),
            (["diner", "update", "D00001", "--category", "rich"], 65, "unknown category"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: c.args + ["--today", "2026-11-29"], operator: "admin")
            #expect(result.exitCode == c.exit, "\(c.args): \(result)")
            #expect(result.stderr.contains(c.saying), "\(c.args): \(result)")
            #expect(snapshotDifference(before, canteen.snapshot()) == nil, "\(c.args) changed the books")
        }
    }

    @Test func aChangeBehindMealsAlreadyChargedIsRefused() throws {
        let canteen = try city()
        #expect(try copay(canteen, on: "2026-11-05") == 1000)
        let before = canteen.snapshot()
        let refused = try canteen.run("diner", "update", "D00001", "--category", "low-income", "--from", "2026-11-03",
                                      "--today", "2026-11-29", operator: "admin")
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("M000001"), "the meal in the way is named: \(refused)")
        #expect(snapshotDifference(before, canteen.snapshot()) == nil)
        // From the day after that meal, the change is fine.
        try canteen.succeed("diner", "update", "D00001", "--category", "low-income", "--from", "2026-11-06", "--today", "2026-11-29",
                            operator: "admin")
        #expect(try copay(canteen, on: "2026-11-06") == 500)
    }
}
