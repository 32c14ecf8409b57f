/// The canonical text an entry's hash covers (format canteen-journal-v1, see `JournalEntry.canonicalText`),
/// built into one reused byte buffer: the ledger writes and audit verify checks hundreds of thousands of entries
/// a second, so no line is a String of its own. The bytes are exactly those of `JournalEntry.canonicalText`
/// (a test holds them equal), since every stored hash covers that text whatever the storage layout.
struct EntryText {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// The fields of an entry that the text names, with its postings.
    struct Fields {
        var id: Int64
        var kind: JournalEntry.Kind
        /// As stored (YYYY-MM-DD); a meal's is its meal date.
        var date: String
        var period: String
        var memo: Memo
        var mealID: Int64?
        var correctsID: Int64?
        var operatorID: Int64
        var recordedAt: String
    }

    /// A memo as stored, or a meal's, which is never stored: it is made from the meal row.
    enum Memo {
        case text(String)
        case meal(slot: MealSlot, diner: Int64, site: String, pay: PaymentMethod, policy: Int64, ref: String?)
    }

    /// The postings of an entry, in the order the text lists them.
    enum Lines {
        case stored([Posting])
        /// A meal's five legs by the fixed formula; negated for its void.
        case meal(site: String, price: Int64, copay: Int64, subsidy: Int64, negated: Bool)
    }

    /// Fills the buffer with the canonical text of an entry whose predecessor's hash is `previous`.
    mutating func build(_ fields: Fields, lines: Lines, previous: SHA256.Digest) {
        bytes.removeAll(keepingCapacity: true)
        append("canteen-journal-v1\nid:")
        append(fields.id)
        append("\nkind:")
        append(fields.kind.rawValue)
        append("\ndate:")
        append(fields.date)
        append("\nperiod:")
        append(fields.period)
        append("\nmeal:")
        if let meal = fields.mealID { append(meal) } else { append("-") }
        append("\ncorrects:")
        if let corrects = fields.correctsID { append(corrects) } else { append("-") }
        append("\noperator:")
        append(fields.operatorID)
        append("\nrecorded:")
        append(fields.recordedAt)
        append("\nmemo:")
        switch fields.memo {
        case .text(let memo): appendEscaped(memo)
        case .meal(let slot, let diner, let site, let pay, let policy, let ref):
            append(slot.rawValue)
            append(" D")
            appendPadded(diner, width: 5)
            append(" at ")
            append(site)
            append(", ")
            append(pay.rawValue)
            append(", policy ")
            append(policy)
            if let ref {
                append(", ref ")
                appendEscaped(ref)
            }
        }
        bytes.append(0x0A)
        switch lines {
        case .stored(let postings):
            for posting in postings { appendPosting(posting.account, posting.amount.fen) }
        case .meal(let site, let price, let copay, let subsidy, let negated):
            // Wrapping: audit verify builds the text of whatever a damaged row holds (Int64.min has no negation),
            // and the hash then differs; for every amount the books make the product is exact.
            let sign: Int64 = negated ? -1 : 1
            appendPosting("expenses:meals:", site, sign &* price)
            if copay != 0 { appendPosting("income:copay:", site, (0 &- sign) &* copay) }
            if subsidy != 0 {
                appendPosting("liabilities:operators:", site, (0 &- sign) &* subsidy)
                appendPosting(Account.drawn, nil, sign &* subsidy)
                appendPosting(Account.available, nil, (0 &- sign) &* subsidy)
            }
        }
        append("prev:")
        appendHex(previous)
        bytes.append(0x0A)
    }

