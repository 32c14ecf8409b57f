// Output files ("Integrity at the edges"): no command writes onto the open database or its companion files,
// by any spelling of the path, nor onto anything that is not a regular file; `-` is standard output; a file
// is written whole; a refused write leaves every file as it was; a failed backup logs nothing.
import Foundation
import Glibc
import SQLite
import Testing

/// Books with a canteen and a finance officer and an auditor, for reports, exports and backups.
private func outputBooks() throws -> Canteen {
    let canteen = try Canteen.initialized()
    try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
    try canteen.succeed("operator", "add", "aud", "--role", "auditor", operator: "admin")
    return canteen
}

/// The two commands with --out today, writing to `target`.
private func outCommands(_ target: String) -> [[String]] {
    [["report", "month", "2026-11", "--format", "html", "--out", target], ["export", "journal", "--out", target]]
}

private func bytes(_ path: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: path)) }

@Suite struct OutputTargetEndToEndTests {
    @Test func anOutputFileNeverLandsOnTheDatabaseByAnySpelling() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let folder = URL(fileURLWithPath: dir.path).lastPathComponent
        #expect(symlink(canteen.db, dir.file("link.db")) == 0)
        #expect(link(canteen.db, dir.file("hard.db")) == 0)
        #expect(symlink(dir.path, dir.file("here")) == 0)
        let database = try #require(bytes(canteen.db))
        let listing = dir.contents()
        let spellings = ["canteen.db", "./canteen.db", "../\(folder)/canteen.db", canteen.db, dir.path + "//canteen.db",
                         "here/canteen.db", "link.db", "hard.db", "here/link.db"]
        // Companions by name, before they exist: SQLite would take a new canteen.db-wal as the database's log.
        let companions = ["canteen.db-wal", "./canteen.db-shm", "canteen.db-journal", "here/canteen.db-wal"]
        for target in spellings + companions {
            for arguments in outCommands(target) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 1, "\(arguments): \(result)")
                #expect(result.stderr.hasPrefix("Error: \(target) is the "), "\(arguments): \(result)")
                #expect(result.stderr.contains("open database"), "\(arguments): \(result)")
                #expect(result.stdout == "", "\(arguments): \(result)")
                #expect(bytes(canteen.db) == database, "\(arguments) changed the database's bytes")
                #expect(dir.contents() == listing, "\(arguments) left a file behind")
            }
        }

        // While another connection has the database open its -wal and -shm exist: refused by device and inode
        // too, through a hard link that has another name altogether.
        let reader = try Database(path: canteen.db, mode: .readWrite)
        _ = try reader.scalarInt("SELECT count(*) FROM journal")
        try #require(FileManager.default.fileExists(atPath: canteen.db + "-wal"))
        #expect(link(canteen.db + "-wal", dir.file("log-copy")) == 0)
        let wal = try #require(bytes(canteen.db + "-wal"))
        for target in ["canteen.db-wal", "canteen.db-shm", "log-copy"] {
            for arguments in outCommands(target) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains("open database"), "\(arguments): \(result)")
                #expect(bytes(canteen.db + "-wal") == wal, "\(arguments) changed the -wal")
                #expect(bytes(canteen.db) == database, "\(arguments) changed the database's bytes")
            }
        }
        #expect(fileType(dir.file("log-copy")) == S_IFREG)
    }

    /// `>> city.db` makes standard output the database itself: every command refuses it before it does anything,
    /// whether it prints a rendered result, a streamed list, or records something.
    @Test func standardOutputThatIsTheDatabaseIsRefusedBeforeAnythingIsDone() throws {
        let canteen = try outputBooks()
        let binary = try #require(CanteenBinary.path)
        let database = try #require(bytes(canteen.db))
        let commands = ["report month 2026-11", "budget show", "audit verify", "month list", "site list", "operator list",
                        "meal list", "export journal", "budget add 5 --note more --operator admin", "diner list --format json"]
        for command in commands {
            for target in ["canteen.db", "canteen.db-wal"] {
                let line = "'\(binary)' --db canteen.db \(command) >> \(target)"
                let result = try CanteenBinary.runProgram("/bin/sh", ["-c", line], directory: canteen.directory)
                #expect(result.exitCode == 1, "\(line): \(result)")
                #expect(result.stderr.hasPrefix("Error: standard output goes into \(target)"), "\(line): \(result)")
                #expect(bytes(canteen.db) == database, "\(line) changed the database")
            }
        }
        #expect(try canteen.run("audit", "verify").exitCode == 0)
    }

    @Test func aReadOnlyDatabaseIsNotReplacedEither() throws {
        let canteen = try outputBooks()
        let database = try #require(bytes(canteen.db))
        #expect(chmod(canteen.db, 0o444) == 0)
        for arguments in outCommands("canteen.db") + [["report", "month", "2026-11", "--format", "json", "--out", "./canteen.db"]] {
            let result = try canteen.run(arguments: arguments, operator: "admin")
            #expect(result.exitCode == 1, "\(arguments): \(result)")
            #expect(result.stderr.contains("open database"), "\(result)")
        }
        #expect(bytes(canteen.db) == database)
        #expect(permissions(canteen.db) == 0o444)
    }

    @Test func aDatabaseReachedThroughALinkIsGuardedWhereSQLiteKeepsItsFiles() throws {
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
        try Canteen(db: dir.file("data/books.db"), directory: dir.path).initialize()
        #expect(symlink("data/books.db", dir.file("link.db")) == 0)
        let canteen = Canteen(db: dir.file("link.db"), directory: dir.path)
        let database = try #require(bytes(dir.file("data/books.db")))
        // SQLite resolves the link: its log would be data/books.db-wal. The name as given is refused as well.
        for target in ["data/books.db", "link.db", "data/books.db-wal", "data/books.db-journal", "link.db-wal"] {
            for arguments in outCommands(target) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains("open database \(canteen.db)"), "\(arguments): \(result)")
            }
        }
        #expect(bytes(dir.file("data/books.db")) == database)
        #expect(contentsWithoutLogs(of: dir) == ["data", "link.db"])
    }

    @Test func aTargetThatIsNotARegularFileIsRefusedAndStaysWhatItWas() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        try FileManager.default.createDirectory(atPath: dir.file("reports"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.file("pipe"), 0o644) == 0)
        #expect(symlink("/dev/null", dir.file("null-link")) == 0)
        #expect(symlink("reports", dir.file("folder-link")) == 0)
        let listing = dir.contents()
        let cases: [(target: String, kind: String)] = [
            ("reports", "a directory"), ("reports/", "a directory"), (".", "a directory"), (dir.path, "a directory"),
            ("folder-link", "a directory"), ("pipe", "a named pipe (FIFO)"), ("null-link", "a character device"),
        ]
        for (target, kind) in cases {
            for arguments in outCommands(target) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains("\(target) is \(kind), not a regular file"), "\(arguments): \(result)")
                #expect(result.stdout == "")
            }
        }
        try forEachCharacterDevice { device in
            for arguments in outCommands(device) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains("\(device) is a character device, not a regular file"), "\(arguments): \(result)")
            }
        }
        #expect(fileType(dir.file("pipe")) == S_IFIFO)
        #expect(fileType(dir.file("null-link")) == S_IFLNK)
        #expect(fileType(dir.file("reports")) == S_IFDIR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("reports")) == [])
        #expect(dir.contents() == listing)

        let chinese = try canteen.run("export", "journal", "--out", "pipe", "--lang", "zh", operator: "admin")
        #expect(chinese.exitCode == 1, "\(chinese)")
        #expect(chinese.stderr.contains("pipe 是命名管道，不是普通文件"), "\(chinese)")
    }

    @Test func anEmptyPathIsInvalidInputAndAnUnusableFolderIsAFileError() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        for arguments in outCommands("") {
            let result = try canteen.run(arguments: arguments, operator: "admin")
            #expect(result.exitCode == 65, "\(arguments): \(result)")
            #expect(result.stderr.contains("the output file name is empty"), "\(result)")
        }
        try dir.write("notes\n", to: "notes.txt")
        for target in ["no-such-folder/r.html", "notes.txt/r.html"] {
            for arguments in outCommands(target) {
                let result = try canteen.run(arguments: arguments, operator: "admin")
                #expect(result.exitCode == 74, "\(arguments): \(result)")
                #expect(result.stderr.contains("cannot write \(target)"), "\(result)")
            }
        }
        #expect(contentsWithoutLogs(of: dir) == ["canteen.db", "notes.txt"])

        // A folder that may not be read or searched, and one that may not be written: 74, and nothing appears.
        for (name, mode) in [("locked", mode_t(0o000)), ("read-only", mode_t(0o555))] {
            try FileManager.default.createDirectory(atPath: dir.file(name), withIntermediateDirectories: true)
            #expect(chmod(dir.file(name), mode) == 0)
            defer { chmod(dir.file(name), 0o755) }
            for arguments in outCommands("\(name)/r.html") {
                guard let result = try canteen.runObeyingPermissions(arguments, operator: "admin") else {
                    Issue.record("running as root without setpriv: a \(name) folder cannot be tested")
                    continue
                }
                #expect(result.exitCode == 74, "\(arguments): \(result)")
                #expect(result.stderr.contains("\(name)/r.html"), "\(result)")
            }
            chmod(dir.file(name), 0o755)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file(name)) == [])
        }
    }

    @Test func dashIsStandardOutputByteForByte() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let listing = contentsWithoutLogs(of: dir)
        for format in ["table", "csv", "json", "html"] {
            let plain = try canteen.succeed("report", "month", "2026-11", "--format", format)
            let dash = try canteen.succeed("report", "month", "2026-11", "--format", format, "--out", "-")
            #expect(dash.stdout == plain.stdout, "\(format)")
            #expect(!dash.stdout.isEmpty)
        }
        for format in ["ledger", "beancount"] {
            let plain = try canteen.succeed("export", "journal", "--format", format)
            let dash = try canteen.succeed("export", "journal", "--format", format, "--out=-")
            #expect(dash.stdout == plain.stdout, "\(format)")
        }
        #expect(contentsWithoutLogs(of: dir) == listing, "no file named '-' appears")
    }

    @Test func aFileIsReplacedWholeAndATemporaryIsNeverLeft() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let printed = try canteen.succeed("report", "month", "2026-11", "--format", "json").stdout
        try dir.write("an older report\n", to: "r.json")
        try canteen.succeed("report", "month", "2026-11", "--format", "json", "--out", "r.json")
        #expect(bytes(dir.file("r.json")) == Data(printed.utf8))
        #expect(permissions(dir.file("r.json")) == 0o644 & ~currentUmask)
        // A link at the target is replaced by the new file; what it pointed at is left alone.
        #expect(symlink("r.json", dir.file("latest.json")) == 0)
        try canteen.succeed("export", "journal", "--out", "latest.json")
        #expect(fileType(dir.file("latest.json")) == S_IFREG)
        #expect(bytes(dir.file("r.json")) == Data(printed.utf8))
        #expect(temporaries(in: dir) == [])
        #expect(contentsWithoutLogs(of: dir) == ["canteen.db", "latest.json", "r.json"])
    }

    @Test func staleTemporariesOfDeadProcessesAreRemovedByTheNextWriterThere() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let dead = try deadProcessID()
        let alive = getpid()   // this test process
        let stale = [".r.json.canteen-tmp-\(dead)", ".other.db.canteen-tmp-\(dead)-journal", ".r.json.canteen-tmp-\(dead)-2",
                     "r.json.tmp-\(dead)"]
        let kept = [".r.json.canteen-tmp-\(alive)", "notes.canteen-tmp-\(dead)", "other.db.tmp-\(dead)"]
        for name in stale + kept { try dir.write("x", to: name) }
        try canteen.succeed("report", "month", "2026-11", "--format", "json", "--out", "r.json")
        for name in stale { #expect(!FileManager.default.fileExists(atPath: dir.file(name)), "\(name) survived") }
        for name in kept { #expect(FileManager.default.fileExists(atPath: dir.file(name)), "\(name) was removed") }
    }
}

