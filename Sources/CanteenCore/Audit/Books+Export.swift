import SQLite
@preconcurrency import Glibc

/// The plain-text accounting formats the journal exports to.
public enum JournalFormat: String, Sendable {
    case ledger, beancount
}

extension Books {
    /// The journal as a ledger or beancount file, optionally one period only; amounts in CNY with two decimals.
    public func exportJournal(format: JournalFormat, month: YearMonth?) throws -> String {
        try read {
            var out = format == .beancount
                ? "option \"title\" \"Senior canteen subsidy\"\noption \"operating_currency\" \"CNY\"\n\n"
                : "; Senior canteen subsidy journal, exported by canteen\n\n"
            if format == .beancount {
                let accounts = try db.prepare("SELECT DISTINCT account FROM postings ORDER BY account").rows([]) { $0.text(0) }
                out += accounts.map { "1900-01-01 open \(Self.beancountAccount($0)) CNY\n" }.joined() + "\n"
            }
            try db.prepare("""
                SELECT id, kind, entry_date, period, memo, hash FROM journal WHERE ?1 IS NULL OR period = ?1 ORDER BY id
                """).forEach([month?.description]) { row in
                let memo = row.text(4)
                let lines = try postings(ofEntry: row.int(0)).map { ($0.account, $0.amount) }
                switch format {
                case .ledger:
                    out += "\(row.text(2)) * \(Self.ledgerDescription(row.text(1) + ": " + memo))\n    ; entry: \(row.int(0)), period: \(row.text(3)), hash: \(row.text(5))\n"
                    out += lines.map { "    \($0.0.padding(to: 40))  \(String($0.1.description).leftPadded(to: 14, with: " ")) CNY\n" }.joined()
                case .beancount:
                    out += "\(row.text(2)) * \(Self.beancountString(row.text(1))) \(Self.beancountString(memo))\n  entry: \"\(row.int(0))\"\n  period: \"\(row.text(3))\"\n"
                    out += lines.map { "  \(Self.beancountAccount($0.0).padding(to: 40))  \(String($0.1.description).leftPadded(to: 14, with: " ")) CNY\n" }.joined()
                }
                out += "\n"
            }
            return out
        }
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
            try write { try log(actor, "backup", subject: "-", detail: "standard output, \(bytes) bytes") }
            return BackupResult(path: nil, bytes: bytes)
        }
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
                try write {
                    try log(actor, "backup", subject: path)
                    try temporary.publish()
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
            try Books.mapErrors { try db.run("VACUUM INTO ?", file) }
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
