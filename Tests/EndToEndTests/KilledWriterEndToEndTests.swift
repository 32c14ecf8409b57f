// Kills leave nothing half-made ("Integrity at the edges"): init, demo and backup are killed with SIGKILL at
// seeded random moments; the target is then absent or a whole database that `audit verify` passes, the next
// run succeeds, and no temporary file survives it. Set CANTEEN_SEED to replay one seed.
import CanteenCore
import Foundation
import Testing

/// `audit verify` on the database at `path` passes.
private func expectWhole(_ path: String, in canteen: Canteen, _ context: String,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let verified = try canteen.run(arguments: ["--db", path, "audit", "verify"], sourceLocation: sourceLocation)
    #expect(verified.exitCode == 0, "\(context): \(path) is not a whole database: \(verified)", sourceLocation: sourceLocation)
}

@Suite struct KilledWriterEndToEndTests {
    @Test func aKilledInitLeavesNoDatabaseOrAWholeOne() throws {
        let seed = killSeed(20261129)
        var random = SeededRandom(seed: seed)
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        var landed = 0
        for round in 0..<20 {
            let delay = UInt32(random.below(25_000))
            let context = "seed \(seed), round \(round), killed after \(delay) µs"
            if try RunningCanteen(canteen, ["init", "--admin", "admin"]).kill(after: delay) { landed += 1 }
            if FileManager.default.fileExists(atPath: canteen.db) {
                try expectWhole(canteen.db, in: canteen, context)
                let again = try canteen.run("init", "--admin", "admin")
                #expect(again.exitCode == 1 && again.stderr.contains("already exists"), "\(context): \(again)")
            } else {
                let again = try canteen.run("init", "--admin", "admin")
                #expect(again.exitCode == 0, "\(context): the next init failed: \(again)")
                try expectWhole(canteen.db, in: canteen, context)
            }
            #expect(temporaries(in: dir) == [], "\(context): \(dir.contents())")
            for suffix in ["", "-wal", "-shm"] { unlink(canteen.db + suffix) }
        }
        #expect(landed > 0, "seed \(seed): every init finished before its kill")
    }

    @Test func initsAtOnceHaveExactlyOneWinnerAndItsFileIsWhole() throws {
        for round in 0..<5 {
            let dir = try TempDir()
            let canteen = Canteen(in: dir)
            let running = try (0..<3).map { try RunningCanteen(canteen, ["init", "--admin", "admin\($0)"]) }
            let results = try running.map { try $0.finish() }
            let winners = results.indices.filter { results[$0].exitCode == 0 }
            try #require(winners.count == 1, "round \(round): \(results)")
            for (index, result) in results.enumerated() where index != winners[0] {
                #expect(result.exitCode == 1 && result.stderr.contains("already exists"), "round \(round): \(result)")
            }
            let operators = try canteen.succeed("operator", "list", "--format", "csv")
            #expect(operators.stdout.contains("admin\(winners[0]),admin,1"), "round \(round): \(operators)")
            try expectWhole(canteen.db, in: canteen, "round \(round)")
            #expect(temporaries(in: dir) == [], "round \(round): \(dir.contents())")
        }
    }

    @Test func aKilledBackupLeavesNoHalfCopyAndLogsOnlyACopyThatIsThere() throws {
        let seed = killSeed(20261130)
        var random = SeededRandom(seed: seed)
        let dir = try TempDir()
        let canteen = Canteen(in: dir)
        try canteen.succeed("simulate", "--sites", "2", "--diners", "300", "--months", "2", "--start", "2026-09", "--today", "2026-11-29")
        let copy = dir.file("copy.db")
        func backups() throws -> Int {
            let log = try canteen.succeed("audit", "log", "--by", "auditor", "--format", "csv")
            return log.stdout.split(separator: "\n").filter { $0.contains(",auditor,backup,") }.count
        }
        var logged = try backups()
        var landed = 0
        for round in 0..<20 {
            // Even rounds back up afresh; odd ones replace the copy the round before made.
            if round % 2 == 0 { unlink(copy) }
            let existed = FileManager.default.fileExists(atPath: copy)
            let delay = UInt32(random.below(80_000))
            let context = "seed \(seed), round \(round), killed after \(delay) µs"
            if try RunningCanteen(canteen, ["backup", "copy.db", "--force"], operator: "auditor").kill(after: delay) { landed += 1 }
            let now = try backups()
            if now > logged {
                #expect(FileManager.default.fileExists(atPath: copy), "\(context): a backup was logged that is not there")
            }
            if FileManager.default.fileExists(atPath: copy) {
                try expectWhole(copy, in: canteen, context)
            } else {
                #expect(!existed, "\(context): the copy that was there is gone")
            }
            try canteen.succeed("backup", "copy.db", "--force", operator: "auditor")
            logged = try backups()
            #expect(temporaries(in: dir) == [], "\(context): \(dir.contents())")
        }
        #expect(landed > 0, "seed \(seed): every backup finished before its kill")
        try expectWhole(copy, in: canteen, "seed \(seed), after the rounds")
    }

