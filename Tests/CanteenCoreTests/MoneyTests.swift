import Testing
import CanteenCore

@Suite struct MoneyParsingTests {
    @Test(arguments: [
        ("18", 1800),
        ("18.5", 1850),
        ("18.50", 1850),
        ("0.01", 1),
        ("0", 0),
        ("0.5", 50),
        ("007", 700),
        ("16100000", 1_610_000_000),
        ("1000000000000", 100_000_000_000_000),
    ] as [(String, Int64)])
    func acceptsYuanWithAtMostTwoDecimals(text: String, fen: Int64) throws {
        #expect(try Money(parsing: text) == Money(fen: fen))
    }

    @Test(arguments: [
        "18.555",               // three decimals
        "-1", "-3",             // signs
        "+5",
        "1e3",                  // exponent
        "1,000",                // thousands separator
        "",
        "abc",
        " 18", "18 ",           // spaces
        "18.", ".5",            // a dot needs digits on both sides
        "1.2.3",
        "１８",                 // full-width digits
        "18元", "¥18",
        "99999999999999999999", // overflows Int64 fen
        "1000000000000.01",     // one fen above the largest amount
    ])
    func refusesAnythingElseAsInvalidInput(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try Money(parsing: text) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.values["text"] == .text(text), "the message names the bad value: \(error.message)")
    }

    @Test func theLargestAmountIsOneTrillionYuan() {
        #expect(Money.largest == Money(yuan: 1_000_000_000_000))
    }
}

@Suite struct MoneyFormattingTests {
    @Test(arguments: [
        (1800, "18.00"),
        (5, "0.05"),
        (50, "0.50"),
        (0, "0.00"),
        (-350, "-3.50"),
        (-5, "-0.05"),
        (1_610_000_000, "16100000.00"),
    ] as [(Int64, String)])
    func descriptionHasExactlyTwoDecimals(fen: Int64, text: String) {
        #expect(Money(fen: fen).description == text)
    }

    @Test(arguments: [
        (1_610_000_000, "16,100,000.00"),
        (99_999, "999.99"),
        (100_000, "1,000.00"),
        (123_456_789, "1,234,567.89"),
        (5, "0.05"),
        (-123_456, "-1,234.56"),
    ] as [(Int64, String)])
    func groupedHasThousandsSeparators(fen: Int64, text: String) {
        #expect(Money(fen: fen).grouped == text)
    }

    @Test(arguments: ["0.01", "18", "18.5", "16100000", "1000000000000"])
    func parsingWhatDescriptionPrintsGivesTheSameAmount(text: String) throws {
        let money = try Money(parsing: text)
        #expect(try Money(parsing: money.description) == money)
    }
}

@Suite struct MoneyArithmeticTests {
    @Test func arithmeticIsExactInFen() {
        var total = Money.zero
        for _ in 0..<10 { total += Money(fen: 10) }  // ten times 0.10: no floating-point drift
        #expect(total == Money(yuan: 1))
        #expect(Money(yuan: 18) - Money(yuan: 10) == Money(fen: 800))
        #expect(-Money(fen: 350) == Money(fen: -350))
        #expect([Money(fen: 1), Money(fen: 2), Money(fen: -3)].sum() == .zero)
        #expect(Money(fen: 1) < Money(fen: 2))
        #expect(Money(yuan: 16_100_000).fen == 1_610_000_000)
    }
}
