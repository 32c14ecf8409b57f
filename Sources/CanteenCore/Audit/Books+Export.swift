import SQLite
@preconcurrency import Glibc

/// The plain-text accounting formats the journal exports to.
public enum JournalFormat: String, Sendable {
    case ledger, beancount
}

extension Books {
    /// The journal as a ledger or beancount file, optionally one period only (a meal's period is its month), in
    /// CNY with two decimals; handed to `write` piece by piece as the entries are read, so memory stays flat
    /// however long the journal. A meal's postings are its row's by the fixed formula; a void's reverse them.
    public func exportJournal(format: JournalFormat, month: YearMonth?, _ write: (String) throws -> Void) throws {
        try read {
            try write(format == .beancount
                ? "option \"title\" \"Senior canteen subsidy\"\noption \"operating_currency\" \"CNY\"\n\n"
                : "; Senior canteen subsidy journal, exported by canteen\n\n")
            let codes = Dictionary(try db.prepare("SELECT id, code FROM sites").rows { ($0.int(0), $0.text(1)) }, uniquingKeysWith: { a, _ in a })
            if format == .beancount {
                var accounts = Set(try db.prepare("SELECT DISTINCT account FROM postings").rows([]) { $0.text(0) })
                accounts.formUnion([Account.available, Account.drawn])
                for siteID in try db.prepare("SELECT DISTINCT site_id FROM period_figures").rows([], { $0.int(0) }) {
                    let site = codes[siteID] ?? "#\(siteID)"
                    accounts.formUnion([Account.meals(site), Account.copay(site), Account.payable(site)])
                }
                try write(accounts.sorted().map { "1900-01-01 open \(Self.beancountAccount($0)) CNY\n" }.joined() + "\n")
            }
            let columns = """
                j.id, j.kind, j.entry_date, j.period, j.memo, j.hash, m.meal_date, m.slot, m.diner_id, m.site_id, m.pay, m.policy_id, m.ref,
                m.price_fen, m.copay_fen, m.subsidy_fen
                """
            let query: Statement
            var values: [any SQLBindable] = []
            if let month {
                query = try db.prepare("""
                    SELECT \(columns) FROM journal j LEFT JOIN meals m ON m.id = j.meal_id WHERE j.period = ?1
                    UNION ALL
                    SELECT \(columns) FROM meals m JOIN journal j ON j.meal_id = m.id AND j.kind = 'meal' WHERE m.meal_date BETWEEN ?2 AND ?3
                    ORDER BY 1
                    """)
                values = [month.description, month.firstDay.description, month.lastDay.description]
            } else {
                query = try db.prepare("SELECT \(columns) FROM journal j LEFT JOIN meals m ON m.id = j.meal_id ORDER BY j.id")
            }
            let stored = try db.cached("SELECT account, amount_fen FROM postings WHERE journal_id = ? ORDER BY id")
            try query.forEach(values) { row in
                let id = row.int(0)
                let kind = row.text(1)
                let hash = row.withBlob(5) { SHA256.Digest(bytes: $0)?.hex } ?? ""
                let date: String, period: String, memo: String
                var lines: [Posting]
                if kind == "meal" || kind == "void" {
                    let site = codes[row.int(9)] ?? "#\(row.int(9))"
                    let meal = Posting.meal(site: site, price: Money(fen: row.int(13)), copay: Money(fen: row.int(14)), subsidy: Money(fen: row.int(15)))
                    lines = kind == "meal" ? meal : Posting.reversal(of: meal)
                    if kind == "meal" {
                        date = row.text(6)
                        period = String(date.prefix(7))
                        memo = Self.mealMemo(slot: row.text(7), diner: DinerNumber(id: row.int(8)), site: site, pay: row.text(10),
                                             policyID: row.int(11), ref: row.optionalText(12))
                    } else {
                        (date, period, memo) = (row.text(2), row.text(3), row.text(4))
                    }
                } else {
                    (date, period, memo) = (row.text(2), row.text(3), row.text(4))
                    lines = try stored.rows([id]) { Posting($0.text(0), Money(fen: $0.int(1))) }
                }
                var out: String
                switch format {
                case .ledger:
                    out = "\(date) * \(Self.ledgerDescription(kind + ": " + memo))\n    ; entry: \(id), period: \(period), hash: \(hash)\n"
                    out += lines.map { "    \($0.account.padding(to: 40))  \(String($0.amount.description).leftPadded(to: 14, with: " ")) CNY\n" }.joined()
                case .beancount:
                    out = "\(date) * \(Self.beancountString(kind)) \(Self.beancountString(memo))\n  entry: \"\(id)\"\n  period: \"\(period)\"\n"
                    out += lines.map { "  \(Self.beancountAccount($0.account).padding(to: 40))  \(String($0.amount.description).leftPadded(to: 14, with: " ")) CNY\n" }.joined()
                }
                try write(out + "\n")
            }
        }
    }

