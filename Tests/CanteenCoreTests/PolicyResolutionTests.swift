import Testing
import CanteenCore

// MARK: - Building policies

private func day(_ text: String) -> CivilDate {
    guard let date = try? CivilDate(parsing: text) else { fatalError("bad date in test: \(text)") }
    return date
}

private func yuan(_ amount: Int64) -> Money { Money(yuan: amount) }

private func policy(_ id: Int64, copay: Int64, category: DinerCategory? = nil, minAge: Int? = nil,
                    cap: Int64? = nil, from: String? = nil) -> Policy {
    Policy(id: id, category: category, minAge: minAge, copay: yuan(copay), cap: cap.map(yuan),
           from: from.map(day) ?? .always)
}

/// The default of `init`: 10 yuan for everyone, for every date.
private let defaultPolicy = policy(1, copay: 10)
/// A Guangzhou-style tier set: low-income 5, extreme-poverty 0, everyone 80 and over 8.
private let tiers = [
    defaultPolicy,
    policy(2, copay: 5, category: .lowIncome),
    policy(3, copay: 0, category: .extremePoverty),
    policy(4, copay: 8, minAge: 80),
]

// MARK: - Table

struct ChargeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let policies: [Policy]
    var category: DinerCategory = .standard
    var age = 70
    var date = "2026-11-29"
    var price: Int64 = 18
    /// The expected split, or nil when no policy applies.
    let copay: Money?
    let subsidy: Money?
    let policyID: Int64?

    init(_ name: String, _ policies: [Policy], category: DinerCategory = .standard, age: Int = 70,
         date: String = "2026-11-29", price: Int64 = 18, copay: Money?, subsidy: Money?, policy: Int64?) {
        self.name = name
        self.policies = policies
        self.category = category
        self.age = age
        self.date = date
        self.price = price
        self.copay = copay
        self.subsidy = subsidy
        self.policyID = policy
    }

    var testDescription: String { name }
}

