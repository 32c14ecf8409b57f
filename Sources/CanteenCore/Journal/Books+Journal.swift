import SQLite

extension Books {
    /// The fund's remaining, as kept beside the journal (audit verify recomputes it from the entries).
    func fundRemaining() throws -> Money {
        Money(fen: try db.cached("SELECT balance_fen FROM balances WHERE account = 'budget:available'").first { $0.int(0) } ?? 0)
    }

    /// The newest entry and its hash in hex, as a close seals it: the chain's head.
    func chainHead() throws -> (id: Int64, hash: String) {
        try db.cached("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").first { row in
            (row.int(0), row.withBlob(1) { SHA256.Digest(bytes: $0)?.hex } ?? "")
        } ?? (0, JournalEntry.genesisHash)
    }
}
