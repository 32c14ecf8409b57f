import SQLite

/// Something an auditor should look at: not proof of wrongdoing, a lead.
public struct Anomaly: Sendable, Equatable {
    /// What kind of lead it is.
    public let kind: AnomalyKind
    /// What it is about: a meal and diner number, a canteen code, a masked phone, an operator name, or a journal
    /// entry ("entry 12 (void)"), as scripts read it.
    public let subject: String
    /// The day as YYYY-MM-DD text, the month (YYYY-MM) for takings, or empty when no one date applies.
    public let date: String
    /// What the auditor should check; it gives ages, never birth dates, so no ID number is unmasked. The CLI words it.
    public let detail: Message
    /// The journal entry the lead is about, when it is one: `subject` names it in English, the CLI words it.
    public var entry: EntryReference? = nil
}

/// A journal entry named by a lead: its number and kind.
public struct EntryReference: Sendable, Equatable {
    public let id: Int64
    public let kind: JournalEntry.Kind
}

/// The kinds of lead the anomaly hunt reports; the raw value is the identifier scripts read in JSON and CSV.
public enum AnomalyKind: String, Sendable, CaseIterable {
    case mealAfterDeactivation = "meal-after-deactivation"
    case mealOfIneligibleDiner = "meal-of-ineligible-diner"
    case overCapacity = "over-capacity"
    case severalCanteensOneDay = "several-canteens-one-day"
    case lateBackfill = "late-backfill"
    case datedInTheFuture = "dated-in-the-future"
    case closedBeforeMonthEnd = "closed-before-month-end"
    case sharedPhone = "shared-phone"
    case veryOldDiner = "very-old-diner"
    case frequentVoids = "frequent-voids"
    case takingsBelowCopay = "takings-below-copay"
    case lookAlikeOperators = "look-alike-operators"
}

/// Thresholds of the anomaly hunt, named so the next engineer can tune them.
enum AnomalyThresholds {
    /// Meals recorded this many days after they were eaten are late back-fills.
    static let backfillDays = 7
    /// A phone shared by this many diners suggests registrations made up from one household or one clerk.
    static let sharedPhone = 3
    /// An age this high on a meal date is rare enough to check against the register of deaths.
    static let veryOld = 105
    /// A clerk voiding more than this share (in per cent) of at least `voidMinimum` meals.
    static let voidPercent: Int64 = 10
    static let voidMinimum: Int64 = 20
}

extension Books {
    /// Leads for an auditor: meals after deactivation (the deceased), before registration or under age, canteens
    /// serving beyond capacity, diners at two canteens in one day, late back-fills, meals dated after the day they
    /// were recorded, months closed before they ended, shared phones, the very old, clerks who void often, operators
    /// whose names look alike, and takings declared below the copay due.
    public func anomalies(month: YearMonth?) throws -> [Anomaly] {
        var all: [Anomaly] = []
        try anomalies(month: month) { all.append($0) }
        return all
    }

