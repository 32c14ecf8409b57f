import CanteenCore

/// What handling one line produced, for the renderer.
enum CounterEvent {
    /// A meal recorded; `served` counts the session's meals not voided, this one included.
    case meal(MealReceipt, served: Int)
    case refused(CounterRefusal)
    /// The session's last meal voided; `served` as after the void.
    case voided(VoidResult, served: Int)
    /// The slot or payment method now in use, after a change (`changed`) or a question.
    case slot(MealSlot, changed: Bool)
    case pay(PaymentMethod, changed: Bool)
    case help
    /// An unknown command: its refusal, then the help line.
    case unknown(CounterRefusal)
    case summary(CounterSummary, final: Bool)
}

/// One counter session: the canteen, the slot and payment method in use, and what it has recorded, voided and
/// refused. Every meal and void is its own core operation in its own transaction, so the books are never
/// half-written whenever the session ends, and each sees what other counters and the back office did since. A void
/// of one of its meals made elsewhere changes no answer of its own, so the session looks for those before it
/// answers a line or sums up: its served count and cash drawer must not count a meal that is no longer there.
final class CounterSession {
    /// A meal this session recorded.
    struct Served {
        let number: MealNumber
        let slot: MealSlot
        let pay: PaymentMethod
        let copay: Money
        var voided = false
    }

    let books: Books
    let site: Site
    let operatorName: String?
    /// Date meals by the clock (no --today): a session that runs past midnight serves the next day.
    let followsClock: Bool
    private(set) var slot: MealSlot
    private(set) var pay: PaymentMethod
    private(set) var served: [Served] = []
    /// Where each meal of `served` is, by the meal's row id.
    private var servedIndex: [Int64: Int] = [:]
    private(set) var refusals: [CounterRefusal.Reason: Int] = [:]
    private var clockDay = ClockDay()
    private var watch: CounterWatch

    init(books: Books, site: Site, operatorName: String?, slot: MealSlot, pay: PaymentMethod, followsClock: Bool,
         watch: CounterWatch) {
        self.books = books
        self.site = site
        self.operatorName = operatorName
        self.slot = slot
        self.pay = pay
        self.followsClock = followsClock
        self.watch = watch
    }

    /// Meals recorded and not voided.
    private(set) var servedCount = 0

    /// Handles one line; nil for a line that asks nothing (an empty one) or ends the session (`quit`).
    func handle(_ input: CounterInput) -> CounterEvent? {
        if input == .empty || input == .quit { return nil }
        noticeVoidsElsewhere()
        switch input {
        case .empty, .quit: return nil
        case .unreadable(let message): return refuse(CounterRefusal(.unreadable, message, exitCode: .invalidInput))
        case .code(let code): return record(code)
        case .slot(nil): return .slot(slot, changed: false)
        case .slot(let text?):
            do { slot = try MealSlot(parsing: text) } catch let error as CanteenError { return refuse(error) } catch { return nil }
            return .slot(slot, changed: true)
        case .pay(nil): return .pay(pay, changed: false)
        case .pay(let text?):
            do { pay = try PaymentMethod(parsing: text) } catch let error as CanteenError { return refuse(error) } catch { return nil }
            return .pay(pay, changed: true)
        case .void: return voidLast()
        case .summary: return .summary(summary(), final: false)
        case .help: return .help
        case .unknown(let text):
            count(.unknownCommand)
            return .unknown(CounterRefusal(.unknownCommand, Message(.counterUnknown, ["text": text]), exitCode: .usage))
        }
    }

    private func record(_ code: String) -> CounterEvent {
        if followsClock { clockDay.update(books) }
        do {
            let receipt = try books.recordMeal(MealRequest(diner: code, site: site.code, slot: slot, pay: pay), by: operatorName)
            let meal = receipt.meal
            servedIndex[meal.number.id] = served.count
            served.append(Served(number: meal.number, slot: meal.slot, pay: meal.pay, copay: meal.copay))
            servedCount += 1
            return .meal(receipt, served: servedCount)
        } catch let error as CanteenError {
            return refuse(error)
        } catch {
            return refuse(CanteenError(.storage, .unexpectedError, ["text": "\(error)"]))
        }
    }

    /// Voids the last meal this session recorded, once: a second `void` never reaches back to the one before.
    private func voidLast() -> CounterEvent {
        guard let last = served.indices.last else {
            return refuse(CounterRefusal(.nothingToVoid, Message(.counterNothingToVoid), exitCode: .refused))
        }
        guard !served[last].voided else {
            return refuse(CounterRefusal(.nothingToVoid, Message(.counterLastVoided, ["meal": served[last].number]), exitCode: .refused))
        }
        if followsClock { clockDay.update(books) }
        do {
            let result = try books.voidMeal(served[last].number.description, reason: "voided at the counter: the last meal this session recorded",
                                            by: operatorName)
            markVoided(last)
            return .voided(result, served: servedCount)
        } catch let error as CanteenError {
            // Voided elsewhere between the last look and this void: no longer a meal of the drawer either.
            if error.message.key == .alreadyVoided { markVoided(last) }
            return refuse(error)
        } catch {
            return refuse(CanteenError(.storage, .unexpectedError, ["text": "\(error)"]))
        }
    }

    private func refuse(_ error: CanteenError) -> CounterEvent {
        refuse(CounterRefusal(error, site: site.code))
    }

    private func refuse(_ refusal: CounterRefusal) -> CounterEvent {
        count(refusal.reason)
        return .refused(refusal)
    }

    private func count(_ reason: CounterRefusal.Reason) { refusals[reason, default: 0] += 1 }

    private func markVoided(_ index: Int) {
        guard !served[index].voided else { return }
        served[index].voided = true
        servedCount -= 1
    }

    /// Marks the session's meals that other processes voided since the last look. A look that fails (the disk, a
    /// lock) is made again at the next line; the line itself is answered as it would be.
    private func noticeVoidsElsewhere() {
        guard let voided = try? watch.voidedSinceLastLook(books) else { return }
        for meal in voided { if let index = servedIndex[meal.id] { markVoided(index) } }
    }

    /// The session so far: meals by slot and copay by payment method (voided meals left out, wherever voided),
    /// voids, refusals.
    func summary() -> CounterSummary {
        noticeVoidsElsewhere()
        return CounterSummary(site: site, date: books.today, operatorName: operatorName, served: served, refusals: refusals)
    }
}
