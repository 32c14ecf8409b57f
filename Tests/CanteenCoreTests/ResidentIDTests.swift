import Testing
@testable import CanteenCore

private let today = CivilDate(year: 2026, month: 11, day: 29)!

/// The check character computed the plain way, independently of the library: the weight table and the map of GB 11643.
private func referenceCheckCharacter(_ first17: String) -> Character {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let map = Array("10X98765432")
    var sum = 0
    for (digit, weight) in zip(first17, weights) {
        sum += digit.wholeNumberValue! * weight
    }
    return map[sum % 11]
}

/// The error thrown when parsing `text`, or nil when it parses.
private func idError(_ text: String) -> CanteenError? {
    do {
        _ = try ResidentID(parsing: text, today: today)
        return nil
    } catch {
        return error as? CanteenError
    }
}

private func phoneError(_ text: String) -> CanteenError? {
    do {
        _ = try PhoneNumber(parsing: text)
        return nil
    } catch {
        return error as? CanteenError
    }
}

@Suite struct ResidentIDTests {
    @Test func publishedSampleIsValid() throws {
        let id = try ResidentID(parsing: "11010519491231002X", today: today)
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == CivilDate(year: 1949, month: 12, day: 31)!)
        #expect(id.sex == .female)
        #expect(id.areaCode == "110105")
        #expect(id.birthDate.age(on: today) == 76)
    }

    @Test func lowerCaseXIsNormalised() throws {
        let id = try ResidentID(parsing: "11010519491231002x", today: today)
        #expect(id.value == "11010519491231002X")
        #expect(id == (try ResidentID(parsing: "11010519491231002X", today: today)))
    }

    @Test func surroundingWhitespaceIsTrimmed() throws {
        let id = try ResidentID(parsing: "  440203195001011233\t\n", today: today)
        #expect(id.value == "440203195001011233")
    }

    @Test func validNumberEndingInADigit() throws {
        let id = try ResidentID(parsing: "440203195001011233", today: today)
        #expect(id.birthDate == CivilDate(year: 1950, month: 1, day: 1)!)
        #expect(id.sex == .male) // 17th digit 3 is odd
        #expect(id.areaCode == "440203")
    }

    @Test(arguments: [
        ("810000199001011230", "810000"), // Hong Kong residence permit
        ("820000198506154568", "820000"), // Macao
        ("830000200002290015", "830000"), // Taiwan, born 29 February 2000
    ])
    func residencePermitsAreValid(number: String, area: String) throws {
        let id = try ResidentID(parsing: number, today: today)
        #expect(id.areaCode == area)
        #expect(id.value == number)
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() throws {
        let error = try #require(idError("440203195001011234"))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idCheckCharacter)
        #expect(error.message.values["expected"] == .text("3") && error.message.values["got"] == .text("4"))

        let sample = try #require(idError("110105194912310021"))
        #expect(sample.message.values["expected"] == .text("X") && sample.message.values["got"] == .text("1"))
    }

    @Test func thirtiethOfFebruaryIsRefused() throws {
        let first17 = "11010519490230002"
        let error = try #require(idError(first17 + String(referenceCheckCharacter(first17))))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idBirthDateImpossible)
    }

    @Test(arguments: ["1101052000022900", "1101052024022900", "1101051904022900"])
    func twentyNinthOfFebruaryInLeapYearsIsAccepted(prefix: String) throws {
        let first17 = prefix + "1"
        let id = try ResidentID(parsing: first17 + String(referenceCheckCharacter(first17)), today: today)
        #expect(id.birthDate.month == 2 && id.birthDate.day == 29)
    }

    @Test(arguments: ["1101051900022900", "1101052023022900", "1101051949022900"])
    func twentyNinthOfFebruaryInCommonYearsIsRefused(prefix: String) throws {
        let first17 = prefix + "1"
        let error = try #require(idError(first17 + String(referenceCheckCharacter(first17))))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idBirthDateImpossible)
    }

    @Test(arguments: ["11010520300101001", "11010520261130001"])
    func futureBirthDateIsRefused(first17: String) throws {
        let error = try #require(idError(first17 + String(referenceCheckCharacter(first17))))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idBornInFuture)
    }

    @Test func bornTodayIsAccepted() throws {
        let first17 = "11010520261129001"
        let id = try ResidentID(parsing: first17 + String(referenceCheckCharacter(first17)), today: today)
        #expect(id.birthDate == today)
    }

    @Test func birthBefore1900IsRefused() throws {
        let first17 = "11010518991231001"
        let error = try #require(idError(first17 + String(referenceCheckCharacter(first17))))
        #expect(error.message.key == .idBornBefore1900)
    }

    @Test(arguments: [("11010519491231002", 17), ("11010519491231002X1", 19), ("", 0)])
    func wrongLengthIsRefused(text: String, count: Int) throws {
        let error = try #require(idError(text))
        #expect(error.kind == .invalidInput)
        if count == 0 {
            #expect(error.message.key == .idEmpty)
        } else {
            #expect(error.message.key == .idLength && error.message.values["count"] == .int(Int64(count)))
        }
    }

    @Test(arguments: ["1101051949A231002X", "11010519491231００2X", "110105 9491231002X"])
    func nonDigitIsRefused(text: String) throws {
        let error = try #require(idError(text))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idNotDigit)
    }

    @Test func badLastCharacterIsRefused() throws {
        let error = try #require(idError("11010519491231002Y"))
        #expect(error.message.key == .idLastCharacter)
    }

    @Test(arguments: ["99", "10", "16", "24", "38", "47", "55", "66", "72", "80", "84", "00"])
    func unknownProvinceIsRefused(province: String) throws {
        let first17 = province + "010519491231002"
        let error = try #require(idError(first17 + String(referenceCheckCharacter(first17))))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key == .idProvince && error.message.values["code"] == .text(province))
    }

    @Test(arguments: ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82", "83"])
    func knownProvincesAreAccepted(province: String) throws {
        let first17 = province + "010519491231002"
        let id = try ResidentID(parsing: first17 + String(referenceCheckCharacter(first17)), today: today)
        #expect(id.areaCode == province + "0105")
    }

    @Test func maskedFormHidesTheMiddle() throws {
        let sample = try ResidentID(parsing: "11010519491231002x", today: today)
        #expect(sample.masked == "110105********002X")
        #expect(sample.description == "110105********002X")
        #expect("\(sample)" == "110105********002X")
        let other = try ResidentID(parsing: "440203195001011233", today: today)
        #expect(other.masked == "440203********1233")
    }

    @Test func checkCharacterMatchesTheWeightTable() {
        // A deterministic spread of numbers, every one compared with the plain computation.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var seen: Set<Character> = []
        for _ in 0..<2000 {
            var first17 = ""
            for _ in 0..<17 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                first17.append(Character(String((seed >> 33) % 10)))
            }
            let expected = referenceCheckCharacter(first17)
            let got = Character(Unicode.Scalar(ResidentID.checkCharacter(for: Array(first17.utf8))))
            #expect(got == expected, "check character of \(first17)")
            seen.insert(expected)
        }
        #expect(seen.count == 11) // every check character 0-9 and X came up
        #expect(ResidentID.checkCharacter(for: "11010519491231002".utf8) == UInt8(ascii: "X"))
        #expect(ResidentID.checkCharacter(for: "00000000000000000".utf8) == UInt8(ascii: "1"))
    }

    @Test func validNumbersRoundTrip() throws {
        for number in ["11010519491231002X", "440203195001011233", "370102192303179994", "650101190001010001"] {
            let id = try ResidentID(parsing: number, today: today)
            #expect(id.value == number)
            #expect(try ResidentID(parsing: id.value, today: today) == id)
        }
    }
}

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("13812345678", "13812345678", "138****5678"),
        ("138 1234 5678", "13812345678", "138****5678"),
        ("138-1234-5678", "13812345678", "138****5678"),
        (" 19912345678 ", "19912345678", "199****5678"),
        ("15000000000", "15000000000", "150****0000"),
    ])
    func mobilesAreValid(text: String, value: String, masked: String) throws {
        let phone = try PhoneNumber(parsing: text)
        #expect(phone.value == value)
        #expect(phone.masked == masked)
        #expect(phone.description == masked)
    }

    @Test(arguments: [
        ("020-83331234", "02083331234", "0208*****34"),
        ("02083331234", "02083331234", "0208*****34"),
        ("010-12345678", "01012345678", "0101*****78"),
        ("0755-88889999", "075588889999", "0755******99"),
        ("0351-7654321", "03517654321", "0351*****21"),
        ("0102345678", "0102345678", "0102****78"),
        ("020 8333 1234", "02083331234", "0208*****34"),
    ])
    func landlinesAreValid(text: String, value: String, masked: String) throws {
        let phone = try PhoneNumber(parsing: text)
        #expect(phone.value == value)
        #expect(phone.masked == masked)
        #expect("\(phone)" == masked)
    }

    @Test(arguments: [
        "123", "2381234567", "1381234567a", "abc", "138123456789", "1381234567",
        "12812345678", "", "   ", "0208333", "0208333123456", "020-8333-1234",
        "02-083331234", "00861381234567", "+8613812345678", "138--12345678", "-13812345678", "13812345678-",
    ])
    func invalidNumbersAreRefused(text: String) throws {
        let error = try #require(phoneError(text))
        #expect(error.kind == .invalidInput)
        #expect(error.message.key.rawValue.hasPrefix("phone"))
        // The typed number travels as a phone value, which every rendering masks.
        #expect(error.message.values.allSatisfy { name, value in if case .text = value { return name == "character" } else { return true } })
    }

    @Test func refusalsSayWhatIsWrong() throws {
        #expect(try #require(phoneError("138123456789")).message.key == .phoneMobileLength)
        #expect(try #require(phoneError("138123456789")).message.values["count"] == .int(12))
        #expect(try #require(phoneError("1381234567a")).message.key == .phoneCharacter)
        #expect(try #require(phoneError("2381234567")).message.key == .phoneNeither)
        #expect(try #require(phoneError("12812345678")).message.key == .phoneMobilePrefix)
        #expect(try #require(phoneError("020-8333-1234")).message.key == .phoneHyphens)
    }

    @Test func equalNumbersTypedDifferentlyAreEqual() throws {
        #expect(try PhoneNumber(parsing: "020-83331234") == PhoneNumber(parsing: "02083331234"))
        #expect(try PhoneNumber(parsing: "138 1234 5678") == PhoneNumber(parsing: "13812345678"))
    }
}
