/// A Chinese phone number: a mobile (11 digits starting 1[3-9]) or a landline (0 + area code + number, 10–12 digits, optional single '-' after the area code). Spaces and '-' removed when normalised.
///
/// Mobiles may be typed in groups, such as 138 1234 5678 or 138-1234-5678.
/// Landlines take their area code with the leading 0 (010, 020, 0755, …); a '-' may follow the area code only.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The digits only.
    public let value: String

    /// Validates a mobile or landline typed with or without spaces and '-'; a +86 prefix is refused.
    public init(parsing text: String) throws {
        let trimmed = Substring(text.trimmed)
        guard !trimmed.isEmpty else { throw CanteenError.invalid(.phoneEmpty) }
        // Messages name the number masked: an error line is personal data too.
        let typed = MessageValue.phone(String(trimmed))

        var digits: [UInt8] = []
        var hyphens: [Int] = [] // how many digits precede each '-'
        var lastWasSeparator = false
        for character in trimmed {
            if let byte = character.asciiValue, (0x30...0x39).contains(byte) {
                digits.append(byte)
                lastWasSeparator = false
                continue
            }
            let isHyphen = character == "-"
            guard isHyphen || (character.isWhitespace && !character.isNewline) else {
                if character == "+" {
                    throw CanteenError.invalid(.phonePlus, ["phone": typed])
                }
                throw CanteenError.invalid(.phoneCharacter, ["phone": typed, "character": String(character)])
            }
            guard !digits.isEmpty, !lastWasSeparator else {
                throw CanteenError.invalid(.phoneSeparator, ["phone": typed])
            }
            if isHyphen { hyphens.append(digits.count) }
            lastWasSeparator = true
        }
        // Trimming leaves no trailing space, so a separator here is a trailing '-'.
        guard !lastWasSeparator else {
            throw CanteenError.invalid(.phoneTrailingHyphen, ["phone": typed])
        }

        switch digits.first {
        case 0x31: // "1": a mobile
            guard digits.count == 11 else {
                throw CanteenError.invalid(.phoneMobileLength, ["phone": typed, "count": digits.count])
            }
            guard (0x33...0x39).contains(digits[1]) else {
                throw CanteenError.invalid(.phoneMobilePrefix, ["phone": typed])
            }
        case 0x30: // "0": a landline with its area code
            guard digits.count >= 2, digits[1] != 0x30 else {
                throw CanteenError.invalid(.phoneInternational, ["phone": typed])
            }
            guard hyphens.count <= 1 else {
                throw CanteenError.invalid(.phoneHyphens, ["phone": typed])
            }
            if let split = hyphens.first {
                guard (3...4).contains(split) else {
                    throw CanteenError.invalid(.phoneHyphenPlace, ["phone": typed])
                }
                let local = digits.count - split
                guard (7...8).contains(local) else {
                    throw CanteenError.invalid(.phoneLandlineLocal, ["phone": typed, "count": local])
                }
            }
            guard (10...12).contains(digits.count) else {
                throw CanteenError.invalid(.phoneLandlineLength, ["phone": typed, "count": digits.count])
            }
        default:
            throw CanteenError.invalid(.phoneNeither, ["phone": typed])
        }
        self.value = String(decoding: digits, as: UTF8.self)
    }

    /// Mobile: 138****5678 (first 3 and last 4 kept); landline: first 4 and last 2 kept, the middle masked.
    public var masked: String {
        let (head, tail) = value.first == "1" ? (3, 4) : (4, 2)
        return String(value.prefix(head)) + String(repeating: "*", count: value.count - head - tail) + String(value.suffix(tail))
    }

    /// What was typed as a phone number, masked the same way when it is long enough to mean something, else all stars.
    public static func maskTyped(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        let (head, tail) = characters.first == "1" ? (3, 4) : (4, 2)
        return String(characters.prefix(head)) + String(repeating: "*", count: characters.count - head - tail) + String(characters.suffix(tail))
    }

    /// Masked, so the number is never printed in full by accident; use `value` where the full number is meant.
    public var description: String { masked }
}
