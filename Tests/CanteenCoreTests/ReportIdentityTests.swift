import Foundation
import SQLite
import Testing
@testable import CanteenCore

// The reconciliation identities of DESIGN.md, checked as properties of every month report of seeded simulated
// cities (open and closed months, with prior-month adjustments, appropriations and declarations); the stability
// of a closed month's report; and the audit's detection of edits made behind the books' back.

private let firstMonth = try! YearMonth(parsing: "2026-01")

/// A simulated city in a temporary directory: `months` months from 2026-01, each declared, closed and settled.
private final class IdentityCity {
    let directory: String
    let path: String
    let books: Books
    var random: SeededRandom
    let seed: UInt64

    init(seed: UInt64, sites: Int = 3, diners: Int = 60, months: Int = 3) throws {
        self.seed = seed
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("canteen-report-identity-\(seed)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/city.db"
        _ = try Simulation.run(path: path, config: SimulationConfig(sites: sites, diners: diners, months: months, seed: seed, start: firstMonth))
        var month = firstMonth
        for _ in 0..<months { month = month.next }
        books = try Books.open(path: path, clock: .fixed(Int64(month.firstDay.dayNumber) * 86_400 + 4 * 3600), today: month.firstDay)
        random = SeededRandom(seed: seed &+ 0x5EED)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var sites: [String] { (try? books.sites().map(\.code)) ?? [] }

    /// Meals in `month` from its first day (or `from`) to today, for some of the diners active today: at most one per slot.
    func recordMeals(in month: YearMonth, from: Int = 1, perDay: Int = 12) throws {
        let diners = try books.listDiners(site: nil, active: true)
        let sites = self.sites
        var day = CivilDate(year: month.year, month: month.month, day: from)!
        var used: Set<String> = []
        while day <= books.today && day.yearMonth == month {
            for _ in 0..<perDay {
                let diner = random.pick(diners)
                let slot = random.chance(80) ? MealSlot.lunch : random.chance(50) ? .breakfast : .dinner
                guard used.insert("\(diner.id) \(day) \(slot)").inserted,
                      try books.meals(MealFilter(date: day, diner: diner.number.description)).allSatisfy({ $0.slot != slot || $0.isVoided })
                else { continue }
                _ = try books.recordMeal(MealRequest(diner: diner.number.description, site: random.pick(sites), date: day, slot: slot,
                                                     pay: random.pick(PaymentMethod.allCases)), by: "clerk-" + sites[0].lowercased())
            }
            day = day.adding(days: 1)
        }
    }

    /// Voids `count` meals of `month` not yet voided; returns them as they were before the void.
    @discardableResult
    func voidMeals(of month: YearMonth, count: Int) throws -> [Meal] {
        var candidates = try books.meals(MealFilter(month: month)).filter { !$0.isVoided }
        var voided: [Meal] = []
        for _ in 0..<count where !candidates.isEmpty {
            let meal = candidates.remove(at: random.below(candidates.count))
            _ = try books.voidMeal(meal.number.description, reason: "entered for the wrong diner", by: "finance")
            voided.append(meal)
        }
        return voided
    }

    /// Every canteen with meals declares its takings (now and then short), then finance closes the month.
    func declareAndClose(_ month: YearMonth) throws -> MonthReport {
        for line in try books.monthReport(month).sites where line.figures.meals > 0 {
            let short = random.chance(30) ? Money(fen: Int64(random.below(5) * 700)) : .zero
            _ = try books.declareCash(site: line.site, month: month, amount: max(line.figures.copay - short, .zero), by: "finance")
        }
        return try books.closeMonth(month, force: false, by: "finance")
    }

    func moveTo(_ date: CivilDate) { books.today = date }
}

/// The report's figures as `report month --format json` shows them, one line each.
private func jsonFigures(_ report: MonthReport) -> [String] {
    func line(_ f: Figures) -> String {
        "meals=\(f.meals) diners=\(f.diners) gross=\(f.gross.fen) copay=\(f.copay.fen) subsidy=\(f.subsidy.fen) "
            + "adjustments=\(f.adjustments.fen) payable=\(f.payable.fen) declared=\(f.cashDeclared.map { String($0.fen) } ?? "null") "
            + "variance=\(f.cashVariance.map { String($0.fen) } ?? "null")"
    }
    let b = report.budget
    return ["month=\(report.month) status=\(report.isClosed ? "closed" : "open")"]
        + report.sites.map { "site=\($0.site) " + line($0.figures) }
        + ["totals " + line(report.totals),
           "budget opening=\(b.opening.fen) appropriated=\(b.appropriated.fen) drawn=\(b.drawn.fen) closing=\(b.closing.fen)"]
}

/// The identities one report must satisfy on its own (DESIGN.md, CLI.md's definitions).
private func checkIdentities(_ report: MonthReport, _ label: String) {
    let lines = report.sites.map { ($0.site, $0.figures) }
    for (name, f) in lines + [("totals", report.totals)] {
        #expect(f.gross == f.copay + f.subsidy, "\(label) \(name): meal value \(f.gross) ≠ copay \(f.copay) + subsidy \(f.subsidy)")
        #expect(f.payable == f.subsidy + f.adjustments, "\(label) \(name): payable ≠ subsidy + adjustments")
        #expect(f.adjustments <= .zero, "\(label) \(name): adjustments \(f.adjustments) above zero")
        #expect(f.meals >= 0 && f.gross >= .zero && f.copay >= .zero && f.subsidy >= .zero, "\(label) \(name): a negative figure")
        #expect((f.cashDeclared == nil) == (f.cashVariance == nil), "\(label) \(name): variance without a declaration, or the reverse")
    }
    for (site, f) in lines {
        #expect(f.cashVariance == f.cashDeclared.map { $0 - f.copay }, "\(label) \(site): variance ≠ declared − copay")
        #expect(f.diners <= f.meals, "\(label) \(site): more diners than meals")
    }
    let t = report.totals
    #expect(t.meals == lines.map(\.1.meals).reduce(0, +), "\(label): totals.meals ≠ the canteens' sum")
    #expect(t.gross == lines.map(\.1.gross).sum(), "\(label): totals.gross ≠ the canteens' sum")
    #expect(t.copay == lines.map(\.1.copay).sum(), "\(label): totals.copay ≠ the canteens' sum")
    #expect(t.subsidy == lines.map(\.1.subsidy).sum(), "\(label): totals.subsidy ≠ the canteens' sum")
    #expect(t.adjustments == lines.map(\.1.adjustments).sum(), "\(label): totals.adjustments ≠ the canteens' sum")
    let declared = lines.compactMap(\.1.cashDeclared)
    #expect(t.cashDeclared == (declared.isEmpty ? nil : declared.sum()), "\(label): totals.cash_declared ≠ the sum of declared figures")
    let variances = lines.compactMap(\.1.cashVariance)
    #expect(t.cashVariance == (variances.isEmpty ? nil : variances.sum()), "\(label): totals.cash_variance ≠ the sum of the declared canteens' variances")
    #expect(t.diners <= lines.map(\.1.diners).reduce(0, +), "\(label): totals.diners \(t.diners) above the sum of the canteens' diners")
    #expect(t.diners >= (lines.map(\.1.diners).max() ?? 0), "\(label): totals.diners below one canteen's diners")
    let b = report.budget
    #expect(b.opening + b.appropriated - b.drawn == b.closing, "\(label): opening + appropriated − drawn ≠ closing")
    #expect(b.drawn == t.payable, "\(label): budget drawn \(b.drawn) ≠ totals payable \(t.payable)")
    #expect(lines.map(\.1.payable).sum() == b.drawn, "\(label): the canteens' payable does not add up to the fund's drawn")
    #expect(b.opening >= .zero && b.closing >= .zero, "\(label): the fund below zero (opening \(b.opening), closing \(b.closing))")
    #expect(b.appropriated >= .zero, "\(label): negative appropriations")
    #expect(report.sites.map(\.site) == report.sites.map(\.site).sorted(), "\(label): canteens not in code order")
}

/// Checks every month from `first` to `last` on its own and against its neighbours and the fund.
private func checkMonths(_ books: Books, from first: YearMonth, through last: YearMonth, seed: UInt64) throws -> [MonthReport] {
    var reports: [MonthReport] = []
    var month = first
    while month <= last {
        let report = try books.monthReport(month)
        let label = "seed \(seed): \(month) (\(report.isClosed ? "closed" : "open"))"
        checkIdentities(report, label)
        if let previous = reports.last {
            #expect(previous.budget.closing == report.budget.opening,
                    "\(label): opening \(report.budget.opening) ≠ \(previous.month)'s closing \(previous.budget.closing)")
        }
        // Each canteen's own report is its line of the city's.
        for line in report.sites {
            let own = try books.monthReport(month, site: line.site)
            #expect(own.sites.map(\.site) == [line.site], "\(label) --site \(line.site): other canteens in the report")
            #expect(own.sites.first?.figures == line.figures && own.totals == line.figures,
                    "\(label) --site \(line.site): figures differ from the city report's line")
        }
        reports.append(report)
        month = month.next
    }
    // The months together are the whole fund: the first opening holds only the opening appropriation.
    let fund = try books.budget()
    let label = "seed \(seed): \(first)…\(last)"
    #expect(reports.last?.budget.closing == fund.remaining, "\(label): the last closing ≠ the fund's remaining \(fund.remaining)")
    #expect(reports.map(\.budget.drawn).sum() == fund.drawn, "\(label): the months' drawn ≠ the fund's drawn \(fund.drawn)")
    #expect((reports.first?.budget.opening ?? .zero) + reports.map(\.budget.appropriated).sum() == fund.total,
            "\(label): opening + the months' appropriations ≠ the fund's total \(fund.total)")
    #expect(fund.remaining == fund.total - fund.drawn && fund.remaining >= .zero, "\(label): the fund's own identity")
    return reports
}

