import SQLite

/// What one printed diner card carries: plain values for a card sheet, the ID number already masked.
public struct DinerCard: Sendable, Equatable {
    /// The short number printed on the card.
    public let dinerNumber: DinerNumber
    /// The diner's name as registered.
    public let name: String
    /// The home canteen's code, or nil when the diner has none.
    public let homeSite: String?
    /// The home canteen's display name, or nil when the diner has none.
    public let homeSiteName: String?
    /// The day the card in use was issued.
    public let issuedOn: CivilDate
    /// The resident ID number, masked (440203********123X): a card never carries it in full.
    public let maskedID: String
    /// What the card's barcode reads: opaque, never the ID number.
    public let code: CardCode
    /// For a card just reissued, the code it replaced (which no longer works); nil otherwise.
    public let replaced: CardCode?
}

extension Books {
    /// Inserts a new card in use for a diner, drawing codes until one is free; returns the card's row id.
    static func insertCard(dinerID: Int64, on date: CivilDate, at stamp: String, by actorID: Int64,
                           random: RandomSource, in tx: WriteTransaction) throws -> Int64 {
        let db = tx.db
        while true {
            let code = CardCode.random(random)
            guard try db.scalarInt("SELECT 1 FROM diner_cards WHERE code = ?", code.value) == nil else { continue }
            try tx.run("INSERT INTO diner_cards (diner_id, code, issued_on, issued_at, issued_by) VALUES (?, ?, ?, ?, ?)",
                       dinerID, code.value, date.description, stamp, actorID)
            return db.lastInsertRowID
        }
    }

    /// The diner a scanned code names: 66 for a code no card ever had; a retired code is refused (1) naming
    /// whose card it was and when it was replaced, so the clerk can ask for the new one.
    func dinerID(card code: CardCode) throws -> Int64 {
        guard let card = try db.cached("""
            SELECT c.diner_id, c.retired_at, d.name, c.id FROM diner_cards c JOIN diners d ON d.id = c.diner_id WHERE c.code = ?
            """).first([code.value], { (id: $0.int(0), retired: $0.optionalText(1), name: $0.text(2), card: $0.int(3)) }) else {
            throw CanteenError.notFound(.cardNotFound, ["code": code.value])
        }
        if let retired = card.retired {
            // The day the card that replaced it was issued: the books' day, as that card prints it.
            let issued = try db.cached("SELECT issued_on FROM diner_cards WHERE diner_id = ? AND id > ? ORDER BY id LIMIT 1")
                .first([card.id, card.card]) { try? CivilDate(parsing: $0.text(0)) } ?? nil
            let when: MessageValue = issued.map { .date($0) } ?? localTime(ofTimestamp: retired).map { .date($0.date) } ?? .text(retired)
            throw CanteenError.rule(.cardReplaced, ["code": code.value, "diner": DinerNumber(id: card.id), "name": card.name, "date": when])
        }
        return card.id
    }

    /// The cards in use of the diners named (by number, ID number or card code), in the order named, each once
    /// (clerk). A diner who is no longer active gets no card (refused, 1).
    public func cards(for references: [String], by actorName: String?) throws -> [DinerCard] {
        let parsed = try references.map { try DinerReference(parsing: $0, today: today) }
        return try read {
            _ = try authorize(actorName, .counter)
            var seen: Set<Int64> = []
            var cards: [DinerCard] = []
            for reference in parsed {
                let diner = try requireDiner(reference)
                guard seen.insert(diner.id).inserted else { continue }
                try requireActiveForCard(diner)
                guard let card = try cardInUse(dinerID: diner.id) else {
                    throw CanteenError.notFound(.cardNone, ["diner": diner.number])
                }
                cards.append(card)
            }
            return cards
        }
    }

    /// The cards in use of every diner active today whose home canteen is `site`, by diner number (clerk).
    public func cards(site: String, by actorName: String?) throws -> [DinerCard] {
        let siteCode = try SiteCode(site)
        return try read {
            _ = try authorize(actorName, .counter)
            let siteID = try requireSite(siteCode)
            return try db.prepare("""
                SELECT id FROM diners WHERE home_site_id = ? AND (deactivated_on IS NULL OR deactivated_on > ?) ORDER BY id
                """).rows([siteID, today.description]) { $0.int(0) }.map { id in
                guard let card = try cardInUse(dinerID: id) else { throw CanteenError.notFound(.cardNone, ["diner": DinerNumber(id: id)]) }
                return card
            }
        }
    }

