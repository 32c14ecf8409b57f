import Testing
import CanteenCore
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Seeded fuzzing of every parser of typed or imported text and of the money and date arithmetic: random and
/// adversarial inputs must give a value or a typed `CanteenError` (a `CSVError` for the CSV reader), never a
/// crash, and the values that come out must hold their invariants. The seed is printed with every failure;
/// set CANTEEN_FUZZ_SEED to replay one.
@Suite struct FuzzTests {
    static let seed: UInt64 = {
        // The test process may read its environment through the C library; Foundation is not needed for it.
        if let text = getenvString("CANTEEN_FUZZ_SEED"), let value = UInt64(text) { return value }
        return 0x5EED_2026_1129
    }()

    @Test func moneyParsingNeverCrashesAndRoundTrips() {
        var random = Fuzz(seed: Self.seed)
        for input in random.strings(count: 3000, alphabet: Fuzz.numeric) {
            do {
                let money = try Money(parsing: input)
                #expect((0...Money.largest.fen).contains(money.fen), "seed \(Self.seed): '\(input.debugDescription)'")
                #expect(try Money(parsing: money.description) == money, "seed \(Self.seed): '\(input.debugDescription)'")
            } catch let error as CanteenError {
                #expect(error.kind == .invalidInput, "seed \(Self.seed): '\(input.debugDescription)' gave \(error)")
            } catch {
                Issue.record("seed \(Self.seed): '\(input.debugDescription)' threw \(error)")
            }
        }
    }

    @Test func datesAndMonthsNeverCrashAndStayInTheirRanges() {
        var random = Fuzz(seed: Self.seed &+ 1)
        let inputs = random.strings(count: 2000, alphabet: Fuzz.numeric) + (0..<1000).map { _ in random.dateLike() }
        for input in inputs {
            let context = "seed \(Self.seed): '\(input.debugDescription)'"
            if let date = typed({ try CivilDate(parsing: input) }, context) {
                #expect(date.description == input, "\(context)")
                #expect((1...9999).contains(date.year), "\(context)")
            }
            if let date = typed({ try CivilDate(input: input) }, context) {
                #expect(CivilDate.inputRange.contains(date), "\(context)")
                // What the program adds to a typed date still prints as YYYY-MM-DD.
                #expect(date.adding(days: Forecast.horizonDays).description.utf8.count == 10, "\(context)")
            }
            if let month = typed({ try YearMonth(parsing: input) }, context) {
                #expect(month.description == input, "\(context)")
            }
            if let month = typed({ try YearMonth(input: input) }, context) {
                #expect(YearMonth.inputRange.contains(month), "\(context)")
                #expect(month.next.firstDay > month.lastDay, "\(context)")
            }
        }
    }

