import Foundation
import Testing

/// `canteen demo` builds Shaoguan's city: its fourteen canteens in its districts and counties, about 3,000 elders
/// of a realistic age spread, two closed months and the current one open, and suggestions that work as printed.
@Suite(.serialized) struct DemoEndToEndTests {
    static let today = "2026-12-02"

    /// One demo, shared by the checks below (it takes seconds to build).
    static let built: Result<(Canteen, RunResult), Error> = Result {
        let dir = try TempDir("demo")
        let canteen = Canteen(in: dir, name: "canteen-demo.db")
        // Run with no --db: the demo writes ./canteen-demo.db.
        let result = try CanteenBinary.run(arguments: ["demo", "--today", today], environment: CanteenBinary.baseEnvironment,
                                           directory: dir.path)
        return (canteen, result)
    }

    func demo() throws -> (Canteen, RunResult) {
        let (canteen, result) = try Self.built.get()
        try #require(result.exitCode == 0, "\(result)")
        return (canteen, result)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theCityIsShaoguansFourteenCanteensAcrossItsDistrictsAndCounties() throws {
        let (canteen, result) = try demo()
        #expect(result.stdout.contains("风采长者饭堂"), "\(result.stdout)")
        let sites = try #require(try json(canteen.succeed("site", "list", "--format", "json").stdout)["sites"] as? [[String: Any]])
        #expect(sites.count == 14)
        #expect(sites.contains { $0["site"] as? String == "FC" && $0["name"] as? String == "风采长者饭堂" })
        let districts = Set(sites.compactMap { $0["district"] as? String })
        #expect(districts == ["浈江区", "武江区", "曲江区", "乐昌市", "南雄市", "仁化县", "始兴县", "翁源县", "新丰县", "乳源瑶族自治县"])
        #expect(!result.stdout.contains("GZ"), "no Guangzhou canteen is left: \(result.stdout)")
    }

    @Test func aboutThreeThousandEldersOfARealisticAgeSpread() throws {
        let (canteen, _) = try demo()
        let diners = try #require(try json(canteen.succeed("diner", "list", "--format", "json", operator: "auditor").stdout)["diners"]
            as? [[String: Any]])
        #expect((2_900...3_000).contains(diners.count), "\(diners.count) diners")
        let ages = diners.compactMap { $0["age"] as? Int }
        #expect(ages.count == diners.count && ages.allSatisfy { $0 >= 60 })
        let sixties = ages.filter { $0 < 70 }.count, eighties = ages.filter { $0 >= 80 }.count, nineties = ages.filter { $0 >= 90 }.count
        // Most are in their sixties, a good share past 80, few past 90: not one flat band.
        #expect(sixties > ages.count * 2 / 5 && sixties < ages.count * 7 / 10, "\(sixties) of \(ages.count) in their sixties")
        #expect(eighties > ages.count / 20 && eighties < ages.count / 4, "\(eighties) of \(ages.count) over 80")
        #expect(nineties > 0 && nineties < ages.count / 20, "\(nineties) of \(ages.count) over 90")
        #expect(diners.allSatisfy { ($0["id_number"] as? String)?.hasPrefix("44") == true }, "Guangdong ID numbers")
    }

    @Test func twoClosedMonthsAndTheCurrentOneOpen() throws {
        let (canteen, result) = try demo()
        #expect(result.stdout.contains("2026-10, 2026-11") && result.stdout.contains("2026-12"), "\(result.stdout)")
        #expect(result.stdout.contains("audit verify: all checks hold."), "\(result.stdout)")
        for month in ["2026-10", "2026-11"] {
            let report = try json(canteen.succeed("report", "month", month, "--format", "json").stdout)
            #expect(report["status"] as? String == "closed", "\(month): \(report["status"] ?? "none")")
        }
        let open = try json(canteen.succeed("report", "month", "2026-12", "--format", "json").stdout)
        #expect(open["status"] as? String == "open")
        let meals = try #require((open["totals"] as? [String: Any])?["meals"] as? Int)
        #expect(meals > 1_000, "the open month has its days so far: \(meals) meals")
        let list = try canteen.succeed("meal", "list", "--month", "2026-12", "--format", "csv").stdout
        #expect(!list.contains("2026-12-03"), "nothing after today")
        try canteen.succeed("audit", "verify")
    }

    /// Diners live and eat near canteens in proportion to their seats, about seven in ten seats taken at lunch on
    /// an average day: a canteen over capacity is a rare lead for the auditor, not hundreds.
    @Test func overCapacityIsARareLeadNotTheRule() throws {
        let (canteen, _) = try demo()
        for month in ["2026-10", "2026-11"] {
            let anomalies = try #require(try json(canteen.succeed("audit", "anomalies", "--month", month, "--format", "json").stdout)["anomalies"]
                as? [[String: Any]])
            let over = anomalies.filter { $0["kind"] as? String == "over-capacity" }
            #expect(over.count <= 5, "\(month): \(over.count) over-capacity leads")
            #expect(anomalies.count <= 20, "\(month): \(anomalies.count) leads")
        }
        let report = try json(canteen.succeed("report", "month", "2026-11", "--format", "json").stdout)
        #expect((report["sites"] as? [[String: Any]])?.count == 14, "every canteen serves")
    }

    /// Built for a today already past, the demo holds that whole day and nothing stamped after it.
    @Test func nothingIsStampedAfterTheDemosDay() throws {
        let (canteen, _) = try demo()
        let log = try #require(try json(canteen.succeed("audit", "log", "--since", "2026-12-02", "--format", "json").stdout)["log"]
            as? [[String: Any]])
        let stamps = log.compactMap { $0["at"] as? String }
        #expect(!stamps.isEmpty && stamps.count == log.count)
        // 2026-12-02 ends at 16:00 UTC in Shaoguan.
        #expect(stamps.allSatisfy { $0 < "2026-12-02T16:00:00Z" }, "\(stamps.max() ?? "")")
        let meals = try canteen.succeed("meal", "list", "--date", Self.today, "--format", "csv").stdout
        for slot in ["breakfast", "lunch", "dinner"] { #expect(meals.contains(",\(slot),"), "\(slot) on a day past") }
    }

    @Test func theSuggestedCounterSessionRecordsAMeal() throws {
        let (canteen, result) = try demo()
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("counter --site FC") })
        let diner = try #require(line.firstMatch(of: /type (D\d{5})/)?.1)
        let session = try canteen.run("counter", "--site", "FC", "--today", Self.today, operator: "clerk-fc",
                                      stdin: "\(diner)\nquit\n")
        #expect(session.exitCode == 0, "\(session)")
        #expect(session.stdout.hasPrefix("✓") && session.stdout.contains(String(diner)), "\(session.stdout)")
        #expect(result.stdout.contains("diner card --site FC") && result.stdout.contains("--format html"), "\(result.stdout)")
    }

    @Test func theJSONSummaryNamesTheOpenMonth() throws {
        let dir = try TempDir("demo-json")
        let run = try CanteenBinary.run(arguments: ["demo", "--today", Self.today, "--format", "json", "--db", dir.file("d.db")],
                                        environment: CanteenBinary.baseEnvironment, directory: dir.path)
        #expect(run.exitCode == 0, "\(run)")
        let simulation = try #require(try json(run.stdout)["simulation"] as? [String: Any])
        #expect(simulation["open_month"] as? String == "2026-12")
        #expect(simulation["closed_months"] as? [String] == ["2026-10", "2026-11"])
    }
}
