import SQLite

extension Books {
    /// Walks the audit chain in order (contiguous ids, each hash recomputed over the row, its facts and the previous
    /// hash), then proves that every registered table equals what the chain says: every row has a record, its
    /// latest record is its state now, and no recorded row has gone. Returns the number of rows walked.
    func verifyAuditChain(_ problem: (String, Message) -> Void) throws -> Int {
        var latest: [RegisteredTable: [String: String]] = [:]
        var previous = AuditRecord.genesis
        var expectedID: Int64 = 1
        var count = 0
        let facts = try db.prepare("SELECT audit_id, tbl, row_key, state FROM audit_facts ORDER BY audit_id, seq")
        var pending: (id: Int64, table: String, key: String, state: String)?
        var factsDone = false
        try facts.bind([])
        func nextFact() throws -> (Int64, String, String, String)? {
            if factsDone { return nil }
            guard let row = try facts.next() else { factsDone = true; return nil }
            return (row.int(0), row.text(1), row.text(2), row.text(3))
        }
        pending = try nextFact().map { (id: $0.0, table: $0.1, key: $0.2, state: $0.3) }
        defer { facts.reset() }
        try db.prepare("SELECT id, at, operator_id, action, subject, detail, hash FROM audit_log ORDER BY id").forEach { row in
            count += 1
            let id = row.int(0)
            if id != expectedID { problem("audit-chain", Message(.verifyAuditRowMissing, ["row": expectedID, "next": id])) }
            expectedID = id &+ 1
            var rowFacts: [(table: String, key: String, state: String)] = []
            while let fact = pending, fact.id <= id {
                if fact.id == id { rowFacts.append((fact.table, fact.key, fact.state)) } else {
                    problem("audit-chain", Message(.verifyAuditFactOrphan, ["row": fact.id]))
                }
                pending = try nextFact().map { (id: $0.0, table: $0.1, key: $0.2, state: $0.3) }
            }
            let record = AuditRecord(id: id, at: row.text(1), operatorID: row.int(2), action: row.text(3), subject: row.text(4),
                                     detail: row.text(5), facts: rowFacts)
            let stored = row.blob(6)
            if record.hash(previous: previous) != stored {
                problem("audit-chain", Message(.verifyAuditRowAltered, ["row": id]))
            }
            previous = stored
            for fact in rowFacts {
                if let table = RegisteredTable(rawValue: fact.table) { latest[table, default: [:]][fact.key] = fact.state } else {
                    problem("audit-chain", Message(.verifyAuditUnknownTable, ["row": id, "table": fact.table]))
                }
            }
        }
        while let fact = pending {
            problem("audit-chain", Message(.verifyAuditFactOrphan, ["row": fact.id]))
            pending = try nextFact().map { (id: $0.0, table: $0.1, key: $0.2, state: $0.3) }
        }
        // The chain cannot show that its newest rows were cut off: the head kept apart can.
        let last = expectedID - 1
        if let head = try db.cached("SELECT last_id, hash FROM audit_head WHERE one = 1").first([], { ($0.int(0), $0.blob(1)) }) {
            if head.0 > last {
                problem("audit-chain", Message(.verifyAuditHeadAhead, ["row": last, "head": head.0]))
            } else if head.0 < last || head.1 != (count == 0 ? AuditRecord.genesis : previous) {
                problem("audit-chain", Message(.verifyAuditHeadDiffers, ["row": last, "head": head.0]))
            }
        } else {
            problem("audit-chain", Message(.verifyAuditHeadMissing))
        }
        let chain = AuditChain(db: db)
        for table in RegisteredTable.allCases {
            var recorded = latest[table] ?? [:]
            try chain.currentStates(table) { key, state in
                guard let was = recorded.removeValue(forKey: key) else {
                    problem("register", Message(.verifyFactUnrecorded, ["table": table.rawValue, "key": key]))
                    return
                }
                if was != state {
                    let difference = RowState.firstDifference(now: state, recorded: was)
                    problem("register", Message(.verifyFactChanged, ["table": table.rawValue, "key": key, "column": difference.column,
                                                                     "now": difference.now, "recorded": difference.recorded]))
                }
            }
            for key in recorded.keys.sorted() {
                problem("register", Message(.verifyFactRemoved, ["table": table.rawValue, "key": key]))
            }
        }
        return count
    }

