// A harness for end-to-end tests: it runs the built `canteen` binary as a separate process, the way a
// counter, a script or the acceptance checks do, and reads back what it printed and what it left in the file.
import Foundation
import SQLite
import Testing

// MARK: - Results

/// What one run of the binary did.
struct RunResult: Sendable, CustomStringConvertible {
    let exitCode: Int32
    let stdout: String
    let stderr: String

    /// stdout split into lines, without the empty string after the final newline.
    var lines: [String] {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// stdout parsed as JSON, or nil when it is not valid JSON.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }

    var description: String { "exit \(exitCode)\n--- stdout\n\(stdout)--- stderr\n\(stderr)---" }
}

// MARK: - Temporary directories

/// A fresh directory under the system's temporary directory, removed with everything in it when released.
final class TempDir: Sendable {
    let path: String

    init(_ label: String = "e2e") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("canteen-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the directory (nothing is created).
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let target = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The names in the directory, sorted.
    func contents() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}

// MARK: - The binary

enum CanteenBinary {
    /// The repository root, from this file's place in Tests/EndToEndTests/.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `canteen`: $CANTEEN_BINARY when set; else the one beside the running test bundle (SwiftPM puts
    /// every product of a build in one directory: `.build/<triple>/debug/` on Linux, `.build/debug/` on macOS,
    /// where the bundle's executable sits a few levels further down); else `<repo>/.build/debug/canteen`.
    static let path: String? = {
        if let explicit = ProcessInfo.processInfo.environment["CANTEEN_BINARY"], !explicit.isEmpty { return explicit }
        var starts: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe))
        }
        if let exe = Bundle.main.executableURL { starts.append(exe) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL)
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("canteen").path
                if isExecutableFile(candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/canteen").path
        return isExecutableFile(fallback) ? fallback : nil
    }()

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// The environment every run starts from: PATH only, English labels, and no CANTEEN_* variables from
    /// the shell that started the tests.
    static var baseEnvironment: [String: String] {
        var environment = ["LANG": "C.UTF-8"]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return environment
    }

