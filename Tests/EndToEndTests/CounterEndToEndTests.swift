// End-to-end tests of the counter (issue 3): registering diners, recording and voiding meals, importing a
// counter's offline log, and several counters writing at once, all through the built binary on temporary
// databases. Every command carries --today, so nothing here depends on the real date.
import Foundation
import SQLite
import Testing

/// The date every command takes as today.
private let today = "2026-11-29"

// MARK: - Resident ID numbers

/// A valid resident ID number: `area` (6 digits), `birth` (YYYYMMDD), `seq` (3 digits), and the ISO 7064 MOD 11-2
/// check character (weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; the sum's remainder mod 11 indexes "10X98765432").
private func validID(area: String = "440103", birth: String, seq: String = "001") -> String {
    let body = area + birth + seq
    precondition(body.count == 17 && body.allSatisfy(\.isASCII) && body.allSatisfy(\.isNumber), "17 digits, not \(body)")
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    let checks = Array("10X98765432")
    return body + String(checks[sum % 11])
}

/// The same number with a check character that is wrong.
private func withWrongCheck(_ id: String) -> String {
    let last = id.last!
    return String(id.dropLast()) + (last == "1" ? "2" : "1")
}

// MARK: - Running commands

private extension Canteen {
    /// `canteen <args> --today 2026-11-29` as `actor` (clerk1 unless told).
    func counterRun(_ args: String..., as actor: String? = "clerk1",
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try run(arguments: args + ["--today", today], operator: actor, sourceLocation: sourceLocation)
    }

    /// The same, and it must succeed.
    @discardableResult
    func counterOK(_ args: String..., as actor: String? = "clerk1",
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments: args + ["--today", today], operator: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Registers a diner (as clerk1, dated 2026-01-01 unless told) and returns the diner number.
    @discardableResult
    func registerDiner(_ id: String, name: String = "王芳", date: String = "2026-01-01", _ extra: String...,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments: ["diner", "register", "--id", id, "--name", name, "--date", date, "--format", "json",
                                         "--today", today] + extra, operator: "clerk1", sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "register \(id): \(result)", sourceLocation: sourceLocation)
        let object = try #require(result.json as? [String: Any], "\(result)", sourceLocation: sourceLocation)
        return try #require(object["diner"] as? String, "\(result)", sourceLocation: sourceLocation)
    }

    /// `budget show --format json`: (total, drawn, remaining) in fen.
    func budgetFen(sourceLocation: SourceLocation = #_sourceLocation) throws -> (total: Int64, drawn: Int64, remaining: Int64) {
        let result = try counterOK("budget", "show", "--format", "json", as: nil, sourceLocation: sourceLocation)
        let object = try #require(result.json as? [String: Any], "\(result)", sourceLocation: sourceLocation)
        return (try #require(fen(object["total_fen"]), sourceLocation: sourceLocation),
                try #require(fen(object["drawn_fen"]), sourceLocation: sourceLocation),
                try #require(fen(object["remaining_fen"]), sourceLocation: sourceLocation))
    }

    /// The meals `meal list --format json` shows.
    func mealList(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let result = try counterOK("meal", "list", "--format", "json", as: nil, sourceLocation: sourceLocation)
        let object = try #require(result.json as? [String: Any], "\(result)", sourceLocation: sourceLocation)
        return try #require(object["meals"] as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
    }
}

/// An integer from parsed JSON, however Foundation bridged it.
private func fen(_ value: Any?) -> Int64? {
    switch value {
    case let n as Int: Int64(n)
    case let n as Int64: n
    case let n as NSNumber: n.int64Value
    default: nil
    }
}

/// stdout as a JSON object.
private func jsonObject(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    try #require(result.json as? [String: Any], "not a JSON object: \(result)", sourceLocation: sourceLocation)
}

/// A new database as of 2026-11-29: admin, clerk1 (clerk), canteens GZ01 and GZ02 at 18.00, and `--budget` when given.
private func counterBooks(budget: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Canteen {
    let canteen = Canteen(in: try TempDir("counter"))
    let result = try canteen.run(arguments: ["init", "--admin", "admin", "--today", today] + (budget.map { ["--budget", $0] } ?? []),
                                 sourceLocation: sourceLocation)
    try #require(result.exitCode == 0, "init: \(result)", sourceLocation: sourceLocation)
    try canteen.counterOK("operator", "add", "clerk1", "--role", "clerk", as: "admin", sourceLocation: sourceLocation)
    try canteen.counterOK("site", "add", "GZ01", "--name", "越秀区第一长者饭堂", "--price", "18", as: "admin", sourceLocation: sourceLocation)
    try canteen.counterOK("site", "add", "GZ02", "--name", "荔湾区长者饭堂", "--price", "18", as: "admin", sourceLocation: sourceLocation)
    return canteen
}

// MARK: - Assertions

/// The books hold together: `audit verify` exits 0, and remaining = total − drawn ≥ 0 (and drawn is `drawn` when given).
private func expectSoundBooks(_ canteen: Canteen, drawn expectedDrawn: Int64? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
    let verify = try canteen.counterRun("audit", "verify", as: nil, sourceLocation: sourceLocation)
    #expect(verify.exitCode == 0, "audit verify: \(verify)", sourceLocation: sourceLocation)
    let budget = try canteen.budgetFen(sourceLocation: sourceLocation)
    #expect(budget.remaining == budget.total - budget.drawn, "\(budget)", sourceLocation: sourceLocation)
    #expect(budget.remaining >= 0, "\(budget)", sourceLocation: sourceLocation)
    if let expectedDrawn {
        #expect(budget.drawn == expectedDrawn, "\(budget)", sourceLocation: sourceLocation)
    }
}

// MARK: - Several processes at once

/// Starts one `canteen <args> --today 2026-11-29` process per line, all at once, and waits for them all.
/// With `gate`, the test holds the write lock while they start and lets go after `gateSeconds`, so they
/// all queue on the same lock and then race for it.
private func runTogether(_ canteen: Canteen, _ lines: [[String]], as actor: String = "clerk1", gate: Bool = true,
                         gateSeconds: Double = 0.5, sourceLocation: SourceLocation = #_sourceLocation) throws -> [RunResult] {
    let binary = try #require(CanteenBinary.path, "the canteen binary was not found", sourceLocation: sourceLocation)
    let capture = try TempDir("race")
    var environment = CanteenBinary.baseEnvironment
    environment["CANTEEN_DB"] = canteen.db
    environment["CANTEEN_OPERATOR"] = actor
    environment["CANTEEN_BUSY_TIMEOUT_MS"] = "20000"

    var lock: Database? = nil
    if gate {
        lock = try Database(path: canteen.db)
        try lock?.execute("BEGIN IMMEDIATE")
    }
    defer { if let lock, lock.isInTransaction { try? lock.execute("ROLLBACK") } }

    var running: [(process: Process, out: String, err: String, handles: [FileHandle])] = []
    for (index, args) in lines.enumerated() {
        let outPath = capture.file("out\(index)"), errPath = capture.file("err\(index)")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args + ["--today", today]
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: canteen.directory)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        running.append((process, outPath, errPath, [out, err]))
    }
    for entry in running { try entry.process.run() }
    if let lock {
        usleep(UInt32(gateSeconds * 1_000_000))
        try lock.execute("ROLLBACK")
    }
    let deadline = Date().addingTimeInterval(120)
    var results: [RunResult] = []
    for entry in running {
        while entry.process.isRunning {
            if Date() > deadline {
                entry.process.terminate()
                Issue.record("a racing process ran longer than 120 s", sourceLocation: sourceLocation)
            }
            usleep(1000)
        }
        entry.process.waitUntilExit()
        entry.handles.forEach { try? $0.close() }
        results.append(RunResult(
            exitCode: entry.process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: entry.out))) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: entry.err))) ?? Data(), as: UTF8.self)))
    }
    return results
}

