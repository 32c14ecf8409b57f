/// An amount of money in integer fen (1 yuan = 100 fen); never a floating-point value.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in fen.
    public let fen: Int64

    /// Exact, from a stored or computed amount; any sign is allowed, unlike `init(parsing:)`.
    public init(fen: Int64) { self.fen = fen }

    /// Whole yuan, for literals in code and tests (clamped at Int64's ends rather than trapping).
    public init(yuan: Int64) {
        let (fen, overflow) = yuan.multipliedReportingOverflow(by: 100)
        self.fen = overflow ? (yuan < 0 ? .min : .max) : fen
    }

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

    /// The most the fund may ever hold in appropriations: one trillion yuan (a city's budget is some millions).
    /// Every fund balance, drawn total and subsidy sum is at most this (the fund never goes below zero, so what is
    /// drawn never exceeds what was appropriated), i.e. 10^14 fen: any product of one of them with a day count or a
    /// pixel width below 90,000 stays inside Int64 (9.2 × 10^18), which is what the forecast and the charts rely on.
    public static let fundLimit = Money.largest

    /// The dearest meal price, copay or cap a canteen or policy may set: one thousand yuan. A set meal costs some
    /// tens of yuan, so a larger figure is a typo (extra zeros); and a month's meal value, a count of meals times
    /// at most 10^5 fen, cannot come near Int64's edge however many meals the file holds.
    public static let largestMealPrice = Money(yuan: 1000)

    /// A meal's amounts as the books make them: a price above zero, nothing below zero or above `largest` (older
    /// books may hold prices above today's `largestMealPrice`), and price = copay + subsidy. Amounts read from a
    /// file that fail this were not made by any command.
    static func areMealAmounts(price: Money, copay: Money, subsidy: Money) -> Bool {
        let range = Money.zero...Money.largest
        return price > .zero && range.contains(price) && range.contains(copay) && range.contains(subsidy)
            && (try? copay.adding(subsidy)) == price
    }

    /// Refuses a meal price, copay or cap above `largestMealPrice` (invalid input, 65) with the message `key`.
    static func requireMealAmount(_ amount: Money, _ key: MessageKey) throws {
        guard amount <= largestMealPrice else { throw CanteenError.invalid(key, ["amount": amount, "largest": largestMealPrice]) }
    }

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
    /// Exact, in fen: no rounding anywhere. Every amount the books make is bounded (`largest`, `fundLimit`,
    /// `largestMealPrice`), so sums of them are exact; only a damaged file can hold amounts whose sum leaves Int64,
    /// and then the sum stops at Int64's end instead of crashing the program (`audit verify` finds the damage).
    /// Sums of stored values that must not be wrong use `adding(_:)`, which refuses instead.
    public static func + (a: Money, b: Money) -> Money { Money(fen: saturating(a.fen.addingReportingOverflow(b.fen), sign: b.fen)) }
    /// Exact, in fen; may go below zero. Clamped at Int64's ends like `+`.
    public static func - (a: Money, b: Money) -> Money {
        Money(fen: saturating(a.fen.subtractingReportingOverflow(b.fen), sign: b.fen == .min ? 1 : -b.fen))
    }
    /// The sign flipped, as a reversal posts it; -Int64.min, which has no Int64, is clamped to Int64.max.
    public static prefix func - (a: Money) -> Money { Money(fen: a.fen == .min ? .max : -a.fen) }

    private static func saturating(_ result: (partialValue: Int64, overflow: Bool), sign: Int64) -> Int64 {
        result.overflow ? (sign < 0 ? .min : .max) : result.partialValue
    }

    /// The exact sum, or an error when it leaves Int64: for sums of stored amounts that a report must get right.
    public func adding(_ other: Money) throws -> Money {
        let (sum, overflow) = fen.addingReportingOverflow(other.fen)
        guard !overflow else { throw CanteenError.storage(.amountOverflow, ["largest": Money(fen: .max)]) }
        return Money(fen: sum)
    }

    /// The exact difference, or an error when it leaves Int64.
    public func subtracting(_ other: Money) throws -> Money {
        let (difference, overflow) = fen.subtractingReportingOverflow(other.fen)
        guard !overflow else { throw CanteenError.storage(.amountOverflow, ["largest": Money(fen: .max)]) }
        return Money(fen: difference)
    }

    /// `self × numerator ÷ denominator`, rounded toward zero, computed in 128 bits so the product cannot overflow;
    /// a quotient beyond Int64 is clamped to its ends. A zero denominator gives zero. For rates and scales
    /// (per 30 days, days left, chart pixels), where a clamped figure at an absurd size is a sensible display.
    public func scaled(by numerator: Int64, dividedBy denominator: Int64) -> Money {
        Money(fen: Int64.scaled(fen, by: numerator, dividedBy: denominator))
    }
    /// Adds in place, exactly.
    public static func += (a: inout Money, b: Money) { a = a + b }
    /// Subtracts in place, exactly.
    public static func -= (a: inout Money, b: Money) { a = a - b }
}

extension Sequence where Element == Money {
    /// The sum of the amounts (clamped at Int64's ends, like `+`).
    public func sum() -> Money { reduce(.zero, +) }

    /// The exact sum, or an error when it leaves Int64.
    public func checkedSum() throws -> Money { try reduce(.zero) { try $0.adding($1) } }
}

extension FixedWidthInteger {
    /// The exact sum of two counts or ids read from the file, or the storage error "the file may be damaged" when it
    /// leaves the type: no command makes such a figure, so only a file edited behind the program's back has one.
    func checkedAdding(_ other: Self) throws -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        guard !overflow else { throw CanteenError.storage(.countOverflow) }
        return sum
    }
}

extension Int64 {
    /// `value × numerator ÷ denominator` rounded toward zero, with a 128-bit product; clamped to Int64's ends
    /// when the quotient does not fit; 0 when `denominator` is 0. Total: no input traps.
    public static func scaled(_ value: Int64, by numerator: Int64, dividedBy denominator: Int64) -> Int64 {
        guard denominator != 0, value != 0, numerator != 0 else { return 0 }
        let negative = ((value < 0) != (numerator < 0)) != (denominator < 0)
        let product = value.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let divisor = denominator.magnitude
        // The quotient fits in 64 bits only when the high half is below the divisor.
        guard product.high < divisor else { return negative ? .min : .max }
        let (quotient, _) = divisor.dividingFullWidth(product)
        if negative { return quotient > UInt64(Int64.max) ? .min : -Int64(quotient) }
        return quotient > UInt64(Int64.max) ? .max : Int64(quotient)
    }
}
