import SQLite
@preconcurrency import Glibc

/// The shape of a simulated city: how many canteens, diners and months, from which seed.
public struct SimulationConfig: Sendable, Equatable {
    /// Canteens, 1 to 99; the first 14 are Shaoguan's, the rest are numbered on (SG15, SG16…).
    public var sites: Int
    /// Registrations to attempt, 1 to 200,000; a repeated random ID number is skipped.
    public var diners: Int
    /// Months to simulate, 1 to 120, each declared, closed and settled.
    public var months: Int
    /// The seed of `SeededRandom`: the same seed replays the same city.
    public var seed: UInt64
    /// The first simulated month; every diner registers on its first day.
    public var start: YearMonth
    /// The fund; small enough that the demo's forecast says something.
    public var budget: Money
    /// When set, the days of the month after the last simulated one, through this date, are simulated too and
    /// that month is left open (the demo's current month); it must lie in that month.
    public var openThrough: CivilDate?
    /// The present, as seconds since 1970: nothing is done or stamped after it, so on its day only the meals
    /// already served by then are in the books (no dinner at noon). nil: every day is simulated whole.
    public var now: Int64?
    /// When set, the share (per cent) of its seats that a canteen's lunch fills on an average day: the diners eat
    /// as often as that needs, so a canteen over capacity is a rare lead, as in a real city. nil: every diner eats
    /// on 30 to 89 days in a hundred, however many seats there are (a crowded city, for scale).
    public var seatsFilled: Int?

    /// The canteens, diners and months a simulation takes; the command line refuses a count outside them before any
    /// work (65), and `Simulation.run` checks them again.
    public static let siteRange = 1...99
    public static let dinerRange = 1...200_000
    public static let monthRange = 1...120

    /// Ranges are checked by `Simulation.run`, not here.
    public init(sites: Int, diners: Int, months: Int, seed: UInt64, start: YearMonth, budget: Money = Money(yuan: 16_100_000),
                openThrough: CivilDate? = nil, now: Int64? = nil, seatsFilled: Int? = nil) {
        self.sites = sites
        self.diners = diners
        self.months = months
        self.seed = seed
        self.start = start
        self.budget = budget
        self.openThrough = openThrough
        self.now = now
        self.seatsFilled = seatsFilled
    }
}

/// What a simulation made.
public struct SimulationResult: Sendable, Equatable {
    /// The database file the simulation created.
    public let path: String
    /// Meals recorded, those later voided included.
    public let meals: Int
    /// Meals voided by clerks.
    public let voids: Int
    /// Diners registered; fewer than asked when a random ID number repeated.
    public let diners: Int
    /// Every simulated month, each closed in order.
    public let closedMonths: [YearMonth]
    /// The month left open, when `openThrough` asked for one.
    public let openMonth: YearMonth?
    /// A diner of the first canteen who is active and has not had lunch on the last simulated day: someone the
    /// demo can suggest typing at its counter.
    public let unservedDiner: DinerNumber?
    /// The fund at the end of the simulation.
    public let budget: BudgetStatus
}

/// Builds a plausible city in a new database: canteens, operators, policies, diners with valid ID numbers, and
/// months of meals, voids and deaths, each month declared, closed and settled. Every change goes through the
/// same core operations as the CLI, one transaction per simulated day.
public enum Simulation {
    /// The simulated instant, advanced day by day; the books read it through their clock.
    final class SimulatedTime: @unchecked Sendable {
        var seconds: Int64 = 0
    }

    /// The first month a simulation may start: diners of up to 96 then were born in 1900 or later.
    public static let earliestStart = YearMonth(uncheckedYear: 2000, month: 1)

