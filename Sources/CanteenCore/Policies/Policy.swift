/// A subsidy policy: the copay for a category of diner (or all) of at least an age (or any), from a date.
public struct Policy: Sendable, Equatable {
    /// The row id; a meal stores it as the policy it was charged under.
    public let id: Int64
    /// The category it is for; nil for every diner.
    public let category: DinerCategory?
    /// Applies from this age on (e.g. 80), 60 to 150; nil for any age.
    public let minAge: Int?
    /// The ages a policy's age band may start at: eligibility starts at 60, and no one is older than 150.
    public static let minAgeRange = 60...150
    /// The diner's share of a meal; more when a cap limits the subsidy.
    public let copay: Money
    /// The most the fund pays for one meal; nil for no cap.
    public let cap: Money?
    /// The first date in force; `CivilDate.always` when set without a date.
    public let from: CivilDate

    /// A policy as stored; its rules (age range, open month) are checked by `Books.setPolicy`.
    public init(id: Int64, category: DinerCategory?, minAge: Int?, copay: Money, cap: Money?, from: CivilDate) {
        self.id = id
        self.category = category
        self.minAge = minAge
        self.copay = copay
        self.cap = cap
        self.from = from
    }

    /// True when the policy speaks to this diner (its category and age), whatever the date.
    func applies(toCategory dinerCategory: DinerCategory, age: Int) -> Bool {
        (category == nil || category == dinerCategory) && (minAge == nil || age >= minAge!)
    }

    /// What a meal at `price` costs under this policy: the subsidy is price − copay, never below zero,
    /// at most the cap; the diner pays the rest, so copay + subsidy is always the price.
    public func charge(price: Money) -> Charge {
        var subsidy = max(price - copay, .zero)
        if let cap { subsidy = min(subsidy, cap) }
        return Charge(price: price, copay: price - subsidy, subsidy: subsidy, policyID: id)
    }
}

/// The split of one meal's price between the diner and the fund.
public struct Charge: Sendable, Equatable {
    /// The canteen's contracted price on the meal date.
    public let price: Money
    /// price − subsidy: above the policy's copay when a cap bites.
    public let copay: Money
    /// What the fund pays: price − copay, never below zero, at most the cap.
    public let subsidy: Money
    /// The policy that won, stored on the meal.
    public let policyID: Int64
}

/// The categories of diner that policies may single out.
public enum DinerCategory: String, Sendable, CaseIterable {
    case standard
    case lowIncome = "low-income"
    case extremePoverty = "extreme-poverty"
    case disabled
    case livingAlone = "living-alone"
    case specialCare = "special-care"

    /// Parses a category name as typed.
    public init(parsing text: String) throws {
        guard let category = DinerCategory(rawValue: text.trimmed.lowercased()) else {
            throw CanteenError.invalid(.categoryUnknown, ["text": text, "categories": DinerCategory.allCases])
        }
        self = category
    }

    /// The Chinese name used on labels.
    public var chineseName: String {
        switch self {
        case .standard: "普通"
        case .lowIncome: "低保"
        case .extremePoverty: "特困"
        case .disabled: "残疾"
        case .livingAlone: "独居"
        case .specialCare: "优抚"
        }
    }
}

/// Picks the policy in force for a diner on a date, from all the policies ever set.
public enum PolicyResolution {
    /// For each (category, min-age) the latest policy in force on `date` stands; among those that apply
    /// to the diner, the one giving the lowest copay at `price` wins (the most favourable to the diner);
    /// ties go to the newer policy.
    public static func charge(policies: [Policy], category: DinerCategory, age: Int, date: CivilDate,
                              price: Money) -> Charge? {
        var standing: [String: Policy] = [:]
        for policy in policies where policy.from <= date {
            let key = "\(policy.category?.rawValue ?? "*")/\(policy.minAge.map(String.init) ?? "*")"
            if let current = standing[key], (current.from, current.id) > (policy.from, policy.id) { continue }
            standing[key] = policy
        }
        return standing.values
            .filter { $0.applies(toCategory: category, age: age) }
            .map { $0.charge(price: price) }
            .min { ($0.copay, -$0.policyID) < ($1.copay, -$1.policyID) }
    }
}