@Suite struct BackupTargetEndToEndTests {
    /// The actions of the audit log, oldest first.
    private func loggedActions(_ canteen: Canteen) throws -> [String] {
        let log = try canteen.succeed("audit", "log", "--format", "json")
        let entries = (log.json as? [String: Any])?["log"] as? [[String: Any]] ?? []
        return entries.compactMap { $0["action"] as? String }
    }

    @Test func aRefusedBackupLogsNothingAndLeavesEveryFileAsItWas() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.file("pipe"), 0o644) == 0)
        #expect(symlink(canteen.db, dir.file("link.db")) == 0)
        #expect(link(canteen.db, dir.file("hard.db")) == 0)
        try dir.write("last week's backup\n", to: "old.db")
        let actions = try loggedActions(canteen)
        let database = try #require(bytes(canteen.db))
        let listing = contentsWithoutLogs(of: dir)
        let before = canteen.snapshot()
        let cases: [(args: [String], exit: Int32, saying: String)] = [
            (["folder"], 1, "folder is a directory"), (["folder", "--force"], 1, "folder is a directory"),
            (["folder/"], 1, "a directory"), ([""], 65, "empty"),
            (["pipe", "--force"], 1, "pipe is a named pipe"),
            (["canteen.db", "--force"], 1, "open database"), (["./canteen.db", "--force"], 1, "open database"),
            ([canteen.db, "--force"], 1, "open database"), (["link.db", "--force"], 1, "open database"),
            (["hard.db", "--force"], 1, "open database"), (["canteen.db-wal", "--force"], 1, "-wal file"),
            (["canteen.db-shm"], 1, "-shm file"), (["canteen.db-journal", "--force"], 1, "-journal file"),
            (["old.db"], 1, "give --force"), (["no-such-folder/x.db"], 74, "no-such-folder"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: ["backup"] + c.args, operator: "aud")
            expectRefusal(result, exit: c.exit, saying: c.saying, before: before, canteen: canteen)
            #expect(try loggedActions(canteen) == actions, "backup \(c.args) was logged")
            #expect(bytes(canteen.db) == database, "backup \(c.args) changed the database's bytes")
            #expect(contentsWithoutLogs(of: dir) == listing, "backup \(c.args) left a file behind")
        }
        // As root, renaming over /dev/null succeeds: exactly the bug. The device must still be a device.
        try forEachCharacterDevice { device in
            for args in [[device, "--force"], [device]] {
                let result = try canteen.run(arguments: ["backup"] + args, operator: "aud")
                expectRefusal(result, exit: 1, saying: "\(device) is a character device", before: before, canteen: canteen)
                #expect(try loggedActions(canteen) == actions, "backup \(args) was logged")
                #expect(bytes(canteen.db) == database, "backup \(args) changed the database's bytes")
            }
        }
        #expect(fileType(dir.file("pipe")) == S_IFIFO)
        #expect(bytes(dir.file("old.db")) == Data("last week's backup\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("folder")) == [])

        // A folder that may not be written, even by root: 74 before anything is logged.
        try FileManager.default.createDirectory(atPath: dir.file("read-only"), withIntermediateDirectories: true)
        #expect(chmod(dir.file("read-only"), 0o555) == 0)
        defer { chmod(dir.file("read-only"), 0o755) }
        if let result = try canteen.runObeyingPermissions(["backup", "read-only/x.db"], operator: "aud") {
            expectRefusal(result, exit: 74, saying: "read-only/x.db", before: before, canteen: canteen)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("read-only")) == [])
            #expect(try loggedActions(canteen) == actions)
        } else {
            Issue.record("running as root without setpriv: a read-only folder cannot be tested")
        }
    }

    @Test func aBackupIsWholeForItsOwnerOnlyAndLoggedOnce() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let before = canteen.snapshot()
        let made = try canteen.succeed("backup", "copy.db", "--format", "json", operator: "aud")
        #expect((made.json as? [String: Any])?["backup"] as? String == "copy.db", "\(made)")
        #expect(permissions(dir.file("copy.db")) == 0o600 & ~currentUmask, "a backup holds personal data")
        #expect(snapshot(db: dir.file("copy.db")) == before, "the copy is the books as they were")
        try canteen.succeed("backup", "copy.db", "--force", operator: "aud")
        #expect(try loggedActions(canteen).filter { $0 == "backup" }.count == 2)
        #expect(temporaries(in: dir) == [])
        let verified = try canteen.run(arguments: ["--db", dir.file("copy.db"), "audit", "verify"])
        #expect(verified.exitCode == 0, "\(verified)")
    }

    @Test func aBackupThatCannotTakeTheWriteLockLeavesNoFileAndNoLogLine() throws {
        var canteen = try outputBooks()
        canteen.environment["CANTEEN_BUSY_TIMEOUT_MS"] = "100"
        let dir = try #require(canteen.tempDir)
        let actions = try loggedActions(canteen)
        // Another counter holds the write lock: the copy is made, but the log line cannot be written, so the
        // copy must not take its name either.
        let writer = try Database(path: canteen.db, mode: .readWrite)
        try writer.execute("BEGIN IMMEDIATE")
        let result = try canteen.run("backup", "copy.db", operator: "aud")
        try writer.execute("ROLLBACK")
        #expect(result.exitCode == 75, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("copy.db")), "a backup the log does not name")
        #expect(temporaries(in: dir) == [], "\(dir.contents())")
        #expect(try loggedActions(canteen) == actions)
    }

    @Test func backupDashStreamsTheDatabaseToStandardOutput() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let before = canteen.snapshot()
        let result = try canteen.runRaw(["backup", "-"], operator: "aud")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr == "", "\(result)")
        #expect(result.stdout.starts(with: Data("SQLite format 3\u{0}".utf8)), "\(result)")
        try result.stdout.write(to: URL(fileURLWithPath: dir.file("streamed.db")))
        #expect(snapshot(db: dir.file("streamed.db")) == before, "the stream is the books as they were")
        let verified = try canteen.run(arguments: ["--db", dir.file("streamed.db"), "audit", "verify"])
        #expect(verified.exitCode == 0, "\(verified)")
        let log = try canteen.succeed("audit", "log", "--format", "csv")
        #expect(log.stdout.contains(",aud,backup,-,"), "\(log)")
        #expect(contentsWithoutLogs(of: dir) == ["canteen.db", "streamed.db"])

        // Standard output that is the database itself (`>> canteen.db`) is refused like any other spelling.
        let database = try #require(bytes(canteen.db))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: canteen.db))
        try handle.seekToEnd()
        let onto = try canteen.runRaw(["backup", "-"], operator: "aud", stdout: handle)
        try handle.close()
        #expect(onto.exitCode == 1, "\(onto)")
        #expect(onto.stderr.contains("standard output goes into") && onto.stderr.contains("a file of the open database"), "\(onto)")
        #expect(bytes(canteen.db) == database)
    }

    @Test func backupTakesOutAsAnotherSpellingOfItsFile() throws {
        let canteen = try outputBooks()
        let dir = try #require(canteen.tempDir)
        let streamed = try canteen.runRaw(["backup", "--out", "-"], operator: "aud")
        #expect(streamed.exitCode == 0 && streamed.stdout.starts(with: Data("SQLite format 3\u{0}".utf8)), "\(streamed)")
        let before = canteen.snapshot()
        let made = try canteen.succeed("backup", "--out=copy.db", "--format", "json", operator: "aud")
        #expect((made.json as? [String: Any])?["backup"] as? String == "copy.db", "\(made)")
        #expect(snapshot(db: dir.file("copy.db")) == before, "the copy is the books as they were, not the command's message")
        #expect(permissions(dir.file("copy.db")) == 0o600 & ~currentUmask)
        // Its own rules hold for either spelling: --force to replace, not the database, not both spellings, one of them.
        let now = canteen.snapshot()
        let listing = contentsWithoutLogs(of: dir)
        for (args, exit, saying) in [(["--out", "copy.db"], Int32(1), "give --force"), (["--out", "canteen.db", "--force"], 1, "open database"),
                                     (["copy.db", "--out", "-"], 64, "give <file> or --out, not both"), (["-", "--out=-"], 64, "not both"),
                                     ([], 64, "<file> | --out <file>")] {
            expectRefusal(try canteen.run(arguments: ["backup"] + args, operator: "aud"), exit: exit, saying: saying, before: now, canteen: canteen)
            #expect(contentsWithoutLogs(of: dir) == listing, "backup \(args) left a file")
        }
        let help = try canteen.succeed("backup", "--help")
        #expect(help.stdout.contains("USAGE: canteen backup (<file> | --out <file>) [--force]"), "\(help)")
    }
}
