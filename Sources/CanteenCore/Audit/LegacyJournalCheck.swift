import SQLite

/// The journal as schemas 1 to 4 stored it (every entry's date, memo and postings, its hash and its predecessor's
/// as hex, and a kept balance per account), checked before migration 5 drops what a meal's row can derive. After
/// that migration `audit verify` rebuilds a meal's entry from the meal row, so an edit of the dropped columns
/// could no longer be seen: it has to be found here, while they are still there.
struct LegacyJournalCheck {
    let db: Database

    /// The chain recomputed from the stored columns (each entry's hash, the link to its predecessor, its postings
    /// balanced) and every kept balance against its postings' sum; the problems, as audit verify words them.
    func problems() throws -> [Problem] {
        var problems: [Problem] = []
        func problem(_ check: String, _ detail: Message) {
            if problems.count < 500 { problems.append(Problem(check: check, detail: detail)) }
        }
        let postings = try db.prepare("SELECT journal_id, account, amount_fen FROM postings ORDER BY journal_id, id")
        try postings.bind([])
        defer { postings.reset() }
        var pending = try postings.next().map { ($0.int(0), Posting($0.text(1), Money(fen: $0.int(2)))) }
        var sums: [String: Int64] = [:]
        var text = EntryText()
        var previous = SHA256.Digest.zero
        try db.prepare("""
            SELECT id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id, recorded_at, prev_hash, hash
            FROM journal ORDER BY id
            """).forEach { row in
            let id = row.int(0)
            var stored: [Posting] = []
            while let (journalID, posting) = pending, journalID <= id {
                if journalID == id {
                    stored.append(posting)
                    sums[posting.account, default: 0] &+= posting.amount.fen
                }
                pending = try postings.next().map { ($0.int(0), Posting($0.text(1), Money(fen: $0.int(2)))) }
            }
            if stored.map(\.amount.fen).reduce(0, &+) != 0 {
                problem("balanced", Message(.verifyEntryUnbalanced, ["entry": id, "sum": stored.map(\.amount).sum()]))
            }
            let hash = SHA256.Digest(hex: row.text(10))
            if SHA256.Digest(hex: row.text(9)) != previous {
                problem("hash-chain", Message(.verifyEntryUnlinked, ["entry": id]))
            }
            if let kind = row.storedName(1, as: JournalEntry.Kind.self) {
                text.build(.init(id: id, kind: kind, date: row.text(2), period: row.text(3), memo: .text(row.text(4)),
                                 mealID: row.optionalInt(5), correctsID: row.optionalInt(6), operatorID: row.int(7),
                                 recordedAt: row.text(8)),
                           lines: .stored(stored), previous: SHA256.Digest(hex: row.text(9)) ?? .zero)
                if text.digest() != hash { problem("hash-chain", Message(.verifyEntryAltered, ["entry": id])) }
            } else {
                problem("hash-chain", Message(.verifyEntryAltered, ["entry": id]))
            }
            previous = hash ?? .zero
        }
        for (account, kept) in try db.prepare("SELECT account, balance_fen FROM balances ORDER BY account").rows([], { ($0.text(0), $0.int(1)) }) {
            let sum = sums.removeValue(forKey: account) ?? 0
            if kept != sum {
                problem("balances", Message(.verifyBalanceDiffers, ["account": account, "kept": Money(fen: kept), "sum": Money(fen: sum)]))
            }
        }
        for (account, sum) in sums.sorted(by: { $0.key < $1.key }) where sum != 0 {
            problem("balances", Message(.verifyBalanceDiffers, ["account": account, "kept": Money.zero, "sum": Money(fen: sum)]))
        }
        return problems
    }
}
