import Testing
@testable import CanteenCore

/// What text fields refuse, how operator names are compared, CSV cells for spreadsheets, export strings.
@Suite struct TextFieldEdgeTests {
    @Test(arguments: [
        "boss\u{200B}", "\u{200C}x", "x\u{200D}y", "\u{200E}x", "\u{200F}x", "\u{202A}x", "\u{202B}x", "\u{202C}x", "\u{202D}x",
        "\u{202E}x", "\u{2066}x", "\u{2067}x", "\u{2068}x", "\u{2069}x", "\u{FEFF}x", "x\u{00AD}y", "x\u{061C}", "x\u{2060}",
        "x\u{0}", "x\u{1B}[31m", "x\u{7F}", "x\u{85}y", "x\u{9B}", "x\u{2028}y", "x\u{2029}y", "x\u{E000}", "x\u{F0000}",
        "x\u{FFFD}", "x" + String(Unicode.Scalar(0xFFFF)!), "x" + String(Unicode.Scalar(0xFDD0)!), "x\u{0378}", "\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}", "\u{2800}", "x\u{034F}",
        "x\u{180E}", "x\u{17B4}", "x\u{FE0F}", "x\u{E0041}", "x\u{1D173}",
    ])
    func invisibleAndControlCharactersAreRefused(text: String) throws {
        let error = try #require(throws: CanteenError.self) { try TextField.validated(text, field: .dinerName, limit: 64) }
        #expect(error.kind == .invalidInput && error.message.key == .textFieldCharacter)
        guard case .text(let named)? = error.message.values["character"] else { Issue.record("no character named"); return }
        #expect(named.hasPrefix("U+"))
    }

    @Test(arguments: ["张三", "欧阳 娜娜", "Rene\u{301}", "René", "O'Brien-Smith", "李\u{3000}四", "🍚 canteen", "Ａｂｃ", "x\\", "\"q\"; #1 | * ! ( { @"])
    func visibleTextIsTaken(text: String) throws {
        #expect(try TextField.validated(text, field: .dinerName, limit: 64) == text)
    }

    @Test func blankAndOverlongTextKeepTheirMessage() throws {
        for text in ["", "   ", "\u{3000}", "\u{301}"] {
            let error = try #require(throws: CanteenError.self) { try TextField.validated(text, field: .note, limit: 5) }
            #expect(error.message.key == .textFieldInvalid, "\(text.debugDescription)")
        }
        #expect(throws: CanteenError.self) { try TextField.validated("abcdef", field: .note, limit: 5) }
    }

    @Test func namesThatLookAlikeHaveOneAppearance() {
        #expect(TextField.appearance("René") == TextField.appearance("Rene\u{301}"))
        #expect(TextField.appearance("Li Ming") == TextField.appearance("Li\u{3000}\u{00A0} Ming"))
        #expect(TextField.appearance("boss") == TextField.appearance("bo\u{200B}ss\u{FEFF}"))
        #expect(TextField.appearance("boss") != TextField.appearance("Boss"))
    }
}

@Suite struct CSVFormulaTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "-"), ("=", "'="), ("-3.", "'-3."), ("--3", "'--3"),
        ("-3.50", "-3.50"), ("-350", "-350"), ("+5", "+5"), ("18.00", "18.00"), ("0", "0"), ("", ""), ("GZ01", "GZ01"),
        ("a=b", "a=b"), (" =x", " =x"), ("长者", "长者"),
    ])
    func cellsThatWouldRunAsFormulasAreQuoted(cell: String, expected: String) {
        #expect(CSV.neutralized(cell) == expected)
    }

    @Test func rowsNeutraliseAndStillReadBack() throws {
        let row = CSV.row(["=1+1", "-3.50", "name"])
        #expect(row == "'=1+1,-3.50,name\r\n")
        var reader = CSVReader(string: row)
        #expect(try reader.nextRecord()?.fields == ["'=1+1", "-3.50", "name"])
    }
}

@Suite struct ExportEscapingTests {
    @Test(arguments: [
        ("plain", #""plain""#), (#"ends \"#, #""ends \\""#), (#"say "hi""#, #""say \"hi\"""#), ("a\nb\tc\r", #""a\nb\tc\r""#),
        ("长者; #|*!({@", #""长者; #|*!({@""#),
    ])
    func beancountStringsEscapeBackslashAndQuote(text: String, expected: String) {
        #expect(Books.beancountString(text) == expected)
    }

    @Test(arguments: [
        ("meal: a;b", "meal: a\u{FF1B}b"), ("void: x  y\t\tz\nw", "void: x y z w"), ("x \\", "x \\"), ("a | b # c", "a | b # c"),
        ("trailing   ", "trailing"),
    ])
    func ledgerDescriptionsHaveNoCommentOrFieldBreak(text: String, expected: String) {
        #expect(Books.ledgerDescription(text) == expected)
    }
}