    /// Refuses a config out of range (invalid input, 65): sizes, months that dates cannot hold, a fund above the limit.
    public static func check(_ config: SimulationConfig) throws {
        for (option, value, range) in [("--sites", config.sites, SimulationConfig.siteRange), ("--diners", config.diners, SimulationConfig.dinerRange),
                                       ("--months", config.months, SimulationConfig.monthRange)] where !range.contains(value) {
            throw CanteenError.invalid(.optionRange, ["option": option, "low": range.lowerBound, "high": range.upperBound])
        }
        // Checked before the file is made, so a refused run leaves nothing behind. The diners are born up to 96
        // years before the start (ID numbers hold births from 1900 on), and the month after the last is where it
        // closes, which must still be a date the books may hold.
        let after = config.start.adding(months: config.months)
        guard config.start >= Simulation.earliestStart, after <= YearMonth.inputRange.upperBound else {
            throw CanteenError.invalid(.simulationMonthsRange, ["first": config.start, "last": config.start.adding(months: config.months - 1),
                                                                "earliest": Simulation.earliestStart,
                                                                "latest": YearMonth.inputRange.upperBound.previous])
        }
        if let through = config.openThrough, through.yearMonth != after {
            throw CanteenError.invalid(.simulationOpenDay, ["date": through, "month": after])
        }
        guard config.budget > .zero else { throw CanteenError.invalid(.appropriationZero) }
        guard config.budget <= Money.fundLimit else {
            throw CanteenError.rule(.fundLimitExceeded, ["total": Money.zero, "amount": config.budget, "limit": Money.fundLimit])
        }
    }

    /// Creates the database at `path` and fills it; the same config replays the same city. The city is built in
    /// a temporary file beside `path` and put in place whole when it is done, so a killed run leaves no
    /// half-made database. An existing file is refused, unless `replacingOwn` and it is a database this
    /// marker made (the demo's, rebuilt on each run).
    public static func run(path: String, config: SimulationConfig, marker: String = "simulation", replacingOwn: Bool = false,
                           progress: ((String) -> Void)? = nil) throws -> SimulationResult {
        try check(config)
        let target = try OutputFile(path, protecting: nil,
                                    existing: replacingOwn ? .replace : .refuse(CanteenError.rule(.newDatabaseExists, ["path": path])),
                                    dashIsStandardOutput: false)
        if replacingOwn { try requireMadeBy(marker, at: path) } else { try TemporaryFile.requireNoStrayCompanions(of: path) }
        let temporary = try target.temporary(access: .shared)
        let time = SimulatedTime()
        let clock = Clock { time.seconds }
        let firstDay = config.start.firstDay
        // Noon in Shanghai is 04:00 UTC.
        time.seconds = Int64(firstDay.adding(days: -1).dayNumber) * 86_400 + 4 * 3600
        let result = try Books.build(in: temporary, for: path, admin: try OperatorName("admin"), budget: config.budget,
                                     copay: Money(yuan: 10), timeZone: "Asia/Shanghai", clock: clock,
                                     today: firstDay.adding(days: -1), random: .seeded(config.seed)) { books, _ in
            do {
                return try fill(books, path: path, config: config, marker: marker, time: time, progress: progress)
            } catch let error as CanteenError where error.message.key == .budgetExhausted {
                // Nobody can add an appropriation to a city still being built: the fund is simulate's own option.
                throw CanteenError(.rule, Message(.simulationFundTooSmall, ["budget": config.budget]), details: [Message(.hintSimulateBudget)])
            }
        }
        // Checked again: the file there may have changed while the city was built.
        if replacingOwn { try requireMadeBy(marker, at: path) }
        try temporary.publish(database: true)
        return result
    }

    /// Refuses a file at `path` that is not a database `marker` made.
    static func requireMadeBy(_ marker: String, at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard Books.maker(ofDatabaseAt: path) == marker else {
            throw CanteenError(.rule, .demoFileNotOurs, ["path": path], hint: Message(.hintDemoOtherPath))
        }
    }

    /// The books' zone in a simulation, Asia/Shanghai, keeps UTC+8 all year: local times are UTC plus eight hours.
    static let localOffset: Int64 = 8 * 3600

