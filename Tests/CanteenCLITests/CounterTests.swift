import Foundation
import Testing
@testable import CanteenCLI
import CanteenCore

/// Text written to a sink, kept for the test to read.
final class CapturedSink: TextSink {
    private(set) var text = ""
    func write(_ text: String) { self.text += text }
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

@Suite struct CounterLineReaderTests {
    private func lines(_ bytes: [UInt8], limit: Int = 16, step: Int = .max, chunk: Int = 8) -> [RawLine] {
        var reader = LineReader(source: MemorySource(bytes, step: step), limit: limit, chunkSize: chunk)
        var out: [RawLine] = []
        while let line = reader.next() { out.append(line) }
        return out
    }

    @Test(arguments: [1, 3, 7, Int.max])
    func linesSplitTheSameHoweverTheBytesArrive(step: Int) {
        let got = lines(Array("D00001\n\nK7Q2M9XT4P\r\nlast".utf8), step: step)
        #expect(got == [.bytes(Array("D00001".utf8)), .bytes([]), .bytes(Array("K7Q2M9XT4P\r".utf8)), .bytes(Array("last".utf8))])
    }

    @Test func aLineOverTheLimitIsCountedNotKeptAndTheNextLineReadsWhole() {
        let long = [UInt8](repeating: UInt8(ascii: "7"), count: 10_000)
        #expect(lines(long + Array("\nD00002\n".utf8)) == [.tooLong(10_000), .bytes(Array("D00002".utf8))])
        // Exactly the limit is still a line; one more byte is not.
        #expect(lines(Array(repeating: UInt8(ascii: "a"), count: 16) + [10]) == [.bytes(Array(repeating: UInt8(ascii: "a"), count: 16))])
        #expect(lines(Array(repeating: UInt8(ascii: "a"), count: 17)) == [.tooLong(17)])
    }

    @Test func noInputIsNoLine() {
        #expect(lines([]).isEmpty)
        #expect(lines([10]) == [.bytes([])])
    }
}

@Suite struct CounterLineTests {
    private func parse(_ text: String) -> CounterInput { CounterLine.parse(.bytes(Array(text.utf8))) }

    @Test func commandsInAnyCase() {
        #expect(parse("  SLOT Dinner ") == .slot("Dinner"))
        #expect(parse("pay wechat") == .pay("wechat"))
        #expect(parse("slot") == .slot(nil) && parse("Pay") == .pay(nil))
        #expect(parse("void") == .void && parse("Summary") == .summary)
        #expect(parse("?") == .help && parse("help") == .help)
        #expect(parse("quit") == .quit && parse("QUIT") == .quit && parse("exit") == .quit)
    }

    @Test func codesAreTakenAsTyped() {
        #expect(parse("D00001") == .code("D00001"))
        #expect(parse("\tk7q2m9xt4p\r") == .code("k7q2m9xt4p"))
        #expect(parse("44020319500101123x") == .code("44020319500101123x"))
        #expect(parse("12ab") == .code("12ab"), "a code with a digit is looked up, and refused as malformed")
        #expect(parse("　D00001　") == .code("D00001"), "full-width spaces are trimmed")
        #expect(parse("Ｄ０００４２") == .code("D00042"), "full-width digits and letters, from an input method in full-width mode")
        #expect(parse("ｓｌｏｔ　ｄｉｎｎｅｒ") == .slot("dinner") && parse("ｑｕｉｔ") == .quit && parse("？") == .help)
    }

    @Test func emptyLinesAreIgnoredAndWordsThatAreNoCommandAreUnknown() {
        #expect(parse("") == .empty && parse("   \t ") == .empty)
        #expect(parse("hello") == .unknown("hello"))
        #expect(parse("void now") == .unknown("void now"))
        #expect(parse("slot dinner please") == .unknown("slot dinner please"))
        #expect(parse("午餐") == .unknown("午餐"))
    }

