import SQLite

extension Books {
    /// Adds a canteen with its first price (admin only); without `from`, the price is in force for every date, or
    /// from the first open day once a month is closed.
    public func addSite(code: String, name: String, price: Money, capacity: Int?, district: String?,
                        from: CivilDate?, by actorName: String?) throws -> Site {
        let siteCode = try SiteCode(code)
        let siteName = try TextField.validatedName(name, field: .siteName, limit: 64)
        guard price > .zero else { throw CanteenError.invalid(.priceZero) }
        try Money.requireMealAmount(price, .priceTooLarge)
        if let from { try CivilDate.requireInput(from) }
        if let capacity, !Site.capacityRange.contains(capacity) {
            throw CanteenError.invalid(.capacityRange, ["low": Site.capacityRange.lowerBound, "high": Site.capacityRange.upperBound])
        }
        let districtName = try district.map { try TextField.validatedName($0, field: .district, limit: 32) }
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            if try siteID(siteCode) != nil {
                throw CanteenError.rule(.siteExists, ["site": siteCode])
            }
            try tx.run("INSERT INTO sites (code, name, district, capacity, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                       siteCode.value, siteName, districtName?.isEmpty == false ? districtName : nil,
                       capacity, clock.timestamp(), actor.id)
            let id = db.lastInsertRowID
            let start = try effectiveStart(from, .price, exempt: try noMealsYet())
            let priceID = try insertPrice(siteID: id, price: price, from: start, actor: actor, in: tx)
            try log(actor, "site add", subject: siteCode.value, detail: .siteAdded(name: siteName, price: price, from: start == .always ? nil : start),
                    facts: [.row(.sites, id), .row(.site_prices, priceID)], in: tx)
            return try loadSite(id: id)
        }
    }

    /// Adds a price change from a date on (admin only); meals already recorded keep what they were charged.
    public func setSitePrice(code: String, price: Money, from: CivilDate, by actorName: String?) throws -> Site {
        let siteCode = try SiteCode(code)
        guard price > .zero else { throw CanteenError.invalid(.priceZero) }
        try Money.requireMealAmount(price, .priceTooLarge)
        try CivilDate.requireInput(from)
        return try write { tx in
            let actor = try authorize(actorName, .setup)
            let id = try requireSite(siteCode)
            _ = try effectiveStart(from, .price, exempt: try noMealsYet())
            if try db.scalarInt("SELECT 1 FROM site_prices WHERE site_id = ? AND effective_from = ?", id, from.description) != nil {
                throw CanteenError.rule(.priceExists, ["site": siteCode, "date": from])
            }
            let priceID = try insertPrice(siteID: id, price: price, from: from, actor: actor, in: tx)
            try log(actor, "site price", subject: siteCode.value, detail: .priceSet(price: price, from: from), facts: [.row(.site_prices, priceID)], in: tx)
            return try loadSite(id: id)
        }
    }

    private func insertPrice(siteID: Int64, price: Money, from: CivilDate, actor: Operator, in tx: WriteTransaction) throws -> Int64 {
        try tx.run("INSERT INTO site_prices (site_id, price_fen, effective_from, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                   siteID, price.fen, from.description, clock.timestamp(), actor.id)
        return db.lastInsertRowID
    }

    /// Every canteen, by code.
    public func sites() throws -> [Site] {
        try read {
            try db.prepare("SELECT id FROM sites ORDER BY code").rows { $0.int(0) }.map { try loadSite(id: $0) }
        }
    }

    /// One canteen by code (66 when there is none).
    public func site(code: String) throws -> Site {
        let siteCode = try SiteCode(code)
        return try read { try loadSite(id: try requireSite(siteCode)) }
    }

    func siteID(_ code: SiteCode) throws -> Int64? {
        try db.scalarInt("SELECT id FROM sites WHERE code = ?", code.value)
    }

    func requireSite(_ code: SiteCode) throws -> Int64 {
        guard let id = try siteID(code) else {
            throw CanteenError.notFound(.siteNotFound, ["site": code], hint: Message(.hintSiteList))
        }
        return id
    }

    /// A canteen by code with its price history, in one read (66 when there is none): the meal's hot path.
    func requireSiteWithPrices(_ code: SiteCode) throws -> Site {
        guard let site = try siteWithPrices(matching: "s.code = ?", code.value) else {
            throw CanteenError.notFound(.siteNotFound, ["site": code], hint: Message(.hintSiteList))
        }
        return site
    }

    func loadSite(id: Int64) throws -> Site {
        guard let site = try siteWithPrices(matching: "s.id = ?", id) else { throw CanteenError.notFound(.siteIDNotFound, ["id": id]) }
        return site
    }

    /// The canteen and every price it has had, oldest first, from one query.
    private func siteWithPrices(matching condition: String, _ value: any SQLBindable) throws -> Site? {
        let rows = try db.cached("""
            SELECT s.id, s.code, s.name, s.district, s.capacity, p.effective_from, p.price_fen
            FROM sites s LEFT JOIN site_prices p ON p.site_id = s.id WHERE \(condition) ORDER BY p.effective_from
            """).rows([value]) { row in
            (site: Site(id: row.int(0), code: row.text(1), name: row.text(2), district: row.optionalText(3),
                        capacity: row.optionalInt(4).map { Int($0) }, prices: []),
             price: row.isNull(5) ? nil : PriceChange(from: (try? CivilDate(parsing: row.text(5))) ?? .always, price: Money(fen: row.int(6))))
        }
        guard let first = rows.first?.site else { return nil }
        return Site(id: first.id, code: first.code, name: first.name, district: first.district, capacity: first.capacity,
                    prices: rows.compactMap(\.price))
    }
}