private func problemChecks(_ books: Books) throws -> Set<String> {
    Set(try books.verify().problems.map(\.check))
}

private func details(_ verification: Verification) -> String {
    verification.problems.map { "\($0.check): \($0.detail)" }.joined(separator: "; ")
}

@Suite struct ReportIdentityTests {
    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["CANTEEN_SEED"], let seed = UInt64(text) { return [seed] }
        return [11, 12, 13]
    }

    /// Three simulated months closed, then a month with prior-month adjustments closed, one ended but open, one current.
    @Test("every month report satisfies the reconciliation identities", arguments: seeds)
    func identitiesHoldInEveryMonth(seed: UInt64) throws {
        let city = try IdentityCity(seed: seed)
        let april = firstMonth.next.next.next, may = april.next, june = may.next
        city.moveTo(CivilDate(year: 2026, month: 4, day: 20)!)
        try city.recordMeals(in: april)
        let adjusted = try city.voidMeals(of: firstMonth.next, count: 2) + city.voidMeals(of: firstMonth.next.next, count: 3)
        try city.voidMeals(of: april, count: 2)
        _ = try city.books.addAppropriation(Money(yuan: 5_000), note: "supplementary", date: CivilDate(year: 2026, month: 4, day: 10)!, by: "finance")
        let aprilOpen = try city.books.monthReport(april)
        #expect(aprilOpen.totals.adjustments == -adjusted.map(\.subsidy).sum(),
                "seed \(seed): April's adjustments are the reversals of the five closed-month meals voided in it")
        city.moveTo(CivilDate(year: 2026, month: 5, day: 3)!)
        _ = try city.declareAndClose(april)
        city.moveTo(CivilDate(year: 2026, month: 5, day: 25)!)
        try city.recordMeals(in: may, from: 3)
        try city.voidMeals(of: firstMonth, count: 2)
        try city.voidMeals(of: april, count: 2)
        try city.voidMeals(of: may, count: 1)
        _ = try city.books.declareCash(site: city.sites[0], month: may, amount: Money(yuan: 1_000), by: "finance")
        city.moveTo(CivilDate(year: 2026, month: 6, day: 12)!)
        try city.recordMeals(in: june, perDay: 6)
        try city.recordMeals(in: may, from: 26, perDay: 6)

        let reports = try checkMonths(city.books, from: firstMonth.previous, through: june.next, seed: seed)
        // The quiet month before the first close is sealed with it: nothing can be dated into it any more.
        #expect(reports.map(\.isClosed) == [true, true, true, true, true, false, false, false], "seed \(seed): which months are closed")
        #expect(reports.first?.seal == nil && reports.first?.sealedByLaterClose == true, "seed \(seed): the quiet month has no seal of its own")
        #expect(reports.first?.sites.isEmpty == true && reports.last?.sites.isEmpty == true, "seed \(seed): a month without activity has an empty report")
        #expect(reports.contains { $0.totals.adjustments < .zero && $0.isClosed }, "seed \(seed): no closed month with adjustments")
        #expect(reports.contains { $0.totals.adjustments < .zero && !$0.isClosed }, "seed \(seed): no open month with adjustments")
        let verification = try city.books.verify()
        #expect(verification.ok, "seed \(seed): \(details(verification))")
    }

    /// A closed month's report never changes, whatever happens later: meals in later months, a void of one of
    /// its own meals (an adjustment elsewhere), declarations and appropriations in later months, a later close.
    @Test("a closed month's report is the same before and after later activity", arguments: seeds)
    func closedReportsAreStable(seed: UInt64) throws {
        let city = try IdentityCity(seed: seed &+ 100, diners: 40)
        let months = [firstMonth, firstMonth.next, firstMonth.next.next]
        let before = try months.map { try city.books.monthReport($0) }
        let beforeBySite = try months.map { month in try city.books.sites().map { try city.books.monthReport(month, site: $0.code) } }
        let april = firstMonth.next.next.next

        city.moveTo(CivilDate(year: 2026, month: 4, day: 15)!)
        try city.recordMeals(in: april)
        let voided = try city.voidMeals(of: firstMonth.next, count: 1) + city.voidMeals(of: firstMonth, count: 1)
        _ = try city.books.declareCash(site: city.sites[0], month: april, amount: Money(yuan: 100), by: "finance")
        _ = try city.books.declareCash(site: city.sites[0], month: april, amount: Money(yuan: 120), by: "finance")
        _ = try city.books.addAppropriation(Money(yuan: 1_000), note: "top-up", date: nil, by: "finance")
        city.moveTo(CivilDate(year: 2026, month: 5, day: 2)!)
        let aprilClosed = try city.declareAndClose(april)
        try city.recordMeals(in: april.next, perDay: 5)
        try city.voidMeals(of: april, count: 1)
        try city.voidMeals(of: firstMonth.next.next, count: 1)

        for (index, month) in months.enumerated() {
            let after = try city.books.monthReport(month)
            #expect(after == before[index], "seed \(seed): \(month)'s report changed after later activity")
            #expect(jsonFigures(after) == jsonFigures(before[index]), "seed \(seed): \(month)'s JSON figures changed:\n\(jsonFigures(before[index]))\n→\n\(jsonFigures(after))")
            let afterBySite = try city.books.sites().map { try city.books.monthReport(month, site: $0.code) }
            #expect(afterBySite == beforeBySite[index], "seed \(seed): \(month)'s per-canteen reports changed")
        }
        let aprilNow = try city.books.monthReport(april)
        #expect(aprilNow == aprilClosed, "seed \(seed): April's report changed after its close")
        #expect(jsonFigures(aprilNow) == jsonFigures(aprilClosed))
        // The voids of January and February meals landed in April, the earliest open month then, as adjustments.
        for meal in voided {
            #expect(try city.books.meals(MealFilter(date: meal.date, diner: meal.dinerNumber.description)).first { $0.number == meal.number }?.voidedIn == "2026-04",
                    "seed \(seed): \(meal.number)'s reversal was not posted in 2026-04")
        }
        for site in Set(voided.map(\.site)) {
            let expected = -voided.filter { $0.site == site }.map(\.subsidy).sum()
            #expect(aprilNow.sites.first { $0.site == site }?.figures.adjustments == expected, "seed \(seed): April's adjustment at \(site)")
        }
        let verification = try city.books.verify()
        #expect(verification.ok, "seed \(seed): \(details(verification))")
    }
}