    /// The whole export as one text, for tests and small books.
    public func exportJournal(format: JournalFormat, month: YearMonth?) throws -> String {
        var out = ""
        try exportJournal(format: format, month: month) { out += $0 }
        return out
    }

    /// A beancount string literal: in double quotes, with the backslash and the double quote escaped (a ref ending
    /// in `\` would otherwise escape the closing quote), and line ends and tabs written as beancount's escapes.
    /// The memo is then exactly what the books hold: the entry's hash can be checked against it.
    static func beancountString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A ledger/hledger transaction description, which has no escapes: it ends at the line's end, and hledger
    /// starts a comment at any `;` (ledger after white space), so a `;` is written as the full-width `；`; line ends,
    /// tabs and runs of spaces (which separate fields) become one space. It always starts with the entry's kind, so
    /// never with the status marks `*` `!` or a `(code)`. The exact memo stays in the books, under the hash.
    static func ledgerDescription(_ text: String) -> String {
        var out = ""
        var spaced = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                if !spaced, !out.isEmpty { out += " " }
                spaced = true
                continue
            }
            spaced = false
            out.unicodeScalars.append(scalar == ";" ? "\u{FF1B}" : scalar)
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    /// Beancount wants capitalised roots (Assets, Liabilities, Equity, Income, Expenses) and capitalised components.
    /// The fund's accounts are budget authority, not spending: drawn is a contra-equity, so the meal's value is the
    /// only expense and a profit-and-loss view does not count a subsidy twice.
    static func beancountAccount(_ account: String) -> String {
        let root: [String: String] = ["budget:available": "Assets:Budget:Available", "budget:appropriations": "Equity:Budget:Appropriations",
                                      "budget:drawn": "Equity:Budget:Drawn"]
        if let mapped = root[account] { return mapped }
        return account.split(separator: ":").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: ":")
    }

    /// Copies the whole database to `path` as one consistent snapshot (finance, auditor, admin); "-" streams it
    /// to standard output. The target is checked before anything is written (see `OutputFile`): never the
    /// database or its companions, never anything but a regular file, an existing file only with `force`. The
    /// copy is made in a temporary file beside the target and renamed into place inside the transaction that
    /// logs it, so the log names a backup exactly when there is one.
    public func backup(to path: String, force: Bool, by actorName: String?) throws -> BackupResult {
        let actor = try read { try authorize(actorName, .backup) }
        let target = try OutputFile(path, protecting: db.path,
                                    existing: force ? .replace : .refuse(CanteenError.rule(.backupExists, ["path": path])))
        if target.isStandardOutput {
            let scratch = try TemporaryFile.scratch("backup", access: .ownerOnly)
            defer { scratch.discard() }
            try vacuum(into: scratch.path, for: "-")
            let bytes = try target.copy(fromFileAt: scratch.path, access: .ownerOnly)
            try write { tx in try log(actor, "backup", subject: "-", detail: .backupToStandardOutput(bytes: bytes), in: tx) }
            return BackupResult(path: nil, bytes: bytes)
        }
        if !force { try TemporaryFile.requireNoStrayCompanions(of: path) }
        // A backup holds every diner's full ID and phone number: for its owner's eyes only.
        let temporary = try target.temporary(access: .ownerOnly)
        do {
            try vacuum(into: temporary.path, for: path)
            try temporary.sync()
            var info = stat()
            let bytes = stat(temporary.path, &info) == 0 ? Int64(info.st_size) : 0
            do {
                // The write lock first, then the file takes its name, then the log line commits: a rename that
                // fails rolls the line back, and a commit that fails takes the file away again.
                try write { tx in
                    try log(actor, "backup", subject: path, in: tx)
                    try temporary.publish(database: true)
                }
            } catch {
                temporary.retract()
                throw error
            }
            return BackupResult(path: path, bytes: bytes)
        } catch {
            temporary.discard()
            throw error
        }
    }

    /// VACUUM INTO an empty file of ours: a consistent snapshot, written without a journal.
    private func vacuum(into file: String, for target: String) throws {
        do {
            // VACUUM INTO only reads the books, but SQLite counts it as a write of the connection.
            try Books.mapErrors { try allowingWrites { try db.run("VACUUM INTO ?", file) } }
        } catch let error as CanteenError {
            throw error.kind == .busy ? error : error.within(.cannotWrite, ["path": target])
        }
    }
}

/// Where a backup went.
public struct BackupResult: Sendable, Equatable {
    /// The file written; nil when the copy went to standard output.
    public let path: String?
    /// The copy's size in bytes.
    public let bytes: Int64
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
