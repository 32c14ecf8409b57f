import Foundation
import SQLite
import Testing
@testable import CanteenCore

/// 2026-11-29T05:00:00Z, 13:00 in Shaoguan.
private let instant: Int64 = 1_795_928_400
private let today = CivilDate(year: 2026, month: 11, day: 29)!

/// A valid resident ID number born on `birth` (YYYYMMDD) in 浈江区.
private func residentID(_ birth: String, sequence: String = "001") -> String {
    let body = "440204" + birth + sequence
    return body + String(UnicodeScalar(ResidentID.checkCharacter(for: Array(body.utf8))))
}

/// New books with two canteens, a clerk, an auditor and three diners at FC (the last deactivated) and one at DH.
private final class CardBooks {
    let directory: String
    let books: Books

    init(clock: Clock = .fixed(instant)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-cards-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/books.db"
        _ = try Books.create(path: path, admin: "admin", budget: Money(yuan: 100_000), copay: Money(yuan: 10),
                             timeZone: "Asia/Shanghai", clock: clock, today: today)
        books = try Books.open(path: path, clock: clock, today: today)
        _ = try books.addSite(code: "FC", name: "风采长者饭堂", price: Money(yuan: 18), capacity: 80, district: "浈江区", from: nil, by: "admin")
        _ = try books.addSite(code: "DH", name: "东河长者饭堂", price: Money(yuan: 16), capacity: 60, district: "浈江区", from: nil, by: "admin")
        _ = try books.addOperator(name: "clerk", role: .clerk, by: "admin")
        _ = try books.addOperator(name: "auditor", role: .auditor, by: "admin")
        for (index, site) in ["FC", "FC", "FC", "DH"].enumerated() {
            _ = try books.register(Registration(idNumber: residentID("1950010\(index + 1)"), name: "长者\(index + 1)", site: site,
                                                date: CivilDate(year: 2026, month: 11, day: 1)!), by: "clerk")
        }
        _ = try books.deactivate("D00003", reason: .deceased, date: CivilDate(year: 2026, month: 11, day: 20)!, by: "clerk")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func code(_ diner: Int64) throws -> String { try #require(try books.card(of: DinerNumber(id: diner))).code.value }

    /// Rows that a refused card operation must leave as they were.
    func state() throws -> [String] {
        try books.db.prepare("SELECT id, diner_id, code, retired_at FROM diner_cards ORDER BY id").rows { row in
            "\(row.int(0)) \(row.int(1)) \(row.text(2)) \(row.optionalText(3) ?? "-")"
        } + [String(try books.db.scalarInt("SELECT count(*) FROM audit_log") ?? -1)]
    }
}

private func failure(_ body: () throws -> Void) -> CanteenError? {
    do { try body() } catch let error as CanteenError { return error } catch { Issue.record("not a CanteenError: \(error)") }
    return nil
}

@Suite struct CardReferenceTests {
    @Test func aCardCodeNamesADinerInAnyCaseAndWithSpaces() throws {
        #expect(try DinerReference(parsing: " k7q2m9xt4p ", today: today) == .card(CardCode(scanned: "K7Q2M9XT4P")!))
        // Ten characters of the card alphabet read as a card even when they could be a diner number.
        #expect(try DinerReference(parsing: "D234567892", today: today) == .card(CardCode(scanned: "D234567892")!))
        #expect(try DinerReference(parsing: "D00042", today: today) == .number(DinerNumber(id: 42)))
        #expect(try DinerReference(parsing: "d00042", today: today) == .number(DinerNumber(id: 42)))
        let error = failure { _ = try DinerReference(parsing: "K7Q2M9XT4", today: today) }
        #expect(error?.message.key == .dinerReferenceMalformed)
    }

    /// A diner number is read only as printed: one typed a digit short, a digit long or without its D would
    /// otherwise name another diner (D0008 is not D00008, nor 12345 D12345).
    @Test func aDinerNumberIsReadOnlyAsPrinted() throws {
        #expect(DinerNumber(parsing: "D00008") == DinerNumber(id: 8) && DinerNumber(parsing: " d00008 ") == DinerNumber(id: 8))
        #expect(DinerNumber(parsing: "D123456") == DinerNumber(id: 123_456), "past 99999 the number is as long as it needs")
        for text in ["D0008", "D000008", "D8", "12345", "00008", "D", "D00000", "D012345", "D-0008", "D0000８", "DD00008", "D00008X"] {
            #expect(DinerNumber(parsing: text) == nil, "\(text)")
        }
        for text in ["D0008", "d0008", "D000042", "D012345", "D000000042"] {
            let error = failure { _ = try DinerReference(parsing: text, today: today) }
            #expect(error?.kind == .invalidInput && error?.message.key == .dinerNumberNotAsPrinted, "\(text): \(String(describing: error))")
        }
        for text in ["12345", "42", "00042"] {
            let error = failure { _ = try DinerReference(parsing: text, today: today) }
            #expect(error?.kind == .invalidInput && error?.message.key == .dinerReferenceMalformed, "\(text): \(String(describing: error))")
        }
    }

    @Test func aScannedCardRecordsAMealForItsDiner() throws {
        let city = try CardBooks()
        let code = try city.code(1)
        let receipt = try city.books.recordMeal(MealRequest(diner: code.lowercased(), site: "FC"), by: "clerk")
        #expect(receipt.meal.dinerNumber == DinerNumber(id: 1))
        #expect(try city.books.diner(code).number == DinerNumber(id: 1))
    }

    @Test func aCodeNeverIssuedIsNotFound() throws {
        let city = try CardBooks()
        let error = failure { _ = try city.books.recordMeal(MealRequest(diner: "ZZZZZZZZZZ", site: "FC"), by: "clerk") }
        #expect(error?.kind == .notFound && error?.message.key == .cardNotFound)
        #expect(error?.message.values["code"] == .text("ZZZZZZZZZZ"))
    }

    @Test func everyRegistrationCardIsOpaque() throws {
        let city = try CardBooks()
        for diner in 1...4 {
            let code = try city.code(Int64(diner))
            #expect(code.count == CardCode.length && code.allSatisfy { CardCode.alphabet.contains($0) })
            let id = try city.books.diner("D0000\(diner)").residentID.value
            #expect(!id.contains(code) && !code.contains(id.suffix(4)), "\(code) says nothing of \(id)")
        }
    }
}

@Suite struct CardSheetDataTests {
    @Test func aCardCarriesNameNumberHomeCanteenIssueDateMaskedIDAndCode() throws {
        let city = try CardBooks()
        let cards = try city.books.cards(for: ["D00002", "D00001", "d00002"], by: "clerk")
        #expect(cards.map(\.dinerNumber) == [DinerNumber(id: 2), DinerNumber(id: 1)], "in the order named, each once")
        let card = cards[1]
        #expect(card.name == "长者1" && card.homeSite == "FC" && card.homeSiteName == "风采长者饭堂")
        #expect(card.issuedOn == today)
        #expect(card.maskedID == "440204********001" + residentID("19500101").suffix(1))
        #expect(card.code.value == (try city.code(1)) && card.replaced == nil)
    }

    @Test func aCanteensSheetHasItsActiveDinersOnly() throws {
        let city = try CardBooks()
        #expect(try city.books.cards(site: "fc", by: "clerk").map(\.dinerNumber.id) == [1, 2])
        #expect(try city.books.cards(site: "DH", by: "clerk").map(\.dinerNumber.id) == [4])
        let error = failure { _ = try city.books.cards(site: "ZZ", by: "clerk") }
        #expect(error?.kind == .notFound && error?.message.key == .siteNotFound)
    }

    @Test func anInactiveDinerGetsNoCard() throws {
        let city = try CardBooks()
        let error = failure { _ = try city.books.cards(for: ["D00001", "D00003"], by: "clerk") }
        #expect(error?.kind == .rule && error?.message.key == .cardDinerInactive)
        #expect(error?.message.values["date"] == .date(CivilDate(year: 2026, month: 11, day: 20)!))
    }

    @Test func onlyThoseWhoRecordMealsPrintCards() throws {
        let city = try CardBooks()
        #expect(failure { _ = try city.books.cards(for: ["D00001"], by: "auditor") }?.kind == .permission)
        #expect(failure { _ = try city.books.cards(site: "FC", by: nil) }?.kind == .permission)
        #expect(failure { _ = try city.books.cards(for: ["D00099"], by: "clerk") }?.kind == .notFound)
    }
}

@Suite struct CardReissueTests {
    @Test func aReissueRetiresTheOldCodeAndTheAuditLogSaysSo() throws {
        let city = try CardBooks()
        let old = try city.code(1)
        let cards = try city.books.reissueCards(["D00001"], by: "clerk")
        #expect(cards.count == 1 && cards[0].replaced?.value == old && cards[0].code.value != old)
        #expect(try city.code(1) == cards[0].code.value)
        #expect(try city.books.recordMeal(MealRequest(diner: cards[0].code.value, site: "FC"), by: "clerk").meal.dinerNumber.id == 1)

        let error = failure { _ = try city.books.recordMeal(MealRequest(diner: old, site: "FC", slot: .dinner), by: "clerk") }
        #expect(error?.kind == .rule && error?.message.key == .cardReplaced)
        #expect(error?.message.values["date"] == .date(today) && error?.message.values["diner"] == .text("D00001"))
        #expect(error?.message.values["name"] == .text("长者1"))

        let log = try city.books.auditLog(since: nil, by: "clerk").filter { $0.action == "diner card reissue" }
        #expect(log.count == 1 && log[0].subject == "D00001" && log[0].detail.contains(old))
        let facts = try city.books.db.prepare("SELECT f.state FROM audit_facts f JOIN audit_log a ON a.id = f.audit_id WHERE a.action = 'diner card reissue' ORDER BY f.seq")
            .rows { $0.text(0) }
        #expect(facts.count == 2 && facts[0].contains(old) && facts[0].contains("retired_at=\"") && facts[1].contains(cards[0].code.value))
        #expect(try city.books.verify().ok)
    }

    @Test func aRefusedReissueChangesNothing() throws {
        let city = try CardBooks()
        let before = try city.state()
        // The first diner would be reissued, but the second is inactive: one transaction, so neither is.
        #expect(failure { _ = try city.books.reissueCards(["D00001", "D00003"], by: "clerk") }?.message.key == .cardDinerInactive)
        #expect(failure { _ = try city.books.reissueCards(["D00001"], by: "auditor") }?.kind == .permission)
        #expect(failure { _ = try city.books.reissueCards(["D00001", "nonsense!"], by: "clerk") }?.kind == .invalidInput)
        #expect(try city.state() == before)
    }

    @Test func aReplacedCodeCannotBeReissuedAgainButTheNewOneCan() throws {
        let city = try CardBooks()
        let old = try city.code(2)
        let first = try city.books.reissueCards([old], by: "clerk")
        #expect(failure { _ = try city.books.reissueCards([old], by: "clerk") }?.message.key == .cardReplaced)
        let second = try city.books.reissueCards([first[0].code.value, "D00002"], by: "clerk")
        #expect(second.count == 1 && second[0].replaced == first[0].code, "the same diner named twice is reissued once")
        #expect(try city.books.verify().ok)
    }
}

@Suite struct CounterCoreTests {
    @Test func aSessionNeedsAnOperatorWhoRecordsAndAKnownCanteen() throws {
        let city = try CardBooks()
        #expect(try city.books.openCounter(site: "fc", by: "clerk").name == "风采长者饭堂")
        #expect(failure { _ = try city.books.openCounter(site: "ZZ", by: "clerk") }?.kind == .notFound)
        #expect(failure { _ = try city.books.openCounter(site: "FC", by: "auditor") }?.kind == .permission)
        #expect(failure { _ = try city.books.openCounter(site: "FC", by: "nobody") }?.kind == .permission)
        #expect(failure { _ = try city.books.openCounter(site: "F C", by: "clerk") }?.kind == .invalidInput)
    }

    @Test func aDuplicateNamesTheDinerTheCanteenAndTheLocalTimeOfTheFirstMeal() throws {
        let city = try CardBooks()
        let first = try city.books.recordMeal(MealRequest(diner: "D00001", site: "DH"), by: "clerk").meal
        let error = failure { _ = try city.books.recordMeal(MealRequest(diner: "D00001", site: "FC"), by: "clerk") }
        #expect(error?.message.key == .mealDuplicate)
        let values = error?.message.values ?? [:]
        #expect(values["siteName"] == .text("东河长者饭堂") && values["site"] == .text("DH"))
        #expect(values["time"] == .text("13:00"), "05:00 UTC is 13:00 in Shaoguan")
        #expect(values["name"] == .text("长者1") && values["meal"] == .text(first.number.description))
    }

    @Test func refusalsOfAnInactiveDinerNameThem() throws {
        let city = try CardBooks()
        let error = failure { _ = try city.books.recordMeal(MealRequest(diner: "D00003", site: "FC"), by: "clerk") }
        #expect(error?.message.key == .mealDinerInactive && error?.message.values["name"] == .text("长者3"))
    }

    @Test func theSessionFollowsTheClockPastMidnight() throws {
        final class Time: @unchecked Sendable { var seconds = instant }
        let time = Time()
        let city = try CardBooks(clock: Clock { time.seconds })
        let books = try Books.open(path: city.directory + "/books.db", clock: Clock { time.seconds })
        var day = ClockDay()
        day.update(books)
        #expect(books.today == today)
        time.seconds += 11 * 3600 - 1   // 23:59:59 in Shaoguan
        day.update(books)
        #expect(books.today == today)
        time.seconds += 1               // midnight
        day.update(books)
        #expect(books.today == today.adding(days: 1))
        #expect(try books.recordMeal(MealRequest(diner: "D00001", site: "FC"), by: "clerk").meal.date == today.adding(days: 1))
        time.seconds += 86_400 - 1      // 23:59:59 the next day: still the 30th
        day.update(books)
        #expect(books.today == today.adding(days: 1))
        time.seconds += 1
        day.update(books)
        #expect(books.today == today.adding(days: 2))
    }

    @Test(arguments: [("2026-11-29T03:42:09Z", "11:42", 29), ("2026-11-29T16:05:00Z", "00:05", 30)])
    func aTimestampReadsAsTheLocalWallClock(stamp: String, time: String, day: Int) throws {
        let local = try #require(Clock.seconds(ofTimestamp: stamp).map { Clock.localTime($0, inTimeZone: "Asia/Shanghai") })
        #expect(local.description == time && local.date == CivilDate(year: 2026, month: 11, day: day)!)
        #expect(Clock.timestamp(try #require(Clock.seconds(ofTimestamp: stamp))) == stamp)
    }

    @Test(arguments: ["", "2026-11-29", "2026-11-29T03:42:09", "2026-11-29T25:00:00Z", "2026-11-29 03:42:09Z", "2026-13-29T03:42:09Z"])
    func anythingElseIsNotATimestamp(text: String) {
        #expect(Clock.seconds(ofTimestamp: text) == nil)
    }
}
