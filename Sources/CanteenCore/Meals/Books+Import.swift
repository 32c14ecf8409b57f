import SQLite
@preconcurrency import Glibc

/// What an import did: rows recorded, rows skipped because their ref was already recorded.
public struct ImportResult: Sendable, Equatable {
    /// Rows written as new meals.
    public let recorded: Int
    /// Rows whose ref was already recorded with the same details: nothing written for them.
    public let skipped: Int
    /// The subsidy drawn by the new meals only.
    public let subsidy: Money
    /// The fund's balance after the import.
    public let budgetRemaining: Money
}

extension Books {
    /// The header an import file must start with.
    public static let importHeader = ["ref", "date", "slot", "site", "diner", "pay"]

    /// At most this many bad rows are listed in the error; the count covers them all.
    static let reportedRowLimit = 200

    /// Records a counter's offline log (clerk): all rows or none, in one transaction. `path` "-" reads standard
    /// input. Every bad row is reported with its line number; malformed rows or unknown diners and canteens make
    /// it invalid input (65), otherwise a broken rule refuses it (1). Rows whose ref is already recorded with the
    /// same details are skipped and counted.
    ///
    /// The file is read and its form checked before the write lock is taken, so a slow source (a pipe, a FIFO
    /// with no writer yet) never holds the counters up: a source that is not a regular file is first copied to a
    /// temporary file. The rows are then checked and written in one pass under the lock, through the counter's
    /// own recorder: diners, canteens and policies read once, one statement per write, no savepoint per row.
    public func importMeals(path: String, by actorName: String?, progress: ((Int) -> Void)? = nil) throws -> ImportResult {
        _ = try read { try authorize(actorName, .counter) }
        let source = try ImportSource(path: path)
        defer { source.discard() }
        // The whole file is read and its header checked with no lock held: a file without a good header goes no
        // further. Malformed rows and rows with a bad field are reported with the rest, in line order, by the locked
        // pass, which checks every other row against the books too.
        try scan(source, problems: ImportProblems()) { _, _ in }
        return try write { tx in
            let actor = try authorize(actorName, .counter)
            let lockedProblems = ImportProblems()
            let recorder = MealRecorder(books: self, in: tx)
            var recorded = 0, skipped = 0, rows = 0
            var subsidy = Money.zero
            // The meals this import wrote, by slot and line: a later row for the same slot is told which line it
            // clashes with, since the meal numbers vanish when the refused import rolls back.
            var slots: [SlotKey: Int] = [:]
            var refLines: [String: Int] = [:]
            try scan(source, problems: lockedProblems) { line, row in
                rows += 1
                progress?(rows)
                if let first = refLines[row.ref] {
                    lockedProblems.add(line: line, CanteenError.invalid(.importRefTwice, ["ref": row.ref, "line": first]))
                    return
                }
                refLines[row.ref] = line
                do {
                    let receipt = try recorder.record(row.request, diner: row.diner, site: row.site, ref: row.ref, actor: actor)
                    if receipt.replayed { skipped += 1 } else {
                        recorded += 1
                        subsidy += receipt.meal.subsidy
                        slots[SlotKey(diner: receipt.meal.dinerNumber.id, date: receipt.meal.date, slot: receipt.meal.slot)] = line
                    }
                } catch let error as CanteenError {
                    if error.message.key == .mealDuplicate, case .text(let dinerText)? = error.message.values["diner"],
                       let diner = DinerNumber(parsing: dinerText), let date = row.request.date,
                       let first = slots[SlotKey(diner: diner.id, date: date, slot: row.request.slot)] {
                        lockedProblems.add(line: line, CanteenError.rule(.importDuplicateInFile, ["diner": diner, "slot": row.request.slot,
                                                                                                 "date": date, "line": first]))
                    } else {
                        lockedProblems.add(line: line, error)
                    }
                }
            }
            if let failure = lockedProblems.error(path: source.name) { throw failure }
            if recorded > 0 { try log(actor, "meal import", subject: source.name, detail: .mealsImported(recorded: recorded, skipped: skipped), in: tx) }
            return ImportResult(recorded: recorded, skipped: skipped, subsidy: subsidy, budgetRemaining: try tx.ledger.fundRemaining())
        }
    }

    /// Reads the file through: the header, then every row checked for form, handing each good row to `body` with
    /// its line; a bad row, a malformed one included (a stray quote, text that is not UTF-8), is added to `problems`
    /// and the reading goes on at the next line, so every other row is still checked and listed. Throws when the
    /// header is missing, malformed or wrong: without it no row can be read.
    private func scan(_ source: ImportSource, problems: ImportProblems, _ body: (Int, ImportRow) throws -> Void) throws {
        let bytes = try source.open()
        var reader = CSVReader(chunks: bytes.nextChunk)
        let header: (line: Int, fields: [String])
        do {
            guard let first = try readRecord(&reader, source: bytes, path: source.name) else {
                throw CanteenError.invalid(.importEmpty, ["path": source.name, "header": Books.importHeader.joined(separator: ",")])
            }
            header = first
        } catch let error as CSVError {
            problems.add(line: error.line, CanteenError.invalid(.csvProblem, ["problem": error.problem]))
            throw problems.error(path: source.name) ?? CanteenError.invalid(.csvProblem, ["problem": error.problem])
        }
        guard header.fields.map({ $0.trimmed.lowercased() }) == Books.importHeader else {
            throw CanteenError.invalid(.importHeader, ["header": Books.importHeader.joined(separator: ","), "found": header.fields.joined(separator: ",")])
        }
        while true {
            let record: (line: Int, fields: [String])
            do {
                guard let next = try readRecord(&reader, source: bytes, path: source.name) else { break }
                record = next
            } catch let error as CSVError {
                problems.add(line: error.line, CanteenError.invalid(.csvProblem, ["problem": error.problem]))
                continue
            }
            if record.fields == [""] { continue }
            let row: ImportRow
            do { row = try ImportRow(record.fields, today: today) } catch let error as CanteenError {
                problems.add(line: record.line, error)
                continue
            }
            try body(record.line, row)
        }
    }