    /// When each slot is served, local time: from (seconds after midnight), for how many minutes.
    static func service(_ slot: MealSlot) -> (from: Int64, minutes: Int) {
        switch slot {
        case .breakfast: (7 * 3600, 90)           // 07:00–08:30
        case .lunch: (11 * 3600 + 1800, 60)       // 11:30–12:30
        case .dinner: (17 * 3600, 60)             // 17:00–18:00
        }
    }

    /// On the first of a month, finance declares, closes and settles the month before between lunch and dinner.
    static let monthEndTime: Int64 = 14 * 3600 + 1800

    /// The instant `seconds` after local midnight on `date`.
    static func instant(_ date: CivilDate, local seconds: Int64) -> Int64 { Int64(date.dayNumber) * 86_400 + seconds - localOffset }

    /// The present of a city built on `today`: the clock's instant when today is the clock's date or already past
    /// (a past today is simulated whole); for a today still to come, that day at the clock's time of day. The same
    /// today and clock give the same present, so a demo is as deterministic as its clock.
    public static func present(today: CivilDate, clock: Clock) -> Int64 {
        let now = clock.now()
        let (day, second) = Clock.dayAndSecond(now &+ localOffset)
        guard today.dayNumber > day else { return now }
        return instant(today, local: Int64(second))
    }

    /// Something that happens on a simulated day, at a moment of it.
    private struct Event {
        enum What {
            /// The day's `index`th meal, served to `diner` (an index of the diners) at `site`.
            case meal(index: Int, diner: Int, site: Int, slot: MealSlot, pay: PaymentMethod)
            /// A clerk at `site` voids the day's `index`th meal, a few minutes after serving it.
            case void(index: Int, site: Int)
            /// A diner dies; no meal from the next day on.
            case death(diner: Int)
        }
        let at: Int64
        /// Breaks ties of `at`, so the order never depends on the sort.
        let order: Int
        let what: What
    }