// MARK: - The test helper itself

@Suite struct CounterIDHelperTests {
    @Test func validIDReproducesThePublishedNumbers() {
        #expect(validID(area: "110105", birth: "19491231", seq: "002") == "11010519491231002X")
        #expect(validID(area: "440203", birth: "19500101", seq: "123") == "440203195001011233")
        #expect(withWrongCheck("11010519491231002X") == "110105194912310021")
    }
}

// MARK: - diner register

@Suite struct CounterDinerRegisterTests {
    @Test func registeringPrintsTheDinerNumberBirthDateAndAge() throws {
        let canteen = try counterBooks()
        let result = try canteen.counterOK("diner", "register", "--id", "11010519491231002X", "--name", "王芳",
                                           "--phone", "13812345678", "--site", "GZ01", "--format", "json")
        let object = try jsonObject(result)
        let diner = try #require(object["diner"] as? String)
        #expect(!diner.isEmpty)
        #expect(object["birth_date"] as? String == "1949-12-31")
        #expect(fen(object["age"]) == 76)
        #expect(result.stderr == "")
        // The diner can be found by the number just printed.
        let shown = try jsonObject(try canteen.counterOK("diner", "show", diner, "--format", "json"))
        #expect(shown["diner"] as? String == diner)
        #expect(shown["name"] as? String == "王芳")
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aWrongCheckCharacterIsInvalidInput() throws {
        let canteen = try counterBooks()
        let before = canteen.snapshot()
        let result = try canteen.counterRun("diner", "register", "--id", "110105194912310021", "--name", "王芳")
        expectRefusal(result, exit: 65, saying: "check character", before: before, canteen: canteen)
        let computed = withWrongCheck(validID(birth: "19550505"))
        let other = try canteen.counterRun("diner", "register", "--id", computed, "--name", "李四")
        expectRefusal(other, exit: 65, saying: "check character", before: before, canteen: canteen)
    }

    @Test func underSixtyIsRefusedSayingWhenTheyBecomeEligible() throws {
        let canteen = try counterBooks()
        let before = canteen.snapshot()
        let result = try canteen.counterRun("diner", "register", "--id", validID(birth: "19700315"), "--name", "陈明")
        expectRefusal(result, exit: 1, saying: "60", "2030-03-15", before: before, canteen: canteen)
    }

    @Test func theSixtiethBirthdayItselfIsAcceptedAndTheDayBeforeRefused() throws {
        let canteen = try counterBooks()
        // Born 1966-11-29: sixty on 2026-11-29, today.
        let birthday = validID(birth: "19661129", seq: "011")
        let before = canteen.snapshot()
        let early = try canteen.counterRun("diner", "register", "--id", birthday, "--name", "周一", "--date", "2026-11-28")
        expectRefusal(early, exit: 1, saying: "2026-11-29", before: before, canteen: canteen)
        let onTheDay = try canteen.counterOK("diner", "register", "--id", birthday, "--name", "周一", "--date", "2026-11-29",
                                             "--format", "json")
        #expect(fen(try jsonObject(onTheDay)["age"]) == 60)
        // Born 1966-11-30: sixty tomorrow, so today is the day before.
        let tomorrow = validID(birth: "19661130", seq: "021")
        let before2 = canteen.snapshot()
        let refused = try canteen.counterRun("diner", "register", "--id", tomorrow, "--name", "周二")
        expectRefusal(refused, exit: 1, saying: "2026-11-30", before: before2, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func bornOnTwentyNinthFebruaryTurnsSixtyOnTheLeapDay() throws {
        let canteen = try counterBooks()
        let leapling = validID(area: "440106", birth: "19640229", seq: "032")
        let before = canteen.snapshot()
        let early = try canteen.counterRun("diner", "register", "--id", leapling, "--name", "林二九", "--date", "2024-02-28")
        expectRefusal(early, exit: 1, saying: "2024-02-29", before: before, canteen: canteen)
        let onTheDay = try canteen.counterOK("diner", "register", "--id", leapling, "--name", "林二九", "--date", "2024-02-29",
                                             "--format", "json")
        let object = try jsonObject(onTheDay)
        #expect(object["birth_date"] as? String == "1964-02-29")
        #expect(fen(object["age"]) == 60)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aSecondRegistrationOfTheSameNumberNamesTheExistingDiner() throws {
        let canteen = try counterBooks()
        let first = try canteen.registerDiner("440203195001011233", name: "李四")
        let before = canteen.snapshot()
        let again = try canteen.counterRun("diner", "register", "--id", "440203195001011233", "--name", "李四")
        expectRefusal(again, exit: 1, saying: "already registered", first, before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aLowerCaseXIsAcceptedAndNormalised() throws {
        let canteen = try counterBooks()
        let result = try canteen.counterOK("diner", "register", "--id", "11010519491231002x", "--name", "王芳")
        #expect(result.stdout.contains("11010519491231002X"), "\(result)")
        #expect(!result.stdout.contains("11010519491231002x"), "\(result)")
        // Stored upper-case: the upper-case number finds the diner and cannot register again.
        let shown = try canteen.counterOK("diner", "show", "11010519491231002X", "--unmask", as: "admin")
        #expect(shown.stdout.contains("11010519491231002X"), "\(shown)")
        let before = canteen.snapshot()
        let again = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "王芳")
        expectRefusal(again, exit: 1, saying: "already registered", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func anUnknownHomeCanteenIsNotFound() throws {
        let canteen = try counterBooks()
        let before = canteen.snapshot()
        let result = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "王芳", "--site", "GZ99")
        expectRefusal(result, exit: 66, saying: "GZ99", before: before, canteen: canteen)
    }

    @Test func aBadCategoryPhoneOrEmptyNameIsInvalidInput() throws {
        let canteen = try counterBooks()
        let before = canteen.snapshot()
        let category = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "王芳",
                                              "--category", "millionaire")
        expectRefusal(category, exit: 65, saying: "millionaire", before: before, canteen: canteen)
        let phone = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "王芳", "--phone", "12345")
        // The number is masked in the message (it is personal data), so the message names the field instead.
        expectRefusal(phone, exit: 65, saying: "phone number *****", before: before, canteen: canteen)
        let letters = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "王芳",
                                             "--phone", "138abcd5678")
        expectRefusal(letters, exit: 65, saying: "phone", before: before, canteen: canteen)
        let empty = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "")
        expectRefusal(empty, exit: 65, saying: "name", before: before, canteen: canteen)
        let blank = try canteen.counterRun("diner", "register", "--id", "11010519491231002X", "--name", "   ")
        expectRefusal(blank, exit: 65, saying: "name", before: before, canteen: canteen)
    }
}

// MARK: - diner list / find / show, masking

@Suite struct CounterDinerMaskingTests {
    @Test func listFindAndShowMaskIDAndPhone() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X", name: "王芳", "--phone", "13812345678")
        let outputs = [
            try canteen.counterOK("diner", "list"),
            try canteen.counterOK("diner", "list", "--format", "json"),
            try canteen.counterOK("diner", "list", "--format", "csv"),
            try canteen.counterOK("diner", "find", "王"),
            try canteen.counterOK("diner", "find", "11010519491231002X"),
            try canteen.counterOK("diner", "find", "13812345678", "--format", "json"),
            try canteen.counterOK("diner", "show", diner),
            try canteen.counterOK("diner", "show", diner, "--format", "json"),
        ]
        for output in outputs {
            #expect(output.stdout.contains("110105********002X"), "\(output)")
            #expect(!output.stdout.contains("11010519491231002X"), "\(output)")
            #expect(output.stdout.contains("138****5678"), "\(output)")
            #expect(!output.stdout.contains("13812345678"), "\(output)")
        }
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func unmaskIsRefusedToAClerkAndLoggedForAnAdmin() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X", name: "王芳", "--phone", "13812345678")
        let before = canteen.snapshot()
        for args in [["diner", "list", "--unmask"], ["diner", "find", "王", "--unmask"], ["diner", "show", diner, "--unmask"]] {
            let refused = try canteen.run(arguments: args + ["--today", today], operator: "clerk1")
            expectRefusal(refused, exit: 77, saying: "clerk1", before: before, canteen: canteen)
        }

