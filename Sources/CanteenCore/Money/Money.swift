/// An amount of money in integer fen (1 yuan = 100 fen); never a floating-point value.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in fen.
    public let fen: Int64

    /// Exact, from a stored or computed amount; any sign is allowed, unlike `init(parsing:)`.
    public init(fen: Int64) { self.fen = fen }

    /// Whole yuan, for literals in code and tests.
    public init(yuan: Int64) { self.fen = yuan * 100 }

    /// 0.00 yuan: the start of every sum.
    public static let zero = Money(fen: 0)

    /// Parses yuan as typed by a person: digits, optionally "." and one or two digits ("18", "18.5", "18.50").
    /// Signs, exponents, thousands separators, spaces and more than two decimals are refused.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = dot.map { Array(bytes[..<$0]) } ?? bytes
        let fraction = dot.map { Array(bytes[($0 + 1)...]) } ?? []
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard !whole.isEmpty, whole.allSatisfy(isDigit),
              fraction.allSatisfy(isDigit), dot == nil || (1...2).contains(fraction.count) else {
            throw CanteenError.invalid(.amountMalformed, ["text": text])
        }
        var fen: Int64 = 0
        for digit in whole + fraction + Array(repeating: UInt8(ascii: "0"), count: 2 - fraction.count) {
            let (times10, o1) = fen.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            // Beyond a trillion yuan is a typo, and keeps every sum of amounts far from Int64's edge.
            guard !o1, !o2, sum <= Money.largest.fen else {
                throw CanteenError.invalid(.amountTooLarge, ["text": text, "largest": Money.largest])
            }
            fen = sum
        }
        self.fen = fen
    }

    /// The largest amount a person may type: one trillion yuan.
    public static let largest = Money(fen: 100_000_000_000_000)

    /// Yuan with exactly two decimals: "18.00", "-3.50".
    public var description: String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return (fen < 0 ? "-" : "") + "\(magnitude / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// Yuan with thousands separators for reports: "16,100,000.00".
    public var grouped: String {
        let plain = description.hasPrefix("-") ? String(description.dropFirst()) : description
        let parts = plain.split(separator: ".")
        var digits = Array(parts[0])
        var groupedDigits: [Character] = []
        while digits.count > 3 {
            groupedDigits = [","] + digits.suffix(3) + groupedDigits
            digits.removeLast(3)
        }
        return (fen < 0 ? "-" : "") + String(digits + groupedDigits) + "." + parts[1]
    }

    /// Orders by amount.
    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    /// Exact, in fen: no rounding anywhere.
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    /// Exact, in fen; may go below zero.
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    /// The sign flipped, as a reversal posts it.
    public static prefix func - (a: Money) -> Money { Money(fen: -a.fen) }
    /// Adds in place, exactly.
    public static func += (a: inout Money, b: Money) { a = a + b }
    /// Subtracts in place, exactly.
    public static func -= (a: inout Money, b: Money) { a = a - b }
}

extension Sequence where Element == Money {
    /// The sum of the amounts.
    public func sum() -> Money { reduce(.zero, +) }
}