    /// Fills new books with the simulated city, one transaction per simulated day (two on the first of a month,
    /// split by the month-end close).
    private static func fill(_ books: Books, path: String, config: SimulationConfig, marker: String, time: SimulatedTime,
                             progress: ((String) -> Void)?) throws -> SimulationResult {
        var random = SeededRandom(seed: config.seed)
        let firstDay = config.start.firstDay
        let now = config.now ?? .max
        /// Sets the simulated clock, never past the present.
        func setTime(_ instant: Int64) { time.seconds = min(instant, now) }
        // So that `canteen demo` replaces only a database it made itself.
        try books.markMadeBy(marker, by: "admin")
        let sites = CityData.canteens(config.sites, random: &random)
        for (index, site) in sites.enumerated() {
            _ = try books.addSite(code: site.code, name: site.name, price: site.price, capacity: site.capacity,
                                  district: site.district, from: nil, by: "admin")
            _ = try books.addOperator(name: "clerk-\(site.code.lowercased())", role: .clerk, by: "admin")
            if index == 0 { _ = try books.addOperator(name: "finance", role: .finance, by: "admin") }
        }
        _ = try books.addOperator(name: "auditor", role: .auditor, by: "admin")
        _ = try books.setPolicy(copay: Money(yuan: 5), category: .lowIncome, minAge: nil, cap: nil, from: nil, by: "admin")
        _ = try books.setPolicy(copay: .zero, category: .extremePoverty, minAge: nil, cap: Money(yuan: 20), from: nil, by: "admin")
        _ = try books.setPolicy(copay: Money(yuan: 8), category: nil, minAge: 80, cap: nil, from: nil, by: "admin")
        let clerks = try books.read { try sites.map { try books.authorize("clerk-\($0.code.lowercased())", .counter) } }
        let siteCodes = try sites.map { try SiteCode($0.code) }
        // Diners live near the larger canteens in proportion to their seats, and so do those who wander.
        let seats = sites.map(\.capacity)
        // How often a diner eats, per thousand days: around the mean that fills `seatsFilled` of the city's seats
        // at lunch (85 % of meals), half of it to one and a half times it; else 300 to 899.
        let appetite: (low: Int, span: Int) = config.seatsFilled.map { filled in
            let mean = max(20, min(660, filled * 10 * seats.reduce(0, +) * 100 / (85 * config.diners)))
            return (mean / 2, mean)
        } ?? (300, 600)

        // Diners register on the first morning, before breakfast, each with a home canteen.
        setTime(instant(firstDay, local: 6 * 3600 + 1800))
        books.today = firstDay
        var diners: [(id: Int64, site: Int, appetite: Int)] = []
        try books.write { tx in
            for index in 0..<config.diners {
                let site = random.weighted(seats)
                let idNumber = CityData.residentID(random: &random, today: firstDay)
                let registration = Registration(
                    idNumber: idNumber, name: CityData.name(random: &random),
                    phone: random.chance(80) ? "13\(random.below(10))\(String(random.below(100_000_000)).leftPadded(to: 8))" : nil,
                    category: random.chance(12) ? "low-income" : random.chance(3) ? "extreme-poverty" : nil,
                    site: sites[site].code, date: firstDay)
                let registered: RegisteredDiner
                do { registered = try books.registerInTransaction(registration, actor: clerks[site], in: tx) } catch let error as CanteenError where error.kind == .rule {
                    continue   // the same random ID number twice: one registration is enough
                }
                diners.append((registered.diner.id, site, appetite.low + random.below(appetite.span)))
                if index % 1000 == 999 { progress?("registered \(index + 1) diners") }
            }
        }
        var meals = 0, voids = 0
        var closed: [YearMonth] = []
        var deceased: Set<Int64> = []
        var lunchedToday: Set<Int64> = []
        /// The meals of the day so far, by their index in the day's plan.
        var servedToday: [Int: MealNumber] = [:]

        /// A day's events in the order they happen: who eats where, in which slot, how they pay and when; a clerk's
        /// voids a few minutes after the meal; now and then a death in the evening. Every draw is made whatever
        /// the present, so a city built up to noon is the same city as one built up to the evening.
        func plan(_ date: CivilDate) -> [Event] {
            var events: [Event] = []
            var index = 0
            for (number, diner) in diners.enumerated() where !deceased.contains(diner.id) && random.below(1000) < diner.appetite {
                // Most eat at home; some wander to another canteen.
                let site = random.chance(90) ? diner.site : random.weighted(seats)
                let slot: MealSlot = random.chance(85) ? .lunch : random.chance(50) ? .breakfast : .dinner
                let pay: PaymentMethod = random.pick([.cash, .cash, .wechat, .wechat, .alipay, .card])
                let hours = service(slot)
                let at = instant(date, local: hours.from + Int64(random.below(hours.minutes * 60)))
                events.append(Event(at: at, order: events.count, what: .meal(index: index, diner: number, site: site, slot: slot, pay: pay)))
                // A clerk now and then voids a mistaken entry.
                if random.chance(1) {
                    events.append(Event(at: at + Int64(60 + random.below(540)), order: events.count, what: .void(index: index, site: site)))
                }
                index += 1
            }
            if random.chance(30), !diners.isEmpty, case let number = random.below(diners.count), !deceased.contains(diners[number].id) {
                events.append(Event(at: instant(date, local: 19 * 3600 + Int64(random.below(3600))), order: events.count,
                                    what: .death(diner: number)))
            }
            return events.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
        }

        /// Carries out events of `date` in one transaction, through the counter's own recorder, up to the present.
        func carryOut(_ events: ArraySlice<Event>, on date: CivilDate) throws {
            guard let first = events.first, first.at <= now else { return }
            books.today = date
            try books.write { tx in
                let recorder = MealRecorder(books: books, in: tx, stampsEachMeal: true)
                for event in events {
                    guard event.at <= now else { break }
                    time.seconds = event.at
                    switch event.what {
                    case .meal(let index, let number, let site, let slot, let pay):
                        let diner = diners[number]
                        let request = MealRequest(diner: DinerNumber(id: diner.id).description, site: sites[site].code, date: date,
                                                  slot: slot, pay: pay)
                        let receipt = try recorder.record(request, diner: .number(DinerNumber(id: diner.id)),
                                                          site: siteCodes[site], ref: nil, actor: clerks[site])
                        servedToday[index] = receipt.meal.number
                        if slot == .lunch { lunchedToday.insert(diner.id) }
                        meals += 1
                    case .void(let index, let site):
                        guard let meal = servedToday[index] else { continue }
                        _ = try books.voidInTransaction(meal, reason: "entered for the wrong diner", actor: clerks[site], in: tx)
                        voids += 1
                    case .death(let number):
                        let diner = diners[number]
                        deceased.insert(diner.id)
                        _ = try books.deactivateInTransaction(diner.id, reason: .deceased, date: date.adding(days: 1), actor: clerks[diner.site],
                                                              in: tx)
                        recorder.forget(diner: diner.id)
                    }
                }
            }
        }

        /// Month end, on the first of the next month: every canteen declares its takings (now and then a little
        /// short), finance closes the month and pays each canteen.
        func closeMonth(_ month: YearMonth) throws {
            let next = month.next.firstDay
            setTime(instant(next, local: monthEndTime))
            books.today = next
            let figures = try books.read { try books.computeFigures(month) }
            for line in figures.sites where line.figures.meals > 0 {
                let short = random.chance(20) ? Money(fen: Int64(random.below(5) * 1000)) : .zero
                _ = try books.declareCash(site: line.site, month: month, amount: max(line.figures.copay - short, .zero), by: "finance")
            }
            _ = try books.closeMonth(month, force: false, by: "finance")
            closed.append(month)
            for line in figures.sites where line.figures.payable != .zero {
                _ = try books.settle(site: line.site, month: month, voucher: "PV-\(month)-\(line.site)", by: "finance")
            }
            progress?("simulated \(month): \(meals) meals so far")
        }

        /// One simulated day; on the first of a month after the first, the month before is closed between lunch
        /// and dinner, after the meals served before it.
        func simulate(_ date: CivilDate) throws {
            lunchedToday = []
            servedToday = [:]
            let events = plan(date)
            guard date.day == 1, date.yearMonth > config.start else { return try carryOut(events[...], on: date) }
            let split = events.firstIndex { $0.at >= instant(date, local: monthEndTime) } ?? events.endIndex
            try carryOut(events[..<split], on: date)
            try closeMonth(date.yearMonth.previous)
            try carryOut(events[split...], on: date)
        }

        var month = config.start
        for _ in 0..<config.months {
            for day in 1...month.dayCount { try simulate(month.firstDay.adding(days: day - 1)) }
            month = month.next
        }
        var openMonth: YearMonth?
        if let through = config.openThrough {
            // The current month, left open: its days so far, as the counter would have recorded them; its first
            // closes the last simulated month.
            openMonth = month
            for day in 1...through.day { try simulate(month.firstDay.adding(days: day - 1)) }
        } else {
            try closeMonth(month.previous)
        }
        // Someone at the first canteen who may still eat lunch today (the deceased end the day after they die).
        let unserved = diners.first { $0.site == 0 && !deceased.contains($0.id) && !lunchedToday.contains($0.id) }
        return SimulationResult(path: path, meals: meals, voids: voids, diners: diners.count, closedMonths: closed, openMonth: openMonth,
                                unservedDiner: unserved.map { DinerNumber(id: $0.id) }, budget: try books.budget())
    }
}