        let shown = try canteen.counterOK("diner", "show", diner, "--unmask", as: "admin")
        let listed = try canteen.counterOK("diner", "list", "--unmask", as: "admin")
        let found = try canteen.counterOK("diner", "find", "王", "--unmask", as: "admin")
        for output in [shown, listed, found] {
            #expect(output.stdout.contains("11010519491231002X"), "\(output)")
            #expect(output.stdout.contains("13812345678"), "\(output)")
        }
        let log = try jsonObject(try canteen.counterOK("audit", "log", "--format", "json", as: nil))
        let entries = try #require(log["log"] as? [[String: Any]], "\(log)")
        let unmasks = entries.filter { ($0["action"] as? String) == "unmask" }
        #expect(unmasks.count == 3, "\(entries)")
        #expect(unmasks.allSatisfy { ($0["operator"] as? String) == "admin" }, "\(unmasks)")
        let table = try canteen.counterOK("audit", "log", as: nil)
        #expect(table.stdout.contains("unmask"), "\(table)")

        // An auditor may unmask as well.
        try canteen.counterOK("operator", "add", "aud1", "--role", "auditor", as: "admin")
        let audited = try canteen.counterOK("diner", "show", diner, "--unmask", as: "aud1")
        #expect(audited.stdout.contains("11010519491231002X"), "\(audited)")
        try expectSoundBooks(canteen, drawn: 0)
    }
}