    @Test func unreadableLines() {
        guard case .unreadable(let long) = CounterLine.parse(.tooLong(10_000)) else { Issue.record("not unreadable"); return }
        #expect(long.key == .counterLineTooLong && long.values["count"] == .int(10_000))
        guard case .unreadable(let bad) = CounterLine.parse(.bytes([0x44, 0xFF, 0x31])) else { Issue.record("not unreadable"); return }
        #expect(bad.key == .counterLineNotUTF8)
        guard case .unreadable(let escape) = parse("\u{1B}[AD00001") else { Issue.record("not unreadable"); return }
        #expect(escape.key == .counterLineControl && escape.values["character"] == .text("U+001B"))
        guard case .unreadable(let nul) = parse("D000\u{0}01") else { Issue.record("not unreadable"); return }
        #expect(nul.values["character"] == .text("U+0000"))
    }

    /// Trimming takes spaces, tabs and a CR at the end, nothing else: other controls and separators at the ends
    /// (VT, FF, NEL, U+2028, a no-break space) or alone on the line make it unreadable, not a code or an empty line.
    @Test(arguments: ["D00001\u{0B}", "D00001\u{0C}", "D00001\u{85}", "D00001\u{2028}", "\u{2029}D00001", "\u{0C}", "\u{2028}", "\u{85}",
                      "\u{0B}", "\u{A0}", "D00001\u{A0}", "\u{FEFF}D00001", "\u{200B}", "\rD00001", "D00\r001", "D00001\r\u{0B}",
                      "slot\tdinner", "\u{1C}", "\u{1F}"])
    func everyOtherControlOrSeparatorIsUnreadable(line: String) {
        guard case .unreadable(let message) = parse(line) else { Issue.record("\(line.debugDescription) is \(parse(line))"); return }
        #expect(message.key == .counterLineControl)
    }

    @Test func spacesTabsAndATrailingCRAreTrimmedAndFullWidthStillReads() {
        #expect(parse("\t D00001 \t\r") == .code("D00001"))
        #expect(parse(" \t\r") == .empty && parse("\r") == .empty)
        #expect(parse("　Ｄ０００４２　\r") == .code("D00042"))
        #expect(parse("ｐａｙ　ｗｅｃｈａｔ") == .pay("wechat"))
    }
}

/// Each refusal a counter can give, worded for a clerk in both languages: naming the diner where there is one.
@Suite struct CounterRefusalWordingTests {
    private func words(_ error: CanteenError) -> (reason: CounterRefusal.Reason, en: String, zh: String, quiet: Bool) {
        let refusal = CounterRefusal(error, site: "FC")
        return (refusal.reason, Lang.en.render(refusal.message), Lang.zh.render(refusal.message), refusal.quiet)
    }

    @Test func aDinerRefusedByARuleIsNamedWithTheRuleInTheClerksWords() throws {
        let date = try CivilDate(parsing: "2026-11-30")
        let before = words(CanteenError(.rule, .mealBeforeRegistration, ["diner": DinerNumber(id: 4), "registered": date, "date": date.adding(days: -1),
                                                                     "name": "新人"]))
        #expect(before.reason == .beforeRegistration && !before.quiet)
        #expect(before.en == "D00004 新人: not registered until 2026-11-30")
        #expect(before.zh == "D00004 新人：2026-11-30 才登记，此前不能用餐")
        let young = words(CanteenError(.rule, .mealUnderAge, ["diner": DinerNumber(id: 7), "age": 59, "date": date, "minimum": 60,
                                                            "from": date.adding(days: 15), "name": "年轻"]))
        #expect(young.reason == .underAge)
        #expect(young.en == "D00007 年轻: aged 59, under 60; eligible from 2026-12-15")
        #expect(young.zh == "D00007 年轻：59 岁，未满 60 岁；2026-12-15 起可享受补贴")
        let here = words(CanteenError(.rule, .mealDuplicate, ["diner": DinerNumber(id: 1), "slot": MealSlot.lunch, "date": date, "site": "FC",
                                                            "meal": MealNumber(id: 3), "at": "2026-11-30T03:42:00Z", "siteName": "风采长者饭堂",
                                                            "name": "张秀英", "time": "11:42"]))
        #expect(here.reason == .alreadyServed && here.quiet)
        #expect(here.en == "already served: D00001 张秀英 had lunch here at 11:42 (M000003)")
        #expect(here.zh == "已取过餐：D00001 张秀英 今天 11:42 在本饭堂用过午餐（M000003）")
    }

