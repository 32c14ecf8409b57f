// Operators leave: an admin ends their access, and the books refuse them from then on (77).
import Testing

@Suite struct OperatorDeactivateEndToEndTests {
    @Test func aDeactivatedClerkCanNoLongerActAndTheLogSaysWho() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("operator", "add", "clerk1", "--role", "clerk", operator: "admin")
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        let done = try canteen.succeed("operator", "deactivate", "clerk1", "--format", "json", operator: "admin")
        #expect((done.json as? [String: Any])?["active"] as? Bool == false, "\(done)")

        let before = canteen.snapshot()
        let refused = try canteen.run("diner", "register", "--id", "11010519491231002X", "--name", "张秀英", operator: "clerk1")
        #expect(refused.exitCode == 77, "\(refused)")
        #expect(refused.stderr.contains("no longer active"), "\(refused)")
        #expect(snapshotDifference(before, canteen.snapshot()) == nil)

        let list = try canteen.succeed("operator", "list", "--format", "csv")
        #expect(list.stdout.contains("clerk1,clerk,0"), "\(list)")
        let log = try canteen.succeed("audit", "log", "--by", "admin")
        #expect(log.stdout.contains("operator deactivate"), "\(log)")
    }

    @Test func refusalsLeaveTheBooksAlone() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("operator", "add", "fin", "--role", "finance", operator: "admin")
        let before = canteen.snapshot()
        let cases: [(args: [String], by: String, exit: Int32, saying: String)] = [
            (["operator", "deactivate", "admin"], "admin", 1, "themselves"),
            (["operator", "deactivate", "nobody"], "admin", 66, "no operator"),
            (["operator", "deactivate", "admin"], "fin", 77, "finance"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: c.args, operator: c.by)
            #expect(result.exitCode == c.exit, "\(c.args): \(result)")
            #expect(result.stderr.contains(c.saying), "\(c.args): \(result)")
            #expect(snapshotDifference(before, canteen.snapshot()) == nil, "\(c.args) changed the books")
        }
    }
}

@Suite struct BackupEndToEndTests {
    @Test func aBackupIsAFaithfulCopyAndNeverOverwritesTheLiveFiles() throws {
        let canteen = try Canteen.initialized()
        try canteen.succeed("operator", "add", "aud", "--role", "auditor", operator: "admin")
        let dir = try #require(canteen.tempDir)
        let copy = dir.file("copy.db")
        try canteen.succeed("backup", copy, operator: "aud")
        let verified = try canteen.run(arguments: ["--db", copy, "audit", "verify"])
        #expect(verified.exitCode == 0, "\(verified)")

        let before = canteen.snapshot()
        for (args, exit) in [([copy], Int32(1)), ([canteen.db, "--force"], 1), ([canteen.db + "-wal", "--force"], 1)] {
            let refused = try canteen.run(arguments: ["backup"] + args, operator: "aud")
            #expect(refused.exitCode == exit, "\(args): \(refused)")
            #expect(snapshotDifference(before, canteen.snapshot()) == nil, "\(args) changed the books")
        }
        let clerk = try canteen.run("backup", dir.file("x.db"), operator: nil)
        #expect(clerk.exitCode == 77, "\(clerk)")
    }
}