// MARK: - diner deactivate

@Suite struct CounterDinerDeactivateTests {
    @Test func noMealOnOrAfterTheDeactivationDate() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("440203195001011233", name: "李四")
        try canteen.counterOK("diner", "deactivate", diner, "--reason", "moved", "--date", "2026-11-20")
        let before = canteen.snapshot()
        let onTheDate = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--date", "2026-11-20")
        expectRefusal(onTheDate, exit: 1, saying: "inactive", before: before, canteen: canteen)
        let after = try canteen.counterRun("meal", "record", diner, "--site", "GZ01")
        expectRefusal(after, exit: 1, saying: "inactive", before: before, canteen: canteen)
        let byID = try canteen.counterRun("meal", "record", "440203195001011233", "--site", "GZ02", "--date", "2026-11-25")
        expectRefusal(byID, exit: 1, saying: "inactive", before: before, canteen: canteen)

        let earlier = try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--date", "2026-11-19", "--format", "json")
        #expect(fen(try jsonObject(earlier)["subsidy_fen"]) == 800)
        let inactive = try jsonObject(try canteen.counterOK("diner", "list", "--status", "inactive", "--format", "json"))
        #expect((inactive["diners"] as? [Any])?.count == 1, "\(inactive)")
        try expectSoundBooks(canteen, drawn: 800)
    }
}

// MARK: - meal record

