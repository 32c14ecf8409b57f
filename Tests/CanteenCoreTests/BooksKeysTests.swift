import Foundation
import SQLite
import Testing
@testable import CanteenCore

/// 2026-11-29T05:00:00Z, so timestamps are the same on every run.
private let clock = Clock.fixed(1_795_928_400)
private let today = CivilDate(year: 2026, month: 11, day: 29)!
private let admin = "王主任"

private let edKey = SSHPublicKeyTests.knownKey
private let edFingerprint = SSHPublicKeyTests.knownFingerprint
private let rsaKey = keyLine("ssh-rsa", rsaBlob(bits: 3072, seed: 11), "li@counter")
private let gate = try! GateCommand(executable: "/usr/local/bin/canteen", database: "/srv/canteen/city.db")

/// A new book with an admin, a clerk 小李, an auditor and a finance officer, in a directory removed afterwards.
private final class KeyBook {
    let directory: String
    let books: Books

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/city.db"
        _ = try Books.create(path: path, admin: admin, budget: Money(yuan: 1000), copay: Money(yuan: 10),
                             timeZone: "Asia/Shanghai", clock: clock, today: today)
        books = try Books.open(path: path, clock: clock, today: today)
        _ = try books.addOperator(name: "小李", role: .clerk, by: admin)
        _ = try books.addOperator(name: "审计员", role: .auditor, by: admin)
        _ = try books.addOperator(name: "陈会计", role: .finance, by: admin)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Every row of the key table and the audit log, for "a refusal changes nothing".
    func state() throws -> [String] {
        try books.db.prepare("SELECT * FROM operator_keys ORDER BY id").rows { row in (0..<row.count).map { "\(row.value($0))" }.joined(separator: "|") }
            + books.db.prepare("SELECT id, action, subject, detail FROM audit_log ORDER BY id").rows { "\($0.int(0)) \($0.text(1)) \($0.text(2)) \($0.text(3))" }
    }
}

/// The error a body throws, or nil.
private func refusal(_ body: () throws -> Void) -> CanteenError? {
    do { try body(); return nil } catch let error as CanteenError { return error } catch { return nil }
}

@Suite("Operators' keys")
struct BooksKeysTests {
    @Test("A key is added with its fingerprint, listed, and recorded in the audit chain, which still verifies")
    func addAndList() throws {
        let book = try KeyBook()
        let added = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        #expect(added.fingerprint == edFingerprint)
        #expect(added.operatorName == "小李" && added.inService && added.allowsTerminal)
        #expect(added.key.comment == "a b c" && added.addedBy == admin && added.addedAt == "2026-11-29T05:00:00Z")
        let rsa = try book.books.addOperatorKey(operator: "审计员", key: rsaKey, by: admin)
        #expect(rsa.key.bits == 3072 && !rsa.allowsTerminal)

        // By name as SQLite orders it (审 U+5BA1 before 小 U+5C0F).
        #expect(try book.books.operatorKeys(of: nil, by: admin).map(\.fingerprint) == [rsa.fingerprint, edFingerprint])
        #expect(try book.books.operatorKeys(of: "小李", by: admin).map(\.fingerprint) == [edFingerprint])
        #expect(try book.books.gateKeys(by: admin).count == 2)
        let log = try book.books.auditLog(since: nil, by: admin).filter { $0.action == "operator key add" }
        #expect(log.map(\.subject) == ["小李", "审计员"])
        #expect(log[0].detail == "ssh-ed25519 256 \(edFingerprint)")
        #expect(try book.books.verify().ok)
    }

