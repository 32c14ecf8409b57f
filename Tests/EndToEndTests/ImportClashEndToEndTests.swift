// Two rows of one import for the same diner, day and slot: the second is told which line it clashes with,
// since the first row's meal number disappears when the refused import rolls back.
import Testing

@Suite struct ImportClashEndToEndTests {
    @Test func aSlotTakenEarlierInTheFileNamesThatLine() throws {
        let canteen = try Canteen.initialized("--today", "2026-11-29")
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        try canteen.succeed("diner", "register", "--id", "11010519491231002X", "--name", "张秀英", "--date", "2026-10-01",
                            "--today", "2026-11-29", operator: "admin")
        let file = try #require(canteen.tempDir).write("""
            ref,date,slot,site,diner,pay
            r1,2026-11-15,lunch,GZ01,D00001,cash
            r2,2026-11-15,dinner,GZ01,D00001,cash
            r3,2026-11-15,lunch,GZ01,D00001,wechat

            """, to: "clash.csv")
        let before = canteen.snapshot()
        let result = try canteen.run("meal", "import", file, "--today", "2026-11-29", operator: "admin")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("line 4: duplicate meal"), "\(result)")
        #expect(result.stderr.contains("line 2 of this file"), "\(result)")
        #expect(!result.stderr.contains("line 3"), "only the clashing row is bad: \(result)")
        #expect(snapshotDifference(before, canteen.snapshot()) == nil)
    }

    @Test func aReplayedRefIsSkippedEvenWhenItsSlotWasTakenAgain() throws {
        let canteen = try Canteen.initialized("--today", "2026-11-29")
        try canteen.succeed("site", "add", "GZ01", "--name", "越秀区长者饭堂", "--price", "18", operator: "admin")
        try canteen.succeed("diner", "register", "--id", "11010519491231002X", "--name", "张秀英", "--date", "2026-10-01",
                            "--today", "2026-11-29", operator: "admin")
        let dir = try #require(canteen.tempDir)
        let first = try dir.write("ref,date,slot,site,diner,pay\nr1,2026-11-10,lunch,GZ01,D00001,cash\n", to: "first.csv")
        try canteen.succeed("meal", "import", first, "--today", "2026-11-29", operator: "admin")
        try canteen.succeed("meal", "void", "M000001", "--reason", "wrong day", "--today", "2026-11-29", operator: "admin")
        // r9 takes the freed slot; r1 again is a replay of what was already imported and is skipped, not a clash.
        let again = try dir.write("ref,date,slot,site,diner,pay\nr9,2026-11-10,lunch,GZ01,D00001,cash\nr1,2026-11-10,lunch,GZ01,D00001,cash\n",
                                  to: "again.csv")
        let result = try canteen.run("meal", "import", again, "--today", "2026-11-29", "--format", "json", operator: "admin")
        #expect(result.exitCode == 0, "\(result)")
        let json = result.json as? [String: Any]
        #expect(json?["recorded"] as? Int == 1 && json?["skipped"] as? Int == 1, "\(result)")
    }
}
