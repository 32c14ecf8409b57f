// The "done when", through a real sshd: an admin sets the server up, two canteen PCs (two clerks' keys)
// record meals into the one book, a counter session runs on a terminal, finance closes the month and receives the
// HTML report on standard output, an auditor verifies and takes a backup on standard output.
import Foundation
import Testing

/// A valid resident ID number born on `birth` (YYYYMMDD), with its ISO 7064 MOD 11-2 check character.
private func residentID(_ birth: String, seq: String = "001") -> String {
    let body = "440203" + birth + seq
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return body + String(Array("10X98765432")[sum % 11])
}

/// Last month in the books' time zone, as YYYY-MM, and a day of it: calls through the gate take the server's
/// today, so the test dates its back-filled meals by it.
private func lastMonth() -> (month: String, day: (Int) -> String) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let previous = calendar.date(byAdding: .month, value: -1, to: Date())!
    let parts = calendar.dateComponents([.year, .month], from: previous)
    let month = String(format: "%04d-%02d", parts.year!, parts.month!)
    return (month, { String(format: "%@-%02d", month, $0) })
}

private let sshd = ConditionTrait.enabled(if: SSHAvailability.problem == nil, SSHAvailability.skipComment)

@Suite struct GateScenarioEndToEndTests {
    @Test("Two canteen PCs, a counter, month end and audit, all over ssh into one book", sshd)
    func oneBookForEveryCanteen() throws {
        let city = try GateCity()
        let (month, day) = lastMonth()
        let li = try #require(city.keys["小李"]), wang = try #require(city.keys["小王"])
        let finance = try #require(city.keys["陈会计"]), auditor = try #require(city.keys["审计员"])
        let server = city.server
        try city.canteen.succeed("gate", "check", "--authorized-keys", server.authorizedKeys, operator: GateCity.admin)

        // PC 1, at 风采 (FC): 小李 registers two diners and records meals, one typed, one day's paper log imported.
        let first = residentID("19490315"), second = residentID("19520708", seq: "002")
        for (id, name) in [(first, "张秀英"), (second, "李桂兰")] {
            let registered = try server.ssh(li, "diner register --id \(id) --name \(name) --site FC --date \(day(1)) --format json")
            #expect(registered.exitCode == 0, "\(registered)")
        }
        let meal = try server.ssh(li, "meal record D00001 --site FC --date \(day(10)) --format json")
        #expect(meal.exitCode == 0 && (meal.json as? [String: Any])?["subsidy_fen"] as? Int == 800, "\(meal)")
        let csv = "ref,date,slot,site,diner,pay\nfc-\(day(11)),\(day(11)),lunch,FC,D00001,cash\nfc2-\(day(11)),\(day(11)),lunch,FC,D00002,wechat\n"
        let imported = try server.ssh(li, "meal import - --format json", stdin: Data(csv.utf8))
        #expect(imported.exitCode == 0 && (imported.json as? [String: Any])?["recorded"] as? Int == 2, "\(imported)")

        // PC 2, at 东山 (GZ02): 小王 cannot give the same diner a second lunch that day, at any canteen.
        let twice = try server.ssh(wang, "meal record D00001 --site GZ02 --date \(day(10))")
        #expect(twice.exitCode == 1 && twice.stderr.contains("duplicate meal"), "\(twice)")
        let other = try server.ssh(wang, "meal record D00002 --site GZ02 --date \(day(12)) --slot dinner")
        #expect(other.exitCode == 0, "\(other)")
        // Quotes and spaces reach the command as one word, as at a terminal.
        let found = try server.ssh(wang, "diner find '张秀英' --format csv")
        #expect(found.exitCode == 0 && found.stdout.contains("D00001"), "\(found)")

        // A counter session on a terminal (ssh -t): the clerk's prompt, a scan, the cash summary; the meal is the clerk's.
        let session = try server.ssh(li, "counter --site FC", stdin: Data("D00002\nquit\n".utf8), tty: true)
        #expect(session.exitCode == 0, "\(session)")
        #expect(session.stdout.contains("D00002") && session.stdout.contains("served 1"), "\(session)")
        let meals = try city.canteen.succeed("meal", "list", "--diner", "D00002", "--format", "json")
        #expect(((meals.json as? [String: Any])?["meals"] as? [Any])?.count == 3, "\(meals)")
        // The terminal is the clerk's alone: the auditor's line has no pty.
        let pty = try server.ssh(li, "operator list", tty: true)
        #expect(pty.exitCode == 0 && pty.stdout.contains("\r\n"), "a terminal's line ends: \(pty)")
        let noPTY = try server.ssh(auditor, "operator list", tty: true)
        #expect(noPTY.stderr.contains("PTY allocation request failed"), "\(noPTY)")

        // Month end, over ssh: finance declares, closes, and gets the HTML report on standard output.
        for (site, amount) in [("FC", "30"), ("GZ02", "10")] {
            let declared = try server.ssh(finance, "cash declare --site \(site) --month \(month) --amount \(amount)")
            #expect(declared.exitCode == 0, "\(declared)")
        }
        let clerkCloses = try server.ssh(li, "month close \(month)", lang: "zh_CN.UTF-8")
        #expect(clerkCloses.exitCode == 77 && clerkCloses.stderr.contains("只有"), "the clerk's own language, through AcceptEnv: \(clerkCloses)")
        let closed = try server.ssh(finance, "month close \(month)")
        #expect(closed.exitCode == 0, "\(closed)")
        let html = try server.ssh(finance, "report month \(month) --format html")
        #expect(html.exitCode == 0 && html.stdout.lowercased().hasPrefix("<!doctype html") && html.stdout.contains("风采长者饭堂"), "\(html.stderr)")
        let json = try server.ssh(finance, "report month \(month) --format json --out -")
        let totals = try #require((json.json as? [String: Any])?["totals"] as? [String: Any], "\(json)")
        let local = try city.canteen.succeed("report", "month", month, "--format", "json")
        #expect(totals["meals"] as? Int == 4 && json.stdout == local.stdout, "\(json)")

        // The auditor verifies, reads who came in with which key, and takes a backup on standard output.
        let verified = try server.ssh(auditor, "audit verify")
        #expect(verified.exitCode == 0 && verified.stdout.hasPrefix("OK"), "\(verified)")
        let log = try server.ssh(auditor, "audit log --format csv")
        #expect(log.stdout.contains("小李,gate,meal import - --format json,key \(li.fingerprint) from "), "\(log)")
        #expect(log.stdout.contains("小王,gate,meal record D00001 --site GZ02"), "\(log)")
        // Let in, then refused by the role check: both are in the log.
        #expect(log.stdout.contains("小李,gate,month close \(month),key \(li.fingerprint)"), "\(log)")
        #expect(log.stdout.contains("小李,gate exit,month close \(month),key \(li.fingerprint) from UNKNOWN port 65535; exit 77"), "\(log)")
        let copy = city.keysDir.file("city-backup.db")
        let backup = try server.ssh(auditor, "backup -", stdoutFile: copy)
        #expect(backup.exitCode == 0, "\(backup)")
        let copied = try city.canteen.run(arguments: ["--db", copy, "audit", "verify"])
        #expect(copied.exitCode == 0, "the backup that came over ssh is the whole book: \(copied)")
        let spelled = city.keysDir.file("city-backup-out.db")
        let out = try server.ssh(auditor, "backup --out -", stdoutFile: spelled)
        let copiedOut = try city.canteen.run(arguments: ["--db", spelled, "audit", "verify"])
        #expect(out.exitCode == 0 && copiedOut.exitCode == 0, "backup --out - as backup -: \(out) \(copiedOut)")

        // The admin may do their work through the gate too: the keys file comes back on standard output.
        let admin = try #require(city.keys[GateCity.admin])
        let keys = try server.ssh(admin, "gate keys")
        let written = try String(contentsOfFile: server.authorizedKeys, encoding: .utf8)
        #expect(keys.exitCode == 0 && keys.stdout == written, "\(keys)")
        let dated = try server.ssh(admin, "--today \(day(20)) meal list --date \(day(10)) --format csv")
        #expect(dated.exitCode == 0 && dated.stdout.contains("D00001"), "\(dated)")
        try city.canteen.succeed("audit", "verify")
    }
}
