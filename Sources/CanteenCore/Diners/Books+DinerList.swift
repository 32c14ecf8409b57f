import SQLite

extension Books {
    /// Diners by number, optionally only those of a home canteen or status (active on today), handed to `body`
    /// one at a time as they are read, so a city's list goes out with flat memory. With `unmaskedBy`, the operator
    /// must be one who may see full numbers, and the reading is logged first, in its own short transaction, so the
    /// write lock is never held while the list is being written out.
    public func listDiners(site: String?, active: Bool?, unmaskedBy actorName: String? = nil, _ body: (Diner) throws -> Void) throws {
        let siteCode = try site.map { try SiteCode($0) }
        let siteID = try siteCode.map { code in try read { try requireSite(code) } }
        if let actorName {
            try write { tx in
                let actor = try authorize(actorName, .unmask)
                try log(actor, "unmask", subject: "diner list",
                        detail: siteCode == nil && active == nil ? nil : .unmaskedList(site: siteCode?.value, active: active),
                        in: tx)
            }
        }
        try read {
            var sql = "SELECT id FROM diners WHERE 1"
            var values: [any SQLBindable] = []
            if let siteID { sql += " AND home_site_id = ?"; values.append(siteID) }
            if let active {
                sql += active ? " AND (deactivated_on IS NULL OR deactivated_on > ?)" : " AND deactivated_on <= ?"
                values.append(today.description)
            }
            try db.prepare(sql + " ORDER BY id").forEach(values) { try body(try loadDiner(id: $0.int(0))) }
        }
    }
}