// MARK: - Tampering behind the books' back

/// A one-month city, then a few meals in the open month after it; the last journal entry is a meal's.
private final class TamperCity {
    let city: IdentityCity
    var books: Books { city.books }
    var path: String { city.path }
    let openMeal: Meal
    let voidedMeal: Meal
    let lastMeal: Meal

    init(seed: UInt64 = 7) throws {
        city = try IdentityCity(seed: seed, sites: 2, diners: 20, months: 1)
        let february = firstMonth.next
        city.moveTo(CivilDate(year: 2026, month: 2, day: 6)!)
        try city.recordMeals(in: february, perDay: 3)
        let meals = try city.books.meals(MealFilter(month: february))
        try #require(meals.count >= 4)
        voidedMeal = meals[0]
        openMeal = meals[1]
        _ = try city.books.voidMeal(voidedMeal.number.description, reason: "wrong diner", by: "finance")
        let diner = try #require(try city.books.listDiners(site: nil, active: true).first { d in !meals.contains { $0.dinerNumber == d.number && $0.date.day == 6 } })
        lastMeal = try city.books.recordMeal(MealRequest(diner: diner.number.description, site: city.sites[0],
                                                         date: CivilDate(year: 2026, month: 2, day: 6)!, slot: .lunch), by: "clerk-" + city.sites[0].lowercased()).meal
        let verification = try city.books.verify()
        try #require(verification.ok, "the untouched fixture verifies: \(details(verification))")
    }

