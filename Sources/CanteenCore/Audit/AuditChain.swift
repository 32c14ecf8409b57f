import SQLite

/// The tables whose rows are facts that decide who is paid, and the columns that name a row of each. Every
/// change to one of them is recorded in the audit chain with the row's state after it.
enum RegisteredTable: String, CaseIterable, Sendable {
    case settings, operators, sites, site_prices, policies, diners, diner_categories, cash_declarations
    case month_closes, month_close_sites, settlements, operator_keys, diner_cards

    /// The schema version whose migration made the table: a migration's step records only the tables there then.
    var introducedIn: Int {
        switch self {
        case .operator_keys, .diner_cards: 4
        default: 1
        }
    }

    /// The primary-key columns, which name a row in the chain (a rowid would change on VACUUM for some of them).
    var keyColumns: [String] {
        switch self {
        case .settings: ["key"]
        case .month_closes: ["month"]
        case .month_close_sites: ["month", "site_id"]
        default: ["id"]
        }
    }
}

/// A row a change touched: its table and its key values, in `keyColumns` order.
struct FactKey: Sendable, Equatable {
    let table: RegisteredTable
    let key: [SQLValue]

    init(_ table: RegisteredTable, _ key: SQLValue...) {
        self.table = table
        self.key = key
    }

    static func row(_ table: RegisteredTable, _ id: Int64) -> FactKey { FactKey(table, .integer(id)) }

    /// The key as the chain writes it.
    var text: String { key.map(RowState.encode).joined(separator: "|") }
}

/// How a row is written in the chain: every column in table order as `name=value`, separated by commas;
/// integers as digits, text quoted with its backslashes, quotes and control characters escaped, NULL as null.
enum RowState {
    /// One value as the chain writes it.
    static func encode(_ value: SQLValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let n): return String(n)
        case .blob(let bytes): return "x" + bytes.hexString
        case .text(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        out += "\\u{" + String(scalar.value, radix: 16) + "}"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}

/// One row of the audit chain being written or checked, with its facts.
struct AuditRecord: Sendable {
    let id: Int64
    let at: String
    let operatorID: Int64
    let action: String
    let subject: String
    let detail: String
    let facts: [(table: String, key: String, state: String)]

    /// The hash before the first row.
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// The canonical text the row's hash covers: a version line, each field on its line (free text escaped),
    /// one `fact:` line per fact in order, and the previous row's hash last.
    func canonicalText(previous: [UInt8]) -> String {
        var text = "canteen-audit-v1\nid:\(id)\nat:\(JournalEntry.escaped(at))\noperator:\(operatorID)\n"
        text += "action:\(JournalEntry.escaped(action))\nsubject:\(JournalEntry.escaped(subject))\ndetail:\(JournalEntry.escaped(detail))\n"
        for fact in facts { text += "fact:\(fact.table):\(JournalEntry.escaped(fact.key)):\(JournalEntry.escaped(fact.state))\n" }
        return text + "prev:\(previous.hexString)\n"
    }

    /// SHA-256 of the canonical text.
    func hash(previous: [UInt8]) -> [UInt8] { SHA256.digest(Array(canonicalText(previous: previous).utf8)) }
}

/// Reads and writes the audit chain on one connection. It lives for one transaction (or one check), so the
/// columns of each registered table, the query of a row's state and the chain's head are read once in it.
final class AuditChain {
    let db: Database
    private var columnsByTable: [RegisteredTable: [String]] = [:]
    private var stateQueries: [RegisteredTable: Statement] = [:]
    private var knownHead: (id: Int64, hash: [UInt8])?
    private var headTable: Bool?

    /// `keepsHead`: whether the books keep the chain's head apart, when known (the current schema does); nil inside
    /// a migration, where it is looked up, since the steps of migrations before 6 run without the table.
    init(db: Database, keepsHead: Bool? = nil) {
        self.db = db
        self.headTable = keepsHead
    }

    /// The columns of a registered table, in table order.
    func columns(_ table: RegisteredTable) throws -> [String] {
        if let known = columnsByTable[table] { return known }
        let columns = try db.cached("SELECT name FROM pragma_table_info(?) ORDER BY cid").rows([table.rawValue]) { $0.text(0) }
        columnsByTable[table] = columns
        return columns
    }

    /// The state of one row now, or nil when it does not exist.
    func state(of fact: FactKey) throws -> String? {
        let columns = try columns(fact.table)
        let query: Statement
        if let known = stateQueries[fact.table] { query = known } else {
            let condition = fact.table.keyColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            query = try db.prepare("SELECT \(list) FROM \(fact.table.rawValue) WHERE \(condition)")
            stateQueries[fact.table] = query
        }
        return try query.first(fact.key) { row in Self.state(row, columns: columns, from: 0) }
    }

    /// The state of the row a statement is positioned on, from column `from` on.
    static func state(_ row: Row, columns: [String], from offset: Int) -> String {
        columns.enumerated().map { "\($0.element)=\(RowState.encode(row.value(offset + $0.offset)))" }.joined(separator: ",")
    }

    /// The newest row's id and hash: the chain's head.
    func head() throws -> (id: Int64, hash: [UInt8]) {
        if let knownHead { return knownHead }
        let head = try db.cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").first { ($0.int(0), $0.blob(1)) }
            ?? (0, AuditRecord.genesis)
        knownHead = head
        return head
    }

    /// True when the books keep the chain's head apart (migration 6 on; the steps of earlier migrations run before it).
    private func keepsHead() throws -> Bool {
        if let headTable { return headTable }
        let exists = try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_head'") == 1
        headTable = exists
        return exists
    }

