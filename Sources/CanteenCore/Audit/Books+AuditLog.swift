import SQLite

/// One line of the audit log.
public struct AuditEntry: Sendable, Equatable {
    /// When, as an ISO 8601 UTC timestamp ("2026-11-29T05:09:03Z"), not local time.
    public let at: String
    /// Who made the change; kept even after the operator is deactivated.
    public let operatorName: String
    /// The command that made it, e.g. "meal void" or "budget add"; "unmask" marks a read of full numbers.
    public let action: String
    /// What it touched (a diner or meal number, an operator, an amount); empty when the action has none.
    public let subject: String
    /// Free text: old → new values, a reason, counts; may be empty. The stored record, as written.
    public let detail: String

    /// The detail read back as its kind and values, for wording it in another language; nil when it is empty or
    /// not a shape this program writes (or wrote), when it is shown as stored.
    public var parsedDetail: AuditDetail? { AuditDetail(action: action, detail: detail) }
}

extension Books {
    /// The instant a local day begins, as the UTC timestamp the log is written in: a day in Shanghai starts at 16:00Z the day before.
    func startOfDayUTC(_ date: CivilDate) -> String {
        let midnight = Int64(date.dayNumber) * 86_400
        return Clock.timestamp(midnight - Int64(TimeZoneOffset.seconds(zone: timeZone, at: midnight)))
    }

    /// The audit log, oldest first, from a local date on and by an operator if asked.
    public func auditLog(since: CivilDate?, by name: String?) throws -> [AuditEntry] {
        var all: [AuditEntry] = []
        try auditLog(since: since, by: name) { all.append($0) }
        return all
    }

    /// The audit log, oldest first, handed to `body` a line at a time as it is read.
    public func auditLog(since: CivilDate?, by name: String?, _ body: (AuditEntry) throws -> Void) throws {
        try read {
            // An auditor asks for a person by the name they read: every operator whose name looks like it (in
            // another normal form, case or width, or, in books from before names were compared by their look,
            // spelled with a Cyrillic о) is the one they mean, so all their lines are shown, as ",3,7," for instr().
            var ids: String?
            if let name {
                let found = try operatorsLooking(like: LookAlike.skeleton(name))
                guard !found.isEmpty else {
                    throw CanteenError.notFound(.operatorNotFound, ["name": name])
                }
                ids = "," + found.map { String($0.id) }.joined(separator: ",") + ","
            }
            try db.prepare("""
                SELECT a.at, o.name, a.action, a.subject, a.detail FROM audit_log a JOIN operators o ON o.id = a.operator_id
                WHERE a.at >= ?1 AND (?2 IS NULL OR instr(?2, ',' || o.id || ',') > 0) ORDER BY a.id
                """).forEach([since.map(startOfDayUTC) ?? "", ids]) {
                try body(AuditEntry(at: $0.text(0), operatorName: $0.text(1), action: $0.text(2), subject: $0.text(3), detail: $0.text(4)))
            }
        }
    }
}