    /// A second connection to the file, as someone with the file in hand would open it.
    func tamper(_ body: (Database) throws -> Void) throws {
        let db = try Database(path: path)
        try body(db)
    }

    func triggerSQL(_ db: Database, _ name: String) throws -> String {
        try #require(try db.scalarText("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", name))
    }

    func lastEntryID() throws -> Int64 {
        try #require(try books.db.scalarInt("SELECT max(id) FROM journal"))
    }
}

@Suite struct TamperDetectionTests {
    @Test func aDeletedSettlementRecordIsFoundSoAMonthCannotBePaidTwice() throws {
        let fixture = try TamperCity()
        let paid = try fixture.books.db.scalarInt("SELECT count(*) FROM settlements") ?? 0
        try #require(paid > 0, "the fixture settles its closed month")
        try fixture.tamper { db in
            let saved = try fixture.triggerSQL(db, "settlements_no_delete")
            try db.execute("DROP TRIGGER settlements_no_delete")
            try db.execute("DELETE FROM settlements WHERE id = (SELECT min(id) FROM settlements)")
            try db.execute(saved)
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("meal-entries"), "found: \(checks)")
    }

    @Test func aMealMovedToAnotherClerkIsFound() throws {
        let fixture = try TamperCity()
        try fixture.tamper { db in
            let saved = try fixture.triggerSQL(db, "meals_only_void_link")
            try db.execute("DROP TRIGGER meals_only_void_link")
            try db.run("UPDATE meals SET operator_id = 1, recorded_at = '2026-02-07T01:00:00Z' WHERE id = ?", fixture.openMeal.number.id)
            try db.execute(saved)
        }
        // The meal's entry is made from the meal row: a row changed behind the program's back no longer matches its hash.
        let problems = try fixture.books.verify().problems
        #expect(problems.contains { $0.check == "hash-chain" && $0.detail.key == .verifyMealAltered }, "found: \(problems)")
    }