    /// The card a diner carries now, or nil when they have none (a reader for `diner show`).
    public func card(of number: DinerNumber) throws -> DinerCard? {
        try read {
            _ = try loadDiner(id: number.id)
            return try cardInUse(dinerID: number.id)
        }
    }

    /// Gives each diner named a new card (clerk), in one transaction: the card in use is retired, so its code stops
    /// working at the counter, a new code is drawn, and the audit log records both rows. Each diner once.
    /// `beforeCommit` gets the new cards inside the transaction: when it throws (their sheet cannot be written), no
    /// card is retired.
    public func reissueCards(_ references: [String], by actorName: String?,
                             beforeCommit: ([DinerCard]) throws -> Void = { _ in }) throws -> [DinerCard] {
        let parsed = try references.map { try DinerReference(parsing: $0, today: today) }
        return try write { tx in
            let actor = try authorize(actorName, .counter)
            try requireOpen(today, .cardIssue)
            var seen: Set<Int64> = []
            var cards: [DinerCard] = []
            for reference in parsed {
                let diner = try requireDiner(reference)
                guard seen.insert(diner.id).inserted else { continue }
                try requireActiveForCard(diner)
                let stamp = clock.timestamp()
                var facts: [FactKey] = []
                let old = try db.cached("SELECT id, code FROM diner_cards WHERE diner_id = ? AND retired_at IS NULL")
                    .first([diner.id]) { (id: $0.int(0), code: $0.text(1)) }
                if let old {
                    try tx.run("UPDATE diner_cards SET retired_at = ?, retired_by = ? WHERE id = ?", stamp, actor.id, old.id)
                    facts.append(.row(.diner_cards, old.id))
                }
                let newID = try Books.insertCard(dinerID: diner.id, on: today, at: stamp, by: actor.id, random: random, in: tx)
                facts.append(.row(.diner_cards, newID))
                try log(actor, "diner card reissue", subject: diner.number.description,
                        detail: .cardReissued(retired: old?.code), facts: facts, in: tx)
                guard let card = try cardInUse(dinerID: diner.id) else {
                    throw CanteenError.storage(.unexpectedError, ["text": "the new card of \(diner.number) is not in use"])
                }
                cards.append(DinerCard(dinerNumber: card.dinerNumber, name: card.name, homeSite: card.homeSite,
                                       homeSiteName: card.homeSiteName, issuedOn: card.issuedOn, maskedID: card.maskedID,
                                       code: card.code, replaced: old.flatMap { CardCode(scanned: $0.code) }))
            }
            try beforeCommit(cards)
            return cards
        }
    }

    /// A card is for eating: someone whose eligibility has ended gets none.
    private func requireActiveForCard(_ diner: Diner) throws {
        if let end = diner.deactivatedOn, end <= today {
            throw CanteenError.rule(.cardDinerInactive, ["diner": diner.number, "date": end, "reason": diner.deactivationReason ?? .other])
        }
    }

    private func cardInUse(dinerID: Int64) throws -> DinerCard? {
        try db.cached("""
            SELECT d.name, d.id_number, s.code, s.name, c.code, c.issued_on
            FROM diners d JOIN diner_cards c ON c.diner_id = d.id AND c.retired_at IS NULL
            LEFT JOIN sites s ON s.id = d.home_site_id WHERE d.id = ?
            """).first([dinerID]) { row in
            guard let code = CardCode(scanned: row.text(4)) else {
                throw CanteenError.storage(.unexpectedError, ["text": "diner \(DinerNumber(id: dinerID)) has a card code that is not one"])
            }
            return DinerCard(dinerNumber: DinerNumber(id: dinerID), name: row.text(0), maskedID: ResidentID.mask(row.text(1)),
                             homeSite: row.optionalText(2), homeSiteName: row.optionalText(3),
                             issuedOn: (try? CivilDate(parsing: row.text(5))) ?? .always, code: code)
        }
    }
}

extension DinerCard {
    init(dinerNumber: DinerNumber, name: String, maskedID: String, homeSite: String?, homeSiteName: String?,
         issuedOn: CivilDate, code: CardCode) {
        self.init(dinerNumber: dinerNumber, name: name, homeSite: homeSite, homeSiteName: homeSiteName,
                  issuedOn: issuedOn, maskedID: maskedID, code: code, replaced: nil)
    }
}
