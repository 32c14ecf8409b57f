import SQLite

extension Books {
    /// Inserts a new card in use for a diner, drawing codes until one is free; returns the card's row id.
    static func insertCard(dinerID: Int64, on date: CivilDate, at stamp: String, by actorID: Int64,
                           random: RandomSource, in tx: WriteTransaction) throws -> Int64 {
        let db = tx.db
        while true {
            let code = CardCode.random(random)
            guard try db.scalarInt("SELECT 1 FROM diner_cards WHERE code = ?", code.value) == nil else { continue }
            try db.run("INSERT INTO diner_cards (diner_id, code, issued_on, issued_at, issued_by) VALUES (?, ?, ?, ?, ?)",
                       dinerID, code.value, date.description, stamp, actorID)
            return db.lastInsertRowID
        }
    }
}