    /// Runs the binary with exactly `arguments` and `environment`, in `directory`, feeding it `stdin`.
    /// Gives up (and fails the test) after `timeout` seconds.
    static func run(arguments: [String], environment: [String: String], directory: String, stdin: String? = nil,
                    timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        guard let path else {
            Issue.record("the canteen binary was not found: build it with 'swift build' or set CANTEEN_BINARY",
                         sourceLocation: sourceLocation)
            throw HarnessError.binaryNotFound
        }
        // Output goes to files, not pipes, so a large output can never fill a pipe and stall the child.
        let capture = try TempDir("run")
        let outPath = capture.file("stdout"), errPath = capture.file("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inPath = try capture.write(stdin, to: "stdin")
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                Issue.record("canteen \(arguments.joined(separator: " ")) ran longer than \(timeout) s",
                             sourceLocation: sourceLocation)
                throw HarnessError.timedOut
            }
            usleep(1000)
        }
        process.waitUntilExit()
        let stdout = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
        return RunResult(exitCode: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

enum HarnessError: Error { case binaryNotFound, timedOut }

extension CanteenBinary {
    /// Runs another program (sh, gzip, runuser) with `arguments` in `directory` and the base environment.
    static func runProgram(_ program: String, _ arguments: [String], directory: String, timeout: TimeInterval = 60) throws -> RunResult {
        let capture = try TempDir("program")
        let outPath = capture.file("stdout"), errPath = capture.file("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = baseEnvironment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); process.waitUntilExit(); throw HarnessError.timedOut }
            usleep(1000)
        }
        process.waitUntilExit()
        return RunResult(exitCode: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
    }
}

// MARK: - One database

/// The binary bound to one database file: `run` passes the file as $CANTEEN_DB (so `--db` on the line still
/// wins) and the operator as $CANTEEN_OPERATOR, and runs in the file's directory.
struct Canteen: Sendable {
    /// The database file.
    let db: String
    /// The working directory of every run.
    let directory: String
    /// Added to (and overriding) the base environment on every run, e.g. ["LANG": "zh_CN.UTF-8"].
    var environment: [String: String] = [:]
    /// The temporary directory the database lives in, when it is one: held so that it lasts as long as this value.
    let tempDir: TempDir?

    init(db: String, directory: String? = nil, environment: [String: String] = [:]) {
        self.db = db
        self.directory = directory ?? URL(fileURLWithPath: db).deletingLastPathComponent().path
        self.environment = environment
        self.tempDir = nil
    }

    /// A database named `name` in `dir`, run from `dir`.
    init(in dir: TempDir, name: String = "canteen.db") {
        self.db = dir.file(name)
        self.directory = dir.path
        self.tempDir = dir
    }

    /// A new temporary directory with a database made by `canteen init --admin <admin> <extra…>`.
    static func initialized(admin: String = "admin", _ extra: String...,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> Canteen {
        let canteen = Canteen(in: try TempDir())
        let result = try canteen.run(arguments: ["init", "--admin", admin] + extra, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen init: \(result)", sourceLocation: sourceLocation)
        return canteen
    }

    /// Runs `canteen <args>` on this database as `operator` (none when nil).
    func run(_ args: String..., operator actor: String? = nil, stdin: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try run(arguments: args, operator: actor, stdin: stdin, sourceLocation: sourceLocation)
    }

    func run(arguments: [String], operator actor: String? = nil, stdin: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        var env = CanteenBinary.baseEnvironment
        env["CANTEEN_DB"] = db
        if let actor { env["CANTEEN_OPERATOR"] = actor }
        env.merge(environment) { $1 }
        return try CanteenBinary.run(arguments: arguments, environment: env, directory: directory, stdin: stdin,
                                     sourceLocation: sourceLocation)
    }

    /// Runs a command that must succeed (exit 0), recording the whole result as the failure otherwise.
    @discardableResult
    func succeed(_ args: String..., operator actor: String? = nil, stdin: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments: args, operator: actor, stdin: stdin, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// `canteen init --admin <admin>` with the defaults, which must succeed.
    @discardableResult
    func initialize(admin: String = "admin", _ extra: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments: ["init", "--admin", admin] + extra, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen init: \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// The logical content of the database now (see `snapshot(db:)`).
    func snapshot() -> String { EndToEndTests.snapshot(db: db) }
}

// MARK: - Snapshots

/// The content of a database file as text, for "the database is unchanged" assertions: the schema and every
/// row of every table, read through SQLite (so it sees what is still in the -wal file, and is the same
/// whether or not a checkpoint has happened). A file SQLite cannot read is described by its bytes instead;
/// a missing file by "<no file>". The read-only connection may leave -wal and -shm files beside a WAL-mode
/// database, so check a directory's contents before taking a snapshot, not after.
func snapshot(db path: String) -> String {
    guard FileManager.default.fileExists(atPath: path) else { return "<no file>" }
    do {
        let db = try Database(path: path, mode: .readOnly)
        return try db.inTransaction(.deferred) {
            var out: [String] = []
            let objects = try db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
                .rows { ($0.text(0), $0.text(1), $0.text(3)) }
            for (type, name, sql) in objects {
                out.append("\(type) \(name): \(sql)")
            }
            for (type, name, _) in objects where type == "table" && !name.hasPrefix("sqlite_") {
                out.append("-- \(name)")
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let select: Statement
                do { select = try db.prepare("SELECT * FROM \(quoted) ORDER BY rowid") } catch {
                    select = try db.prepare("SELECT * FROM \(quoted) ORDER BY 1")  // a WITHOUT ROWID table
                }
                try select.forEach { row in
                    out.append((0..<row.count).map { describe(row.value($0)) }.joined(separator: " | "))
                }
            }
            return out.joined(separator: "\n") + "\n"
        }
    } catch {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
        return "<not readable as SQLite: \(error)>\nbytes: \(bytes.base64EncodedString())\nwal: \(wal.base64EncodedString())\n"
    }
}

/// The first line at which two snapshots differ, shown as "line N: <before> → <after>"; nil when they are equal.
/// For failure messages that point at the change rather than print two whole databases.
func snapshotDifference(_ before: String, _ after: String) -> String? {
    guard before != after else { return nil }
    let old = before.split(separator: "\n", omittingEmptySubsequences: false)
    let new = after.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(old.count, new.count) {
        let a = index < old.count ? String(old[index]) : "<end>"
        let b = index < new.count ? String(new[index]) : "<end>"
        if a != b { return "line \(index + 1): \(a.prefix(300)) → \(b.prefix(300))" }
    }
    return "the snapshots differ"
}

private func describe(_ value: SQLValue) -> String {
    switch value {
    case .null: "NULL"
    case .integer(let n): String(n)
    case .text(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    case .blob(let bytes): "x'" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

// MARK: - Fixtures

enum Fixtures {
    /// The migrations of the repository's Migrations/ folder, read from disk, oldest first.
    static func migrations() throws -> [Migration] {
        let folder = CanteenBinary.repositoryRoot.appendingPathComponent("Migrations")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
            .map { file in
                let base = file.dropLast(4)
                let parts = base.split(separator: "_", maxSplits: 1)
                let version = try #require(Int(parts[0]), "\(file) is not named NNNN_name.sql")
                let sql = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                return Migration(version: version, name: String(parts[1]), sql: sql)
            }
    }

    /// A database at an older schema: only the migrations up to `version`, the time zone setting and one admin,
    /// the way an older canteen binary would have left it (without that binary's opening entries).
    static func database(at path: String, schemaVersion version: Int, admin: String = "admin") throws {
        let chosen = try migrations().filter { $0.version <= version }
        try #require(chosen.last?.version == version, "no migration \(version) in Migrations/")
        let db = try Database(path: path, mode: .readWriteCreate)
        try Migrator(migrations: chosen).migrate(db, appliedAt: "2026-01-01T00:00:00Z")
        try db.inTransaction {
            try db.run("INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai')")
            try db.run("INSERT INTO operators (name, role, created_at) VALUES (?, 'admin', '2026-01-01T00:00:00Z')", admin)
        }
    }

    /// An SQLite database of some other program, in the default rollback-journal mode, as such files usually are.
    static func foreignDatabase(at path: String) throws {
        let db = try Database(path: path, mode: .readWriteCreate)
        try db.execute("""
            CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
            INSERT INTO notes (text) VALUES ('not canteen data');
            PRAGMA journal_mode = DELETE;
            """)
    }

    /// Runs SQL on a database from outside the binary (to fake a newer schema, damage a file, …).
    static func execute(_ sql: String, on path: String) throws {
        let db = try Database(path: path, mode: .readWrite)
        try db.execute(sql)
    }

    /// A fresh copy of a book an older binary made (Tests/Fixtures/NAME-book.db.gz, see Scripts/make-NAME-fixture.sh),
    /// in a folder of its own.
    static func olderBook(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Canteen {
        let dir = try TempDir(name)
        let fixture = CanteenBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/\(name)-book.db.gz").path
        let unzip = try CanteenBinary.runProgram("/bin/sh", ["-c", "gzip -dc '\(fixture)' > '\(dir.file("book.db"))'"], directory: dir.path)
        try #require(unzip.exitCode == 0, "\(unzip)", sourceLocation: sourceLocation)
        return Canteen(in: dir, name: "book.db")
    }

    /// The closed months of an older book report, once migrated, exactly as that binary reported them
    /// (Tests/Fixtures/NAME-report-MONTH.json).
    static func expectReportsAsBefore(_ book: Canteen, fixture name: String, months: [String],
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        for month in months {
            let expected = try String(contentsOfFile: CanteenBinary.repositoryRoot
                .appendingPathComponent("Tests/Fixtures/\(name)-report-\(month).json").path, encoding: .utf8)
            let report = try book.run("report", "month", month, "--format", "json", "--today", "2026-11-20")
            #expect(report.exitCode == 0 && report.stdout == expected, "\(month) reports otherwise after the migration: \(report)",
                    sourceLocation: sourceLocation)
        }
    }

    /// The first column of the first row of `sql` on a database, read from outside the binary, as text.
    static func scalar(_ sql: String, on path: String) throws -> String? {
        let db = try Database(path: path, mode: .readOnly)
        return try db.scalarText(sql)
    }
}

// MARK: - Text

/// Terminal columns of `text`: East Asian wide characters count 2 (the ranges Chinese text uses), combining marks 0.
func displayWidth(_ text: some StringProtocol) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark { return width }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return width + (wide ? 2 : 1)
    }
}

/// The display column at which `fragment` starts in `line` (its first occurrence after `preceding`, when given),
/// or nil when it is not there.
func displayColumn(of fragment: String, in line: String, after preceding: String? = nil) -> Int? {
    var start = line.startIndex
    if let preceding {
        guard let before = line.range(of: preceding) else { return nil }
        start = before.upperBound
    }
    guard let range = line.range(of: fragment, range: start..<line.endIndex) else { return nil }
    return displayWidth(line[..<range.lowerBound])
}

// MARK: - Refusals

/// A refused command: the exit code, `Error:` on stderr naming each fragment, nothing on stdout, and the books
/// exactly as they were (CLI.md: a command that fails changes nothing).
func expectRefusal(_ result: RunResult, exit code: Int32, saying fragments: String..., before: String, canteen: Canteen,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitCode == code, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("Error: "), "\(result)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.stderr.contains(fragment), "expected '\(fragment)' in \(result)",
                sourceLocation: sourceLocation)
    }
    #expect(result.stdout == "", "\(result)", sourceLocation: sourceLocation)
    let difference = snapshotDifference(before, canteen.snapshot())
    #expect(difference == nil, "a refused command must change nothing: \(difference ?? "")", sourceLocation: sourceLocation)
}
