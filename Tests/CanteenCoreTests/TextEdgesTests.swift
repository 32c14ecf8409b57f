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

    @Test(arguments: ["张三", "欧阳 娜娜", "Rene\u{301}", "René", "O'Brien-Smith", "🍚 canteen", "Ａｂｃ", "x\\", "\"q\"; #1 | * ! ( { @"])
    func visibleTextIsTaken(text: String) throws {
        #expect(try TextField.validated(text, field: .dinerName, limit: 64) == text)
    }

    /// Every space separator but the plain space: inside a field it would make a second name or ref that looks
    /// like the first, so it is refused, named by code point and Unicode name.
    @Test(arguments: [0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                      0x202F, 0x205F, 0x3000] as [UInt32])
    func spacesOtherThanThePlainSpaceAreRefusedInside(value: UInt32) throws {
        let space = String(Unicode.Scalar(value)!)
        for field in TextFieldName.allCases {
            let error = try #require(throws: CanteenError.self) { try TextField.validated("a" + space + "b", field: field, limit: 64) }
            #expect(error.kind == .invalidInput && error.message.key == .textFieldSpace)
            #expect(error.message.values["character"] == .text(TextField.described(Unicode.Scalar(value)!)))
        }
        // At the ends trimming takes it off, as before: nothing of it is stored, so `a` is the one key it could make.
        #expect(try TextField.validated(space + "李四" + space, field: .dinerName, limit: 64) == "李四")
    }

    @Test func refusedCharactersAreNamed() throws {
        #expect(TextField.described(Unicode.Scalar(0x3000)!) == "U+3000 IDEOGRAPHIC SPACE")
        #expect(TextField.described(Unicode.Scalar(0x00A0)!) == "U+00A0 NO-BREAK SPACE")
        #expect(TextField.described(Unicode.Scalar(0xE000)!) == "U+E000")
        let error = try #require(throws: CanteenError.self) { try TextField.validated("boss\u{200B}x", field: .operatorName, limit: 64) }
        #expect(error.message.values["character"] == .text("U+200B ZERO WIDTH SPACE"))
    }

    /// A scanner's or a spreadsheet's tab and CR at the ends of a ref are trimmed as they always were; inside, they
    /// are control characters.
    @Test func tabsAndCarriageReturnsAreTreatedAsBefore() throws {
        #expect(try TextField.validated("\tref-1\r", field: .ref, limit: 128) == "ref-1")
        #expect(try TextField.validated("ref 1 \r\n", field: .ref, limit: 128) == "ref 1")
        for text in ["ref\t1", "ref\r1"] {
            let error = try #require(throws: CanteenError.self) { try TextField.validated(text, field: .ref, limit: 128) }
            #expect(error.message.key == .textFieldCharacter)
        }
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

/// Names that read as one: the skeleton folds what a person cannot tell apart, and a word in two alphabets is refused.
@Suite struct LookAlikeTests {
    @Test(arguments: [
        ("boss", "bоss"), ("boss", "BOSS"), ("boss", "ｂｏｓｓ"), ("boss", "Ｂｏｓｓ"), ("fix", "ﬁx"), ("IX", "Ⅸ"), ("ix", "ⅸ"), ("XII", "Ⅻ"),
        ("scope", "ѕсоре"), ("apex", "арех"), ("ceo", "сео"), ("tax", "τaχ"), ("kiosk", "κιοsκ"), ("nova", "ηονα"), ("pet", "ρετ"),
        ("hello", "һеllо"), ("dew", "ԁеԝ"), ("qi", "ԛі"), ("jo", "јо"), ("lo", "ӏо"), ("ABC", "АВС"), ("XOH", "ХОН"), ("TEK", "ΤΕΚ"),
        ("bold", "𝐛𝐨𝐥𝐝"), ("Bold", "𝐁𝐨𝐥𝐝"), ("sans", "𝗌𝖺𝗇𝗌"), ("mono", "𝚖𝚘𝚗𝚘"), ("pi", "𝛒𝛊"), ("x2", "x²"), ("a1", "ₐ₁"), ("H2O", "H₂O"),
        ("clerk1", "clerk①"), ("abc", "ⓐⓑⓒ"), ("ABC", "ⒶⒷⒸ"), ("abc", "🅐🅑🅒"), ("abc", "🅰🅱🅲"), ("10", "⑩"), ("(3)", "⑶"), ("7.", "⒎"),
        ("office", "oﬃce"), ("ij", "ĳ"), ("Nj", "ǋ"), ("ss", "ß"), ("strasse", "STRAẞE"), ("K", "\u{212A}"), ("Rene\u{301}", "RENÉ"),
        ("Li Ming", "Li\u{3000}\u{00A0} Ming"), ("boss", "bo\u{200B}ss\u{FEFF}"), ("clerk-fc", "clerk–fc"), ("O'Brien", "O’Brien"),
        ("ёлка", "ëлка"), ("ό", "ó"), ("ο\u{301}", "ó"), ("admin", "ᴀᴅᴍɪɴ"), ("ii", "ıі"), ("CC", "ℂ𝐂"), ("ー", "ｰ"), ("ガ", "ｶﾞ"),
        ("一号", "㊀号"), ("王主任", "王主任"), ("uo", "սօ"), ("LOS", "ԼՕՏ"),
    ])
    func namesThatReadAsOneHaveOneSkeleton(plain: String, lookAlike: String) {
        #expect(LookAlike.skeleton(plain) == LookAlike.skeleton(lookAlike), "\(plain) / \(lookAlike.unicodeScalars.map { TextField.codePoint($0) })")
    }

    @Test(arguments: [
        ("boss", "bose"), ("王主任", "王副主任"), ("clerk1", "clerk2"), ("René", "Rene"), ("в", "b"), ("н", "h"), ("Ω", "w"), ("李A2", "李A3"),
        ("ana", "anna"), ("fc", "f c"),
    ])
    func namesThatReadDifferentlyDoNot(one: String, other: String) {
        #expect(LookAlike.skeleton(one) != LookAlike.skeleton(other), "\(one) / \(other)")
    }

    @Test(arguments: ["bоss", "аdmin", "pаypal", "ΑBC", "Ivanοv", "Иванoв", "clerk-fс", "sօs", "Мοсква"])
    func aWordInTwoAlphabetsIsRefusedInNames(name: String) throws {
        for field in [TextFieldName.operatorName, .dinerName, .siteName, .district] {
            let error = try #require(throws: CanteenError.self) { try TextField.validatedName(name, field: field, limit: 32) }
            #expect(error.kind == .invalidInput && error.message.key == .textFieldMixedAlphabets, "\(name)")
            guard case .text(let character)? = error.message.values["character"] else { Issue.record("no character named"); continue }
            #expect(character.hasPrefix("U+"), "\(character)")
        }
        // Free text (a note, a reason, a ref) is not a name: nobody is taken for someone else by it.
        #expect(try TextField.validated(name, field: .note, limit: 32) == name)
    }

    @Test(arguments: ["王主任", "clerk-fc", "李A2", "Ivan Иванов", "Αλέξανδρος", "Москва", "Ⅸ", "𝐛𝐨𝐥𝐝", "O'Brien-Smith", "张三 Zhang", "René", "Ջոն"])
    func namesInOneAlphabetPerWordAreTaken(name: String) throws {
        #expect(try TextField.validatedName(name, field: .operatorName, limit: 64) == name)
    }

    @Test func theRefusalNamesTheLetterOfTheOtherAlphabet() throws {
        let error = try #require(throws: CanteenError.self) { try TextField.validatedName("bоss", field: .operatorName, limit: 64) }
        #expect(error.message.values["word"] == .text("bоss"))
        #expect(error.message.values["character"] == .text("U+043E CYRILLIC SMALL LETTER O"))
        #expect(error.message.values["other"] == .text("U+0062 LATIN SMALL LETTER B"))
    }
}