    /// The next CSV record (a malformed one throws its `CSVError`, and the reader reads on from the next line); a
    /// file that cannot be read to its end stops the import.
    private func readRecord(_ reader: inout CSVReader, source: FileByteSource, path: String) throws -> (line: Int, fields: [String])? {
        let record = try reader.nextRecord()
        if record == nil, case .unreadable(_, let code)? = source.readError {
            throw CanteenError.storage(.cannotReadToEnd, ["path": path, "reason": SystemError(code)])
        }
        return record
    }
}

/// A meal slot of one diner on one day.
private struct SlotKey: Hashable {
    let diner: Int64
    let date: CivilDate
    let slot: MealSlot
}

/// Where an import's rows come from: a regular file, read where it is, or anything else (standard input, a pipe,
/// a FIFO) copied first to a temporary file, so the rows can be read twice and the lock is never held waiting.
final class ImportSource {
    /// What messages call it: the path as given, or "-" for standard input.
    let name: String
    private let path: String
    private let spooled: TemporaryFile?

    init(path: String) throws {
        name = path
        var info = stat()
        if path == "-" {
            let temporary = try TemporaryFile.scratch("import", access: .ownerOnly)
            try Self.copy(from: 0, name: "-", to: temporary.path)
            spooled = temporary
            self.path = temporary.path
            return
        }
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw CanteenError.notFound(.fileNotFound, ["path": path]) }
            throw CanteenError.storage(.cannotRead, ["path": path, "reason": SystemError(errno)])
        }
        if info.st_mode & S_IFMT == S_IFREG {
            spooled = nil
            self.path = path
        } else if info.st_mode & S_IFMT == S_IFDIR {
            throw CanteenError.storage(.cannotRead, ["path": path, "reason": SystemError(EISDIR)])
        } else {
            let input = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw CanteenError.storage(.cannotRead, ["path": path, "reason": SystemError(errno)]) }
            defer { close(input) }
            let temporary = try TemporaryFile.scratch("import", access: .ownerOnly)
            try Self.copy(from: input, name: path, to: temporary.path)
            spooled = temporary
            self.path = temporary.path
        }
    }

    /// A fresh reader from the start of the rows.
    func open() throws -> FileByteSource {
        do { return try FileByteSource(path: path) } catch {
            switch error {
            case .notFound: throw CanteenError.notFound(.fileNotFound, ["path": name])
            case .unreadable(_, let code): throw CanteenError.storage(.cannotRead, ["path": name, "reason": SystemError(code)])
            }
        }
    }

    /// Removes the copy, if one was made.
    func discard() { spooled?.discard() }

    private static func copy(from input: Int32, name: String, to path: String) throws {
        let output = Glibc.open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard output >= 0 else { throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(errno)]) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw CanteenError.storage(.cannotReadToEnd, ["path": name, "reason": SystemError(errno)])
            }
            var written = 0
            while written < count {
                let n = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(errno)])
                }
                written += n
            }
        }
    }
}

/// One data row of an import file, parsed and checked for form (not yet for rules).
struct ImportRow {
    let ref: String
    let request: MealRequest
    let diner: DinerReference
    let site: SiteCode

    init(_ fields: [String], today: CivilDate) throws {
        guard fields.count == Books.importHeader.count else {
            throw CanteenError.invalid(.importFieldCount, ["count": fields.count, "expected": Books.importHeader.count, "header": Books.importHeader.joined(separator: ",")])
        }
        guard !fields[0].trimmed.isEmpty else { throw CanteenError.invalid(.importRefEmpty) }
        ref = try Books.validRef(fields[0])
        let date = try CivilDate(input: fields[1].trimmed)
        let slot = try MealSlot(parsing: fields[2])
        site = try SiteCode(fields[3])
        diner = try DinerReference(parsing: fields[4], today: today)
        let pay = fields[5].trimmed.isEmpty ? PaymentMethod.cash : try PaymentMethod(parsing: fields[5])
        request = MealRequest(diner: fields[4], site: site.value, date: date, slot: slot, pay: pay, ref: ref)
    }
}

/// The bad rows of an import, collected so every one is reported, not just the first (shared by the reading of
/// the file and the checks of its rows, hence a class).
final class ImportProblems {
    private(set) var lines: [Message] = []
    private(set) var count = 0
    private var invalid = false

    func add(line: Int, _ error: CanteenError) {
        count += 1
        // Malformed rows and unknown diners or canteens are bad input (65); the rest broke a rule (1).
        if error.kind != .rule { invalid = true }
        if lines.count < Books.reportedRowLimit { lines.append(Message(.importRowProblem, ["line": line, "error": error.message])) }
    }

    func error(path: String) -> CanteenError? {
        guard count > 0 else { return nil }
        var details = lines
        if count > lines.count { details.append(Message(.importMoreRows, ["count": count - lines.count])) }
        details.append(Message(.importNothingRecorded))
        return CanteenError(invalid ? .invalidInput : .rule, Message(.importBadRows, ["path": path, "count": count]), details: details)
    }
}