@Suite struct CounterMealRecordTests {
    @Test func aMealChargesPriceCopayAndSubsidy() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let result = try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--format", "json")
        let object = try jsonObject(result)
        let meal = try #require(object["meal"] as? String, "\(result)")
        #expect(!meal.isEmpty)
        #expect(fen(object["price_fen"]) == 1800)
        #expect(fen(object["copay_fen"]) == 1000)
        #expect(fen(object["subsidy_fen"]) == 800)
        let remainingAfterOne: Int64 = 1_610_000_000 - 800
        #expect(fen(object["budget_remaining_fen"]) == remainingAfterOne)
        // The receipt as text: masked ID, the amounts.
        let other = try canteen.registerDiner("440203195001011233", name: "李四")
        let receipt = try canteen.counterOK("meal", "record", other, "--site", "GZ02", "--slot", "dinner", "--pay", "wechat")
        #expect(receipt.stdout.contains("440203********1233"), "\(receipt)")
        #expect(!receipt.stdout.contains("440203195001011233"), "\(receipt)")
        #expect(receipt.stdout.contains("18.00") && receipt.stdout.contains("10.00") && receipt.stdout.contains("8.00"), "\(receipt)")
        let budget = try canteen.budgetFen()
        #expect(budget.total == 1_610_000_000 && budget.drawn == 1600 && budget.remaining == 1_610_000_000 - 1600)
        try expectSoundBooks(canteen, drawn: 1600)
    }

    @Test func anUnknownDinerOrCanteenIsNotFound() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let before = canteen.snapshot()
        let noDiner = try canteen.counterRun("meal", "record", "D99999", "--site", "GZ01")
        expectRefusal(noDiner, exit: 66, saying: "D99999", before: before, canteen: canteen)
        let unregistered = try canteen.counterRun("meal", "record", "440203195001011233", "--site", "GZ01")
        expectRefusal(unregistered, exit: 66, saying: "no diner", before: before, canteen: canteen)
        let noSite = try canteen.counterRun("meal", "record", diner, "--site", "GZ99")
        expectRefusal(noSite, exit: 66, saying: "GZ99", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aSecondLunchTheSameDayIsRefusedNamingTheFirstButDinnerIsFine() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let first = try jsonObject(try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--format", "json"))
        let firstMeal = try #require(first["meal"] as? String)
        let before = canteen.snapshot()
        let second = try canteen.counterRun("meal", "record", diner, "--site", "GZ02")
        expectRefusal(second, exit: 1, saying: "duplicate", "GZ01", today, before: before, canteen: canteen)
        #expect(second.stderr.contains(firstMeal), "\(second)")
        // Named by ID number instead of diner number: the same diner, the same refusal.
        let byID = try canteen.counterRun("meal", "record", "11010519491231002X", "--site", "GZ01", "--slot", "lunch")
        expectRefusal(byID, exit: 1, saying: "duplicate", before: before, canteen: canteen)

        let dinner = try canteen.counterOK("meal", "record", diner, "--site", "GZ02", "--slot", "dinner", "--format", "json")
        #expect(fen(try jsonObject(dinner)["subsidy_fen"]) == 800)
        try expectSoundBooks(canteen, drawn: 1600)
    }

    @Test func aMalformedDateSlotOrPayIsInvalidInput() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let before = canteen.snapshot()
        for (args, fragment) in [(["--date", "2026-02-30"], "2026-02-30"), (["--date", "29/11/2026"], "29/11/2026"),
                                 (["--slot", "brunch"], "brunch"), (["--pay", "bitcoin"], "bitcoin")] {
            let result = try canteen.run(arguments: ["meal", "record", diner, "--site", "GZ01"] + args + ["--today", today],
                                         operator: "clerk1")
            expectRefusal(result, exit: 65, saying: fragment, before: before, canteen: canteen)
        }
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aMealAfterTodayIsRefused() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--date", "2026-11-30")
        expectRefusal(result, exit: 1, saying: "2026-11-30", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func theMealThatWouldOverdrawTheBudgetIsRefused() throws {
        let canteen = try counterBooks(budget: "16")
        let a = try canteen.registerDiner("11010519491231002X")
        let b = try canteen.registerDiner("440203195001011233", name: "李四")
        let c = try canteen.registerDiner(validID(birth: "19550505"), name: "张三")
        let first = try jsonObject(try canteen.counterOK("meal", "record", a, "--site", "GZ01", "--format", "json"))
        #expect(fen(first["budget_remaining_fen"]) == 800)
        let second = try jsonObject(try canteen.counterOK("meal", "record", b, "--site", "GZ02", "--format", "json"))
        #expect(fen(second["budget_remaining_fen"]) == 0)
        let before = canteen.snapshot()
        let third = try canteen.counterRun("meal", "record", c, "--site", "GZ01")
        expectRefusal(third, exit: 1, saying: "budget", before: before, canteen: canteen)
        let budget = try canteen.budgetFen()
        #expect(budget.total == 1600 && budget.drawn == 1600 && budget.remaining == 0, "\(budget)")
        try expectSoundBooks(canteen, drawn: 1600)
    }

    @Test func aRefMakesTheCallIdempotent() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let first = try jsonObject(try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--ref", "paper-7",
                                                         "--format", "json"))
        let meal = try #require(first["meal"] as? String)
        let budgetAfterFirst = try canteen.budgetFen()
        let before = canteen.snapshot()

        let again = try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--ref", "paper-7", "--format", "json")
        let replay = try jsonObject(again)
        #expect(replay["meal"] as? String == meal, "\(again)")
        #expect(fen(replay["subsidy_fen"]) == 800)
        #expect(fen(replay["budget_remaining_fen"]) == budgetAfterFirst.remaining)
        let budgetAfterReplay = try canteen.budgetFen()
        #expect(budgetAfterReplay == budgetAfterFirst)
        #expect(snapshotDifference(before, canteen.snapshot()) == nil, "a replayed ref must record nothing")
        #expect(try canteen.mealList().count == 1)

        let otherDetails = try canteen.counterRun("meal", "record", diner, "--site", "GZ02", "--ref", "paper-7")
        expectRefusal(otherDetails, exit: 1, saying: "paper-7", before: before, canteen: canteen)
        let otherSlot = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--slot", "dinner", "--ref", "paper-7")
        expectRefusal(otherSlot, exit: 1, saying: "paper-7", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func anAgeBandCountsATwentyNinthFebruaryBirthdayFromFirstMarchInACommonYear() throws {
        let canteen = try counterBooks()
        try canteen.counterOK("policy", "set", "--copay", "3", "--min-age", "75", as: "admin")
        // Born 1948-02-29: 75 on 2023-03-01 (2023 has no 29 February), 76 on 2024-02-29.
        let leapling = try canteen.registerDiner(validID(area: "440103", birth: "19480229", seq: "051"), name: "林闰",
                                                 date: "2023-01-01")
        let copays = try ["2023-02-28", "2023-03-01", "2024-02-28"].map { date in
            fen(try jsonObject(try canteen.counterOK("meal", "record", leapling, "--site", "GZ01", "--date", date,
                                                     "--format", "json"))["copay_fen"])
        }
        #expect(copays == [1000, 300, 300])
        try expectSoundBooks(canteen, drawn: 800 + 1500 + 1500)
    }

    @Test func aMealBeforeTheRegistrationDateIsRefused() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X", date: "2026-11-10")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--date", "2026-11-09")
        expectRefusal(result, exit: 1, saying: "registered", before: before, canteen: canteen)
        try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--date", "2026-11-10")
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func aLowIncomeDinerPaysTheCategorysCopay() throws {
        let canteen = try counterBooks()
        try canteen.counterOK("policy", "set", "--copay", "5", "--category", "low-income", as: "admin")
        let poor = try canteen.registerDiner("440203195001011233", name: "李四", "--category", "low-income")
        let standard = try canteen.registerDiner("11010519491231002X")
        let cheap = try jsonObject(try canteen.counterOK("meal", "record", poor, "--site", "GZ01", "--format", "json"))
        #expect(fen(cheap["price_fen"]) == 1800)
        #expect(fen(cheap["copay_fen"]) == 500)
        #expect(fen(cheap["subsidy_fen"]) == 1300)
        let usual = try jsonObject(try canteen.counterOK("meal", "record", standard, "--site", "GZ01", "--format", "json"))
        #expect(fen(usual["copay_fen"]) == 1000)
        #expect(fen(usual["subsidy_fen"]) == 800)
        try expectSoundBooks(canteen, drawn: 2100)
    }
}

// MARK: - meal void