    /// Appends one row with the current state of every fact named, inside the caller's transaction.
    @discardableResult
    func append(at: String, operatorID: Int64, action: String, subject: String, detail: String, facts: [FactKey],
                in tx: WriteTransaction) throws -> Int64 {
        var states: [(table: String, key: String, state: String)] = []
        for fact in facts {
            guard let state = try state(of: fact) else {
                throw CanteenError.storage(.unexpectedError, ["text": "no row \(fact.table.rawValue) \(fact.text) to record"])
            }
            states.append((fact.table.rawValue, fact.text, state))
        }
        return try append(AuditRecordDraft(at: at, operatorID: operatorID, action: action, subject: subject, detail: detail, facts: states), in: tx)
    }

    /// Appends a row whose fact states are already known (the migration records rows as found).
    func append(_ draft: AuditRecordDraft, in tx: WriteTransaction) throws -> Int64 {
        let last = try head()
        let record = AuditRecord(id: try last.id.checkedAdding(1), at: draft.at, operatorID: draft.operatorID, action: draft.action,
                                 subject: draft.subject, detail: draft.detail, facts: draft.facts)
        let hash = record.hash(previous: last.hash)
        try tx.run("INSERT INTO audit_log (id, at, operator_id, action, subject, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   record.id, record.at, record.operatorID, record.action, record.subject, record.detail, hash)
        knownHead = (record.id, hash)
        if try keepsHead() { try tx.run("UPDATE audit_head SET last_id = ?, hash = ? WHERE one = 1", record.id, hash) }
        let insertFact = try tx.statement("INSERT INTO audit_facts (audit_id, seq, tbl, row_key, state) VALUES (?, ?, ?, ?, ?)")
        for (index, fact) in record.facts.enumerated() {
            try insertFact.execute([record.id, index + 1, fact.table, fact.key, fact.state])
        }
        return record.id
    }

    /// Every row of every registered table as it is now, by table and key.
    func currentStates(_ table: RegisteredTable, _ body: (String, String) throws -> Void) throws {
        let columns = try columns(table)
        let keys = table.keyColumns
        let list = (keys + columns).map { "\"\($0)\"" }.joined(separator: ", ")
        try db.prepare("SELECT \(list) FROM \(table.rawValue)").forEach { row in
            let key = (0..<keys.count).map { RowState.encode(row.value($0)) }.joined(separator: "|")
            try body(key, Self.state(row, columns: columns, from: keys.count))
        }
    }
}

/// A row of the audit chain before it has an id and a hash.
struct AuditRecordDraft {
    let at: String
    let operatorID: Int64
    let action: String
    let subject: String
    let detail: String
    let facts: [(table: String, key: String, state: String)]
}

extension Schema {
    /// Migration 3's step: chains the audit log rows already there, records every registered row as found, and
    /// fills the fund's per-period figures from the postings.
    static let chainTheRegister: MigrationStep = { db, context in
        let tx = WriteTransaction.migrating(db)
        let chain = tx.audit
        try db.prepare("SELECT at, operator_id, action, subject, detail FROM audit_log_unchained ORDER BY id").forEach { row in
            _ = try chain.append(AuditRecordDraft(at: row.text(0), operatorID: row.int(1), action: row.text(2), subject: row.text(3),
                                                  detail: row.text(4), facts: []), in: tx)
        }
        try db.execute("DROP TABLE audit_log_unchained")
        var facts: [(table: String, key: String, state: String)] = []
        for table in RegisteredTable.allCases where table.introducedIn <= 3 {
            try chain.currentStates(table) { key, state in facts.append((table.rawValue, key, state)) }
        }
        if !facts.isEmpty {
            let actor = try context.actorID ?? db.scalarInt("SELECT min(id) FROM operators WHERE role = 'admin'") ?? 1
            _ = try chain.append(AuditRecordDraft(at: context.appliedAt, operatorID: actor, action: "migrate",
                                                  subject: "schema 3", detail: AuditDetail.registerBegan.text, facts: facts), in: tx)
        }
        try db.execute("""
            INSERT INTO fund_periods (period, appropriated_fen, drawn_fen)
            SELECT j.period, coalesce(sum(CASE WHEN p.account = 'budget:appropriations' THEN -p.amount_fen END), 0),
                   coalesce(sum(CASE WHEN p.account = 'budget:drawn' THEN p.amount_fen END), 0)
            FROM journal j JOIN postings p ON p.journal_id = j.id
            WHERE p.account IN ('budget:appropriations', 'budget:drawn') GROUP BY j.period
            """)
    }
}

extension Schema {
    /// Migration 4's step: every diner registered before cards existed gets one, recorded in the audit chain.
    static let issueFirstCards: MigrationStep = { db, context in
        let diners = try db.prepare("SELECT id FROM diners ORDER BY id").rows { $0.int(0) }
        guard !diners.isEmpty else { return }
        let actor = try context.actorID ?? db.scalarInt("SELECT min(id) FROM operators WHERE role = 'admin'") ?? 1
        let zone = try db.scalarText("SELECT value FROM settings WHERE key = 'timezone'") ?? "Asia/Shanghai"
        let issuedOn = Clock.system.today(inTimeZone: zone)
        let random = RandomSource.system
        let tx = WriteTransaction.migrating(db)
        var facts: [FactKey] = []
        for diner in diners {
            facts.append(.row(.diner_cards, try Books.insertCard(dinerID: diner, on: issuedOn, at: context.appliedAt,
                                                                 by: actor, random: random, in: tx)))
        }
        try tx.audit.append(at: context.appliedAt, operatorID: actor, action: "migrate", subject: "schema 4",
                                      detail: AuditDetail.firstCards(diners: diners.count).text, facts: facts, in: tx)
    }
}
