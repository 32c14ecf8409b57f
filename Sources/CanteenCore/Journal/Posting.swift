/// One leg of a journal entry: positive amounts are debits, negative credits.
public struct Posting: Sendable, Equatable {
    /// A name from `Account`, such as "budget:available" or "income:copay:GZ01".
    public let account: String
    /// Positive debits, negative credits.
    public let amount: Money

    /// One leg; balancing the entry is the caller's job (unbalanced entries are refused).
    public init(_ account: String, _ amount: Money) {
        self.account = account
        self.amount = amount
    }
}

/// The chart of accounts. The fund's unspent budget is `budget:available` (a debit balance);
/// every subsidy moves from it to `budget:drawn`. A meal's value is split between the copay the
/// diner owes the operator and the subsidy the city owes the operator.
public enum Account {
    /// The fund's remaining budget; never below zero.
    public static let available = "budget:available"
    /// All appropriations (a credit balance).
    public static let appropriations = "budget:appropriations"
    /// Subsidies drawn from the fund, net of voids.
    public static let drawn = "budget:drawn"
    /// Payments made to operators.
    public static let treasury = "assets:treasury"
    /// The value of meals served at a canteen.
    public static func meals(_ site: String) -> String { "expenses:meals:\(site)" }
    /// The copays due from diners at a canteen, which the operator collects and keeps.
    public static func copay(_ site: String) -> String { "income:copay:\(site)" }
    /// The subsidy owed to a canteen's operator.
    public static func payable(_ site: String) -> String { "liabilities:operators:\(site)" }
}

extension Posting {
    /// An appropriation adds to the fund.
    static func appropriation(_ amount: Money) -> [Posting] {
        [Posting(Account.available, amount), Posting(Account.appropriations, -amount)]
    }

    /// A meal: its value is covered by the copay and the subsidy, and the subsidy is drawn from the fund.
    static func meal(site: String, price: Money, copay: Money, subsidy: Money) -> [Posting] {
        [Posting(Account.meals(site), price),
         Posting(Account.copay(site), -copay),
         Posting(Account.payable(site), -subsidy),
         Posting(Account.drawn, subsidy),
         Posting(Account.available, -subsidy)].filter { $0.amount != .zero }
    }

    /// A payment of the subsidy owed to a canteen's operator.
    static func settlement(site: String, amount: Money) -> [Posting] {
        [Posting(Account.payable(site), amount), Posting(Account.treasury, -amount)].filter { $0.amount != .zero }
    }

    /// The exact reversal of some postings.
    static func reversal(of postings: [Posting]) -> [Posting] {
        postings.map { Posting($0.account, -$0.amount) }
    }
}
