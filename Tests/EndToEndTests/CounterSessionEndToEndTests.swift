// End-to-end tests of `canteen counter` (issue 9): sessions fed from a pipe with good and bad lines and commands,
// JSON Lines for a kiosk, sessions that notice what other processes change, and sessions killed part way.
import Foundation
import Glibc
import Testing

/// The lines of a session's output that answer a scan: served (✓), already served (•), refused (✗) or voided (↩).
private func answers(_ result: RunResult) -> [String] {
    result.lines.filter { ["✓", "•", "✗", "↩"].contains($0.first.map(String.init) ?? "") }
}

@Suite struct CounterPipeEndToEndTests {
    @Test func aLunchServiceFromAPipeRecordsWhatItSaysAndSummarisesTheDrawer() throws {
        let city = try CounterCity(diners: 5)
        let card2 = try city.cardCode("D00002")
        let id3 = shaoguanID(birth: "19500415", seq: 3)
        try city.ok(["diner", "deactivate", "D00005", "--reason", "deceased", "--date", "2026-11-20"])
        let input = [
            "D00001", card2.lowercased(), "", id3.lowercased(), "D00001", "pay wechat", "D00004", "void", "D00004",
            "slot dinner", "D00001", "D00005", shaoguanID(birth: "19500101", seq: 99), "d99999", "summary", "what now",
        ].joined(separator: "\n") + "\n"
        let result = try city.session(input)
        #expect(result.exitCode == 0 && result.stderr == "", "\(result)")
        let lines = answers(result)
        #expect(lines.count == 12, "\(result)")
        #expect(lines[0].hasPrefix("✓ M000001  D00001 张秀英  440204********") && lines[0].hasSuffix("copay 10.00 cash  served 1"))
        #expect(lines[1].hasPrefix("✓ M000002  D00002 长者2") && lines[1].hasSuffix("served 2"))
        #expect(lines[2].hasPrefix("✓ M000003  D00003 长者3") && lines[2].hasSuffix("served 3"))
        #expect(lines[3].hasPrefix("• already served: D00001 张秀英 had lunch here at ") && lines[3].hasSuffix("(M000001)"))
        #expect(lines[4].hasPrefix("✓ M000004  D00004 长者4") && lines[4].hasSuffix("copay 10.00 WeChat  served 4"))
        #expect(lines[5] == "↩ voided M000004 D00004 长者4: do not collect 10.00 (WeChat); served 3")
        #expect(lines[6].hasPrefix("✓ M000005  D00004 长者4") && lines[6].hasSuffix("served 4"), "a voided meal frees the slot")
        #expect(lines[7].hasPrefix("✓ M000006  D00001 张秀英") && lines[7].hasSuffix("copay 10.00 WeChat  served 5"), "dinner, paid by WeChat")
        #expect(lines[8] == "✗ D00005 长者5: inactive since 2026-11-20 (deceased)")
        #expect(lines[9] == "✗ not registered: ID 440204********0991" || lines[9].hasPrefix("✗ not registered: ID 440204********099"))
        #expect(lines[10] == "✗ no diner D99999")
        #expect(lines[11] == "✗ 'what now' is neither a command nor a diner number, card code or ID number")
        #expect(result.stdout.contains("Summary so far\n") && result.stdout.hasSuffix("""
            Session summary
            Canteen           FC 风采长者饭堂, 2026-11-30, clerk clerk
            Meals served      5 (lunch 4, dinner 1)
            Copay, cash       30.00 (3 meals)
            Copay, WeChat     20.00 (2 meals)
            Copay to collect  50.00
            Voided            1 (M000004)
            Refused           5 (already served 1, inactive 1, not registered 1, no such diner 1, unknown command 1)

            """), "\(result.stdout)")
        // The books hold what the session printed, and nothing more.
        let meals = try city.meals()
        #expect(meals.map { $0["meal"] as? String } == ["M000001", "M000002", "M000003", "M000004", "M000005", "M000006"])
        #expect(meals.map { $0["voided"] as? Bool } == [false, false, false, true, false, false])
        #expect(meals.map { $0["pay"] as? String } == ["cash", "cash", "cash", "wechat", "wechat", "wechat"])
        #expect(meals.map { $0["slot"] as? String } == ["lunch", "lunch", "lunch", "lunch", "lunch", "dinner"])
        #expect(meals.allSatisfy { $0["date"] as? String == counterToday && $0["site"] as? String == "FC" })
        let log = try city.ok(["audit", "log", "--format", "json"]).stdout
        #expect(log.contains("voided at the counter: the last meal this session recorded"))
        try city.expectVerified()
    }

    @Test func theSlotAndPaymentMethodOfTheCommandLineHoldUntilChanged() throws {
        let city = try CounterCity(diners: 2)
        let result = try city.session("D00001\nslot\npay\nD00002\n", ["--slot", "breakfast", "--pay", "alipay"])
        #expect(answers(result).allSatisfy { $0.hasSuffix("Alipay  served 1") || $0.hasSuffix("Alipay  served 2") }, "\(result)")
        #expect(result.stdout.contains("Slot: breakfast; change it with 'slot breakfast', 'slot lunch' or 'slot dinner'."))
        #expect(result.stdout.contains("Paid by: Alipay; change it with"))
        #expect(try city.meals().allSatisfy { $0["slot"] as? String == "breakfast" && $0["pay"] as? String == "alipay" })
    }

    @Test func theSessionSpeaksChinese() throws {
        let city = try CounterCity(diners: 2)
        let result = try city.session("D00001\nD00001\nD00002\nslot 夜宵\n?\n", ["--lang", "zh"])
        let lines = answers(result)
        #expect(lines[0].hasSuffix("应收 10.00 现金  已服务 1"))
        #expect(lines[1].hasPrefix("• 已取过餐：D00001 张秀英 今天 "))
        #expect(lines[3] == "✗ 未知餐次“夜宵”：请用 breakfast（早餐）、lunch（午餐）或 dinner（晚餐）")
        #expect(result.stdout.contains("扫描就餐卡，或输入长者编号"))
        #expect(result.stdout.contains("本次收银汇总\n饭堂          FC 风采长者饭堂，2026-11-30，收银员 clerk\n已服务        2（午餐 2）\n"), "\(result.stdout)")
    }
}

@Suite struct CounterBadInputEndToEndTests {
    @Test func anEmptyLineIsIgnored() throws {
        let city = try CounterCity(diners: 1)
        let result = try city.session("\n   \n\t\nD00001\n\n")
        #expect(answers(result) .count == 1 && result.lines.first?.hasPrefix("✓ M000001") == true, "\(result)")
        #expect(result.stdout.contains("Refused           0"))
    }

    @Test func aLineOfTenThousandCharactersIsUnreadableAndTheSessionGoesOn() throws {
        let city = try CounterCity(diners: 1)
        let result = try city.session(String(repeating: "D", count: 10_000) + "\nD00001\n")
        let lines = answers(result)
        #expect(lines.first == "✗ unreadable: a line of 10000 bytes, more than the 256 a code or command has; scan again", "\(result)")
        #expect(lines.count == 2 && lines[1].hasPrefix("✓ M000001"))
        #expect(result.stdout.contains("Refused           1 (unreadable 1)"))
    }

    @Test func controlCharactersAreUnreadable() throws {
        let city = try CounterCity(diners: 1)
        let result = try city.session("\u{1B}[A\nD00\u{0}001\nD00001\u{7F}\nD00001\n")
        let lines = answers(result)
        #expect(lines == [
            "✗ unreadable: the line holds a control or invisible character (U+001B); scan again or type the code",
            "✗ unreadable: the line holds a control or invisible character (U+0000); scan again or type the code",
            "✗ unreadable: the line holds a control or invisible character (U+007F); scan again or type the code",
        ] + [lines.last ?? ""], "\(result)")
        #expect(lines.last?.hasPrefix("✓ M000001") == true)
        #expect(try city.meals().count == 1)
    }

    /// Only spaces, tabs and the CR of a CRLF end are trimmed: any other control or separator, at an end of the
    /// line or alone on it, is unreadable, and the session goes on.
    @Test func controlAndSeparatorCharactersAtTheEndsOrAloneAreUnreadable() throws {
        let city = try CounterCity(diners: 2)
        let cases: [(String, String)] = [
            ("D00001\u{0B}", "U+000B"), ("\u{0B}D00001", "U+000B"), ("D00001\u{85}", "U+0085"), ("\u{0C}", "U+000C"),
            ("\u{2028}", "U+2028"), ("\u{2029}D00001", "U+2029"), ("D00001\u{A0}", "U+00A0"), ("\u{FEFF}D00001", "U+FEFF"),
            ("D00001\u{200B}", "U+200B"), ("\rD00001", "U+000D"), ("D00\r001", "U+000D"), ("slot\u{2003}dinner", "U+2003"),
        ]
        let input = cases.map(\.0).joined(separator: "\n") + "\n \t\r\n\tＤ００００２　\r\n"
        let result = try city.session(input)
        let lines = answers(result)
        #expect(lines.count == cases.count + 1, "\(result)")
        for (line, (_, character)) in zip(lines, cases) {
            #expect(line == "✗ unreadable: the line holds a control or invisible character (\(character)); scan again or type the code")
        }
        #expect(lines.last?.hasPrefix("✓ M000001  D00002") == true, "full-width input with a CRLF end is served: \(lines)")
        #expect(try city.meals().count == 1)
        #expect(result.stdout.contains("Refused           \(cases.count) (unreadable \(cases.count))"), "\(result.stdout)")
    }

    @Test func invalidUTF8IsUnreadable() throws {
        let city = try CounterCity(diners: 1)
        let result = try city.session(Array("D0".utf8) + [0xFF, 0xFE] + Array("1\n".utf8) + [0xC0, 0xAF, 10] + Array("D00001\n".utf8))
        let lines = answers(result)
        #expect(lines.prefix(2) == ["✗ unreadable: the line is not UTF-8 text; scan again or type the code",
                                    "✗ unreadable: the line is not UTF-8 text; scan again or type the code"], "\(result)")
        #expect(lines.count == 3 && lines[2].hasPrefix("✓ M000001"))
    }

    @Test func anUnknownCommandIsAnsweredWithTheHelpLine() throws {
        let city = try CounterCity(diners: 1)
        let result = try city.session("lunch\n")
        #expect(result.lines.prefix(2) == [
            "✗ 'lunch' is neither a command nor a diner number, card code or ID number",
            "Scan a card, or type a diner number (D00042) or an ID number, then Enter. Commands: slot breakfast|lunch|dinner, pay cash|wechat|alipay|card, void (the last meal), summary, ? (this help), quit.",
        ], "\(result)")
        #expect(try city.session("?\n").lines.first?.hasPrefix("Scan a card, or type a diner number") == true)
    }

    @Test func anUnknownCanteenIsNotFoundBeforeTheSessionStarts() throws {
        let city = try CounterCity(diners: 1)
        let before = city.canteen.snapshot()
        let result = try city.run(["counter", "--site", "ZZ"], stdin: "D00001\n")
        expectRefusal(result, exit: 66, saying: "no canteen ZZ", before: before, canteen: city.canteen)
    }

    @Test(arguments: ["auditor", "finance", "nobody"])
    func anOperatorWhoMayNotRecordIsRefusedBeforeTheSessionStarts(actor: String) throws {
        let city = try CounterCity(diners: 1)
        let before = city.canteen.snapshot()
        let result = try city.run(["counter", "--site", "FC"], as: actor, stdin: "D00001\n")
        expectRefusal(result, exit: 77, saying: actor, before: before, canteen: city.canteen)
    }

    @Test func noOperatorAtAllIsRefusedToo() throws {
        let city = try CounterCity(diners: 1)
        let before = city.canteen.snapshot()
        expectRefusal(try city.run(["counter", "--site", "FC"], as: nil, stdin: "D00001\n"), exit: 77, saying: "--operator",
                      before: before, canteen: city.canteen)
    }

    @Test func badOptionsAreRefusedBeforeTheSessionStarts() throws {
        let city = try CounterCity(diners: 1)
        let before = city.canteen.snapshot()
        expectRefusal(try city.run(["counter", "--site", "FC", "--slot", "supper"], stdin: "D00001\n"), exit: 65,
                      saying: "unknown slot 'supper'", before: before, canteen: city.canteen)
        expectRefusal(try city.run(["counter", "--site", "FC", "--pay", "iou"], stdin: "D00001\n"), exit: 65,
                      saying: "unknown payment method 'iou'", before: before, canteen: city.canteen)
        expectRefusal(try city.run(["counter"], stdin: "D00001\n"), exit: 64, saying: "--site", before: before, canteen: city.canteen)
        expectRefusal(try city.run(["counter", "--site", "FC", "--format", "csv"], stdin: "D00001\n"), exit: 64,
                      saying: "csv", before: before, canteen: city.canteen)
        expectRefusal(try city.run(["counter", "--site", "FC", "D00001"], stdin: "D00001\n"), exit: 64,
                      saying: "unexpected argument 'D00001'", before: before, canteen: city.canteen)
    }

    @Test func aVoidWithNothingToVoidSaysSo() throws {
        let city = try CounterCity(diners: 1)
        let before = city.canteen.snapshot()
        let result = try city.session("void\n")
        #expect(answers(result) == ["✗ nothing to void: this session has recorded no meal yet"], "\(result)")
        #expect(snapshotDifference(before, city.canteen.snapshot()) == nil)
        // A meal of another session is not this session's to void.
        try city.ok(["meal", "record", "D00001", "--site", "FC"])
        #expect(answers(try city.session("void\n")) == ["✗ nothing to void: this session has recorded no meal yet"])
        #expect(try city.meals().map { $0["voided"] as? Bool } == [false])
        let twice = try city.session("slot dinner\nD00001\nvoid\nvoid\n")
        #expect(answers(twice).last == "✗ nothing to void: the session's last meal M000002 is already voided", "\(twice)")
    }

    @Test func aScanOfAReplacedCardIsRefusedNamingTheReissue() throws {
        let city = try CounterCity(diners: 2)
        let old = try city.cardCode("D00002")
        try city.ok(["diner", "card", "D00002", "--reissue", "--out", city.canteen.directory + "/new-card.html"])
        let new = try city.cardCode("D00002")
        #expect(new != old)
        let result = try city.session("\(old)\n\(new)\n")
        let lines = answers(result)
        #expect(lines.first == "✗ card \(old) of D00002 长者2 was replaced on 2026-11-30 by a reissued card: the old card no longer works; ask for the new one",
                "\(result)")
        #expect(lines.count == 2 && lines[1].hasPrefix("✓ M000001  D00002 长者2"))
        #expect(result.stdout.contains("Refused           1 (replaced card 1)"))
    }
}

@Suite struct CounterJSONEndToEndTests {
    @Test func everyLineIsOneJSONObjectAndARefusalCarriesTheExitCodeOfMealRecord() throws {
        let city = try CounterCity(diners: 3)
        try city.ok(["diner", "deactivate", "D00003", "--reason", "moved", "--date", "2026-11-29"])
        let old = try city.cardCode("D00002")
        try city.ok(["diner", "card", "D00002", "--reissue", "--format", "json"])
        let refused = ["D00099", shaoguanID(birth: "19500101", seq: 98), "4402041950010100", "D00003", old, "ZZZZZZZZZZ", "12ab"]
        let result = try city.session((["D00001", "D00001"] + refused + ["void", "nonsense"]).joined(separator: "\n") + "\n", ["--format", "json"])
        #expect(result.exitCode == 0)
        let objects = try result.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON object: \(line)")
        }
        #expect(objects.count == 2 + refused.count + 2 + 1, "one object per line, then the summary: \(result)")
        #expect(objects.allSatisfy { $0["ok"] is Bool && $0["kind"] is String })
        let meal = objects[0]
        #expect(meal["ok"] as? Bool == true && meal["kind"] as? String == "meal")
        // The keys of `meal record --format json`, with the same values it would print.
        let recorded = try #require(try city.ok(["meal", "list", "--format", "json"]).json as? [String: Any])
        #expect((recorded["meals"] as? [[String: Any]])?.first?["meal"] as? String == meal["meal"] as? String)
        for key in ["meal", "price_fen", "copay_fen", "subsidy_fen", "budget_remaining_fen", "diner", "site", "date", "slot", "pay"] {
            #expect(meal[key] != nil, "the meal line lacks \(key)")
        }
        #expect(meal["price_fen"] as? Int == 1800 && meal["copay_fen"] as? Int == 1000 && meal["subsidy_fen"] as? Int == 800)
        let again = objects[1]
        #expect(again["ok"] as? Bool == false && again["reason"] as? String == "already_served" && again["exit_code"] as? Int == 1)
        // Each refusal's exit code is what `meal record` exits with for the same line.
        for (offset, line) in refused.enumerated() {
            let object = objects[2 + offset]
            let alone = try city.run(["meal", "record", line, "--site", "FC"])
            #expect(object["ok"] as? Bool == false && object["reason"] is String && object["message"] is String, "\(object)")
            #expect(object["exit_code"] as? Int == Int(alone.exitCode), "\(line): the session said \(object), meal record \(alone)")
        }
        #expect(objects[2...].compactMap { $0["reason"] as? String }.prefix(refused.count)
                == ["unknown_diner", "not_registered", "invalid", "inactive", "card_replaced", "unknown_card", "invalid"])
        let void = objects[2 + refused.count]
        #expect(void["kind"] as? String == "void" && void["meal"] as? String == "M000001" && void["served"] as? Int == 0)
        let unknown = objects[3 + refused.count]
        #expect(unknown["reason"] as? String == "unknown_command" && unknown["exit_code"] as? Int == 64 && unknown["kind"] as? String == "refusal")
        #expect((unknown["help"] as? String)?.hasPrefix("Scan a card, or type a diner number") == true, "\(unknown)")
        let summary = try #require(objects.last)
        #expect(summary["kind"] as? String == "summary" && summary["final"] as? Bool == true && summary["meals"] as? Int == 0)
        #expect(summary["voided_meals"] as? [String] == ["M000001"])
        #expect((summary["refusals_by_reason"] as? [String: Int])?["invalid"] == 2)
        // Masked everywhere: no full ID number in any line.
        #expect(!result.stdout.contains(shaoguanID(birth: "19500101", seq: 98)))
    }
}

@Suite(.serialized) struct CounterLiveEndToEndTests {
    @Test func theSessionNoticesAPriceAndAPolicyChangedByAnotherProcess() throws {
        let city = try CounterCity(diners: 3)
        let session = try InteractiveCounter(city, ["--format", "json"])
        let first = try #require(try JSONSerialization.jsonObject(with: Data(try session.ask("D00001").utf8)) as? [String: Any])
        #expect(first["price_fen"] as? Int == 1800 && first["copay_fen"] as? Int == 1000)
        try city.ok(["site", "price", "FC", "--price", "20", "--from", counterToday], as: "admin")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(try session.ask("D00002").utf8)) as? [String: Any])
        #expect(second["price_fen"] as? Int == 2000 && second["subsidy_fen"] as? Int == 1000)
        try city.ok(["policy", "set", "--copay", "5", "--from", counterToday], as: "admin")
        let third = try #require(try JSONSerialization.jsonObject(with: Data(try session.ask("D00003").utf8)) as? [String: Any])
        #expect(third["price_fen"] as? Int == 2000 && third["copay_fen"] as? Int == 500 && third["subsidy_fen"] as? Int == 1500)
        let end = try session.finish()
        #expect(end.status == 0 && end.rest.last?.contains("\"copay_total_fen\":2500") == true, "\(end)")
        try city.expectVerified()
    }

    /// A meal of the session voided by another process (the back office's `meal void`) leaves the served count and
    /// the cash drawer at once, shows in the summary as a void, and is no longer the session's to void.
    @Test func theSessionNoticesItsMealsVoidedElsewhere() throws {
        let city = try CounterCity(diners: 4)
        let session = try InteractiveCounter(city)
        #expect(try session.ask("D00001").hasSuffix("copay 10.00 cash  served 1"))
        #expect(try session.ask("pay wechat") == "Paid by: WeChat.")
        #expect(try session.ask("D00002").hasSuffix("copay 10.00 WeChat  served 2"))
        try city.ok(["meal", "void", "M000001", "--reason", "wrong diner, voided by the office"], as: "finance")
        #expect(try session.ask("D00003").hasSuffix("copay 10.00 WeChat  served 2"), "M000001 is no longer served")
        try city.ok(["meal", "void", "M000003", "--reason", "wrong diner, voided by the office"], as: "finance")
        #expect(try session.ask("void") == "✗ nothing to void: the session's last meal M000003 is already voided")
        // A meal of another session voided elsewhere changes nothing here.
        try city.ok(["meal", "record", "D00004", "--site", "FC"])
        try city.ok(["meal", "void", "M000004", "--reason", "not this session's"], as: "finance")
        let end = try session.finish()
        #expect(end.status == 0)
        #expect(Array(end.rest.suffix(7)) == [
            "Session summary",
            "Canteen           FC 风采长者饭堂, 2026-11-30, clerk clerk",
            "Meals served      1 (lunch 1)",
            "Copay, WeChat     10.00 (1 meal)",
            "Copay to collect  10.00",
            "Voided            2 (M000001, M000003)",
            "Refused           1 (nothing to void 1)",
        ], "\(end.rest)")
        try city.expectVerified()
    }

    @Test func aSummaryAskedForCountsAVoidMadeElsewhereSinceTheLastLine() throws {
        let city = try CounterCity(diners: 2)
        let session = try InteractiveCounter(city, ["--format", "json"])
        _ = try session.ask("D00001")
        _ = try session.ask("D00002")
        try city.ok(["meal", "void", "M000002", "--reason", "voided by the office"], as: "finance")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(try session.ask("summary").utf8)) as? [String: Any])
        #expect(summary["kind"] as? String == "summary" && summary["meals"] as? Int == 1 && summary["copay_total_fen"] as? Int == 1000)
        #expect(summary["voided_meals"] as? [String] == ["M000002"])
        let end = try session.finish()
        #expect(end.rest.last?.contains("\"voided_meals\":[\"M000002\"]") == true, "\(end.rest)")
    }

    @Test func theSessionNoticesTheMonthClosedUnderIt() throws {
        let city = try CounterCity(diners: 2)
        let session = try InteractiveCounter(city)
        #expect(try session.ask("D00001").hasPrefix("✓ M000001"))
        // Finance closes November the next morning while the session, dated 30 November, is still open.
        try city.canteen.succeed("cash", "declare", "--site", "FC", "--month", "2026-11", "--amount", "10", "--today", "2026-12-01",
                                 operator: "finance")
        try city.canteen.succeed("month", "close", "2026-11", "--today", "2026-12-01", operator: "finance")
        #expect(try session.ask("D00002") == "✗ 2026-11 is closed (months up to 2026-11 are sealed): no meal can be dated 2026-11-30")
        #expect(try session.ask("void") == "✗ 2026-11 is closed (months up to 2026-11 are sealed): no void can be dated 2026-11-30")
        let end = try session.finish()
        #expect(end.status == 0 && end.rest.contains("Refused           2 (month closed 2)"), "\(end.rest)")
        #expect(try city.meals().count == 1)
        try city.expectVerified()
    }

    /// A repeat at this canteen is "already served" whoever served the first meal (an earlier session, a session
    /// running beside this one, `meal record`); a meal at another canteen is the alarm, and the summary counts each
    /// under its own label.
    @Test func aRepeatAtThisCanteenIsAlreadyServedWhicheverSessionServedIt() throws {
        let city = try CounterCity(diners: 4)
        try city.ok(["meal", "record", "D00001", "--site", "FC"])
        #expect(answers(try city.session("D00002\n")).first?.hasPrefix("✓ M000002") == true)
        try city.ok(["meal", "record", "D00003", "--site", "DH"])
        let beside = try InteractiveCounter(city)
        #expect(try beside.ask("D00004").hasPrefix("✓ M000004"))
        let result = try city.session("D00001\nD00002\nD00003\nD00004\n")
        let lines = answers(result)
        #expect(lines.count == 4, "\(result)")
        #expect(lines[0].hasPrefix("• already served: D00001 张秀英 had lunch here at ") && lines[0].hasSuffix("(M000001)"), "\(lines)")
        #expect(lines[1].hasPrefix("• already served: D00002 长者2 had lunch here at ") && lines[1].hasSuffix("(M000002)"), "\(lines)")
        #expect(lines[2].hasPrefix("✗ D00003 长者3 already had lunch today at ") && lines[2].hasSuffix(", 东河长者饭堂 (M000003)"), "\(lines)")
        #expect(lines[3].hasPrefix("• already served: D00004 长者4 had lunch here at ") && lines[3].hasSuffix("(M000004)"), "\(lines)")
        #expect(result.stdout.contains("Refused           4 (already served 3, served at another canteen 1)"), "\(result.stdout)")
        let json = try city.session("D00001\nD00003\n", ["--format", "json"])
        #expect(json.lines.prefix(2).map { ($0.contains("\"reason\":\"already_served\""), $0.contains("\"reason\":\"duplicate\"")) }
                .elementsEqual([(true, false), (false, true)], by: ==), "\(json)")
        #expect(try beside.finish().status == 0)
    }

    @Test func twoCountersServeOneDinerOnceAndTheSecondNamesTheFirstCanteen() throws {
        let city = try CounterCity(diners: 1)
        let fc = try InteractiveCounter(city)
        #expect(try fc.ask("D00001").hasPrefix("✓ M000001"))
        let dh = try city.session("D00001\n", site: "DH")
        #expect(answers(dh).first?.hasPrefix("✗ D00001 张秀英 already had lunch today at ") == true, "\(dh)")
        #expect(answers(dh).first?.hasSuffix(", 风采长者饭堂 (M000001)") == true, "\(dh)")
        #expect(try fc.finish().status == 0)
    }
}

@Suite(.serialized) struct CounterKilledEndToEndTests {
    /// A session killed at random moments while it serves a pipe: every meal it printed is in the books, at most
    /// the one being handled besides, and the books verify.
    @Test(arguments: [0, 1, 2])
    func aKilledSessionLosesAtMostTheLineBeingHandled(round: Int) throws {
        let city = try CounterCity(diners: 40)
        var input = ""
        for slot in ["breakfast", "lunch", "dinner"] {
            input += "slot \(slot)\n" + (1...40).map { "D" + String($0).leftPaddedWithZeros(5) }.joined(separator: "\n") + "\n"
        }
        let dir = try TempDir("killed-counter")
        try Data(input.utf8).write(to: URL(fileURLWithPath: dir.file("stdin")))
        _ = FileManager.default.createFile(atPath: dir.file("stdout"), contents: nil)
        let process = try city.counterProcess(["counter", "--site", "FC"], as: "clerk")
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: dir.file("stdin")))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("stdout")))
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        var random = SystemRandomNumberGenerator()
        let seed = killSeed(UInt64(round) * 7919 + UInt64.random(in: 0..<1000, using: &random))
        try process.run()
        usleep(UInt32(50_000 + seed % 250) * UInt32(1 + round))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try out.close()
        let printed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir.file("stdout"))), as: UTF8.self)
        let served = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { $0.hasPrefix("✓") }.count
        let meals = try city.meals().count
        #expect(meals == served || meals == served + 1, "seed \(seed): \(served) meals printed, \(meals) in the books")
        #expect(!printed.contains("Session summary") || meals == 120, "seed \(seed)")
        try city.expectVerified()
        // A new session carries on where the killed one stopped: what was recorded is refused as a duplicate, the rest served.
        let rest = try city.session(input)
        let again = rest.lines.filter { $0.hasPrefix("✓") }.count
        #expect(meals + again == 120, "seed \(seed): \(meals) before, \(again) after: \(rest)")
        #expect(try city.meals().count == 120)
        try city.expectVerified()
    }
}

/// A diner number is read only as printed (D00008), everywhere a DINER is read: typed a digit short (D0008) or
/// without its D (12345) it would otherwise name another diner.
@Suite struct DinerNumberFormEndToEndTests {
    @Test func aDinerNumberNotAsPrintedIsInvalidInputForEveryCommandThatReadsADiner() throws {
        let city = try CounterCity(diners: 8)
        let before = city.canteen.snapshot()
        let commands: [[String]] = [
            ["meal", "record", "D0008", "--site", "FC"], ["meal", "record", "d000008", "--site", "FC"],
            ["diner", "show", "D0008"], ["diner", "update", "D0008", "--phone", "13800000000"],
            ["diner", "deactivate", "D0008", "--reason", "moved", "--date", counterToday],
            ["meal", "list", "--diner", "D0008"], ["diner", "card", "D0008", "--out", city.canteen.directory + "/c.html"],
        ]
        for args in commands {
            expectRefusal(try city.run(args), exit: 65, saying: "is not a diner number as printed", "D00042", before: before,
                          canteen: city.canteen)
        }
        expectRefusal(try city.run(["meal", "record", "8", "--site", "FC"]), exit: 65, saying: "is neither a diner number (such as D00042)",
                      before: before, canteen: city.canteen)
        let zh = try city.run(["diner", "show", "D0008", "--lang", "zh"])
        #expect(zh.exitCode == 65 && zh.stderr.hasPrefix("Error: “D0008”不是长者编号的写法：D 加五位数字，例如 D00042"), "\(zh)")
        // As printed, in either case, it names the diner.
        #expect(try city.ok(["diner", "show", "d00008"]).stdout.contains("D00008"))
    }

    @Test func theCounterRefusesANumberTypedADigitShortAndGoesOn() throws {
        let city = try CounterCity(diners: 8)
        let result = try city.session("D0008\n12345\nD00008\n", ["--format", "json"])
        let objects = try result.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.prefix(2).map { $0["reason"] as? String } == ["invalid", "invalid"], "\(result)")
        #expect(objects.prefix(2).map { $0["exit_code"] as? Int } == [65, 65])
        #expect(objects[2]["kind"] as? String == "meal" && objects[2]["diner"] as? String == "D00008", "\(result)")
        #expect(try city.meals().map { $0["diner"] as? String } == ["D00008"])
    }
}