    @Test func aWeakenedGuardTriggerIsFound() throws {
        let fixture = try TamperCity()
        try fixture.tamper { db in
            try db.execute("DROP TRIGGER meals_no_delete")
            try db.execute("CREATE TRIGGER meals_no_delete BEFORE DELETE ON meals WHEN 0 BEGIN SELECT RAISE(ABORT, 'meals are append-only'); END")
        }
        let problems = try fixture.books.verify().problems
        #expect(problems.contains { $0.check == "append-only" && $0.detail.values["name"] == .text("meals_no_delete") }, "found: \(problems)")
    }

    @Test func anEditedMealAmountIsFound() throws {
        let fixture = try TamperCity()
        var saved = ""
        try fixture.tamper { db in
            saved = try fixture.triggerSQL(db, "meals_only_void_link")
            try db.execute("DROP TRIGGER meals_only_void_link")
            // Price and subsidy together, so the row's own CHECK still holds: only the journal can tell.
            try db.run("UPDATE meals SET price_fen = price_fen + 500, subsidy_fen = subsidy_fen + 500 WHERE id = ?", fixture.openMeal.number.id)
        }
        var checks = try problemChecks(fixture.books)
        #expect(checks.isSuperset(of: ["hash-chain", "derived", "append-only"]), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
        // Putting the trigger back does not hide the edit.
        try fixture.tamper { db in try db.execute(saved) }
        checks = try problemChecks(fixture.books)
        #expect(checks.isSuperset(of: ["hash-chain", "derived"]) && !checks.contains("append-only"), "found: \(checks)")
    }