    /// The same leads, handed to `body` one at a time as each query finds them.
    public func anomalies(month: YearMonth?, _ body: (Anomaly) throws -> Void) throws {
        try read {
            let first = month?.firstDay.description ?? "0001-01-01"
            let last = month?.lastDay.description ?? "9999-12-31"
            let live = "m.void_entry_id IS NULL AND m.meal_date BETWEEN ?1 AND ?2"
            try db.prepare("""
                SELECT m.id, d.id, m.meal_date, d.deactivated_on, d.deactivation_reason FROM meals m JOIN diners d ON d.id = m.diner_id
                WHERE \(live) AND d.deactivated_on IS NOT NULL AND m.meal_date >= d.deactivated_on ORDER BY m.meal_date, m.id
                """).forEach([first, last]) {
                try body(Anomaly(kind: .mealAfterDeactivation, subject: "\(MealNumber(id: $0.int(0))) \(DinerNumber(id: $0.int(1)))", date: $0.text(2),
                        detail: Message(.anomalyMealAfterDeactivation, ["date": $0.text(2), "from": $0.text(3), "reason": DeactivationReason(rawValue: $0.text(4)) ?? .other])))
            }
            try db.prepare("""
                SELECT m.id, d.id, m.meal_date, d.registered_on, d.birth_date FROM meals m JOIN diners d ON d.id = m.diner_id
                WHERE \(live) AND (m.meal_date < d.registered_on OR date(d.birth_date, '+60 years') > m.meal_date) ORDER BY m.meal_date, m.id
                """).forEach([first, last]) {
                try body(Anomaly(kind: .mealOfIneligibleDiner, subject: "\(MealNumber(id: $0.int(0))) \(DinerNumber(id: $0.int(1)))", date: $0.text(2),
                        detail: Message(.anomalyIneligible, ["date": $0.text(2), "registered": $0.text(3), "age": Self.age(born: $0.text(4), on: $0.text(2))])))
            }
            try db.prepare("""
                SELECT s.code, m.meal_date, m.slot, count(*), s.capacity FROM meals m JOIN sites s ON s.id = m.site_id
                WHERE \(live) AND s.capacity IS NOT NULL GROUP BY s.id, m.meal_date, m.slot HAVING count(*) > s.capacity
                ORDER BY m.meal_date, s.code
                """).forEach([first, last]) {
                try body(Anomaly(kind: .overCapacity, subject: $0.text(0), date: $0.text(1),
                        detail: Message(.anomalyOverCapacity, ["count": $0.int(3), "slot": MealSlot(rawValue: $0.text(2)) ?? .lunch, "seats": $0.int(4)])))
            }
            try db.prepare("""
                SELECT d.id, m.meal_date, group_concat(DISTINCT s.code) FROM meals m JOIN diners d ON d.id = m.diner_id JOIN sites s ON s.id = m.site_id
                WHERE \(live) GROUP BY d.id, m.meal_date HAVING count(DISTINCT m.site_id) > 1 ORDER BY m.meal_date, d.id
                """).forEach([first, last]) {
                try body(Anomaly(kind: .severalCanteensOneDay, subject: DinerNumber(id: $0.int(0)).description, date: $0.text(1),
                        detail: Message(.anomalySeveralCanteens, ["sites": $0.text(2)])))
            }
            try db.prepare("""
                SELECT m.id, m.meal_date, substr(m.recorded_at, 1, 10), o.name FROM meals m JOIN operators o ON o.id = m.operator_id
                WHERE \(live) AND julianday(substr(m.recorded_at, 1, 10)) - julianday(m.meal_date) > ?3 ORDER BY m.meal_date, m.id
                """).forEach([first, last, AnomalyThresholds.backfillDays]) {
                try body(Anomaly(kind: .lateBackfill, subject: MealNumber(id: $0.int(0)).description, date: $0.text(1),
                        detail: Message(.anomalyLateBackfill, ["date": $0.text(1), "recorded": $0.text(2), "by": $0.text(3)])))
            }
            // --today lets a back office re-run a day; a meal dated after the day it was recorded, or a month
            // closed before it ended, means someone told the books a date that had not come yet.
            let offset = "\(TimeZoneOffset.seconds(zone: timeZone, at: clock.now())) seconds"
            try db.prepare("""
                SELECT m.id, m.meal_date, date(m.recorded_at, ?3), o.name FROM meals m JOIN operators o ON o.id = m.operator_id
                WHERE m.meal_date BETWEEN ?1 AND ?2 AND m.meal_date > date(m.recorded_at, ?3) ORDER BY m.meal_date, m.id
                """).forEach([first, last, offset]) {
                try body(Anomaly(kind: .datedInTheFuture, subject: MealNumber(id: $0.int(0)).description, date: $0.text(1),
                        detail: Message(.anomalyDatedAhead, ["date": $0.text(1), "recorded": $0.text(2), "by": $0.text(3)])))
            }
            try db.prepare("""
                SELECT j.id, j.kind, j.entry_date, date(j.recorded_at, ?3), o.name FROM journal j JOIN operators o ON o.id = j.operator_id
                WHERE j.kind <> 'meal' AND j.entry_date BETWEEN ?1 AND ?2 AND j.entry_date > date(j.recorded_at, ?3) ORDER BY j.id
                """).forEach([first, last, offset]) { row in
                try body(Anomaly(kind: .datedInTheFuture, subject: "entry \(row.int(0)) (\(row.text(1)))", date: row.text(2),
                        detail: Message(.anomalyDatedAhead, ["date": row.text(2), "recorded": row.text(3), "by": row.text(4)]),
                        entry: JournalEntry.Kind(rawValue: row.text(1)).map { EntryReference(id: row.int(0), kind: $0) }))
            }
            try db.prepare("""
                SELECT d.id, d.registered_on, date(d.created_at, ?3), o.name FROM diners d JOIN operators o ON o.id = d.created_by
                WHERE d.registered_on BETWEEN ?1 AND ?2 AND d.registered_on > date(d.created_at, ?3) ORDER BY d.id
                """).forEach([first, last, offset]) {
                try body(Anomaly(kind: .datedInTheFuture, subject: DinerNumber(id: $0.int(0)).description, date: $0.text(1),
                        detail: Message(.anomalyRegisteredAhead, ["date": $0.text(1), "recorded": $0.text(2), "by": $0.text(3)])))
            }
            try db.prepare("""
                SELECT c.diner_id, c.category, c.effective_from, date(c.created_at, ?3), o.name FROM diner_categories c
                JOIN operators o ON o.id = c.created_by
                WHERE c.effective_from BETWEEN ?1 AND ?2 AND c.effective_from > date(c.created_at, ?3) ORDER BY c.id
                """).forEach([first, last, offset]) {
                try body(Anomaly(kind: .datedInTheFuture, subject: DinerNumber(id: $0.int(0)).description, date: $0.text(2),
                        detail: Message(.anomalyCategoryAhead, ["category": DinerCategory(rawValue: $0.text(1)) ?? .standard, "date": $0.text(2), "recorded": $0.text(3), "by": $0.text(4)])))
            }
            try db.prepare("""
                SELECT c.month, date(c.closed_at, ?3), o.name FROM month_closes c JOIN operators o ON o.id = c.closed_by
                WHERE c.month BETWEEN substr(?1, 1, 7) AND substr(?2, 1, 7) AND date(c.closed_at, ?3) <= date(c.month || '-01', '+1 month', '-1 day')
                ORDER BY c.month
                """).forEach([first, last, offset]) {
                try body(Anomaly(kind: .closedBeforeMonthEnd, subject: $0.text(0), date: $0.text(1),
                        detail: Message(.anomalyClosedEarly, ["month": $0.text(0), "date": $0.text(1), "by": $0.text(2)])))
            }
            try db.prepare("""
                SELECT phone, count(*), group_concat(id) FROM diners WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) >= ?1 ORDER BY phone
                """).forEach([AnomalyThresholds.sharedPhone]) { row in
                let diners = row.text(2).split(separator: ",").compactMap { Int64($0) }.map { DinerNumber(id: $0).description }
                try body(Anomaly(kind: .sharedPhone, subject: (try? PhoneNumber(parsing: row.text(0)).masked) ?? "***", date: "",
                               detail: Message(.anomalySharedPhone, ["count": row.int(1), "diners": diners])))
            }
            try db.prepare("""
                SELECT d.id, min(m.meal_date), d.birth_date, count(*) FROM meals m JOIN diners d ON d.id = m.diner_id
                WHERE \(live) AND date(d.birth_date, '+\(AnomalyThresholds.veryOld) years') <= m.meal_date GROUP BY d.id ORDER BY d.id
                """).forEach([first, last]) {
                try body(Anomaly(kind: .veryOldDiner, subject: DinerNumber(id: $0.int(0)).description, date: $0.text(1),
                        detail: Message(.anomalyVeryOld, ["age": Self.age(born: $0.text(2), on: $0.text(1)), "count": $0.int(3)])))
            }
            try db.prepare("""
                SELECT o.name, count(*), sum(m.void_entry_id IS NOT NULL) FROM meals m JOIN operators o ON o.id = m.operator_id
                WHERE m.meal_date BETWEEN ?1 AND ?2 GROUP BY o.id
                HAVING count(*) >= ?3 AND sum(m.void_entry_id IS NOT NULL) * 100 > count(*) * ?4 ORDER BY o.name
                """).forEach([first, last, AnomalyThresholds.voidMinimum, AnomalyThresholds.voidPercent]) {
                try body(Anomaly(kind: .frequentVoids, subject: $0.text(0), date: "", detail: Message(.anomalyFrequentVoids, ["voided": $0.int(2), "count": $0.int(1)])))
            }
            // Books kept before operator names were compared by their look may hold two that read as one
            // (`boss` and `bоss`): each later one is named with the characters that tell it from the first.
            var seen: [(skeleton: String, name: String)] = []
            for name in try db.prepare("SELECT name FROM operators ORDER BY id").rows([], { $0.text(0) }) {
                let skeleton = LookAlike.skeleton(name)
                if let first = seen.first(where: { $0.skeleton == skeleton }) {
                    var differing: [String] = []
                    for scalar in name.unicodeScalars where !first.name.unicodeScalars.contains(scalar) {
                        let described = TextField.described(scalar)
                        if !differing.contains(described) { differing.append(described) }
                    }
                    try body(Anomaly(kind: .lookAlikeOperators, subject: name, date: "",
                                     detail: Message(.anomalyLookAlikeOperators, ["existing": first.name, "characters": differing])))
                } else {
                    seen.append((skeleton, name))
                }
            }
            let declaredMonths = try db.prepare("SELECT DISTINCT month FROM cash_declarations ORDER BY month").rows([]) { $0.text(0) }
                .compactMap { try? YearMonth(parsing: $0) }
            let months = month.map { [$0] } ?? declaredMonths
            for declaredMonth in months {
                for line in try computeFigures(declaredMonth, countingDiners: false).sites {
                    if let variance = line.figures.cashVariance, variance < .zero {
                        try body(Anomaly(kind: .takingsBelowCopay, subject: line.site, date: declaredMonth.description,
                                             detail: Message(.anomalyTakingsBelow, ["declared": line.figures.cashDeclared!, "due": line.figures.copay, "variance": variance])))
                    }
                }
            }
        }
    }
}

extension Books {
    /// An age for an anomaly's detail: the birth date itself would unmask the ID number it is part of.
    static func age(born: String, on date: String) -> String {
        guard let birth = try? CivilDate(parsing: born), let day = try? CivilDate(parsing: date) else { return "?" }
        return String(birth.age(on: day))
    }
}
