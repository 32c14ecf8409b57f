/// A canteen: its code, name and the contracted meal prices over time.
public struct Site: Sendable, Equatable {
    public let id: Int64
    public let code: String
    public let name: String
    public let district: String?
    public let capacity: Int?
    /// Prices in force from each date, oldest first.
    public let prices: [PriceChange]

    /// The price in force on `date`, if any.
    public func price(on date: CivilDate) -> Money? {
        prices.last { $0.from <= date }?.price
    }
}

/// A contracted price, in force from a date until the next change.
public struct PriceChange: Sendable, Equatable {
    public let from: CivilDate
    public let price: Money
}

/// A canteen code: 2 to 10 upper-case letters and digits; lower-case input is accepted and raised.
public struct SiteCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws {
        let upper = text.trimmed.uppercased()
        guard (2...10).contains(upper.utf8.count),
              upper.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }) else {
            throw CanteenError.invalid("'\(text)' is not a canteen code: 2 to 10 letters and digits, such as GZ01")
        }
        value = upper
    }

    public var description: String { value }
}