    @Test func aKilledDemoLeavesNoHalfMadeFileAndTheNextDemoSucceeds() throws {
        let seed = killSeed(20261201)
        var random = SeededRandom(seed: seed)
        let dir = try TempDir()
        let canteen = Canteen(in: dir, name: "canteen-demo.db")
        for round in 0..<4 {
            let delay = UInt32(random.below(2_000_000))
            let context = "seed \(seed), round \(round), killed after \(delay) µs"
            _ = try RunningCanteen(canteen, ["demo", "--today", "2026-11-29"]).kill(after: delay)
            if FileManager.default.fileExists(atPath: canteen.db) { try expectWhole(canteen.db, in: canteen, context) }
        }
        let demo = try canteen.run("demo", "--today", "2026-11-29")
        #expect(demo.exitCode == 0, "seed \(seed): the demo after the kills failed: \(demo)")
        #expect(demo.stdout.contains("audit verify: all checks hold"), "\(demo)")
        #expect(temporaries(in: dir) == [], "seed \(seed): \(dir.contents())")

        // Killed while rebuilding over its own database: the old one (or the new one, whole) is there.
        for round in 0..<2 {
            let delay = UInt32(500_000 + random.below(2_500_000))
            _ = try RunningCanteen(canteen, ["demo", "--today", "2026-11-29"]).kill(after: delay)
            #expect(FileManager.default.fileExists(atPath: canteen.db), "seed \(seed), rebuild \(round): the demo database is gone")
        }
        try expectWhole(canteen.db, in: canteen, "seed \(seed), after the rebuilds")
        // The next demo run next to them removes the dead rebuilds' temporaries, even when it is refused.
        try dir.write("not a demo\n", to: "notes.db")
        let refused = try canteen.run("demo", "--db", "notes.db")
        #expect(refused.exitCode == 1 && refused.stderr.contains("not made by the demo"), "\(refused)")
        #expect(temporaries(in: dir) == [], "seed \(seed): \(dir.contents())")
        #expect(contentsWithoutLogs(of: dir) == ["canteen-demo.db", "notes.db"])
    }
}

/// A write-ahead log or journal left where a database used to be would be applied by SQLite to a new database made
/// under that name, corrupting it: a new database is refused there, and one replaced takes its companions along.
@Suite struct StrayCompanionEndToEndTests {
    /// A log with committed pages of a book that is then moved away, leaving the log behind.
    private func strayLog(in dir: TempDir, for name: String) throws {
        let old = try Canteen.initialized(admin: "admin", "--today", "2026-10-01")
        let added = try old.run("budget", "add", "5", "--note", "more", "--today", "2026-10-01", operator: "admin")
        try #require(added.exitCode == 0, "\(added)")
        try #require(FileManager.default.fileExists(atPath: old.db + "-wal"))
        try FileManager.default.copyItem(atPath: old.db + "-wal", toPath: dir.file(name + "-wal"))
    }

    @Test(arguments: [["init", "--admin", "boss"], ["simulate", "--sites", "2", "--diners", "20", "--months", "1", "--start", "2026-09"]])
    func aNewDatabaseIsRefusedBesideAStrayLog(command: [String]) throws {
        let dir = try TempDir()
        try strayLog(in: dir, for: "city.db")
        let canteen = Canteen(in: dir, name: "city.db")
        let refused = try canteen.run(arguments: command)
        #expect(refused.exitCode == 1 && refused.stderr.contains("city.db-wal") && refused.stderr.contains("without its database"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: canteen.db), "\(dir.contents())")
        #expect(FileManager.default.fileExists(atPath: canteen.db + "-wal"), "the stray log is someone's: it stays")
        unlink(canteen.db + "-wal")
        let made = try canteen.run(arguments: command)
        #expect(made.exitCode == 0, "\(made)")
        #expect(try canteen.run("audit", "verify").exitCode == 0)
    }

    @Test func aBackupIsRefusedBesideAStrayLog() throws {
        let dir = try TempDir()
        try strayLog(in: dir, for: "copy.db")
        let books = try Canteen.initialized(admin: "admin", "--today", "2026-10-01")
        let refused = try books.run("backup", dir.file("copy.db"), operator: "admin")
        #expect(refused.exitCode == 1 && refused.stderr.contains("without its database"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("copy.db")))
    }

    /// The demo replaces its own database while that one's log still holds its last changes.
    @Test func aDemoReplacingItsOwnBookTakesTheOldLogAlong() throws {
        let dir = try TempDir()
        let canteen = Canteen(in: dir, name: "canteen-demo.db")
        let first = try canteen.run("demo", "--today", "2026-11-29")
        try #require(first.exitCode == 0, "\(first)")
        let added = try canteen.run("budget", "add", "5", "--note", "more", "--today", "2026-11-29", operator: "admin")
        try #require(added.exitCode == 0, "\(added)")
        try #require(FileManager.default.fileExists(atPath: canteen.db + "-wal"))
        let again = try canteen.run("demo", "--today", "2026-11-29")
        #expect(again.exitCode == 0 && again.stdout.contains("audit verify: all checks hold"), "\(again)")
        #expect(try canteen.run("audit", "verify").exitCode == 0)
    }
}