    @Test func anEditedPostingIsFound() throws {
        let fixture = try TamperCity()
        // Meals' and voids' postings are derived from their rows; the opening appropriation stores its own.
        let entry: Int64 = 1
        try fixture.tamper { db in
            let saved = try fixture.triggerSQL(db, "postings_no_update")
            try db.execute("DROP TRIGGER postings_no_update")
            try db.run("UPDATE postings SET amount_fen = amount_fen - 100 WHERE journal_id = ? AND account = 'budget:available'", entry)
            try db.execute(saved)
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.isSuperset(of: ["hash-chain", "balances", "balanced"]), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func anEditedKeptBalanceIsFound() throws {
        let fixture = try TamperCity()
        let before = try fixture.books.budget()
        // The kept balances have no trigger (they are derived state): verify recomputes them from the postings.
        try fixture.tamper { db in try db.run("UPDATE balances SET balance_fen = balance_fen + 100000 WHERE account = 'budget:available'") }
        #expect(try fixture.books.budget().remaining == before.remaining + Money(fen: 100_000))
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("balances"), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func aDeletedLastEntryIsFound() throws {
        let fixture = try TamperCity()
        let entry = try fixture.lastEntryID()
        #expect(try fixture.books.db.scalarInt("SELECT meal_id FROM journal WHERE id = ?", entry) == fixture.lastMeal.number.id)
        var saved: [String] = []
        try fixture.tamper { db in
            saved = try ["journal_no_delete", "postings_no_delete"].map { try fixture.triggerSQL(db, $0) }
            try db.execute("DROP TRIGGER journal_no_delete; DROP TRIGGER postings_no_delete; PRAGMA foreign_keys = OFF")
            try db.run("DELETE FROM postings WHERE journal_id = ?", entry)
            try db.run("DELETE FROM journal WHERE id = ?", entry)
        }
        var checks = try problemChecks(fixture.books)
        #expect(checks.isSuperset(of: ["meal-entries", "balances", "append-only"]), "found: \(checks)")
        // Even with the kept balance mended and the triggers back, the meal without its entry gives it away.
        try fixture.tamper { db in
            try db.run("UPDATE balances SET balance_fen = balance_fen + ? WHERE account = 'budget:available'", fixture.lastMeal.subsidy.fen)
            for sql in saved { try db.execute(sql) }
        }
        checks = try problemChecks(fixture.books)
        #expect(checks.contains("meal-entries") && !checks.contains("balances") && !checks.contains("append-only"), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func cuttingTheJournalBackIntoAClosedMonthIsFound() throws {
        let fixture = try TamperCity()
        let sealedEntry = try #require(try fixture.books.db.scalarInt("SELECT last_entry_id FROM month_closes WHERE month = '2026-01'"))
        try fixture.tamper { db in
            try db.execute("DROP TRIGGER journal_no_delete; DROP TRIGGER postings_no_delete; PRAGMA foreign_keys = OFF")
            try db.run("DELETE FROM postings WHERE journal_id >= ?", sealedEntry)
            try db.run("DELETE FROM journal WHERE id >= ?", sealedEntry)
            try db.run("UPDATE balances SET balance_fen = (SELECT coalesce(sum(amount_fen), 0) FROM postings p WHERE p.account = balances.account)")
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("closed-months"), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func anEditedSealIsFound() throws {
        let fixture = try TamperCity()
        try fixture.tamper { db in
            let saved = try fixture.triggerSQL(db, "month_closes_sealed")
            try db.execute("DROP TRIGGER month_closes_sealed")
            try db.execute("UPDATE month_closes SET meals = meals + 1 WHERE month = '2026-01'")
            try db.execute(saved)
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("closed-months"), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func aDeclarationSlippedIntoAClosedMonthIsFound() throws {
        let fixture = try TamperCity()
        // No trigger stops an INSERT; the close's figures no longer recompute.
        try fixture.tamper { db in
            try db.execute("""
                INSERT INTO cash_declarations (site_id, month, amount_fen, declared_at, operator_id)
                VALUES ((SELECT min(id) FROM sites), '2026-01', 1, '2026-02-06T04:00:00Z', 1)
                """)
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("closed-months"), "found: \(checks)")
    }

    @Test func anEditedJournalEntryIsFound() throws {
        let fixture = try TamperCity()
        try fixture.tamper { db in
            let saved = try fixture.triggerSQL(db, "journal_no_update")
            try db.execute("DROP TRIGGER journal_no_update")
            try db.execute("UPDATE journal SET memo = memo || ' (edited)' WHERE id = 1")
            try db.execute(saved)
        }
        let checks = try problemChecks(fixture.books)
        #expect(checks.contains("hash-chain"), "found: \(checks)")
        #expect(try !fixture.books.verify().ok)
    }

    @Test func everyMissingGuardTriggerIsFound() throws {
        let fixture = try TamperCity()
        for name in Books.guardTriggers {
            var saved = ""
            try fixture.tamper { db in
                saved = try fixture.triggerSQL(db, name)
                try db.execute("DROP TRIGGER \(name)")
            }
            let problems = try fixture.books.verify().problems
            #expect(problems.map(\.check) == ["append-only"] && problems.first?.detail.values["name"] == .text(name),
                    "dropping \(name): \(problems)")
            try fixture.tamper { db in try db.execute(saved) }
            let verification = try fixture.books.verify()
            #expect(verification.ok, "with \(name) back: \(details(verification))")
        }
    }

    /// Every trigger of the schema guards something append-only (journal, postings, meals, closes, settlements,
    /// declarations, the audit log, prices, policies), so dropping any of them should be reported. Known issue:
    /// `Books.guardTriggers` leaves five out; once verify checks them, swift-testing reports the known issue as
    /// missing, and the `withKnownIssue` wrapper should go.
    @Test func droppingAnyTriggerOfTheSchemaIsFound() throws {
        let fixture = try TamperCity()
        let all = try fixture.books.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").rows { $0.text(0) }
        #expect(Set(all) == Set(Books.guardTriggers), "audit verify must check every trigger of the schema")
        for name in all {
            var saved = ""
            try fixture.tamper { db in
                saved = try fixture.triggerSQL(db, name)
                try db.execute("DROP TRIGGER \(name)")
            }
            let problems = try fixture.books.verify().problems
            #expect(problems.contains { $0.check == "append-only" && $0.detail.values["name"] == .text(name) }, "dropping \(name) went unnoticed")
            try fixture.tamper { db in try db.execute(saved) }
        }
    }

    @Test func theGuardTriggersRefuseEdits() throws {
        let fixture = try TamperCity()
        let books = fixture.books
        let lastEntry = try fixture.lastEntryID()
        let voidedID = fixture.voidedMeal.number.id
        let openID = fixture.openMeal.number.id
        let voidEntry = try #require(try books.db.scalarInt("SELECT void_entry_id FROM meals WHERE id = ?", voidedID))
        let refused: [(sql: String, message: String)] = [
            ("UPDATE journal SET memo = 'edited' WHERE id = 1", "append-only"),
            ("UPDATE journal SET period = '2026-03' WHERE id = \(lastEntry)", "append-only"),
            ("DELETE FROM journal WHERE id = \(lastEntry)", "append-only"),
            ("UPDATE postings SET amount_fen = amount_fen WHERE id = 1", "append-only"),
            ("DELETE FROM postings WHERE journal_id = 1", "append-only"),
            ("DELETE FROM meals WHERE id = \(openID)", "append-only"),
            ("UPDATE meals SET subsidy_fen = subsidy_fen + 100, price_fen = price_fen + 100 WHERE id = \(openID)", "append-only"),
            ("UPDATE meals SET meal_date = '2026-02-01' WHERE id = \(openID)", "append-only"),
            ("UPDATE meals SET void_entry_id = NULL WHERE id = \(voidedID)", "append-only"),
            ("UPDATE meals SET void_entry_id = 1 WHERE id = \(voidedID)", "append-only"),
            ("UPDATE meals SET void_entry_id = \(voidEntry), slot = 'dinner' WHERE id = \(voidedID)", "append-only"),
            ("UPDATE month_closes SET meals = meals WHERE month = '2026-01'", "never changes"),
            ("DELETE FROM month_closes WHERE month = '2026-01'", "never changes"),
            ("UPDATE month_close_sites SET payable_fen = payable_fen WHERE month = '2026-01'", "never changes"),
            ("DELETE FROM month_close_sites WHERE month = '2026-01'", "never changes"),
            ("UPDATE settlements SET voucher = 'forged'", "append-only"),
            ("DELETE FROM settlements", "append-only"),
            ("UPDATE cash_declarations SET amount_fen = amount_fen + 1", "declare again"),
            ("DELETE FROM cash_declarations", "history"),
        ]
        let counts = { () throws -> [Int64] in
            try ["journal", "postings", "meals", "month_closes", "month_close_sites", "settlements", "cash_declarations"].map {
                try books.db.scalarInt("SELECT count(*) FROM \($0)") ?? -1
            }
        }
        let before = try counts()
        try #require(try books.db.scalarInt("SELECT count(*) FROM settlements") ?? 0 > 0, "the fixture has settlements to guard")
        try fixture.tamper { db in
            for (sql, message) in refused {
                do {
                    try db.execute(sql)
                    Issue.record("the database allowed: \(sql)")
                } catch let error as DatabaseError {
                    #expect(error.isConstraint, "\(sql): \(error)")
                    #expect(error.message.contains(message), "\(sql): refused with '\(error.message)', expected the trigger's '\(message)'")
                }
            }
        }
        #expect(try counts() == before, "a refused statement changed rows")
        let verification = try books.verify()
        #expect(verification.ok, "after the refused edits: \(details(verification))")

        // The one change allowed: setting a meal's void link once. (Pointing it at an entry that is not the
        // meal's void is what audit verify then reports.)
        try fixture.tamper { db in
            try db.run("UPDATE meals SET void_entry_id = 1 WHERE id = ?", openID)
            #expect(db.changes == 1)
            #expect(throws: DatabaseError.self, "the link is set once") {
                try db.run("UPDATE meals SET void_entry_id = ? WHERE id = ?", lastEntry, openID)
            }
        }
        let checks = try problemChecks(books)
        #expect(checks.contains("meal-entries"), "found: \(checks)")
    }
}
