/// A canteen: its code, name and the contracted meal prices over time.
public struct Site: Sendable, Equatable {
    /// The row id; commands name a canteen by `code` instead.
    public let id: Int64
    /// Upper-case and unique (e.g. GZ01); what commands and account names use.
    public let code: String
    /// The display name as typed, at most 64 characters.
    public let name: String
    /// The district it is in; nil when not given.
    public let district: String?
    /// Seats per meal slot, against which over-capacity anomalies are counted; nil when not given.
    public let capacity: Int?
    /// The seats a canteen may have: a larger number is a typo (the city's largest seats a few hundred).
    public static let capacityRange = 1...100_000
    /// Prices in force from each date, oldest first.
    public let prices: [PriceChange]

    /// The price in force on `date`, if any.
    public func price(on date: CivilDate) -> Money? {
        prices.last { $0.from <= date }?.price
    }
}

/// A contracted price, in force from a date until the next change.
public struct PriceChange: Sendable, Equatable {
    /// The first date the price applies; `CivilDate.always` when set without a date.
    public let from: CivilDate
    /// The contracted price of one set meal.
    public let price: Money
}

/// A canteen code: 2 to 10 upper-case letters and digits; lower-case input is accepted and raised.
public struct SiteCode: Hashable, Sendable, CustomStringConvertible {
    /// Trimmed and upper-cased: the form stored and used in account names.
    public let value: String

    /// Accepts lower case and raises it; anything else is invalid input.
    public init(_ text: String) throws {
        let upper = text.trimmed.uppercased()
        guard (2...10).contains(upper.utf8.count),
              upper.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }) else {
            throw CanteenError.invalid(.siteCodeMalformed, ["text": text])
        }
        value = upper
    }

    /// The code itself: "GZ01".
    public var description: String { value }
}