    @Test("Refusals: malformed keys and options (65), held keys and inactive operators (1), unknown operators (66), roles (77); nothing changes")
    func refusals() throws {
        let book = try KeyBook()
        _ = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        let before = try book.state()
        let cases: [(key: String, operator: String, by: String, kind: CanteenError.Kind, message: MessageKey)] = [
            ("command=\"/bin/sh\" " + edKey, "审计员", admin, .invalidInput, .keyRefused),
            ("restrict,pty " + edKey, "审计员", admin, .invalidInput, .keyRefused),
            ("no-pty " + edKey, "审计员", admin, .invalidInput, .keyRefused),
            ("ssh-ed25519 AAAA", "审计员", admin, .invalidInput, .keyRefused),
            ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "审计员", admin, .invalidInput, .keyRefused),
            (keyLine("ssh-rsa", rsaBlob(bits: 2048)), "审计员", admin, .invalidInput, .keyRefused),
            (edKey + "\nssh-ed25519 AAAA", "审计员", admin, .invalidInput, .keyRefused),
            ("", "审计员", admin, .invalidInput, .keyRefused),
            (edKey.replacingOccurrences(of: "a b c", with: "a\u{202E}b"), "审计员", admin, .invalidInput, .textFieldCharacter),
            (edKey, "审计员", admin, .rule, .keyHeldByOther),
            (edKey, "小李", admin, .rule, .keyAlreadyHeld),
            (rsaKey, "nobody", admin, .notFound, .operatorNotFound),
            (rsaKey, "审计员", "小李", .permission, .roleMayNot),
            (rsaKey, "审计员", "nobody", .permission, .operatorUnknown),
        ]
        for c in cases {
            let error = refusal { _ = try book.books.addOperatorKey(operator: c.operator, key: c.key, by: c.by) }
            #expect(error?.kind == c.kind && error?.message.key == c.message, "\(c.key.debugDescription): \(String(describing: error))")
        }
        // Options smuggled in front of a key are named as such.
        let smuggled = refusal { _ = try book.books.addOperatorKey(operator: "审计员", key: "from=\"10.0.0.1\" " + edKey, by: admin) }
        #expect(smuggled?.message.values["reason"] == .message(Message(.keyOptionsNotAllowed)))
        #expect(try book.state() == before)

