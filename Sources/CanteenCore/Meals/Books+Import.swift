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

    /// Records a counter's offline log (clerk): all rows or none, in one transaction, streaming the file.
    /// Every bad row is reported with its line number; malformed rows or unknown diners and canteens make
    /// it invalid input (65), otherwise a broken rule refuses it (1). Rows whose ref is already recorded
    /// with the same details are skipped and counted.
    public func importMeals(path: String, by actorName: String?, progress: ((Int) -> Void)? = nil) throws -> ImportResult {
        try write {
            let actor = try authorize(actorName, .counter)
            let source: FileByteSource
            do { source = try FileByteSource(path: path) } catch let error as FileByteSourceError {
                switch error {
                case .notFound: throw CanteenError.notFound(.fileNotFound, ["path": path])
                case .unreadable(_, let code): throw CanteenError.storage(.cannotRead, ["path": path, "reason": SystemError(code)])
                }
            }
            var reader = CSVReader(next: source.next)
            var problems = ImportProblems()
            guard let header = try readRecord(&reader, source: source, path: path, problems: &problems) else {
                throw CanteenError.invalid(.importEmpty, ["path": path, "header": Books.importHeader.joined(separator: ",")])
            }
            guard header.fields.map({ $0.trimmed.lowercased() }) == Books.importHeader else {
                throw CanteenError.invalid(.importHeader, ["header": Books.importHeader.joined(separator: ","), "found": header.fields.joined(separator: ",")])
            }
            // The refs seen so far, kept by SQLite rather than in a Swift set so memory stays flat however long
            // the file; a ref seen before is an error even when its first row was bad or already recorded.
            try db.execute("CREATE TEMP TABLE IF NOT EXISTS import_refs (ref TEXT PRIMARY KEY, line INTEGER NOT NULL)")
            // The meals this import wrote, by line: a later row for the same slot is told which line it clashes
            // with, since the meal numbers vanish when the refused import rolls back.
            try db.execute("CREATE TEMP TABLE IF NOT EXISTS import_meals (meal_id INTEGER PRIMARY KEY, line INTEGER NOT NULL)")
            try db.execute("DELETE FROM temp.import_refs; DELETE FROM temp.import_meals")
            defer { try? db.execute("DELETE FROM temp.import_refs; DELETE FROM temp.import_meals") }
            let noteMeal = try db.cached("INSERT INTO temp.import_meals (meal_id, line) VALUES (?, ?)")
            let clash = try db.cached("""
                SELECT i.line FROM meals m JOIN temp.import_meals i ON i.meal_id = m.id
                WHERE m.diner_id = ? AND m.meal_date = ? AND m.slot = ? AND m.void_entry_id IS NULL
                """)
            let seeRef = try db.cached("INSERT INTO temp.import_refs (ref, line) VALUES (?, ?) ON CONFLICT (ref) DO NOTHING")
            var recorded = 0, skipped = 0, rows = 0
            var subsidy = Money.zero
            while let record = try readRecord(&reader, source: source, path: path, problems: &problems) {
                if record.fields == [""] { continue }
                rows += 1
                progress?(rows)
                if let ref = record.fields.first?.trimmed, !ref.isEmpty {
                    try seeRef.execute([ref, record.line])
                    if db.changes == 0 {
                        let first = try db.scalarInt("SELECT line FROM temp.import_refs WHERE ref = ?", ref) ?? 0
                        problems.add(line: record.line, CanteenError.invalid(.importRefTwice, ["ref": ref, "line": first]))
                        continue
                    }
                }
                let row: ImportRow
                do { row = try ImportRow(record.fields, today: today) } catch let error as CanteenError {
                    problems.add(line: record.line, error)
                    continue
                }
                if try mealID(ref: row.ref) == nil, let diner = try? requireDiner(row.diner), let date = row.request.date,
                   let line = try clash.first([diner.id, date.description, row.request.slot.rawValue], { $0.int(0) }) {
                    problems.add(line: record.line, CanteenError.rule(.importDuplicateInFile, ["diner": diner.number, "slot": row.request.slot, "date": date, "line": line]))
                    continue
                }
                do {
                    let receipt = try db.inTransaction {
                        try recordMeal(row.request, diner: row.diner, site: row.site, ref: row.ref, actor: actor)
                    }
                    if receipt.replayed { skipped += 1 } else {
                        recorded += 1
                        subsidy += receipt.meal.subsidy
                        try noteMeal.execute([receipt.meal.number.id, record.line])
                    }
                } catch let error as CanteenError {
                    problems.add(line: record.line, error)
                }
            }
            if let failure = problems.error(path: path) { throw failure }
            if recorded > 0 { try log(actor, "meal import", subject: path, detail: "\(recorded) recorded, \(skipped) skipped") }
            return ImportResult(recorded: recorded, skipped: skipped, subsidy: subsidy,
                                budgetRemaining: try balance(Account.available))
        }
    }

    /// The next CSV record; a malformed file structure stops the import with its line.
    private func readRecord(_ reader: inout CSVReader, source: FileByteSource, path: String, problems: inout ImportProblems) throws -> (line: Int, fields: [String])? {
        do {
            let record = try reader.nextRecord()
            if record == nil, case .unreadable(_, let code)? = source.readError {
                throw CanteenError.storage(.cannotReadToEnd, ["path": path, "reason": SystemError(code)])
            }
            return record
        } catch let error as CSVError {
            problems.add(line: error.line, CanteenError.invalid(.csvProblem, ["problem": error.problem]))
            throw problems.error(path: path) ?? CanteenError.invalid(.csvProblem, ["problem": error.problem])
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

/// The bad rows of an import, collected so every one is reported, not just the first.
struct ImportProblems {
    private(set) var lines: [Message] = []
    private(set) var count = 0
    private var invalid = false

    mutating func add(line: Int, _ error: CanteenError) {
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