@Suite struct CounterMealVoidTests {
    @Test func aVoidReturnsTheSubsidyAndFreesTheSlot() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let budgetBefore = try canteen.budgetFen()
        let recorded = try jsonObject(try canteen.counterOK("meal", "record", diner, "--site", "GZ01", "--format", "json"))
        let meal = try #require(recorded["meal"] as? String)
        let budgetWithMeal = try canteen.budgetFen()
        #expect(budgetWithMeal.drawn == budgetBefore.drawn + 800)
        #expect(budgetWithMeal.remaining == budgetBefore.remaining - 800)

        try canteen.counterOK("meal", "void", meal, "--reason", "wrong diner")
        let budgetAfterVoid = try canteen.budgetFen()
        #expect(budgetAfterVoid == budgetBefore, "\(budgetAfterVoid) vs \(budgetBefore)")
        try expectSoundBooks(canteen, drawn: 0)

        let before = canteen.snapshot()
        let twice = try canteen.counterRun("meal", "void", meal, "--reason", "again")
        expectRefusal(twice, exit: 1, saying: "already voided", before: before, canteen: canteen)
        let unknown = try canteen.counterRun("meal", "void", "M999999", "--reason", "no such meal")
        expectRefusal(unknown, exit: 66, saying: "M999999", before: before, canteen: canteen)

        // The voided lunch no longer holds the slot.
        let corrected = try jsonObject(try canteen.counterOK("meal", "record", diner, "--site", "GZ02", "--format", "json"))
        #expect(corrected["meal"] as? String != meal)
        let meals = try canteen.mealList()
        #expect(meals.count == 2)
        #expect(meals.filter { ($0["voided"] as? Bool) == true }.count == 1, "\(meals)")
        try expectSoundBooks(canteen, drawn: 800)
    }
}

// MARK: - meal import

@Suite struct CounterMealImportTests {
    private static let header = "ref,date,slot,site,diner,pay\n"

    /// Books with three diners, D-numbers returned in order.
    private func booksWithDiners() throws -> (Canteen, [String]) {
        let canteen = try counterBooks()
        let diners = [
            try canteen.registerDiner("11010519491231002X", name: "王芳"),
            try canteen.registerDiner("440203195001011233", name: "李四"),
            try canteen.registerDiner(validID(birth: "19550505", seq: "044"), name: "张三"),
        ]
        return (canteen, diners)
    }

    @Test func goodRowsAreRecordedAndAReImportSkipsThemAll() throws {
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            k1,2026-11-01,lunch,GZ01,\(d[0]),cash
            k2,2026-11-01,dinner,GZ01,\(d[0]),wechat
            k3,2026-11-01,lunch,GZ02,\(d[1]),alipay
            k4,2026-11-02,lunch,GZ01,\(d[0]),card
            k5,2026-11-02,breakfast,GZ02,440203195001011233,cash

            """, to: "log.csv")
        let result = try canteen.counterOK("meal", "import", file, "--format", "json")
        let object = try jsonObject(result)
        #expect(fen(object["recorded"]) == 5, "\(result)")
        #expect(fen(object["skipped"]) == 0, "\(result)")
        #expect(try canteen.mealList().count == 5)
        let budget = try canteen.budgetFen()
        #expect(budget.drawn == 5 * 800)
        try expectSoundBooks(canteen, drawn: 4000)

        let before = canteen.snapshot()
        let again = try canteen.counterOK("meal", "import", file, "--format", "json")
        let second = try jsonObject(again)
        #expect(fen(second["recorded"]) == 0, "\(again)")
        #expect(fen(second["skipped"]) == 5, "\(again)")
        #expect(try canteen.budgetFen() == budget)
        #expect(try canteen.mealList().count == 5)
        #expect(snapshotDifference(before, canteen.snapshot()) == nil, "a re-import must record nothing")
        // As text, too.
        let text = try canteen.counterOK("meal", "import", file)
        #expect(text.stdout.contains("5"), "\(text)")
        try expectSoundBooks(canteen, drawn: 4000)
    }

    @Test func threeBadRowsAmongGoodOnesAreAllReportedAndNothingIsRecorded() throws {
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            b1,2026-11-01,lunch,GZ01,\(d[0]),cash
            b2,2026-11-31,lunch,GZ01,\(d[1]),cash
            b3,2026-11-02,lunch,GZ01,\(d[0]),cash
            b4,2026-11-02,lunch,GZ01,D99999,cash
            b5,2026-11-03,lunch,GZ02,\(d[2]),wechat
            b6,2026-11-03,brunch,GZ01,\(d[1]),cash

            """, to: "bad.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 65, saying: "line 3", "line 5", "line 7", before: before, canteen: canteen)
        for good in ["line 2", "line 4", "line 6"] {
            #expect(!result.stderr.contains(good + ":"), "\(good) is a good row: \(result)")
        }
        #expect(result.stderr.contains("2026-11-31") && result.stderr.contains("D99999") && result.stderr.contains("brunch"),
                "\(result)")
        #expect(try canteen.mealList().isEmpty)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aFileWhoseOnlyBadRowBreaksARuleIsRefused() throws {
        let (canteen, d) = try booksWithDiners()
        try canteen.counterOK("meal", "record", d[0], "--site", "GZ01", "--date", "2026-11-10")
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            r1,2026-11-10,lunch,GZ01,\(d[1]),cash
            r2,2026-11-10,lunch,GZ02,\(d[0]),cash
            r3,2026-11-10,dinner,GZ02,\(d[0]),cash