    /// The schema is the one the migrations make: every table, index and trigger present with the same
    /// statement and nothing else, the migrations recorded as applied, and SQLite's own integrity check passes.
    /// A changed or missing trigger is an "append-only" problem, since each one guards something append-only.
    func verifySchema(_ problem: (String, Message) -> Void, integrity: IntegrityCheck) throws {
        let expected = try Schema.expectedObjects()
        let present = try Schema.objects(in: db)
        for (name, object) in expected.sorted(by: { $0.key < $1.key }) {
            let check = object.type == "trigger" ? "append-only" : "schema"
            guard let installed = present[name] else {
                problem(check, Message(object.type == "trigger" ? .verifyTriggerMissing : .verifySchemaMissing,
                                       ["name": name, "type": object.type]))
                continue
            }
            if installed.type != object.type || Schema.normalized(installed.sql) != Schema.normalized(object.sql) {
                problem(check, Message(object.type == "trigger" ? .verifyTriggerChanged : .verifySchemaChanged,
                                       ["name": name, "type": object.type]))
            }
        }
        for (name, object) in present.sorted(by: { $0.key < $1.key }) where expected[name] == nil {
            problem("schema", Message(.verifySchemaExtra, ["name": name, "type": object.type]))
        }
        let versions = try db.prepare("SELECT version FROM schema_migrations ORDER BY version").rows { Int($0.int(0)) }
        if versions != Schema.embedded.map(\.version) {
            problem("schema", Message(.verifyMigrationsRecorded, ["versions": versions.map { String($0) }.joined(separator: ", ")]))
        }
        let lines = integrity.result()
        if lines != ["ok"] {
            for line in lines { problem("integrity", Message(.verifyIntegrity, ["text": line])) }
        }
    }
}

extension RowState {
    /// The first column where two states differ, with both values as the chain writes them.
    static func firstDifference(now: String, recorded: String) -> (column: String, now: String, recorded: String) {
        let a = fields(now), b = fields(recorded)
        for (index, field) in a.enumerated() {
            let other: (name: String, value: String) = index < b.count ? b[index] : (field.name, "–")
            if field != other { return (field.name, field.value, other.value) }
        }
        if b.count > a.count { return (b[a.count].name, "–", b[a.count].value) }
        return ("?", now, recorded)
    }

    /// A state split back into its columns: `name=value` pairs separated by commas outside quotes.
    static func fields(_ state: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        var current = ""
        var quoted = false, escaped = false
        for character in state {
            if quoted {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
            } else if character == "," {
                result.append(split(current))
                current = ""
            } else {
                if character == "\"" { quoted = true }
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(split(current)) }
        return result
    }

    private static func split(_ field: String) -> (String, String) {
        guard let equals = field.firstIndex(of: "=") else { return (field, "") }
        return (String(field[..<equals]), String(field[field.index(after: equals)...]))
    }
}

extension Schema {
    /// A table, index or trigger as sqlite_schema records it.
    struct Object: Equatable {
        let type: String
        let sql: String
    }

    /// What the migrations make, from running them on an empty database in memory.
    static func expectedObjects() throws -> [String: Object] {
        let memory = try Database(path: ":memory:", mode: .readWriteCreate)
        try migrator.migrate(memory, context: MigrationContext(appliedAt: "expected"))
        return try objects(in: memory)
    }

    /// The schema's objects by name, SQLite's own (sqlite_…) left out.
    static func objects(in db: Database) throws -> [String: Object] {
        Dictionary(try db.prepare("""
            SELECT name, type, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'index', 'trigger', 'view')
            """).rows { ($0.text(0), Object(type: $0.text(1), sql: $0.text(2))) }, uniquingKeysWith: { a, _ in a })
    }

    /// SQL with its white space folded, so a statement compares by what it says.
    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// SQLite's integrity_check, run on a connection and a thread of its own while the journal pass runs, since it
/// reads every page of the file once more: on two cores the two take the time of the longer one.
final class IntegrityCheck: @unchecked Sendable {
    private var lines: [String] = []
    private var thread: BackgroundThread?
    private var inline: Database?

    /// How much of the file the checks map into memory: SQLite's own ceiling (2 GiB less 64 KiB).
    static let mapSize: Int64 = 0x7FFF_0000

    /// Starts the check of the file at `path` at once.
    init(path: String) {
        thread = BackgroundThread { [self] in
            do {
                let (db, copy) = try Books.openDatabase(path, busyTimeout: 5000)
                defer { copy?.discard() }
                // A large page cache, since the index checks look rows up in their tables, and the file mapped.
                try db.execute("PRAGMA cache_size = -131072")
                try db.execute("PRAGMA mmap_size = \(Self.mapSize)")
                lines = try Self.run(on: db)
            } catch {
                lines = ["\(error)"]
            }
        }
    }

    /// A check run on `db` itself when its result is asked for: a migration's transaction, which no other
    /// connection can see (nor, in rollback-journal mode, even read past).
    init(db: Database) { inline = db }

    private static func run(on db: Database) throws -> [String] {
        try db.prepare("PRAGMA integrity_check(20)").rows { $0.text(0) }
    }

    /// The check's lines ("ok" alone when the file is sound), once it has finished.
    func result() -> [String] {
        if let inline {
            do { lines = try Self.run(on: inline) } catch { lines = ["\(error)"] }
            self.inline = nil
        }
        thread?.join()
        thread = nil
        return lines
    }
}
