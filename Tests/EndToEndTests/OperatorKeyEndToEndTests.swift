// Operators' keys and the keys file, at the server's own terminal (the admin's side of the gate), through the binary.
import Foundation
import Testing

@Suite struct OperatorKeyEndToEndTests {
    /// A book with an admin, a clerk and an auditor, and a folder for keys.
    private func book() throws -> (Canteen, TempDir) {
        let canteen = try Canteen.initialized(admin: "王主任")
        try canteen.succeed("operator", "add", "小李", "--role", "clerk", operator: "王主任")
        try canteen.succeed("operator", "add", "审计员", "--role", "auditor", operator: "王主任")
        return (canteen, try TempDir("keys"))
    }

    @Test func keysAreAddedListedWithSshKeygensFingerprintsAndRemoved() throws {
        let (canteen, dir) = try book()
        let ed = try ClientKey("小李", in: dir)
        let rsa = try ClientKey("审计员", in: dir, type: "rsa")
        let ecdsa = try ClientKey("小李", in: dir, type: "ecdsa")
        try canteen.succeed("operator", "key", "add", "小李", "--key-file", ed.publicKey, operator: "王主任")
        try canteen.succeed("operator", "key", "add", "审计员", "--key", rsa.publicText, operator: "王主任")
        let piped = try canteen.succeed("operator", "key", "add", "小李", "--key-file", "-", "--format", "json", operator: "王主任",
                                        stdin: ecdsa.publicText)
        #expect((piped.json as? [String: Any])?["fingerprint"] as? String == ecdsa.fingerprint, "\(piped)")

        let list = try canteen.succeed("operator", "key", "list", "--format", "csv", operator: "王主任")
        for (key, bits) in [(ed, "256"), (rsa, "3072"), (ecdsa, "256")] {
            #expect(list.stdout.contains(",\(bits),\(key.fingerprint),"), "\(key.fingerprint) in \(list)")
        }
        let mine = try canteen.succeed("operator", "key", "list", "小李", "--format", "json", operator: "王主任")
        #expect(((mine.json as? [String: Any])?["keys"] as? [[String: Any]])?.count == 2, "\(mine)")

        try canteen.succeed("operator", "key", "remove", "小李", ed.fingerprint, operator: "王主任")
        let after = try canteen.succeed("operator", "key", "list", "小李", "--format", "csv", operator: "王主任")
        #expect(!after.stdout.contains(ed.fingerprint) && after.stdout.contains(ecdsa.fingerprint), "\(after)")
        let all = try canteen.succeed("operator", "key", "list", "小李", "--all", "--format", "csv", operator: "王主任")
        #expect(all.stdout.contains(ed.fingerprint), "\(all)")
        let log = try canteen.succeed("audit", "log", "--format", "csv")
        #expect(log.stdout.contains("operator key add,小李") && log.stdout.contains("operator key remove,小李,\(ed.fingerprint)"), "\(log)")
        try canteen.succeed("audit", "verify")
    }

