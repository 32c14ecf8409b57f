import SQLite

extension Books {
    /// Appends one balanced, hash-chained entry inside the caller's write transaction and returns its id.
    /// The kept balances move with the postings; their CHECK refuses a fund below zero on every path.
    @discardableResult
    func appendEntry(kind: JournalEntry.Kind, date: CivilDate, period: String, memo: String,
                     mealID: Int64? = nil, correctsID: Int64? = nil, by actor: Operator,
                     recordedAt: String? = nil, postings: [Posting]) throws -> Int64 {
        precondition(db.isInTransaction, "journal entries are written inside a transaction")
        guard !postings.isEmpty, postings.map(\.amount).sum() == .zero else {
            throw CanteenError.storage(.unbalancedEntry, ["kind": kind])
        }
        let last = try chainHead()
        let id = last.id + 1
        let previousHash = last.hash
        // A meal passes its own timestamp, so the row and its entry agree to the second.
        let recordedAt = recordedAt ?? clock.timestamp()
        let hash = JournalEntry.computeHash(id: id, kind: kind, date: date.description, period: period, memo: memo,
                                            mealID: mealID, correctsID: correctsID, operatorID: actor.id,
                                            recordedAt: recordedAt, postings: postings, previousHash: previousHash)
        try db.run("""
            INSERT INTO journal (id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id,
                                 recorded_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, id, kind.rawValue, date.description, period, memo, mealID, correctsID, actor.id,
                   recordedAt, previousHash, hash)
        let insertPosting = try db.cached("INSERT INTO postings (journal_id, account, amount_fen) VALUES (?, ?, ?)")
        let addToBalance = try db.cached("UPDATE balances SET balance_fen = balance_fen + ? WHERE account = ?")
        let openBalance = try db.cached("INSERT INTO balances (account, balance_fen) VALUES (?, ?)")
        for posting in postings {
            try insertPosting.execute([id, posting.account, posting.amount.fen])
            do {
                try addToBalance.execute([posting.amount.fen, posting.account])
            } catch let error as DatabaseError where error.isConstraint && posting.account == Account.available {
                // The CHECK on the fund's balance is the last line of defence on every path: name the rule it guards.
                throw CanteenError.rule(.fundWouldOverdraw, ["kind": kind])
            }
            if db.changes == 0 { try openBalance.execute([posting.account, posting.amount.fen]) }
        }
        return id
    }

    /// The kept running balance of an account (derived from postings; audit verify recomputes it).
    func balance(_ account: String) throws -> Money {
        Money(fen: try db.scalarInt("SELECT balance_fen FROM balances WHERE account = ?", account) ?? 0)
    }

    /// The hash of the newest entry: the chain's head.
    func chainHead() throws -> (id: Int64, hash: String) {
        try db.cached("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").first { ($0.int(0), $0.text(1)) }
            ?? (0, JournalEntry.genesisHash)
    }

    /// The postings of one entry, in the order they were written.
    func postings(ofEntry id: Int64) throws -> [Posting] {
        try db.cached("SELECT account, amount_fen FROM postings WHERE journal_id = ? ORDER BY id").rows([id]) {
            Posting($0.text(0), Money(fen: $0.int(1)))
        }
    }
}