    @Test func whatTheClerkMistypedIsShownAsTypedUnlessItMayHoldAnIDNumber() throws {
        let today = try CivilDate(parsing: "2026-11-30")
        func message(_ text: String) -> String? {
            do { _ = try DinerReference(parsing: text, today: today) } catch let error as CanteenError { return Lang.en.render(error.message) } catch {}
            return nil
        }
        #expect(message("12345") == "'12345' is neither a diner number (such as D00042), a card code nor an 18-character ID number")
        #expect(message("12ab") == "'12ab' is neither a diner number (such as D00042), a card code nor an 18-character ID number")
        #expect(message("44020419500101") == "'440204****0101' is neither a diner number (such as D00042), a card code nor an 18-character ID number")
    }
}

/// Books in a temporary folder, set up through the CLI as a person would, for sessions run in-process.
private final class CounterBooks {
    let directory: URL
    let db: String
    static let today = "2026-11-30"
    /// 2026-11-30T03:42:00Z: 11:42 in Shaoguan.
    static let clock = Clock.fixed(1_796_010_120)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-counter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        db = directory.appendingPathComponent("c.db").path
        try run(["init", "--admin", "admin"])
        try run(["site", "add", "FC", "--name", "风采长者饭堂", "--price", "18"], as: "admin")
        try run(["site", "add", "DH", "--name", "东河长者饭堂", "--price", "16"], as: "admin")
        try run(["operator", "add", "clerk", "--role", "clerk"], as: "admin")
        try run(["operator", "add", "auditor", "--role", "auditor"], as: "admin")
        for (id, name) in [("11010519491231002X", "张秀英"), ("440204195001010018", "李四")] {
            try run(["diner", "register", "--id", id, "--name", name, "--site", "FC", "--date", "2026-11-01"], as: "clerk")
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func run(_ arguments: [String], as actor: String? = nil, console: Console? = nil) throws -> CanteenCLI.Result {
        var environment = ["CANTEEN_DB": db, "LANG": "C.UTF-8"]
        if let actor { environment["CANTEEN_OPERATOR"] = actor }
        let result = CanteenCLI.run(arguments: arguments + ["--today", Self.today], environment: environment, clock: Self.clock,
                                    console: console ?? Console(input: MemorySource(""), output: CapturedSink(), prompts: CapturedSink(),
                                                                inputIsTerminal: false, outputIsTerminal: false))
        try #require(result.exitCode == 0 || console != nil, "\(arguments): \(result)")
        return result
    }

    /// A session fed `input`, with what it wrote.
    func session(_ input: String, _ extra: [String] = [], as actor: String = "clerk", terminal: Bool = false,
                 environment: [String: String] = [:]) throws -> (result: CanteenCLI.Result, output: CapturedSink, prompts: CapturedSink) {
        let output = CapturedSink(), prompts = CapturedSink()
        var env = ["CANTEEN_DB": db, "LANG": "C.UTF-8", "CANTEEN_OPERATOR": actor]
        env.merge(environment) { $1 }
        let console = Console(input: MemorySource(input, step: 5), output: output, prompts: prompts,
                              inputIsTerminal: terminal, outputIsTerminal: terminal)
        let result = CanteenCLI.run(arguments: ["counter", "--site", "FC", "--today", Self.today] + extra, environment: env,
                                    clock: Self.clock, console: console)
        return (result, output, prompts)
    }

    func code(_ diner: String) throws -> String {
        let shown = try run(["diner", "show", diner, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        return try #require(object["card"] as? String)
    }
}

@Suite struct CounterSessionTests {
    @Test func aSessionAnswersEachLineAndEndsWithTheCashSummary() throws {
        let books = try CounterBooks()
        let code = try books.code("D00002")
        let (result, output, prompts) = try books.session("D00001\n\(code.lowercased())\n\nD00001\npay wechat\nslot dinner\nD00001\nvoid\nnonsense\n")
        #expect(result.exitCode == 0 && result.stdout == "" && result.stderr == "", "\(result)")
        #expect(prompts.text == "", "no prompt when the input is no terminal")
        let lines = output.lines
        #expect(lines[0] == "✓ M000001  D00001 张秀英  110105********002X  copay 10.00 cash  served 1")
        #expect(lines[1] == "✓ M000002  D00002 李四  440204********0018  copay 10.00 cash  served 2")
        #expect(lines[2] == "• already served: D00001 张秀英 had lunch here at 11:42 (M000001)")
        #expect(lines[3] == "Paid by: WeChat." && lines[4] == "Slot: dinner.")
        #expect(lines[5] == "✓ M000003  D00001 张秀英  110105********002X  copay 10.00 WeChat  served 3")
        #expect(lines[6] == "↩ voided M000003 D00001 张秀英: do not collect 10.00 (WeChat); served 2")
        #expect(lines[7] == "✗ 'nonsense' is neither a command nor a diner number, card code or ID number")
        #expect(lines[8].hasPrefix("Scan a card, or type a diner number"))
        #expect(Array(lines[9...]) == [
            "Session summary",
            "Canteen           FC 风采长者饭堂, 2026-11-30, clerk clerk",
            "Meals served      2 (lunch 2)",
            "Copay, cash       20.00 (2 meals)",
            "Copay to collect  20.00",
            "Voided            1 (M000003)",
            "Refused           2 (already served 1, unknown command 1)",
        ])
        #expect(!output.text.contains("\u{1B}") && !output.text.contains("\u{07}"), "no colour or bell into a pipe")
    }

    @Test func quitEndsTheSessionAndTheRestIsNotRead() throws {
        let books = try CounterBooks()
        let (_, output, _) = try books.session("D00001\nquit\nD00002\n")
        #expect(output.lines.filter { $0.hasPrefix("✓") }.count == 1)
        #expect(output.text.contains("Meals served      1 (lunch 1)"))
    }

    @Test func theChineseSessionSpeaksChinese() throws {
        let books = try CounterBooks()
        let (_, output, _) = try books.session("D00001\nD00001\n440204195001010026\nvoid\nvoid\n", ["--lang", "zh"])
        let lines = output.lines
        #expect(lines[0] == "✓ M000001  D00001 张秀英  110105********002X  应收 10.00 现金  已服务 1")
        #expect(lines[1] == "• 已取过餐：D00001 张秀英 今天 11:42 在本饭堂用过午餐（M000001）")
        #expect(lines[2] == "✗ 未登记：身份证号 440204********0026")
        #expect(lines[3] == "↩ 已作废 M000001 D00001 张秀英：不收自付 10.00（现金）；已服务 0")
        #expect(lines[4] == "✗ 没有可作废的用餐：本次最后一餐 M000001 已作废")
        #expect(lines[5] == "本次收银汇总")
        #expect(output.text.contains("未记录        3（已取过餐 1，未登记 1，无可作废 1）"), "\(output.text)")
    }

    @Test func atATerminalTheSessionPromptsColoursAndRingsForARefusal() throws {
        let books = try CounterBooks()
        let (_, output, prompts) = try books.session("D00001\nD00001\nD00099\n", terminal: true)
        #expect(prompts.text.hasPrefix("Counter FC 风采长者饭堂, 2026-11-30: lunch, paid by cash. Type ? for help, quit to end.\nFC lunch cash > "))
        #expect(prompts.text.components(separatedBy: "FC lunch cash > ").count - 1 == 4, "a prompt before each line and after the last")
        let lines = output.lines
        #expect(lines[0] == "\u{1B}[32m✓ M000001  D00001 张秀英  110105********002X  copay 10.00 cash  served 1\u{1B}[0m")
        #expect(lines[1] == "\u{1B}[33m• already served: D00001 张秀英 had lunch here at 11:42 (M000001)\u{1B}[0m", "no bell, no red")
        #expect(lines[2] == "\u{07}\u{1B}[1;31m✗ no diner D00099\u{1B}[0m")
    }

    /// The same diner at the same canteen again, served by an earlier session or `meal record`, is the commonest
    /// mistake at a counter: said plainly, in yellow without the bell. Only a meal at another canteen rings.
    @Test func aDinerServedHereBeforeThisSessionIsAlreadyServedWithoutAlarm() throws {
        let books = try CounterBooks()
        try books.run(["meal", "record", "D00001", "--site", "FC"], as: "clerk")
        try books.run(["meal", "record", "D00002", "--site", "DH"], as: "clerk")
        let (_, output, _) = try books.session("D00001\nD00002\n", terminal: true)
        let lines = output.lines
        #expect(lines[0] == "\u{1B}[33m• already served: D00001 张秀英 had lunch here at 11:42 (M000001)\u{1B}[0m")
        #expect(lines[1] == "\u{07}\u{1B}[1;31m✗ D00002 李四 already had lunch today at 11:42, 东河长者饭堂 (M000002)\u{1B}[0m")
        #expect(output.text.contains("Refused           2 (already served 1, served at another canteen 1)"), "\(output.text)")
        let (_, zh, _) = try books.session("D00001\nD00002\n", ["--lang", "zh"])
        #expect(zh.lines[0] == "• 已取过餐：D00001 张秀英 今天 11:42 在本饭堂用过午餐（M000001）")
        #expect(zh.lines[1] == "✗ D00002 李四 今天 11:42 已在东河长者饭堂用过午餐（M000002）")
        #expect(zh.text.contains("未记录        2（已取过餐 1，已在其他饭堂用餐 1）"), "\(zh.text)")
    }

    @Test func noColorKeepsTheBellAndDropsTheColours() throws {
        let books = try CounterBooks()
        let (_, output, _) = try books.session("D00001\nD00099\n", terminal: true, environment: ["NO_COLOR": "1"])
        #expect(!output.text.contains("\u{1B}["))
        #expect(output.lines[1] == "\u{07}✗ no diner D00099")
    }

    @Test func jsonLinesHaveTheKeysOfMealRecordAndRefusalsTheirReasonAndExitCode() throws {
        let books = try CounterBooks()
        let (_, output, _) = try books.session("D00001\nD00001\nD00099\n12ab\n\u{1}\n", ["--format", "json"])
        let objects = try output.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 6, "one object per line answered, and the summary: no header")
        let meal = objects[0]
        for key in ["meal", "price_fen", "copay_fen", "subsidy_fen", "budget_remaining_fen"] { #expect(meal[key] != nil, "\(key)") }
        #expect(meal["ok"] as? Bool == true && meal["kind"] as? String == "meal")
        #expect(meal["served"] as? Int == 1 && meal["id_number"] as? String == "110105********002X")
        let refusals = objects[1...4].map { ($0["ok"] as? Bool, $0["reason"] as? String, $0["exit_code"] as? Int, $0["kind"] as? String) }
        #expect(refusals.map(\.0) == [false, false, false, false])
        #expect(refusals.map(\.1) == ["already_served", "unknown_diner", "invalid", "unreadable"])
        #expect(refusals.map(\.2) == [1, 66, 65, 65])
        #expect(refusals.allSatisfy { $0.3 == "refusal" })
        #expect(objects[5]["kind"] as? String == "summary" && objects[5]["final"] as? Bool == true)
        #expect((objects[5]["refusals_by_reason"] as? [String: Int]) == ["already_served": 1, "unknown_diner": 1, "invalid": 1, "unreadable": 1])
    }

    /// A kiosk reads one object for each line it sent (none for an empty line), tells meals from commands by "kind",
    /// and finds the help line in an unknown command's refusal as the text session prints it.
    @Test func everyAnsweredLineIsOneObjectWithAKind() throws {
        let books = try CounterBooks()
        let input = "slot dinner\npay\nD00001\n\nvoid\n?\nsummary\nnonsense\nslot supper\n"
        let (_, output, _) = try books.session(input, ["--format", "json"])
        let objects = try output.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["kind"] as? String } == ["slot", "pay", "meal", "void", "help", "summary", "refusal", "refusal", "summary"])
        #expect(objects.map { $0["ok"] as? Bool } == [true, true, true, true, true, true, false, false, true])
        #expect(objects[0]["slot"] as? String == "dinner" && objects[1]["pay"] as? String == "cash")
        let help = try #require(objects[4]["help"] as? String)
        #expect(help.hasPrefix("Scan a card, or type a diner number"))
        #expect(objects[5]["final"] as? Bool == false && objects[8]["final"] as? Bool == true)
        let unknown = objects[6]
        #expect(unknown["reason"] as? String == "unknown_command" && unknown["exit_code"] as? Int == 64 && unknown["help"] as? String == help)
        #expect(objects[7]["reason"] as? String == "invalid" && objects[7]["help"] == nil)
    }