    @Test func pubFilesAsWindowsToolsSaveThemAreRead() throws {
        let (canteen, dir) = try book()
        // Notepad's UTF-8 with a byte-order mark; PowerShell 5's `Get-Content k.pub > x.pub`: UTF-16LE, mark, CRLF;
        // UTF-16BE for completeness; and a marked key on standard input.
        let encodings: [(String, (String) -> [UInt8])] = [
            ("utf-8 bom", { [0xEF, 0xBB, 0xBF] + Array($0.utf8) }),
            ("utf-16le", { [0xFF, 0xFE] + $0.replacingOccurrences(of: "\n", with: "\r\n").utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }),
            ("utf-16be", { [0xFE, 0xFF] + $0.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }),
        ]
        for (name, encode) in encodings {
            let key = try ClientKey("小李 \(name)", in: dir)
            let file = dir.file("\(name).pub")
            try Data(encode(key.publicText)).write(to: URL(fileURLWithPath: file))
            let added = try canteen.succeed("operator", "key", "add", "小李", "--key-file", file, "--format", "json", operator: "王主任")
            let json = try #require(added.json as? [String: Any], "\(added)")
            #expect(json["fingerprint"] as? String == key.fingerprint && json["comment"] as? String == "小李 \(name)@canteen-pc", "\(name): \(added)")
        }
        let piped = try ClientKey("审计员", in: dir)
        let fromStdin = try canteen.succeed("operator", "key", "add", "审计员", "--key-file", "-", "--format", "json", operator: "王主任",
                                            stdin: "\u{FEFF}" + piped.publicText)
        #expect((fromStdin.json as? [String: Any])?["fingerprint"] as? String == piped.fingerprint, "\(fromStdin)")
        // The same file's text given whole to --key, as `--key "$(cat key.pub)"` gives it.
        let pasted = try ClientKey("审计员 pasted", in: dir)
        let fromText = try canteen.succeed("operator", "key", "add", "审计员", "--key", "\u{FEFF}" + pasted.publicText, "--format", "json",
                                           operator: "王主任")
        #expect((fromText.json as? [String: Any])?["fingerprint"] as? String == pasted.fingerprint, "\(fromText)")

        // What only looks like UTF-16 is refused, not repaired: an odd byte, or half of a surrogate pair.
        let before = canteen.snapshot()
        let odd = Array(try ClientKey("x", in: dir).publicText.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }.dropLast())
        for (name, bytes) in [("odd.pub", [0xFF, 0xFE] + odd), ("half.pub", [0xFF, 0xFE, 0x3D, 0xD8, 0x20, 0x00])] {
            try Data(bytes).write(to: URL(fileURLWithPath: dir.file(name)))
            let result = try canteen.run("operator", "key", "add", "小李", "--key-file", dir.file(name), operator: "王主任")
            expectRefusal(result, exit: 65, saying: "is not UTF-16 text", before: before, canteen: canteen)
        }
        try canteen.succeed("audit", "verify")
    }

    @Test func badKeysAndBadCallsAreRefusedAndChangeNothing() throws {
        let (canteen, dir) = try book()
        let ed = try ClientKey("小李", in: dir)
        try canteen.succeed("operator", "key", "add", "小李", "--key-file", ed.publicKey, operator: "王主任")
        let short = try ClientKey("x", in: dir, type: "rsa")
        let weak = try runProcess(SSHAvailability.keygen, ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", dir.file("weak")],
                                  environment: CanteenBinary.baseEnvironment, directory: dir.path)
        try #require(weak.exitCode == 0)
        let dsaLike = "ssh-dss AAAAB3NzaC1kc3MAAACBAP"
        // A real ECDSA key with the last byte of its point's y changed: off the curve, as ssh-keygen would say.
        let ecdsa = try ClientKey("x", in: dir, type: "ecdsa")
        var blob = [UInt8](try #require(Data(base64Encoded: String(ecdsa.publicText.split(separator: " ")[1]))))
        blob[blob.count - 1] ^= 1
        let offCurve = "ecdsa-sha2-nistp256 " + Data(blob).base64EncodedString() + " moved@pc"
        let before = canteen.snapshot()
        let cases: [(args: [String], by: String, exit: Int32, saying: String)] = [
            (["小李", "--key", "command=\"/bin/sh\" " + short.publicText], "王主任", 65, "options"),
            (["小李", "--key", "restrict,pty " + short.publicText], "王主任", 65, "options"),
            (["小李", "--key", "from=\"10.0.0.1\" " + short.publicText], "王主任", 65, "options"),
            (["小李", "--key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="], "王主任", 65, "not an accepted SSH public key"),
            (["小李", "--key", dsaLike], "王主任", 65, "ssh-dss"),
            (["小李", "--key", offCurve], "王主任", 65, "the ECDSA key's point is not on the nistp256 curve"),
            (["小李", "--key-file", dir.file("weak.pub")], "王主任", 65, "2048 bits"),
            (["小李", "--key", ed.publicText + ed.publicText], "王主任", 65, "more than one line"),
            (["审计员", "--key-file", ed.publicKey], "王主任", 1, "already belongs to operator '小李'"),
            (["小李", "--key-file", ed.publicKey], "王主任", 1, "already has key"),
            (["nobody", "--key-file", short.publicKey], "王主任", 66, "no operator 'nobody'"),
            (["小李", "--key-file", dir.file("missing.pub")], "王主任", 66, "no file"),
            (["小李", "--key-file", dir.path], "王主任", 74, "cannot read"),
            (["小李", "--key-file", "/dev/zero"], "王主任", 65, "larger than"),
            (["小李", "--key-file", short.publicKey], "小李", 77, "admins"),
            (["小李", "--key-file", short.publicKey], "nobody", 77, "unknown operator"),
            (["小李"], "王主任", 64, "--key"),
            (["小李", "--key", short.publicText, "--key-file", short.publicKey], "王主任", 64, "not both"),
        ]
        for c in cases {
            let result = try canteen.run(arguments: ["operator", "key", "add"] + c.args, operator: c.by)
            expectRefusal(result, exit: c.exit, saying: c.saying, before: before, canteen: canteen)
        }
        for (args, by, exit, saying) in [(["小李", "SHA256:nope"], "王主任", Int32(65), "not a key fingerprint"),
                                         (["审计员", ed.fingerprint], "王主任", 66, "no key"),
                                         (["小李", ed.fingerprint], "审计员", 77, "admins")] {
            expectRefusal(try canteen.run(arguments: ["operator", "key", "remove"] + args, operator: by), exit: exit, saying: saying,
                          before: before, canteen: canteen)
        }
        expectRefusal(try canteen.run("operator", "key", "list", operator: "小李"), exit: 77, saying: "admins", before: before, canteen: canteen)
    }

    @Test func gateKeysWritesTheWholeFileForTheServiceAccountOnly() throws {
        let (canteen, dir) = try book()
        let clerk = try ClientKey("小李", in: dir), auditor = try ClientKey("审计员", in: dir), spaced = try ClientKey("陈", in: dir)
        try canteen.succeed("operator", "key", "add", "小李", "--key-file", clerk.publicKey, operator: "王主任")
        try canteen.succeed("operator", "key", "add", "审计员", "--key-file", auditor.publicKey, operator: "王主任")
        try canteen.succeed("operator", "add", "陈 大文", "--role", "auditor", operator: "王主任")
        try canteen.succeed("operator", "key", "add", "陈 大文", "--key-file", spaced.publicKey, operator: "王主任")
        let ssh = try TempDir("dot-ssh")
        let file = ssh.file("authorized_keys")
        try "stale content\n".write(toFile: file, atomically: true, encoding: .utf8)
        try canteen.succeed("gate", "keys", "--out", file, operator: "王主任")
        #expect(ssh.contents() == ["authorized_keys"], "no temporary file left: \(ssh.contents())")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // One line per key and nothing else: no comment lines.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3 && text.hasSuffix("\n") && lines.allSatisfy { $0.hasPrefix("restrict,") }, "\(text)")
        let binary = GateCity.resolved(try #require(CanteenBinary.path))
        let book = GateCity.resolved(canteen.db)
        // Names are quoted for sh only where they need it: 小李 is a plain word, 陈 大文 is not.
        #expect(lines.contains { $0 == "restrict,pty,command=\"\(binary) --db \(book) gate --key \(clerk.fingerprint) 小李\" \(clerk.publicText.trimmingCharacters(in: .newlines))" }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("restrict,command=\"") && $0.contains("gate --key \(auditor.fingerprint) 审计员\" ") }, "auditors get no pty: \(text)")
        #expect(lines.contains { $0.contains("gate --key \(spaced.fingerprint) '陈 大文'\" ") }, "\(text)")
        // ssh-keygen reads the file the gate wrote, and finds the same keys.
        let listed = try runProcess(SSHAvailability.keygen, ["-l", "-E", "sha256", "-f", file], environment: CanteenBinary.baseEnvironment, directory: ssh.path)
        #expect(listed.exitCode == 0 && listed.stdout.split(separator: "\n").count == 3 && listed.stdout.contains(clerk.fingerprint)
            && listed.stdout.contains(auditor.fingerprint), "\(listed)")
        // Standard output by default, and the gate check of it passes.
        let printed = try canteen.succeed("gate", "keys", operator: "王主任")
        #expect(printed.stdout == text)
        try canteen.succeed("gate", "check", "--authorized-keys", file, operator: "王主任")
        // Only admins; a refused target is refused before anything is written.
        let before = canteen.snapshot()
        expectRefusal(try canteen.run("gate", "keys", "--out", file, operator: "小李"), exit: 77, saying: "admins", before: before, canteen: canteen)
        expectRefusal(try canteen.run("gate", "keys", "--out", canteen.db, operator: "王主任"), exit: 1, saying: "open database", before: before, canteen: canteen)
        expectRefusal(try canteen.run("gate", "keys", "--program", "canteen", operator: "王主任"), exit: 65, saying: "not an absolute path", before: before, canteen: canteen)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
    }

    @Test func gateCheckNamesEveryLineThatIsNotTheGatesOwn() throws {
        let (canteen, dir) = try book()
        let clerk = try ClientKey("小李", in: dir), auditor = try ClientKey("审计员", in: dir), stranger = try ClientKey("x", in: dir)
        try canteen.succeed("operator", "key", "add", "小李", "--key-file", clerk.publicKey, operator: "王主任")
        try canteen.succeed("operator", "key", "add", "审计员", "--key-file", auditor.publicKey, operator: "王主任")
        let file = dir.file("authorized_keys")
        try canteen.succeed("gate", "keys", "--out", file, operator: "王主任")
        // Someone edits the file by hand: a key with no forced command, and a tunnel.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((stranger.publicText + "restrict,port-forwarding,command=\"/bin/true\" " + stranger.publicText).utf8))
        try handle.close()
        let lineCount = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let check = try canteen.run("gate", "check", "--authorized-keys", file, operator: "王主任")
        #expect(check.exitCode == 1, "\(check)")
        #expect(check.stdout.contains("line \(lineCount - 1) (\(stranger.fingerprint)) is not the gate's own: no forced command"), "\(check)")
        #expect(check.stdout.contains("line \(lineCount) (\(stranger.fingerprint)) is not the gate's own: it grants more than the gate does (port-forwarding)"), "\(check)")
        #expect(check.stderr.hasPrefix("Error: gate check found 2 problems"), "\(check)")
        let json = try canteen.run("gate", "check", "--authorized-keys", "-", "--format", "json", operator: "王主任",
                                   stdin: try String(contentsOfFile: file, encoding: .utf8))
        let problems = try #require((json.json as? [String: Any])?["problems"] as? [[String: Any]])
        #expect(json.exitCode == 1 && problems.map { $0["line"] as? Int } == [lineCount - 1, lineCount], "\(json)")

        // A key taken out of service keeps its line until gate keys runs again: gate check says so.
        try canteen.succeed("gate", "keys", "--out", file, operator: "王主任")
        try canteen.succeed("operator", "key", "remove", "审计员", auditor.fingerprint, operator: "王主任")
        let stale = try canteen.run("gate", "check", "--authorized-keys", file, operator: "王主任")
        #expect(stale.exitCode == 1 && stale.stdout.contains("审计员's key \(auditor.fingerprint) is not in service"), "\(stale)")
        try canteen.succeed("gate", "keys", "--out", file, operator: "王主任")
        try canteen.succeed("gate", "check", "--authorized-keys", file, operator: "王主任")
        // A key added and not yet written is someone locked out.
        try canteen.succeed("operator", "key", "add", "审计员", "--key-file", stranger.publicKey, operator: "王主任")
        let missing = try canteen.run("gate", "check", "--authorized-keys", file, operator: "王主任")
        #expect(missing.exitCode == 1 && missing.stdout.contains("no line for 审计员's key \(stranger.fingerprint)"), "\(missing)")

        // The clerk's line edited by hand (a terminal, without restrict): reported, and the clerk is not said to be locked
        // out, since that line lets the key in.
        try canteen.succeed("gate", "keys", "--out", file, operator: "王主任")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        try written.replacingOccurrences(of: "restrict,pty,", with: "pty,").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try canteen.run("gate", "check", "--authorized-keys", file, operator: "王主任")
        #expect(edited.exitCode == 1 && edited.stdout.contains("is not the gate's own: its options are not as the gate writes them (pty,command)")
            && edited.stdout.contains("no gate line for 小李's key \(clerk.fingerprint), which is in service: sshd lets it in only through line ")
            && !edited.stdout.contains("cannot get in"), "\(edited)")
        let zh = try canteen.run("gate", "check", "--authorized-keys", file, "--lang", "zh", operator: "王主任")
        #expect(zh.stdout.contains("'sshd' 只通过第") && !zh.stdout.contains("无法登录"), "\(zh)")

        let now = canteen.snapshot()
        expectRefusal(try canteen.run("gate", "check", "--authorized-keys", file, operator: "审计员"), exit: 77, saying: "admins", before: now, canteen: canteen)
        expectRefusal(try canteen.run("gate", "check", "--authorized-keys", dir.file("none"), operator: "王主任"), exit: 66, saying: "no file", before: now, canteen: canteen)
    }

    @Test func deactivatingAnOperatorTakesTheirKeysOutOfTheFile() throws {
        let (canteen, dir) = try book()
        let clerk = try ClientKey("小李", in: dir)
        try canteen.succeed("operator", "key", "add", "小李", "--key-file", clerk.publicKey, operator: "王主任")
        try canteen.succeed("operator", "deactivate", "小李", operator: "王主任")
        let keys = try canteen.succeed("gate", "keys", operator: "王主任")
        #expect(!keys.stdout.contains(clerk.fingerprint), "\(keys)")
        let all = try canteen.succeed("operator", "key", "list", "--all", "--format", "json", operator: "王主任")
        let rows = try #require((all.json as? [String: Any])?["keys"] as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["in_service"] as? Bool == false && rows[0]["removed_by"] as? String == "王主任", "\(all)")
        let log = try canteen.succeed("audit", "log", "--format", "csv")
        #expect(log.stdout.contains("operator deactivate,小李,keys out of service: 1"), "\(log)")
        try canteen.succeed("audit", "verify")
    }
}
