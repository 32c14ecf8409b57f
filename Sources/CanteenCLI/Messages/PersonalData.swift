import CanteenCore

/// The last guard on error lines: any resident ID number or mobile number in them is masked, whichever value
/// or SQLite message carried it there.
enum PersonalData {
    /// `text` with every standalone run of 17 digits and a check character, and of 11 digits starting 13–19,
    /// masked as ID and phone numbers are everywhere else.
    static func masked(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count >= 11 else { return text }
        var out = ""
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber, index == 0 || !isDigitLike(characters[index - 1]) else {
                out.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, isDigitLike(characters[end]) { end += 1 }
            let run = String(characters[index..<end])
            let digits = run.dropLast().allSatisfy(\.isNumber)
            if run.count == 18, digits {
                out += ResidentID.mask(run)
            } else if run.count == 11, run.allSatisfy(\.isNumber), run.hasPrefix("1"), let second = run.dropFirst().first, second >= "3" {
                out += PhoneNumber.maskTyped(run)
            } else {
                out += run
            }
            index = end
        }
        return out
    }

    private static func isDigitLike(_ c: Character) -> Bool { c.isASCII && (c.isNumber || c == "X" || c == "x") }
}
