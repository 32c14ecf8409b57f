/// A resident identity number of GB 11643-1999, validated: 18 characters, a real province code, a real birth date, the ISO 7064 MOD 11-2 check character.
///
/// Layout: 6 digits of area code (the first two the province), 8 digits of birth date YYYYMMDD,
/// 3 digits of sequence (the last of them odd for men, even for women), and the check character 0–9 or X.
/// Hong Kong, Macao and Taiwan residence permits (province codes 81, 82, 83) follow the same layout.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// The number, normalised: no surrounding whitespace, an upper-case X.
    public let value: String
    /// Characters 7–14 of the number (YYYYMMDD); never typed separately.
    public let birthDate: CivilDate

    /// Stored as "F" or "M" in the diners table.
    public enum Sex: String, Sendable { case female = "F", male = "M" }

    /// The 17th digit's parity: odd male, even female.
    public let sex: Sex

    /// The first 6 digits: the administrative area where the number was first issued.
    public var areaCode: String { String(value.prefix(6)) }

    /// Validates and normalises; `today` refuses birth dates after it.
    public init(parsing text: String, today: CivilDate) throws {
        // The usual number, 18 ASCII bytes as typed or stored, is read as bytes; anything else (whitespace around
        // it, full-width digits, a wrong length) goes the way of characters, which words its error.
        var copy = text
        let bytes = try copy.withUTF8(ResidentID.plainBytes) ?? ResidentID.bytesOfCharacters(text)
        func shown() -> MessageValue { .idNumber(String(text.trimmed)) }

        let province = ResidentID.number(bytes[0..<2])
        guard ResidentID.isProvinceCode(province) else {
            throw CanteenError.invalid(.idProvince, ["id": shown(), "code": String(decoding: bytes[0..<2], as: UTF8.self)])
        }

        let year = ResidentID.number(bytes[6..<10])
        guard year >= 1900 else {
            throw CanteenError.invalid(.idBornBefore1900, ["id": shown()])
        }
        guard let birth = CivilDate(year: year, month: ResidentID.number(bytes[10..<12]), day: ResidentID.number(bytes[12..<14])) else {
            throw CanteenError.invalid(.idBirthDateImpossible, ["id": shown()])
        }
        guard birth <= today else {
            throw CanteenError.invalid(.idBornInFuture, ["id": shown(), "today": today])
        }

        let expected = ResidentID.checkCharacter(for: bytes[0..<17])
        guard bytes[17] == expected else {
            throw CanteenError.invalid(.idCheckCharacter, ["id": shown(), "expected": String(Character(Unicode.Scalar(expected))), "got": String(text.trimmed.last ?? " ")])
        }

        self.value = String(decoding: bytes, as: UTF8.self)
        self.birthDate = birth
        self.sex = (bytes[16] - 0x30) % 2 == 1 ? .male : .female
    }

    /// The 18 bytes of a number typed plainly: 17 ASCII digits and a digit, X or x (made X); nil for anything else.
    private static func plainBytes(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard utf8.count == 18 else { return nil }
        var bytes = Array(utf8)
        for index in 0..<17 where !(0x30...0x39).contains(bytes[index]) { return nil }
        if bytes[17] == 0x78 { bytes[17] = 0x58 }
        guard (0x30...0x39).contains(bytes[17]) || bytes[17] == 0x58 else { return nil }
        return bytes
    }

    /// The 18 bytes of a number read character by character, after trimming; the error of the first wrong one.
    private static func bytesOfCharacters(_ text: String) throws -> [UInt8] {
        let trimmed = Substring(text.trimmed)
        let characters = Array(trimmed)
        guard !characters.isEmpty else {
            throw CanteenError.invalid(.idEmpty)
        }
        guard characters.count == 18 else {
            throw CanteenError.invalid(.idLength, ["id": MessageValue.idNumber(String(trimmed)), "count": characters.count])
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        for (index, character) in characters.enumerated() {
            if let byte = character.asciiValue, (0x30...0x39).contains(byte) {
                bytes.append(byte)
            } else if index == 17, character == "X" || character == "x" {
                bytes.append(0x58) // "X"
            } else if index == 17 {
                throw CanteenError.invalid(.idLastCharacter, ["id": MessageValue.idNumber(String(trimmed)), "character": String(character)])
            } else {
                throw CanteenError.invalid(.idNotDigit, ["id": MessageValue.idNumber(String(trimmed)), "character": String(character), "position": index + 1])
            }
        }
        return bytes
    }

    /// The check character (0-9 or X) for the first 17 digits, per ISO 7064 MOD 11-2.
    ///
    /// `first17` must be exactly 17 ASCII digits. Returns the ASCII byte of 0–9 or X.
    public static func checkCharacter(for first17: some Collection<UInt8>) -> UInt8 {
        precondition(first17.count == 17 && first17.allSatisfy { (0x30...0x39).contains($0) },
                     "checkCharacter(for:) needs exactly 17 ASCII digits")
        // The recursive form of MOD 11-2: each digit is weighted by 2^(18 - position) mod 11.
        var p = 0
        for byte in first17 {
            p = (p + Int(byte - 0x30)) * 2 % 11
        }
        let check = (12 - p) % 11
        return check == 10 ? 0x58 : UInt8(0x30 + check)
    }

    /// Masked for lists and reports: first 6 and last 4 kept, e.g. 440203********123X.
    public var masked: String { ResidentID.mask(value) }

    /// Masks a stored number the same way; anything not 18 characters long is hidden whole.
    public static func mask(_ value: String) -> String {
        // A mistyped number keeps its ends too, so the clerk can see which card it was; the birth date stays hidden.
        guard value.count >= 14 else { return String(repeating: "*", count: value.count) }
        return String(value.prefix(6)) + String(repeating: "*", count: value.count - 10) + String(value.suffix(4))
    }

    /// Masked, so the number is never printed in full by accident; use `value` where the full number is meant.
    public var description: String { masked }

    private static func isProvinceCode(_ code: Int) -> Bool {
        switch code {
        case 11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71, 81, 82, 83: return true
        default: return false
        }
    }

    /// The value of ASCII digits (already checked to be digits).
    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