        _ = try book.books.deactivateOperator(name: "陈会计", by: admin)
        let inactive = refusal { _ = try book.books.addOperatorKey(operator: "陈会计", key: rsaKey, by: admin) }
        #expect(inactive?.kind == .rule && inactive?.message.key == .keyOperatorInactive)
    }

    @Test("Removing a key takes it out of service once; the same key may then be given to someone else")
    func remove() throws {
        let book = try KeyBook()
        _ = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        let before = try book.state()
        for (fingerprint, name, kind) in [("SHA256:nope", "小李", CanteenError.Kind.invalidInput), (edFingerprint, "审计员", .notFound),
                                          (edFingerprint, "nobody", .notFound)] {
            #expect(refusal { _ = try book.books.removeOperatorKey(operator: name, fingerprint: fingerprint, by: admin) }?.kind == kind)
        }
        #expect(refusal { _ = try book.books.removeOperatorKey(operator: "小李", fingerprint: edFingerprint, by: "小李") }?.kind == .permission)
        #expect(try book.state() == before)

        let removed = try book.books.removeOperatorKey(operator: "小李", fingerprint: edFingerprint, by: admin)
        #expect(!removed.inService && removed.removedBy == admin)
        #expect(refusal { _ = try book.books.removeOperatorKey(operator: "小李", fingerprint: edFingerprint, by: admin) }?.message.key == .keyNotFound)
        #expect(try book.books.operatorKeys(of: "小李", by: admin).isEmpty)
        #expect(try book.books.operatorKeys(of: "小李", includeRemoved: true, by: admin).count == 1)
        #expect(try book.books.gateKeys(by: admin).isEmpty)
        _ = try book.books.addOperatorKey(operator: "审计员", key: edKey, by: admin)
        #expect(try book.books.gateKeys(by: admin).map(\.operatorName) == ["审计员"])
        #expect(try book.books.verify().ok)
    }

    @Test("Deactivating an operator takes their keys out of service in the same transaction, with facts")
    func deactivate() throws {
        let book = try KeyBook()
        _ = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        _ = try book.books.addOperatorKey(operator: "小李", key: rsaKey, by: admin)
        _ = try book.books.deactivateOperator(name: "小李", by: admin)
        let rows = try book.books.db.prepare("SELECT removed_at, removed_by FROM operator_keys ORDER BY id").rows { ($0.optionalText(0), $0.optionalInt(1)) }
        #expect(rows.count == 2 && rows.allSatisfy { $0.0 == "2026-11-29T05:00:00Z" && $0.1 == 1 })
        let entry = try #require(try book.books.auditLog(since: nil, by: admin).last)
        #expect(entry.action == "operator deactivate" && entry.detail == "keys out of service: 2")
        let facts = try book.books.db.scalarInt("SELECT count(*) FROM audit_facts WHERE audit_id = (SELECT max(id) FROM audit_log) AND tbl = 'operator_keys'")
        #expect(facts == 2)
        #expect(try book.books.gateKeys(by: admin).isEmpty)
        #expect(try book.books.verify().ok)
    }

    @Test("A key row changed outside the program is found by audit verify")
    func tamperedKeyIsFound() throws {
        let book = try KeyBook()
        _ = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        // Hand the clerk's key to the admin, behind the program's back (the books' own connection refuses writes
        // outside a transaction they hand out, so it is told to stand aside as an outside tool would not need to).
        try book.books.db.execute("PRAGMA query_only = OFF")
        try book.books.db.execute("DROP TRIGGER operator_keys_retire_once")
        try book.books.db.execute("UPDATE operator_keys SET operator_id = 1")
        let result = try book.books.verify()
        #expect(!result.ok)
    }

    @Test("The gate lets a key in service in, logs the call with key and address, and logs refusals too")
    func enterGate() throws {
        let book = try KeyBook()
        _ = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        let call = GateCall(operatorName: "小李", fingerprint: edFingerprint, connection: "203.0.113.7 50022 10.0.0.1 22", command: "meal list")
        let caller = try book.books.enterGate(call) { _ in nil }
        #expect(caller.name == "小李" && caller.role == .clerk)
        var last = try #require(try book.books.auditLog(since: nil, by: "小李").last)
        #expect(last.action == "gate" && last.subject == "meal list" && last.detail == "key \(edFingerprint) from 203.0.113.7 port 50022")
        try book.books.recordGateExit(call, caller: caller, exitCode: 77)
        last = try #require(try book.books.auditLog(since: nil, by: "小李").last)
        #expect(last.action == "gate exit" && last.detail == "key \(edFingerprint) from 203.0.113.7 port 50022; exit 77")

        // The vetting's refusal is thrown after its row is committed.
        let vetoed = refusal { _ = try book.books.enterGate(call) { _ in CanteenError(.permission, .gateDatabaseRefused) } }
        #expect(vetoed?.message.key == .gateDatabaseRefused)
        last = try #require(try book.books.auditLog(since: nil, by: "小李").last)
        #expect(last.action == "gate refused" && last.detail.hasSuffix("; gateDatabaseRefused"))

        // A key never added, a removed key and a deactivated operator: refused and logged, without vetting.
        var vetted = false
        let stranger = GateCall(operatorName: "小李", fingerprint: "SHA256:" + String(repeating: "A", count: 43), connection: nil, command: "x")
        #expect(refusal { _ = try book.books.enterGate(stranger) { _ in vetted = true; return nil } }?.message.key == .gateKeyNotInService)
        #expect(try book.books.auditLog(since: nil, by: "小李").last?.detail.contains("from an unknown address") == true)
        _ = try book.books.removeOperatorKey(operator: "小李", fingerprint: edFingerprint, by: admin)
        #expect(refusal { _ = try book.books.enterGate(call) { _ in vetted = true; return nil } }?.message.key == .gateKeyNotInService)
        _ = try book.books.addOperatorKey(operator: "审计员", key: edKey, by: admin)
        _ = try book.books.deactivateOperator(name: "审计员", by: admin)
        let auditor = GateCall(operatorName: "审计员", fingerprint: edFingerprint, connection: nil, command: "audit verify")
        #expect(refusal { _ = try book.books.enterGate(auditor) { _ in vetted = true; return nil } }?.kind == .permission)
        #expect(try book.books.auditLog(since: nil, by: "审计员").last?.action == "gate refused")
        #expect(!vetted)

        // No such operator: nobody to log against; refused, nothing written.
        let before = try book.state()
        let ghost = GateCall(operatorName: "ghost", fingerprint: edFingerprint, connection: nil, command: "x")
        #expect(refusal { _ = try book.books.enterGate(ghost) { _ in nil } }?.message.key == .operatorUnknown)
        #expect(try book.state() == before)
        #expect(try book.books.verify().ok)
    }

    @Test("A refusal's reason is logged by its keys, never with the caller's text in it")
    func reasons() {
        #expect(Books.reason(Message(.gateCommandMalformed, ["reason": Message(.gateForbiddenCharacter, ["character": "U+000A"])]))
            == "gateCommandMalformed(gateForbiddenCharacter)")
        #expect(Books.reason(Message(.gateOperatorRefused, ["name": "小李", "given": "11010519491231002X"])) == "gateOperatorRefused")
    }

    @Test("The logged origin keeps only what sshd would write")
    func origin() {
        let fp = edFingerprint
        #expect(GateCall(operatorName: "a", fingerprint: fp, connection: "UNKNOWN 65535 UNKNOWN 65535", command: "").origin
            == "key \(fp) from UNKNOWN port 65535")
        #expect(GateCall(operatorName: "a", fingerprint: fp, connection: "2001:db8::1 40000 2001:db8::2 22", command: "").origin
            == "key \(fp) from 2001:db8::1 port 40000")
        #expect(GateCall(operatorName: "a", fingerprint: fp, connection: "x\u{1B}[2J y", command: "").origin == "key \(fp) from 'x[2J y'")
    }

    @Test("gate check: the gate's lines for keys in service pass; anything else is named by line")
    func checkAuthorizedKeys() throws {
        let book = try KeyBook()
        let li = try book.books.addOperatorKey(operator: "小李", key: edKey, by: admin)
        let auditor = try book.books.addOperatorKey(operator: "审计员", key: rsaKey, by: admin)
        let inService = try book.books.gateKeys(by: admin)
        let lines = try inService.map { try AuthorizedKeysLine(operatorName: $0.operatorName, key: $0.key, allowsPTY: $0.allowsTerminal).text(for: gate) }
        let good = "# written by gate keys\n\n" + lines.joined(separator: "\n") + "\n"
        let report = Books.check(good, gate: gate, inService: inService)
        #expect(report.ok && report.gateLines == 2 && report.lines == 4)

        // A hand-written shell line, a stale line, a terminal where none belongs, a repeat, and a missing key.
        let ptyForAuditor = try AuthorizedKeysLine(operatorName: "审计员", key: auditor.key, allowsPTY: true).text(for: gate)
        let other = try SSHPublicKey(parsing: keyLine("ssh-rsa", rsaBlob(bits: 3072, seed: 99)))
        let stale = try AuthorizedKeysLine(operatorName: "陈会计", key: other).text(for: gate)
        // lines[1] is 小李's: keys come by operator name as SQLite orders it.
        let bad = [edKey, stale, ptyForAuditor, lines[1], lines[1]].joined(separator: "\r\n")
        let found = Books.check(bad, gate: gate, inService: inService).findings
        #expect(found == [
            .foreign(line: 1, reason: .noCommand, key: li.key),
            .notInService(line: 2, operatorName: "陈会计", fingerprint: other.fingerprint),
            .terminalDiffers(line: 3, operatorName: "审计员", fingerprint: auditor.fingerprint, expected: false),
            .repeated(line: 5, fingerprint: li.fingerprint, first: 4),
        ], "\(found)")
        let missing = Books.check("", gate: gate, inService: inService).findings
        #expect(Set(missing.map { "\($0)" }) == Set([AuthorizedKeysReport.Finding.missing(operatorName: "小李", fingerprint: li.fingerprint, foreignLines: []),
                                                      .missing(operatorName: "审计员", fingerprint: auditor.fingerprint, foreignLines: [])].map { "\($0)" }))
        #expect(missing.allSatisfy { !$0.isLine })

        // A key whose gate line was edited by hand still gets in, through the edited line: said so, not "cannot get in".
        let edited = lines.map { $0.hasPrefix("restrict,pty,") ? String($0.dropFirst("restrict,".count)) : $0 }.joined(separator: "\n")
        #expect(Books.check(edited, gate: gate, inService: inService).findings == [
            .foreign(line: 2, reason: .optionsNotAsWritten(["pty", "command"]), key: li.key),
            .missing(operatorName: "小李", fingerprint: li.fingerprint, foreignLines: [2]),
        ])
    }
}
