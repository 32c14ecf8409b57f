/// How names look to the people who read them in a log, a list or a report. SQLite's UNIQUE and Swift's `==`
/// compare code points, but a person compares shapes: `bоss` with a Cyrillic о, `ｂｏｓｓ` in full width and `BOSS`
/// all read as the operator `boss`. A name's skeleton (in the spirit of Unicode TR39's confusables, from a small
/// table kept here rather than the whole of confusables.txt) is the same string for names that look alike, so
/// one person cannot be given a second name that passes for another's.
enum LookAlike {
    /// The name as it looks: white space and invisibles as `TextField.appearance` has them, then every character
    /// folded to the plain letter, digit or mark it is drawn like (compatibility forms, confusable letters of
    /// other alphabets, Latin look-alikes), then case-folded. Compare skeletons with `==`, which also treats
    /// canonically equivalent text (é and e + U+0301) as equal.
    static func skeleton(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in TextField.appearance(text).unicodeScalars {
            for drawn in shape(of: scalar).unicodeScalars {
                caseFold(drawn, into: &out)
            }
        }
        return String(out)
    }

    /// Case folding, one code point at a time so a Greek sigma folds the same wherever it stands: lower, upper,
    /// lower again takes ß and ẞ to ss, ſ to s and the Kelvin sign to k, as Unicode's full case folding does.
    private static func caseFold(_ scalar: Unicode.Scalar, into out: inout String.UnicodeScalarView) {
        if scalar.isASCII {
            out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
        } else if scalar.properties.changesWhenCaseMapped {
            out.append(contentsOf: String(scalar).lowercased().uppercased().lowercased().unicodeScalars)
        } else {
            out.append(scalar)
        }
    }

    /// What one character is drawn as. Capitals of other alphabets map to Latin capitals and small letters to
    /// small ones, and case folding comes after: Cyrillic В is drawn as B, but в is not drawn as b.
    static func shape(of scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x80 { return String(scalar) }
        if let mapped = table[v] { return mapped }
        switch v {
        // Full-width ASCII (what an input method in full-width mode types).
        case 0xFF01...0xFF5E: return String(Unicode.Scalar(v - 0xFEE0)!)
        case 0xFF61...0xFF9F: return String(halfWidthKatakana[Int(v - 0xFF61)])
        // Roman numerals: Ⅸ is IX.
        case 0x2160...0x216F: return romanNumerals[Int(v - 0x2160)]
        case 0x2170...0x217F: return romanNumerals[Int(v - 0x2170)].lowercased()
        // Mathematical alphanumerics: thirteen Latin alphabets of 52, dotless ı and ȷ, five Greek alphabets of 58,
        // and five sets of digits. Their holes are unassigned code points, which text fields refuse.
        case 0x1D400...0x1D6A3: return latinLetter(Int((v - 0x1D400) % 52))
        case 0x1D6A4: return "i"
        case 0x1D6A5: return "j"
        case 0x1D6A8...0x1D7C9: return shape(of: mathGreek[Int((v - 0x1D6A8) % 58)])
        case 0x1D7CA: return "F"
        case 0x1D7CB: return "ϝ"
        case 0x1D7CE...0x1D7FF: return String((v - 0x1D7CE) % 10)
        // Circled, parenthesised, full-stopped and negative circled digits and letters.
        case 0x2460...0x2473: return String(v - 0x2460 + 1)
        case 0x2474...0x2487: return "(" + String(v - 0x2474 + 1) + ")"
        case 0x2488...0x249B: return String(v - 0x2488 + 1) + "."
        case 0x249C...0x24B5: return "(" + latinLetter(Int(v - 0x249C) + 26) + ")"
        case 0x24B6...0x24CF: return latinLetter(Int(v - 0x24B6))
        case 0x24D0...0x24E9: return latinLetter(Int(v - 0x24D0) + 26)
        case 0x24EA, 0x24FF, 0x1F10B, 0x1F10C: return "0"
        case 0x24EB...0x24F4: return String(v - 0x24EB + 11)
        case 0x24F5...0x24FE: return String(v - 0x24F5 + 1)
        case 0x2776...0x277F: return String(v - 0x2776 + 1)
        case 0x2780...0x2789: return String(v - 0x2780 + 1)
        case 0x278A...0x2793: return String(v - 0x278A + 1)
        case 0x3251...0x325F: return String(v - 0x3251 + 21)
        case 0x32B1...0x32BF: return String(v - 0x32B1 + 36)
        case 0x3280...0x3289: return String(chineseNumerals[Int(v - 0x3280)])
        case 0x3220...0x3229: return "(" + String(chineseNumerals[Int(v - 0x3220)]) + ")"
        case 0x1F100: return "0."
        case 0x1F101...0x1F10A: return String(v - 0x1F101) + ","
        case 0x1F110...0x1F129: return "(" + latinLetter(Int(v - 0x1F110)) + ")"
        case 0x1F130...0x1F149: return latinLetter(Int(v - 0x1F130))
        case 0x1F150...0x1F169: return latinLetter(Int(v - 0x1F150))
        case 0x1F170...0x1F189: return latinLetter(Int(v - 0x1F170))
        default: return String(scalar)
        }
    }