    /// The canonical text of a meal's entry straight from the meal row's bytes, as audit verify reads them: the
    /// same text `build` makes for a meal, without making a String of any column.
    mutating func buildMeal(id: Int64, mealID: Int64, date: UnsafeRawBufferPointer, slot: MealSlot, diner: Int64, site: [UInt8],
                            pay: PaymentMethod, policy: Int64, ref: UnsafeRawBufferPointer?, operatorID: Int64,
                            recordedAt: UnsafeRawBufferPointer, price: Int64, copay: Int64, subsidy: Int64, previous: SHA256.Digest) {
        bytes.removeAll(keepingCapacity: true)
        append("canteen-journal-v1\nid:")
        append(id)
        append("\nkind:meal\ndate:")
        bytes.append(contentsOf: date)
        append("\nperiod:")
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: date.prefix(7)))
        append("\nmeal:")
        append(mealID)
        append("\ncorrects:-\noperator:")
        append(operatorID)
        append("\nrecorded:")
        bytes.append(contentsOf: recordedAt)
        append("\nmemo:")
        append(slot.rawValue)
        append(" D")
        appendPadded(diner, width: 5)
        append(" at ")
        bytes.append(contentsOf: site)
        append(", ")
        append(pay.rawValue)
        append(", policy ")
        append(policy)
        if let ref {
            append(", ref ")
            for byte in ref {
                switch byte {
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x0A)
        appendPosting(Self.mealsPrefix, site, price)
        // Wrapping, as in `build`: a damaged row's Int64.min must not trap.
        if copay != 0 { appendPosting(Self.copayPrefix, site, 0 &- copay) }
        if subsidy != 0 {
            appendPosting(Self.payablePrefix, site, 0 &- subsidy)
            appendPosting(Account.drawn, nil, subsidy)
            appendPosting(Account.available, nil, 0 &- subsidy)
        }
        append("prev:")
        appendHex(previous)
        bytes.append(0x0A)
    }

    private static let mealsPrefix = Array("expenses:meals:".utf8)
    private static let copayPrefix = Array("income:copay:".utf8)
    private static let payablePrefix = Array("liabilities:operators:".utf8)

    private mutating func appendPosting(_ prefix: [UInt8], _ site: [UInt8], _ fen: Int64) {
        append("posting:")
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: site)
        bytes.append(0x3A)
        append(fen)
        bytes.append(0x0A)
    }

    /// The SHA-256 of the text built last.
    func digest() -> SHA256.Digest {
        bytes.withUnsafeBytes { SHA256.digest($0) }
    }

    private mutating func appendPosting(_ prefix: String, _ site: String?, _ fen: Int64) {
        append("posting:")
        append(prefix)
        if let site { append(site) }
        bytes.append(0x3A)
        append(fen)
        bytes.append(0x0A)
    }

    private mutating func appendPosting(_ account: String, _ fen: Int64) {
        appendPosting(account, nil, fen)
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                default: bytes.append(byte)
                }
            }
        }
    }

    private mutating func append(_ value: Int64) {
        if value < 0 {
            bytes.append(0x2D)
            // Int64.min has no positive counterpart; amounts are bounded far inside it.
            appendDigits(value.magnitude, minimum: 1)
        } else {
            appendDigits(UInt64(value), minimum: 1)
        }
    }

    private mutating func appendPadded(_ value: Int64, width: Int) {
        appendDigits(value.magnitude, minimum: width)
    }

    /// The digits are written from the right into a small buffer and appended at once: one append, not one a digit.
    private mutating func appendDigits(_ value: UInt64, minimum: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(rest % 10) + 0x30
                rest /= 10
            } while rest > 0
            while buffer.count - start < minimum && start > 0 {
                start -= 1
                buffer[start] = 0x30
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private mutating func appendHex(_ digest: SHA256.Digest) {
        var hex: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &hex) { out in
            digest.withUnsafeBytes { raw in
                for (index, byte) in raw.enumerated() {
                    let high = byte >> 4, low = byte & 15
                    out[2 * index] = high < 10 ? 0x30 + high : 0x57 + high
                    out[2 * index + 1] = low < 10 ? 0x30 + low : 0x57 + low
                }
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: out[0..<64]))
        }
    }
}