    @Test func withoutTodayTheSessionDatesEachMealByTheClockPastMidnight() throws {
        /// One line a read, with the clock moved on by `step` seconds before each line after the first.
        final class Ticking: ByteSource, @unchecked Sendable {
            var seconds: Int64 = 1_796_050_800   // 2026-11-30T15:00:00Z: 23:00 in Shaoguan
            private var lines = ["D00001\n", "D00001\n", "D00001\n"]
            private var first = true
            func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
                guard !lines.isEmpty else { return 0 }
                if !first { seconds += 1800 }
                first = false
                let bytes = Array(lines.removeFirst().utf8)
                buffer.copyBytes(from: bytes)
                return bytes.count
            }
        }
        let books = try CounterBooks()
        let input = Ticking()
        let output = CapturedSink()
        let result = CanteenCLI.run(arguments: ["counter", "--site", "FC", "--format", "json"],
                                    environment: ["CANTEEN_DB": books.db, "CANTEEN_OPERATOR": "clerk"], clock: Clock { input.seconds },
                                    console: Console(input: input, output: output, prompts: CapturedSink(), inputIsTerminal: false, outputIsTerminal: false))
        #expect(result.exitCode == 0, "\(result)")
        let objects = try output.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        // 23:00 on the 30th, then 23:30 (the same lunch again), then 00:00 on 1 December: a new day's lunch.
        #expect(objects[0]["date"] as? String == "2026-11-30" && objects[0]["ok"] as? Bool == true)
        #expect(objects[1]["reason"] as? String == "already_served")
        #expect(objects[2]["date"] as? String == "2026-12-01" && objects[2]["ok"] as? Bool == true, "\(objects[2])")
    }

    @Test func nothingStartsForAnUnknownCanteenOrAnOperatorWhoMayNotRecord() throws {
        let books = try CounterBooks()
        let output = CapturedSink()
        let console = Console(input: MemorySource("D00001\n"), output: output, prompts: CapturedSink(), inputIsTerminal: false, outputIsTerminal: false)
        let unknown = try books.run(["counter", "--site", "ZZ"], as: "clerk", console: console)
        #expect(unknown.exitCode == 66 && unknown.stderr.hasPrefix("Error: no canteen ZZ"))
        let auditor = try books.run(["counter", "--site", "FC"], as: "auditor", console: console)
        #expect(auditor.exitCode == 77)
        let nobody = try books.run(["counter", "--site", "FC"], console: console)
        #expect(nobody.exitCode == 77)
        let slot = try books.run(["counter", "--site", "FC", "--slot", "supper"], as: "clerk", console: console)
        #expect(slot.exitCode == 65)
        let csv = try books.run(["counter", "--site", "FC", "--format", "csv"], as: "clerk", console: console)
        #expect(csv.exitCode == 64)
        #expect(output.text == "", "no line was answered")
        let meals = try books.run(["meal", "list", "--format", "json"])
        #expect(meals.stdout.contains("\"meals\": []"))
    }
}