    /// "A" to "Z" for 0 to 25, "a" to "z" for 26 to 51.
    private static func latinLetter(_ index: Int) -> String {
        String(Unicode.Scalar(UInt8(index < 26 ? 0x41 + index : 0x61 + index - 26)))
    }

    private static let romanNumerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "L", "C", "D", "M"]

    private static let chineseNumerals = Array("一二三四五六七八九十")

    /// U+FF61 to U+FF9F: half-width punctuation and katakana, each as its full-width form; the half-width voiced
    /// marks are the combining ones, so ｶﾞ is カ + U+3099, which is ガ.
    private static let halfWidthKatakana: [Unicode.Scalar] = Array(
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン".unicodeScalars)
        + ["\u{3099}", "\u{309A}"]

    /// One of the five mathematical Greek alphabets, in Unicode's order.
    private static let mathGreek: [Unicode.Scalar] = Array("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡϴΣΤΥΦΧΨΩ∇αβγδεζηθικλμνξοπρςστυφχψω∂ϵϑϰϕϱϖ".unicodeScalars)

    /// Single code points and what they are drawn as. Each line is a class the QA review named or its neighbours.
    private static let table: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        /// Pairs `from`'s code points with `to`'s, one for one.
        func pair(_ from: String, _ to: String) {
            assert(from.unicodeScalars.count == to.unicodeScalars.count, "\(from) and \(to) differ in length")
            for (source, target) in zip(from.unicodeScalars, to.unicodeScalars) { table[source.value] = String(target) }
        }
        func each(_ from: String, _ to: [String]) {
            assert(from.unicodeScalars.count == to.count, "\(from) and \(to) differ in length")
            for (source, target) in zip(from.unicodeScalars, to) { table[source.value] = target }
        }
        // Cyrillic letters drawn as Latin ones (а е о р с у х і ј ѕ ԁ ԛ ԝ ӏ …), capitals and small letters apart.
        pair("аеорсухіјѕԁԛԝӏһүӀ", "aeopcyxijsdqwlhyl")
        pair("АВЕКМНОРСТХУЅІЈԚԜҮҺ", "ABEKMHOPCTXYSIJQWYH")
        each("ёЁїЇѐЀӧӦӓӒӱӰўЎӑӐӗӖ", ["e\u{308}", "E\u{308}", "i\u{308}", "I\u{308}", "e\u{300}", "E\u{300}", "o\u{308}", "O\u{308}",
                                   "a\u{308}", "A\u{308}", "y\u{308}", "Y\u{308}", "y\u{306}", "Y\u{306}", "a\u{306}", "A\u{306}",
                                   "e\u{306}", "E\u{306}"])
        // Greek letters drawn as Latin ones (ο α ν ρ τ υ κ ι ε …), with their accented forms.
        pair("οανρτυκιεχγωηϲϳϱϰ", "oavptukiexywncjpk")
        pair("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿϜ", "ABEZHIKMNOPTYXCJF")
        each("άέήίόύώϊϋΐΰΆΈΉΊΌΎΪΫ", ["a\u{301}", "e\u{301}", "n\u{301}", "i\u{301}", "o\u{301}", "u\u{301}", "w\u{301}", "i\u{308}",
                                     "u\u{308}", "i\u{308}\u{301}", "u\u{308}\u{301}", "A\u{301}", "E\u{301}", "H\u{301}", "I\u{301}",
                                     "O\u{301}", "Y\u{301}", "I\u{308}", "Y\u{308}"])
        // Armenian letters drawn as Latin ones.
        pair("օսցհոզՕՍՏԼ", "oughnqOUSL")
        // Latin letters drawn as other Latin letters: dotless i and j, script a and g, iota, small capitals, the
        // dental click.
        pair("ıȷɑɡɩǀᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "ijagilABCDEGHIJKLMNOPRSTUVWYZ")
        // Ligatures and digraphs.
        each("ﬀﬁﬂﬃﬄﬅﬆĲĳǄǅǆǇǈǉǊǋǌǱǲǳŉ", ["ff", "fi", "fl", "ffi", "ffl", "st", "st", "IJ", "ij", "DŽ", "Dž", "dž", "LJ", "Lj", "lj",
                                                  "NJ", "Nj", "nj", "DZ", "Dz", "dz", "ʼn"])
        each("ﬓﬔﬕﬖﬗ", ["մն", "մե", "մի", "վն", "մխ"])
        // Superscripts and subscripts, and the modifier letters that are drawn as raised letters.
        pair("¹²³ªºⁱⁿ⁰⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", "123aoin0456789+-=()0123456789+-=()aeoxhklmnpst")
        pair("ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁᵂᵃᵇᵈᵉᵍᵏᵐᵒᵖᵗᵘᵛᵢᵣᵤᵥʰʲʳʷʸˡˢˣᶜᶠᶻⱼⱽ", "ABDEGHIJKLMNOPRTUWabdegkmoptuviruvhjrwylsxcfzjV")
        // Letterlike symbols: the double-struck, script and black-letter capitals that fill the holes of the
        // mathematical alphabets, and a few abbreviations.
        pair("ℂℊℋℌℍℎℐℑℒℓℕℙℚℛℜℝℤℨℬℭℯℰℱℳℴℹⅅⅆⅇⅈⅉ", "CgHHHhIILlNPQRRRZZBCeEFMoiDdeij")
        each("№℡™℠", ["No", "TEL", "TM", "SM"])
        // Full-width signs outside the ASCII block, and the small and compatibility forms of punctuation.
        each("￠￡￢￣￤￥￦", ["¢", "£", "¬", "¯", "¦", "¥", "₩"])
        pair("﹐﹒﹔﹕﹖﹗﹙﹚﹟﹠﹡﹢﹣﹤﹥﹦﹨﹩﹪﹫", ",.;:?!()#&*+-<>=\\$%@")
        // Dashes, quotes and dots that are drawn as ASCII ones.
        pair("‐‑‒–−˗⁃﹘", "--------")
        pair("‘’‛′ʹʼ´", "'''''''")
        pair("“”‟″ʺ", "\"\"\"\"\"")
        pair("․⁄∕∶", ".//:")
        each("‥…", ["..", "..."])
        return table
    }()

    // MARK: - Mixed alphabets

    /// The alphabets whose letters pass for one another. A word written in two of them is a spoof, not a name:
    /// Chinese beside Latin (`李A2`) is common and harmless, so other scripts are not counted.
    enum Alphabet: Equatable { case latin, greek, cyrillic, armenian }

    /// The alphabet of a letter, or nil for anything else (digits, Han, punctuation, marks).
    static func alphabet(of scalar: Unicode.Scalar) -> Alphabet? {
        let v = scalar.value
        guard v >= 0x41, scalar.properties.isAlphabetic else { return nil }
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2B8, 0x2E0...0x2E4, 0x1D00...0x1D25,
             0x1D2C...0x1D5C, 0x1D62...0x1D65, 0x1D6B...0x1D77, 0x1D79...0x1DBE, 0x1E00...0x1EFF, 0x2071, 0x207F,
             0x2090...0x209C, 0x212A, 0x212B, 0x2132, 0x214E, 0x2160...0x2188, 0x2C60...0x2C7F, 0xA722...0xA7FF,
             0xAB30...0xAB64, 0xFB00...0xFB06, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            return .latin
        case 0x370...0x3E1, 0x3F0...0x3FF, 0x1D26...0x1D2A, 0x1D5D...0x1D61, 0x1D66...0x1D6A, 0x1DBF, 0x1F00...0x1FFF, 0x2126, 0xAB65:
            return .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x1D2B, 0x1D78, 0x2DE0...0x2DFF, 0xA640...0xA69F, 0x1E030...0x1E08F:
            return .cyrillic
        case 0x531...0x58F, 0xFB13...0xFB17:
            return .armenian
        default:
            return nil
        }
    }

    /// The first word (between spaces) that mixes alphabets, with its first letter and the first letter of
    /// another alphabet after it; nil when every word keeps to one.
    static func mixedWord(in text: String) -> (word: String, first: Unicode.Scalar, other: Unicode.Scalar)? {
        for word in text.unicodeScalars.split(whereSeparator: { $0.properties.isWhitespace }) {
            var first: (scalar: Unicode.Scalar, alphabet: Alphabet)?
            for scalar in word {
                guard let alphabet = alphabet(of: scalar) else { continue }
                guard let seen = first else { first = (scalar, alphabet); continue }
                if alphabet != seen.alphabet { return (String(String.UnicodeScalarView(word)), seen.scalar, scalar) }
            }
        }
        return nil
    }
}