    @Test func identityPhoneAndReferenceParsersNeverCrash() {
        var random = Fuzz(seed: Self.seed &+ 2)
        let today = CivilDate(year: 2026, month: 11, day: 29)!
        let inputs = random.strings(count: 2500, alphabet: Fuzz.identifiers) + (0..<500).map { _ in random.idLike() }
        for input in inputs {
            let context = "seed \(Self.seed): '\(input.debugDescription)'"
            if let id = typed({ try ResidentID(parsing: input, today: today) }, context) {
                #expect(id.value.utf8.count == 18 && id.birthDate <= today, "\(context)")
                #expect(!id.masked.contains(id.value), "\(context)")
            }
            if let phone = typed({ try PhoneNumber(parsing: input) }, context) {
                #expect(phone.value.utf8.allSatisfy { (48...57).contains($0) }, "\(context)")
            }
            _ = typed({ try DinerReference(parsing: input, today: today) }, context)
            if let meal = typed({ try MealNumber(parsing: input) }, context) { #expect(meal.id > 0, "\(context)") }
            if let code = typed({ try SiteCode(input) }, context) {
                #expect((2...10).contains(code.value.utf8.count), "\(context)")
            }
            if let number = DinerNumber(parsing: input) { #expect(number.id > 0, "\(context)") }
            _ = typed({ try MealSlot(parsing: input) }, context)
            _ = typed({ try PaymentMethod(parsing: input) }, context)
            _ = typed({ try Role(parsing: input) }, context)
            _ = typed({ try DinerCategory(parsing: input) }, context)
            _ = typed({ try DeactivationReason(parsing: input) }, context)
        }
    }

    @Test func theCSVReaderEndsOnAnyBytes() {
        var random = Fuzz(seed: Self.seed &+ 3)
        for index in 0..<1500 {
            let bytes = random.csvBytes(length: index == 0 ? 100_000 : random.below(200))
            var iterator = bytes.makeIterator()
            var reader = CSVReader(next: { iterator.next() })
            // Records and malformed records alike: the reader reads on after each error, always forward, to the end.
            var outcomes = 0
            var lastLine = 0
            while true {
                outcomes += 1
                if outcomes > bytes.count + 1 { Issue.record("seed \(Self.seed) case \(index): more records than bytes"); break }
                do {
                    guard let record = try reader.nextRecord() else { break }
                    #expect(!record.fields.isEmpty && record.line > lastLine, "seed \(Self.seed) case \(index)")
                    lastLine = record.line
                } catch {
                    #expect(error.line > lastLine || (error.problem == .invalidUTF8 && error.line >= lastLine), "seed \(Self.seed) case \(index)")
                    lastLine = max(lastLine, error.problem == .invalidUTF8 ? error.line - 1 : error.line)
                }
            }
        }
    }

    @Test func moneyArithmeticIsTotalAndExactWhereItFits() throws {
        var random = Fuzz(seed: Self.seed &+ 4)
        for _ in 0..<5000 {
            let a = random.edgyInt64(), b = random.edgyInt64(), c = random.edgyInt64()
            let context = "seed \(Self.seed): \(a), \(b), \(c)"
            let (sum, sumOverflow) = a.addingReportingOverflow(b)
            #expect((Money(fen: a) + Money(fen: b)).fen == (sumOverflow ? (b < 0 ? .min : .max) : sum), "\(context)")
            #expect((try? Money(fen: a).adding(Money(fen: b))) == (sumOverflow ? nil : Money(fen: sum)), "\(context)")
            let (difference, differenceOverflow) = a.subtractingReportingOverflow(b)
            #expect((Money(fen: a) - Money(fen: b)).fen == (differenceOverflow ? (b < 0 ? .max : .min) : difference), "\(context)")
            #expect((try? Money(fen: a).subtracting(Money(fen: b))) == (differenceOverflow ? nil : Money(fen: difference)), "\(context)")
            #expect((-Money(fen: a)).fen == (a == .min ? .max : -a), "\(context)")
            let scaled = Int64.scaled(a, by: b, dividedBy: c)
            if c == 0 { #expect(scaled == 0, "\(context)") }
            if let exact = exactScaled(a, b, c) { #expect(scaled == exact, "\(context)") }
            // Every amount prints, Int64.min included, and a non-negative one reads back.
            let text = Money(fen: a).description, grouped = Money(fen: a).grouped
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            #expect(digits.dropLast(3).allSatisfy(\.isASCII) && digits.dropLast(3).allSatisfy(\.isNumber) && digits.dropLast(2).last == "."
                    && digits.suffix(2).allSatisfy(\.isNumber) && grouped.count >= text.count, "\(context)")
            if a >= 0, a <= Money.largest.fen { #expect(try Money(parsing: text) == Money(fen: a), "\(context)") }
        }
    }

    @Test func dateArithmeticIsTotal() {
        var random = Fuzz(seed: Self.seed &+ 5)
        for _ in 0..<4000 {
            let n = Int(truncatingIfNeeded: random.edgyInt64()), m = Int(truncatingIfNeeded: random.edgyInt64())
            let context = "seed \(Self.seed): \(n), \(m)"
            let date = CivilDate(dayNumber: n)
            #expect(CivilDate.representableYears.contains(date.year), "\(context)")
            #expect(date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= CivilDate.daysIn(month: date.month, year: date.year), "\(context)")
            let moved = date.adding(days: m)
            #expect(CivilDate.representableYears.contains(moved.year), "\(context)")
            if n.magnitude < 3_000_000, m.magnitude < 3_000_000 { #expect(moved.dayNumber == n + m, "\(context)") }
            _ = date.anniversary(in: m)
            _ = date.reachingAge(m)
            _ = date.age(on: moved)
            let month = date.yearMonth.adding(months: m)
            #expect(month.firstDay <= month.lastDay, "\(context)")
            #expect(month.next >= month && month.previous <= month, "\(context)")
            _ = month.description
            _ = Clock.timestamp(random.edgyInt64())
            _ = Clock.fixed(random.edgyInt64()).today(inTimeZone: "UTC")
        }
        // The ends of the representable range stay put instead of wrapping.
        let last = CivilDate.latestRepresentable.yearMonth, first = CivilDate.earliestRepresentable.yearMonth
        #expect(last.next == last && first.previous == first)
        #expect(CivilDate.latestRepresentable.adding(days: 1) == CivilDate.latestRepresentable)
    }

    @Test func theForecastIsTotal() {
        var random = Fuzz(seed: Self.seed &+ 6)
        let asOf = CivilDate(year: 2026, month: 11, day: 29)!
        for _ in 0..<4000 {
            let drawn = random.edgyInt64(), remaining = random.edgyInt64()
            let days = Int(truncatingIfNeeded: random.edgyInt64() % 200)
            let forecast = Forecast(basis: .months(3), drawnInWindow: Money(fen: drawn), windowDays: days,
                                    remaining: Money(fen: remaining), asOf: random.chance(2) ? asOf : CivilDate.inputRange.upperBound,
                                    bySite: [(site: "GZ01", drawn: Money(fen: drawn))])
            let context = "seed \(Self.seed): drawn \(drawn), remaining \(remaining), days \(days)"
            _ = forecast.monthlyRate
            _ = forecast.perThirtyDays(Money(fen: remaining))
            if let left = forecast.daysLeft { #expect(drawn > 0, "\(context)"); _ = left }
            if let runOut = forecast.runOutDate { #expect(runOut.description.utf8.count == 10, "\(context)") }
        }
    }
}

// MARK: - Helpers

/// Runs a parser: a value, or nil after checking that what it threw is a typed CanteenError.
private func typed<T>(_ parse: () throws -> T, _ context: String) -> T? {
    do { return try parse() } catch is CanteenError { return nil } catch {
        Issue.record("\(context) threw \(error)")
        return nil
    }
}

/// a × b ÷ c by plain arithmetic when nothing overflows, else nil.
private func exactScaled(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
    guard c != 0 else { return nil }
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow, !(product == .min && c == -1) else { return nil }
    return product / c
}

private func getenvString(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

/// SplitMix64 and the generators of fuzz inputs.
struct Fuzz {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Characters that parsers of numbers, dates and amounts meet, the deceptive ones among them.
    static let numeric: [String] = ["0", "1", "2", "5", "9", "9", "9", "-", "-", ".", ".", "+", "e", "E", " ", "\t", ",",
                                    "١", "٣", "１", "９", "〇", "²", "\u{0}", "\u{1B}", "\u{202E}", "\u{FEFF}", "\u{200B}",
                                    "\u{301}", "\u{FFFD}", "\u{D7FF}", "\u{E000}", "\u{10FFFF}", "x", "X", "元", "¥"]
    /// Characters that ID numbers, phone numbers, diner and meal numbers and canteen codes meet.
    static let identifiers: [String] = numeric + ["D", "d", "M", "m", "G", "Z", "g", "z", "4", "4", "1", "3", "8", "(", ")",
                                                   "\u{85}", "\u{2028}", "\u{3000}", "Ｄ", "İ", "ß", "ﬀ", "\r\n", "x\u{301}"]

    /// Hand-picked hard cases, then random strings from `alphabet` and from all of Unicode, some of them huge.
    mutating func strings(count: Int, alphabet: [String]) -> [String] {
        var out = ["", " ", "\u{0}", "-", ".", "..", "0", "00", "-0", "+1", "-1", "1e3", "18.555", "18.", ".5", "1.2.3",
                   String(repeating: "9", count: 19), String(repeating: "9", count: 40), String(repeating: "0", count: 40) + "1",
                   "999999999999.99", "1000000000000.00", "1000000000000.01", "9223372036854775807", "9223372036854775808",
                   "-9223372036854775808", "2026-02-29", "2024-02-29", "0000-00-00", "0001-01-01", "9999-12-31", "9899-12-31",
                   "1899-12-31", "1900-01-01", "9999-12", "0001-01", "0000-01", "2026-1-01", "２０２６-１１-２９", "2026-11-29\u{0}",
                   "11010519491231002X", "11010519491231002x", "110105194912310021", "１１０１０５１９４９１２３１００２Ｘ",
                   "D00001", "D0", "d99999999999999999999", "M000001", "M-1", "GZ01", "gz01", "G", "GZ01GZ01GZ0",
                   "13812345678", "138-1234-5678", "020-12345678", "+8613812345678", "\u{1B}[31m13812345678",
                   String(repeating: "1", count: 100_000), String(repeating: "-", count: 100_000), String(repeating: "é", count: 20_000)]
        while out.count < count {
            let length = chance(50) ? below(5000) : below(30)
            var text = ""
            for _ in 0..<length {
                if chance(8), let scalar = Unicode.Scalar(UInt32(below(0x11_0000))) { text.unicodeScalars.append(scalar) } else { text += pick(alphabet) }
            }
            out.append(text)
        }
        return out
    }

    /// Text shaped like a date or month, with numbers anywhere from in range to absurd.
    mutating func dateLike() -> String {
        func number(_ width: Int) -> String {
            let value = chance(3) ? below(10_000) : Int(truncatingIfNeeded: next() % 100_000)
            let text = String(value)
            return chance(4) ? text : String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return chance(3) ? number(4) + "-" + number(2) : number(4) + "-" + number(2) + "-" + number(2)
    }

    /// Eighteen characters like an ID number: digits with a random check character, some of them nearly right.
    mutating func idLike() -> String {
        var text = pick(["11", "44", "99", "00", "81", "1１"]) + String(below(10_000)) + String(1850 + below(200)) + String(below(14)) + String(below(33))
        while text.count < 17 { text += String(below(10)) }
        return String(text.prefix(17)) + pick(["0", "X", "x", "Y", "\u{0}", "１"])
    }

    /// Bytes for a CSV reader: quotes, separators, line ends, UTF-8 fragments and invalid sequences.
    mutating func csvBytes(length: Int) -> [UInt8] {
        let pieces: [[UInt8]] = [[0x22], [0x22, 0x22], [0x2C], [0x0A], [0x0D, 0x0A], [0x0D], [0x00], [0xFF], [0xC3], [0xE2, 0x80],
                                 [0xEF, 0xBB, 0xBF], Array("ref".utf8), Array("饭堂".utf8), [0xED, 0xA0, 0x80], [0x20], [0x61]]
        var out: [UInt8] = []
        while out.count < length { out += chance(3) ? [UInt8(truncatingIfNeeded: next())] : pick(pieces) }
        return out
    }

    /// Values near Int64's edges and zero, and random ones.
    mutating func edgyInt64() -> Int64 {
        let edges: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, Money.largest.fen, -Money.largest.fen, 86_400, 36_500,
                              Int64(Int32.max), Int64(Int32.min), 100, -100]
        switch below(4) {
        case 0: return pick(edges)
        case 1: return pick(edges) &+ Int64(below(2001) - 1000)
        case 2: return Int64(below(2_000_001) - 1_000_000)
        default: return Int64(bitPattern: next())
        }
    }
}