            """, to: "rule.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 1, saying: "line 3", "duplicate", before: before, canteen: canteen)
        #expect(!result.stderr.contains("line 2:") && !result.stderr.contains("line 4:"), "\(result)")
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func aRefRepeatedWithinTheFileIsInvalid() throws {
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            same,2026-11-01,lunch,GZ01,\(d[0]),cash
            same,2026-11-01,lunch,GZ01,\(d[1]),cash

            """, to: "twice.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 65, saying: "line 3", "same", before: before, canteen: canteen)
        // Even with identical details the second row is the same ref twice.
        let identical = try dir.write(Self.header + """
            same,2026-11-01,lunch,GZ01,\(d[0]),cash
            same,2026-11-01,lunch,GZ01,\(d[0]),cash

            """, to: "identical.csv")
        let second = try canteen.counterRun("meal", "import", identical)
        expectRefusal(second, exit: 65, saying: "line 3", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aRefRepeatedAfterABadFirstOccurrenceIsReportedToo() throws {
        // Every bad row is reported: the first X names an unknown diner, the second X repeats a ref of the file.
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            X,2026-11-01,lunch,GZ01,D99999,cash
            X,2026-11-01,lunch,GZ01,\(d[0]),cash

            """, to: "bad-then-repeat.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 65, saying: "line 2", "D99999", "line 3", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aRefRepeatedWithinTheFileIsAnErrorEvenWhenAlreadyRecorded() throws {
        // A ref recorded by an earlier import, then present twice in the next file: the repetition is still an error.
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let first = try dir.write(Self.header + "K,2026-11-02,lunch,GZ01,\(d[0]),cash\n", to: "first.csv")
        try canteen.counterOK("meal", "import", first)
        let file = try dir.write(Self.header + """
            K,2026-11-02,lunch,GZ01,\(d[0]),cash
            K,2026-11-02,lunch,GZ01,\(d[0]),cash

            """, to: "twice-again.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 65, saying: "line 3", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func aRefAlreadyRecordedWithOtherDetailsIsRefused() throws {
        let (canteen, d) = try booksWithDiners()
        try canteen.counterOK("meal", "record", d[0], "--site", "GZ01", "--date", "2026-11-02", "--ref", "K7")
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            K8,2026-11-02,lunch,GZ01,\(d[1]),cash
            K7,2026-11-03,lunch,GZ01,\(d[0]),cash

            """, to: "other-details.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 1, saying: "line 3", "K7", before: before, canteen: canteen)
        #expect(!result.stderr.contains("line 2:"), "\(result)")
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func anImportThatWouldOverdrawTheBudgetRecordsNothing() throws {
        let canteen = try counterBooks(budget: "16")
        let a = try canteen.registerDiner("11010519491231002X")
        let b = try canteen.registerDiner("440203195001011233", name: "李四")
        let dir = try #require(canteen.tempDir)
        let file = try dir.write(Self.header + """
            o1,2026-11-01,lunch,GZ01,\(a),cash
            o2,2026-11-01,lunch,GZ01,\(b),cash
            o3,2026-11-02,lunch,GZ01,\(a),cash

            """, to: "overdraw.csv")
        let before = canteen.snapshot()
        let result = try canteen.counterRun("meal", "import", file)
        expectRefusal(result, exit: 1, saying: "line 4", "budget", before: before, canteen: canteen)
        #expect(!result.stderr.contains("line 2:") && !result.stderr.contains("line 3:"), "\(result)")
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func aMissingFileIsNotFoundAndAWrongHeaderIsInvalid() throws {
        let (canteen, d) = try booksWithDiners()
        let dir = try #require(canteen.tempDir)
        let before = canteen.snapshot()
        let missing = try canteen.counterRun("meal", "import", dir.file("no-such-file.csv"))
        expectRefusal(missing, exit: 66, saying: "no-such-file.csv", before: before, canteen: canteen)
        let file = try dir.write("""
            ref,day,slot,site,diner,pay
            h1,2026-11-01,lunch,GZ01,\(d[0]),cash

            """, to: "header.csv")
        let header = try canteen.counterRun("meal", "import", file)
        expectRefusal(header, exit: 65, saying: "header", before: before, canteen: canteen)
        try expectSoundBooks(canteen, drawn: 0)
    }
}

// MARK: - Several counters at once (item 9)

@Suite struct CounterConcurrencyTests {
    @Test func racingCountersNeverOverdrawTheBudget() throws {
        let n = 6
        // Exactly n subsidies of 8.00.
        let canteen = try counterBooks(budget: "48")
        var diners: [String] = []
        for index in 0..<(2 * n) {
            diners.append(try canteen.registerDiner(validID(area: "440104", birth: "1950\(String(format: "%02d", index + 1))15",
                                                            seq: String(format: "%03d", 100 + index)),
                                                    name: "长者\(index + 1)"))
        }
        let lines = diners.enumerated().map { index, diner in
            ["meal", "record", diner, "--site", index.isMultiple(of: 2) ? "GZ01" : "GZ02", "--format", "json"]
        }
        let results = try runTogether(canteen, lines)
        let succeeded = results.filter { $0.exitCode == 0 }
        let refused = results.filter { $0.exitCode == 1 }
        #expect(succeeded.count == n, "\(results)")
        #expect(refused.count == n, "\(results)")
        #expect(succeeded.count + refused.count == results.count, "no other exit codes: \(results.map(\.exitCode))")
        for result in refused {
            #expect(result.stderr.localizedCaseInsensitiveContains("budget"), "\(result)")
        }
        for result in succeeded {
            #expect(fen((result.json as? [String: Any])?["subsidy_fen"]) == 800, "\(result)")
        }
        let remainders = Set(succeeded.compactMap { fen(($0.json as? [String: Any])?["budget_remaining_fen"]) })
        #expect(remainders == Set((0..<Int64(n)).map { $0 * 800 }), "each success saw its own remainder: \(remainders)")

        let budget = try canteen.budgetFen()
        #expect(budget.remaining == 0, "\(budget)")
        #expect(budget.drawn == 48 * 100, "\(budget)")
        #expect(budget.total == 48 * 100, "\(budget)")
        #expect(try canteen.mealList().count == n)
        try expectSoundBooks(canteen, drawn: 4800)
    }

    @Test func racingCountersRecordOneLunchPerDiner() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let racers = 8
        let lines = (0..<racers).map { index in
            ["meal", "record", index.isMultiple(of: 2) ? diner : "11010519491231002X", "--site",
             index.isMultiple(of: 2) ? "GZ01" : "GZ02"]
        }
        let results = try runTogether(canteen, lines)
        #expect(results.filter { $0.exitCode == 0 }.count == 1, "\(results)")
        let refused = results.filter { $0.exitCode == 1 }
        #expect(refused.count == racers - 1, "\(results.map(\.exitCode))")
        for result in refused {
            #expect(result.stderr.localizedCaseInsensitiveContains("duplicate"), "\(result)")
        }
        #expect(try canteen.mealList().count == 1)
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func racingRetriesWithTheSameRefRecordOneMeal() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let line = ["meal", "record", diner, "--site", "GZ01", "--ref", "till-3-0042", "--format", "json"]
        let results = try runTogether(canteen, Array(repeating: line, count: 8))
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results)")
        let numbers = Set(results.compactMap { ($0.json as? [String: Any])?["meal"] as? String })
        #expect(numbers.count == 1, "every retry names the same meal: \(numbers)")
        #expect(try canteen.mealList().count == 1)
        try expectSoundBooks(canteen, drawn: 800)
    }

    @Test func racingVoidsReturnTheSubsidyOnce() throws {
        let canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        let meal = try #require(try jsonObject(try canteen.counterOK("meal", "record", diner, "--site", "GZ01",
                                                                     "--format", "json"))["meal"] as? String)
        let results = try runTogether(canteen, Array(repeating: ["meal", "void", meal, "--reason", "wrong diner"], count: 8))
        #expect(results.filter { $0.exitCode == 0 }.count == 1, "\(results)")
        let refused = results.filter { $0.exitCode == 1 }
        #expect(refused.count == 7, "\(results.map(\.exitCode))")
        for result in refused { #expect(result.stderr.contains("already voided"), "\(result)") }
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func racingRegistrationsOfOneNumberRegisterOneDiner() throws {
        let canteen = try counterBooks()
        let line = ["diner", "register", "--id", "440203195001011233", "--name", "李四"]
        let results = try runTogether(canteen, Array(repeating: line, count: 8))
        #expect(results.filter { $0.exitCode == 0 }.count == 1, "\(results)")
        let refused = results.filter { $0.exitCode == 1 }
        #expect(refused.count == 7, "\(results.map(\.exitCode))")
        for result in refused { #expect(result.stderr.contains("already registered"), "\(result)") }
        let list = try jsonObject(try canteen.counterOK("diner", "list", "--format", "json"))
        #expect((list["diners"] as? [Any])?.count == 1, "\(list)")
        try expectSoundBooks(canteen, drawn: 0)
    }

    @Test func racingWithoutAGateLosesNothing() throws {
        // Plain simultaneous starts, no lock held by the test: every diner's meal is recorded once.
        let canteen = try counterBooks()
        var diners: [String] = []
        for index in 0..<8 {
            diners.append(try canteen.registerDiner(validID(area: "440105", birth: "1951\(String(format: "%02d", index + 1))01",
                                                            seq: String(format: "%03d", 200 + index)),
                                                    name: "长者\(index + 1)"))
        }
        let lines = diners.map { ["meal", "record", $0, "--site", "GZ01", "--slot", "breakfast"] }
        let results = try runTogether(canteen, lines, gate: false)
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results)")
        #expect(try canteen.mealList().count == 8)
        try expectSoundBooks(canteen, drawn: 8 * 800)
    }

    @Test func aLockHeldPastTheBusyTimeoutExits75() throws {
        var canteen = try counterBooks()
        let diner = try canteen.registerDiner("11010519491231002X")
        canteen.environment["CANTEEN_BUSY_TIMEOUT_MS"] = "200"
        let lock = try Database(path: canteen.db)
        try lock.execute("BEGIN IMMEDIATE")
        let before = canteen.snapshot()
        let started = Date()
        let busy = try canteen.counterRun("meal", "record", diner, "--site", "GZ01")
        let waited = Date().timeIntervalSince(started)
        // In Chinese the condition is said in words, not passed through as SQLite's "database is locked".
        let chinese = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--lang", "zh")
        try lock.execute("ROLLBACK")
        expectRefusal(busy, exit: 75, saying: "busy", before: before, canteen: canteen)
        expectRefusal(chinese, exit: 75, saying: "数据库正忙", "等待上限", before: before, canteen: canteen)
        #expect(!chinese.stderr.contains("locked") && !busy.stderr.contains("database is locked"), "\(chinese)\n\(busy)")
        #expect(waited < 4, "CANTEEN_BUSY_TIMEOUT_MS=200 should give up long before the default 5 s: waited \(waited) s")

        let after = try canteen.counterRun("meal", "record", diner, "--site", "GZ01", "--format", "json")
        #expect(after.exitCode == 0, "\(after)")
        #expect(fen((after.json as? [String: Any])?["subsidy_fen"]) == 800, "\(after)")
        try expectSoundBooks(canteen, drawn: 800)
    }
}
