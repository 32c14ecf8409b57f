/// One money event: a balanced set of postings, chained to the entry before it by SHA-256.
public struct JournalEntry: Sendable, Equatable {
    /// What kind of money event it is.
    public enum Kind: String, Sendable, CaseIterable { case appropriation, meal, void, settlement }

    /// Position in the chain: ids run 1, 2, 3… with no gap, so a removed entry shows.
    public let id: Int64
    /// Hashed as its raw value ("meal", "void", …).
    public let kind: Kind
    /// YYYY-MM-DD text: the meal date, or the day an appropriation, void or payment was booked.
    public let date: String
    /// The month it counts in (YYYY-MM); "0000-00" for the opening appropriation.
    public let period: String
    /// Covered by the hash; a meal's names its slot, diner, canteen and payment.
    public let memo: String
    /// The meal row of a meal or void entry; nil for appropriations and settlements.
    public let mealID: Int64?
    /// The meal entry a void reverses; nil for every other kind.
    public let correctsID: Int64?
    /// The row id of the operator who made it.
    public let operatorID: Int64
    /// When it was written, as an ISO 8601 UTC timestamp; may be days after `date`.
    public let recordedAt: String
    /// The legs in the order written; they sum to zero.
    public let postings: [Posting]
    /// The hash of entry `id − 1`, or `genesisHash` for the first.
    public let previousHash: String
    /// As stored: lower-case hex SHA-256; `expectedHash` must equal it or the entry was altered.
    public let hash: String

    /// The hash before any entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical text the hash covers, one field a line in a fixed order, with the previous hash last:
    /// "canteen-journal-v1", then id, kind, date, period, meal, corrects, operator, recorded, memo
    /// (backslash and newline escaped), one "posting:" line per posting in order, and "prev:".
    public static func canonicalText(id: Int64, kind: Kind, date: String, period: String, memo: String,
                                     mealID: Int64?, correctsID: Int64?, operatorID: Int64, recordedAt: String,
                                     postings: [Posting], previousHash: String) -> String {
        let escapedMemo = escaped(memo)
        var lines = [
            "canteen-journal-v1",
            "id:\(id)", "kind:\(kind.rawValue)", "date:\(date)", "period:\(period)",
            "meal:\(mealID.map(String.init) ?? "-")", "corrects:\(correctsID.map(String.init) ?? "-")",
            "operator:\(operatorID)", "recorded:\(recordedAt)", "memo:\(escapedMemo)",
        ]
        lines += postings.map { "posting:\($0.account):\($0.amount.fen)" }
        lines.append("prev:\(previousHash)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Free text on one line of a canonical text: backslash, line feed and carriage return escaped.
    static func escaped(_ text: String) -> String {
        // Most text has nothing to escape: look at its bytes once and hand it back as it is.
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of the canonical text, in lower-case hex.
    public static func computeHash(id: Int64, kind: Kind, date: String, period: String, memo: String,
                                   mealID: Int64?, correctsID: Int64?, operatorID: Int64, recordedAt: String,
                                   postings: [Posting], previousHash: String) -> String {
        SHA256.hexDigest(canonicalText(id: id, kind: kind, date: date, period: period, memo: memo,
                                       mealID: mealID, correctsID: correctsID, operatorID: operatorID,
                                       recordedAt: recordedAt, postings: postings, previousHash: previousHash))
    }

    /// The hash this entry's content should have.
    public var expectedHash: String {
        JournalEntry.computeHash(id: id, kind: kind, date: date, period: period, memo: memo, mealID: mealID,
                                 correctsID: correctsID, operatorID: operatorID, recordedAt: recordedAt,
                                 postings: postings, previousHash: previousHash)
    }
}
