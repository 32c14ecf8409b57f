import SQLite

extension Books {
    /// Appends one balanced, hash-chained entry inside the caller's write transaction and returns its id.
    /// The kept balances and the fund's per-period figures move with the postings; their CHECK refuses a fund
    /// below zero on every path. No entry is dated or posted into a closed month, nor dated before what it corrects.
    @discardableResult
    func appendEntry(kind: JournalEntry.Kind, date: CivilDate, period: String, memo: String,
                     mealID: Int64? = nil, correctsID: Int64? = nil, by actor: Operator,
                     recordedAt: String? = nil, postings: [Posting]) throws -> Int64 {
        precondition(db.isInTransaction, "journal entries are written inside a transaction")
        guard !postings.isEmpty, postings.map(\.amount).sum() == .zero else {
            throw CanteenError.storage(.unbalancedEntry, ["kind": kind])
        }
        if let closed = try lastClosedMonth() {
            let thing = DatedThing(kind)
            if date.yearMonth <= closed {
                throw CanteenError.rule(.monthClosedFor, ["month": date.yearMonth, "closed": closed, "what": thing, "date": date])
            }
            if period <= closed.description {
                throw CanteenError.rule(.monthClosedFor, ["month": period, "closed": closed, "what": thing, "date": date])
            }
        }
        if let correctsID, let corrected = try db.scalarText("SELECT entry_date FROM journal WHERE id = ?", correctsID),
           let correctedDate = try? CivilDate(parsing: corrected), date < correctedDate {
            throw CanteenError.rule(.entryBeforeCorrected, ["what": DatedThing(kind), "date": date, "entry": correctsID, "corrected": correctedDate])
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
        let appropriated = -postings.filter { $0.account == Account.appropriations }.map(\.amount).sum()
        let drawn = postings.filter { $0.account == Account.drawn }.map(\.amount).sum()
        if appropriated != .zero || drawn != .zero {
            try db.cached("""
                INSERT INTO fund_periods (period, appropriated_fen, drawn_fen) VALUES (?, ?, ?)
                ON CONFLICT (period) DO UPDATE SET appropriated_fen = appropriated_fen + excluded.appropriated_fen,
                                                   drawn_fen = drawn_fen + excluded.drawn_fen
                """).execute([period, appropriated.fen, drawn.fen])
        }
        return id
    }

    /// The kept running balance of an account (derived from postings; audit verify recomputes it).
    func balance(_ account: String) throws -> Money {
        Money(fen: try db.scalarInt("SELECT balance_fen FROM balances WHERE account = ?", account) ?? 0)
    }

    /// What the fund can still give to something posted in `period` without any month's closing going below zero:
    /// the lowest closing of that period and of every later one. An appropriation dated in a later month does
    /// not reach back, so a back-filled meal is checked against the fund as of its own month.
    func fundAvailable(forPeriod period: String) throws -> Money {
        var closing = Money.zero
        var lowest: Money?
        try db.cached("SELECT period, appropriated_fen - drawn_fen FROM fund_periods ORDER BY period").forEach { row in
            let rowPeriod = row.text(0)
            // The first period after `period` when `period` itself has no row: its closing is what came before.
            if rowPeriod > period && lowest == nil { lowest = closing }
            closing += Money(fen: row.int(1))
            if rowPeriod >= period { lowest = min(lowest ?? closing, closing) }
        }
        return lowest ?? closing
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