private let cases: [ChargeCase] = [
    ChargeCase("default only", [defaultPolicy],
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("default only, any category", [defaultPolicy], category: .livingAlone, age: 95,
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("low-income 85: low-income 5 beats 80+ 8", tiers, category: .lowIncome, age: 85,
               copay: yuan(5), subsidy: yuan(13), policy: 2),
    ChargeCase("low-income 85, tiers listed in another order", Array(tiers.reversed()), category: .lowIncome, age: 85,
               copay: yuan(5), subsidy: yuan(13), policy: 2),
    ChargeCase("standard 85: 80+ gives 8", tiers, age: 85,
               copay: yuan(8), subsidy: yuan(10), policy: 4),
    ChargeCase("standard 80: min-age is inclusive", tiers, age: 80,
               copay: yuan(8), subsidy: yuan(10), policy: 4),
    ChargeCase("standard 79: not yet 80", tiers, age: 79,
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("standard 70: default 10", tiers, age: 70,
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("low-income 70: category without age", tiers, category: .lowIncome, age: 70,
               copay: yuan(5), subsidy: yuan(13), policy: 2),
    ChargeCase("extreme poverty eats free", tiers, category: .extremePoverty, age: 61,
               copay: .zero, subsidy: yuan(18), policy: 3),
    ChargeCase("disabled: no tier of its own, the default", tiers, category: .disabled, age: 65,
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("no policy speaks to the diner", [policy(2, copay: 5, category: .lowIncome)],
               copay: nil, subsidy: nil, policy: nil),
    ChargeCase("no policies at all", [],
               copay: nil, subsidy: nil, policy: nil),

    // Effective dates: a later --from replaces an earlier policy with the same category and min-age, from its date on.
    ChargeCase("the day before a replacement", [defaultPolicy, policy(2, copay: 6, from: "2026-03-01")], date: "2026-02-28",
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("the first day of a replacement", [defaultPolicy, policy(2, copay: 6, from: "2026-03-01")], date: "2026-03-01",
               copay: yuan(6), subsidy: yuan(12), policy: 2),
    ChargeCase("a replacement with a higher copay replaces, the old lower one is gone",
               [defaultPolicy, policy(2, copay: 5, category: .lowIncome), policy(3, copay: 7, category: .lowIncome, from: "2026-03-01")],
               category: .lowIncome, date: "2026-06-01",
               copay: yuan(7), subsidy: yuan(11), policy: 3),
    ChargeCase("the replaced one still holds before the date",
               [defaultPolicy, policy(2, copay: 5, category: .lowIncome), policy(3, copay: 7, category: .lowIncome, from: "2026-03-01")],
               category: .lowIncome, date: "2026-02-28",
               copay: yuan(5), subsidy: yuan(13), policy: 2),
    ChargeCase("the latest of several replacements in force",
               [policy(1, copay: 10), policy(2, copay: 9, from: "2026-01-01"), policy(3, copay: 8, from: "2026-06-01"),
                policy(4, copay: 7, from: "2027-01-01")],
               date: "2026-07-15",
               copay: yuan(8), subsidy: yuan(10), policy: 3),
    ChargeCase("a replacement does not touch another key",
               [defaultPolicy, policy(2, copay: 8, minAge: 80), policy(3, copay: 12, from: "2026-01-01")], age: 85,
               copay: yuan(8), subsidy: yuan(10), policy: 2),
    ChargeCase("same key and same date: the newer one stands",
               [policy(1, copay: 10), policy(2, copay: 9, from: "2026-01-01"), policy(3, copay: 11, from: "2026-01-01")],
               copay: yuan(11), subsidy: yuan(7), policy: 3),
    ChargeCase("a policy from a future date is not yet in force",
               [defaultPolicy, policy(2, copay: 0, minAge: 80, from: "2027-01-01")], age: 85, date: "2026-12-31",
               copay: yuan(10), subsidy: yuan(8), policy: 1),
    ChargeCase("a future policy is in force on its first day",
               [defaultPolicy, policy(2, copay: 0, minAge: 80, from: "2027-01-01")], age: 85, date: "2027-01-01",
               copay: .zero, subsidy: yuan(18), policy: 2),
    ChargeCase("only a future policy: nothing applies yet", [policy(1, copay: 10, from: "2027-01-01")],
               copay: nil, subsidy: nil, policy: nil),

    // Caps and prices below the copay.
    ChargeCase("cap: price 20, copay 5, cap 12 gives subsidy 12, the diner pays 8", [policy(1, copay: 5, cap: 12)], price: 20,
               copay: yuan(8), subsidy: yuan(12), policy: 1),
    ChargeCase("a cap above price − copay changes nothing", [policy(1, copay: 5, cap: 15)], price: 18,
               copay: yuan(5), subsidy: yuan(13), policy: 1),
    ChargeCase("a cap of zero: the diner pays all", [policy(1, copay: 5, cap: 0)], price: 18,
               copay: yuan(18), subsidy: .zero, policy: 1),
    ChargeCase("the lowest copay is compared after the cap", [policy(1, copay: 10), policy(2, copay: 5, category: .lowIncome, cap: 5)],
               category: .lowIncome, price: 20,
               copay: yuan(10), subsidy: yuan(10), policy: 1),
    ChargeCase("copay above the price: subsidy 0, copay = price", [policy(1, copay: 10)], price: 8,
               copay: yuan(8), subsidy: .zero, policy: 1),
    ChargeCase("copay equal to the price", [policy(1, copay: 10)], price: 10,
               copay: yuan(10), subsidy: .zero, policy: 1),
    ChargeCase("ties: two keys give the same copay, the newer policy wins",
               [defaultPolicy, policy(2, copay: 5, category: .lowIncome), policy(3, copay: 5, minAge: 90)],
               category: .lowIncome, age: 92,
               copay: yuan(5), subsidy: yuan(13), policy: 3),
]

@Suite struct PolicyResolutionTests {
    @Test(arguments: cases)
    func charge(_ c: ChargeCase) throws {
        let charge = PolicyResolution.charge(policies: c.policies, category: c.category, age: c.age,
                                             date: day(c.date), price: yuan(c.price))
        guard let copay = c.copay, let subsidy = c.subsidy else {
            #expect(charge == nil)
            return
        }
        let found = try #require(charge)
        #expect(found.price == yuan(c.price))
        #expect(found.copay == copay)
        #expect(found.subsidy == subsidy)
        #expect(found.policyID == c.policyID)
    }

    /// Meal value = copay + subsidy, neither negative, the subsidy within the cap, whatever the numbers.
    @Test(arguments: [1, 5, 100, 999, 1000, 1001, 1800, 2000, 5000] as [Int64])
    func theSplitAlwaysAddsUpToThePrice(priceFen: Int64) {
        let price = Money(fen: priceFen)
        for copayFen in [0, 1, 500, 999, 1000, 1001, 1800, 2500] as [Int64] {
            for capFen in [nil, 0, 1, 700, 1200, 100_000] as [Int64?] {
                let policy = Policy(id: 1, category: nil, minAge: nil, copay: Money(fen: copayFen),
                                    cap: capFen.map { Money(fen: $0) }, from: .always)
                let charge = policy.charge(price: price)
                #expect(charge.copay + charge.subsidy == price, "copay \(copayFen), cap \(String(describing: capFen))")
                #expect(charge.subsidy >= .zero && charge.copay >= .zero)
                #expect(charge.subsidy <= max(price - Money(fen: copayFen), .zero))
                if let capFen { #expect(charge.subsidy.fen <= capFen) }
            }
        }
    }
}
