import Foundation
import Testing
@testable import CanteenCore

private let plainGate = try! GateCommand(executable: "/usr/local/bin/canteen", database: "/srv/canteen/city.db")
private let spacedGate = try! GateCommand(executable: "/opt/canteen app/bin/canteen", database: "/srv/city books/it's.db")
private let edKey = try! SSHPublicKey(parsing: SSHPublicKeyTests.knownKey)
private let bareEdKey = try! SSHPublicKey(parsing: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8")
private let rsaKey = try! SSHPublicKey(parsing: keyLine("ssh-rsa", rsaBlob(bits: 3072, seed: 7), "rsa key"))
// A real point (from ssh-keygen -t ecdsa -b 384): ssh-keygen skips keys whose point is off the curve.
private let ecKey = try! SSHPublicKey(parsing: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBJPv8MSsGej7YtX/"
    + "jGigGwbwo6PG1zrhoQB/bdUWnjIoPi5TvET76cD5xzp+74H53SwuoMPmNS61Mc+fUjkOV2QpL4BC1xZW4Zf9wZ/v5c9fFP6W7EaJkLqz1+Os6dT2JQ== ")

/// A fingerprint for command lines that do not come with a key: the known key's.
private let fp = SSHPublicKeyTests.knownFingerprint

/// Operator names chosen to break quoting at each layer: sh inside sshd's quoted option value.
private let hostileNames = [
    "alice", "陈 大文", "O'Brien", "say \"hi\"", "back\\slash", "a\\\"b", "\\", "''", "$(id)", "`id`", "${HOME}",
    "x; rm -rf ~", "a|b&c", "#hash", "~root", "*", "tab\there", "trailing\\", "if", "a=b", "\"", "  padded  ",
]

/// Classifies against the plain gate unless told otherwise.
private func classify(_ line: String, _ gate: GateCommand = plainGate) -> AuthorizedKeysLine.Classification {
    AuthorizedKeysLine.classify(line, gate: gate)
}

@Suite("GateCommand")
struct AuthorizedKeysGateCommandTests {
    @Test("Plain paths and names are written bare, others single-quoted")
    func commandLines() throws {
        #expect(try plainGate.commandLine(operatorName: "alice", fingerprint: fp)
            == "/usr/local/bin/canteen --db /srv/canteen/city.db gate --key \(fp) alice")
        #expect(try spacedGate.commandLine(operatorName: "陈 大文", fingerprint: fp)
            == "'/opt/canteen app/bin/canteen' --db '/srv/city books/it'\\''s.db' gate --key \(fp) '陈 大文'")
    }

    @Test("Refuses relative paths and control characters in paths", arguments: [
        ("canteen", "/srv/city.db", GateCommand.Error.relativePath("canteen")),
        ("/usr/bin/canteen", "city.db", .relativePath("city.db")),
        ("./canteen", "/srv/city.db", .relativePath("./canteen")),
        ("", "/srv/city.db", .relativePath("")),
        ("/usr/bin/canteen", "/srv/a\nb.db", .forbiddenCharacter(0x0A)),
        ("/usr/bin/can\u{7F}teen", "/srv/city.db", .forbiddenCharacter(0x7F)),
    ])
    func refusesPaths(executable: String, database: String, expected: GateCommand.Error) {
        #expect(throws: expected) { try GateCommand(executable: executable, database: database) }
    }

    @Test("Refuses names that are empty, look like options, or hold control characters", arguments: [
        ("", GateCommand.Error.emptyOperatorName),
        ("-h", .optionLikeOperatorName("-h")),
        ("--db", .optionLikeOperatorName("--db")),
        ("a\nb", .forbiddenCharacter(0x0A)),
        ("a\u{1B}[31m", .forbiddenCharacter(0x1B)),
        ("a\u{0}", .forbiddenCharacter(0)),
    ])
    func refusesNames(name: String, expected: GateCommand.Error) {
        #expect(throws: expected) { try plainGate.commandLine(operatorName: name, fingerprint: fp) }
    }

    @Test("Refuses what is not a fingerprint as ssh-keygen prints one", arguments: [
        "", "SHA256:", "sha256:" + String(fp.dropFirst(7)), "MD5:" + String(fp.dropFirst(7)), fp + "=", String(fp.dropLast()),
        fp + "A", String(fp.dropLast()) + "1", "SHA256:" + String(repeating: "$", count: 43), fp + " alice",
    ])
    func refusesFingerprints(text: String) {
        #expect(throws: GateCommand.Error.malformedFingerprint(text)) { try plainGate.commandLine(operatorName: "alice", fingerprint: text) }
        #expect(!GateCommand.isFingerprint(text))
    }

    @Test("caller(in:) reads back exactly what commandLine writes", arguments: hostileNames + ["keys", "check"])
    func readsBack(name: String) throws {
        for gate in [plainGate, spacedGate] {
            #expect(gate.caller(in: try gate.commandLine(operatorName: name, fingerprint: fp)) == .init(operatorName: name, fingerprint: fp))
        }
    }

    static let gatePrefix = "/usr/local/bin/canteen --db /srv/canteen/city.db gate"

    @Test("caller(in:) refuses anything else, even what sh would read as the same words", arguments: [
        "\(gatePrefix) --key \(fp) 'alice'",
        "/usr/local/bin/canteen  --db /srv/canteen/city.db gate --key \(fp) alice",
        "\(gatePrefix) --key \(fp) alice ",
        "\(gatePrefix) --key  \(fp) alice",
        "\(gatePrefix) --key \(fp) $USER",
        "\(gatePrefix) --key \(fp) alice; sh",
        "\(gatePrefix) --key \(fp) alice bob",
        "\(gatePrefix) --key \(fp)",
        "\(gatePrefix) --key=\(fp) alice",
        "\(gatePrefix) alice --key \(fp)",
        "\(gatePrefix) --key \(String(fp.dropLast())) alice",
        "\(gatePrefix) --key '\(fp)' alice",
        "\(gatePrefix) --help \(fp) alice",
        "\(gatePrefix) 'alice'",
        "\(gatePrefix) keys",
        "\(gatePrefix) check",
        "\(gatePrefix) -- alice",
        "\(gatePrefix) --help",
        "\(gatePrefix)",
        "/usr/local/bin/canteen --db /srv/other.db gate --key \(fp) alice",
        "/usr/bin/canteen --db /srv/canteen/city.db gate --key \(fp) alice",
        "/usr/local/bin/canteen --db=/srv/canteen/city.db gate --key \(fp) alice",
        "/usr/local/bin/canteen --db /srv/canteen/city.db diner list",
        "/bin/sh",
        "",
        "'unterminated",
    ])
    func refusesOthers(command: String) {
        #expect(plainGate.caller(in: command) == nil)
    }

    @Test("caller(in:) reads the gate's command without --key as the name alone, in the gate's quoting")
    func readsKeyless() {
        #expect(plainGate.caller(in: "\(Self.gatePrefix) alice") == .init(operatorName: "alice", fingerprint: nil))
        #expect(spacedGate.caller(in: "'/opt/canteen app/bin/canteen' --db '/srv/city books/it'\\''s.db' gate '陈 大文'")
            == .init(operatorName: "陈 大文", fingerprint: nil))
    }

    @Test("sh runs the written command as the program, with the book and the name as single arguments")
    func shRunsIt() throws {
        // The program lives under a path with a space and a quote; it prints its arguments NUL-separated.
        let dir = try ScratchDirectory("gate", suffix: " it's")
        let program = dir.file("fake canteen")
        try "#!/bin/sh\nfor a do printf '%s\\0' \"$a\"; done\n".write(toFile: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let gate = try GateCommand(executable: program, database: dir.file("city books.db"))
        for name in hostileNames {
            let line = try AuthorizedKeysLine(operatorName: name, key: edKey).text(for: gate)
            // What sshd hands to the shell: the dequoted command= value.
            let command = try #require(try AuthorizedKeysOptions.split(Substring(line)).options.last?.value)
            let result = try ExternalTool.run("/bin/sh", ["-c", command])
            #expect(result.status == 0, "sh: \(result.stderr)")
            let arguments = result.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast()
                .map { String(decoding: $0, as: UTF8.self) }
            #expect(arguments == ["--db", gate.database, "gate", "--key", edKey.fingerprint, name], "name \(name.debugDescription)")
        }
    }
}

@Suite("AuthorizedKeysLine")
struct AuthorizedKeysLineTests {
    @Test("Writes the restrict,command= line, with pty after restrict when asked")
    func writes() throws {
        let base = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8"
        #expect(try AuthorizedKeysLine(operatorName: "alice", key: edKey).text(for: plainGate)
            == "restrict,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate --key \(fp) alice\" \(base) a b c")
        #expect(try AuthorizedKeysLine(operatorName: "alice", key: bareEdKey, allowsPTY: true).text(for: plainGate)
            == "restrict,pty,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate --key \(fp) alice\" \(base)")
        #expect(try AuthorizedKeysLine(operatorName: "say \"hi\"", key: bareEdKey).text(for: spacedGate)
            == "restrict,command=\"'/opt/canteen app/bin/canteen' --db '/srv/city books/it'\\''s.db' gate --key \(fp) 'say \\\"hi\\\"'\" \(base)")
    }

    @Test("Refuses to write a line for a name the gate command refuses")
    func writeRefuses() {
        #expect(throws: GateCommand.Error.optionLikeOperatorName("-x")) {
            try AuthorizedKeysLine(operatorName: "-x", key: edKey).text(for: plainGate)
        }
    }

    @Test("Every written line classifies as the gate's own, with its name, key and pty")
    func roundTrips() throws {
        for gate in [plainGate, spacedGate] {
            for name in hostileNames {
                for key in [edKey, bareEdKey, rsaKey, ecKey] {
                    for pty in [false, true] {
                        let line = AuthorizedKeysLine(operatorName: name, key: key, allowsPTY: pty)
                        let text = try line.text(for: gate)
                        #expect(classify(text, gate) == .gate(line), "line \(text.debugDescription)")
                        #expect(classify(text + "\n", gate) == .gate(line))
                        #expect(classify(" \t" + text + "\r\n", gate) == .gate(line))
                    }
                }
            }
        }
    }

    @Test("A line written for one gate is foreign to a gate of another program or book")
    func otherGate() throws {
        let text = try AuthorizedKeysLine(operatorName: "alice", key: edKey).text(for: spacedGate)
        #expect(classify(text, plainGate) == .foreign(.otherCommand(try spacedGate.commandLine(operatorName: "alice", fingerprint: fp)), key: edKey))
    }

    @Test("A gate line whose command names another key than the line's is foreign")
    func otherKey() throws {
        let text = try AuthorizedKeysLine(operatorName: "alice", key: edKey).text(for: plainGate)
        let swapped = text.replacingOccurrences(of: edKey.authorizedKeyText, with: rsaKey.authorizedKeyText)
        #expect(classify(swapped) == .foreign(.otherKey(edKey.fingerprint), key: try SSHPublicKey(parsing: rsaKey.authorizedKeyText + " a b c")))
    }

    @Test("ssh-keygen reads every written line and prints the same fingerprint")
    func keygenReadsWrittenLines() throws {
        var lines: [String] = [], expected: [String] = []
        for name in hostileNames {
            for key in [edKey, rsaKey, ecKey] {
                lines.append(try AuthorizedKeysLine(operatorName: name, key: key, allowsPTY: name.count % 2 == 0).text(for: spacedGate))
                expected.append(key.fingerprint)
            }
        }
        let dir = try ScratchDirectory("authorized-keys", suffix: " x")
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.file("authorized_keys"), atomically: true, encoding: .utf8)
        let result = try ExternalTool.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", dir.file("authorized_keys")])
        #expect(result.status == 0, "ssh-keygen: \(result.stderr)")
        #expect(result.text.split(separator: "\n").map { String($0.split(separator: " ")[1]) } == expected)
    }

    @Test("Blank lines and comments are what sshd skips", arguments: ["", " ", "\t \t", "\n", "\r\n"])
    func blank(line: String) {
        #expect(classify(line) == .blank)
    }

    @Test("Comments", arguments: ["#", "# restrict,command=\"x\" ssh-ed25519 AAAA", "  \t# indented"])
    func comment(line: String) {
        #expect(classify(line) == .comment)
    }


    static let foreignCases: [(line: String, reason: AuthorizedKeysLine.Foreign)] = {
        let good: String = "command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate --key \(SSHPublicKeyTests.knownFingerprint) alice\""
        let key: String = SSHPublicKeyTests.knownKey
        let cases: [(line: String, reason: AuthorizedKeysLine.Foreign)] = [
            (key, .noCommand),
            ("no-pty " + key, .noCommand),
            ("restrict " + key, .noCommand),
            ("restrict,pty " + key, .noCommand),
            ("restrict,from=\"10.0.0.1\"," + good + " " + key, .otherOptions(["from"])),
            ("environment=\"X=1\",restrict," + good + " " + key, .otherOptions(["environment"])),
            ("restrict,permitopen=\"db:5432\"," + good + " " + key, .otherOptions(["permitopen"])),
            ("restrict," + good + ",no-pty " + key, .otherOptions(["no-pty"])),
            ("restrict,port-forwarding,agent-forwarding," + good + " " + key, .otherOptions(["port-forwarding", "agent-forwarding"])),
            (good + " " + key, .optionsNotAsWritten(["command"])),
            ("pty,restrict," + good + " " + key, .optionsNotAsWritten(["pty", "restrict", "command"])),
            ("Restrict," + good + " " + key, .optionsNotAsWritten(["Restrict", "command"])),
            ("restrict,COMMAND" + String(good.dropFirst(7)) + " " + key, .optionsNotAsWritten(["restrict", "COMMAND"])),
            ("restrict," + good + "," + good + " " + key, .optionsNotAsWritten(["restrict", "command", "command"])),
            ("restrict,restrict," + good + " " + key, .optionsNotAsWritten(["restrict", "restrict", "command"])),
            ("restrict=\"yes\"," + good + " " + key, .optionsNotAsWritten(["restrict", "command"])),
            ("restrict,command=\"/bin/sh\" " + key, .otherCommand("/bin/sh")),
            ("restrict,command=\"\" " + key, .otherCommand("")),
            ("restrict,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate alice; sh\" " + key,
             .otherCommand("/usr/local/bin/canteen --db /srv/canteen/city.db gate alice; sh")),
            ("restrict,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate $USER\" " + key,
             .otherCommand("/usr/local/bin/canteen --db /srv/canteen/city.db gate $USER")),
            ("restrict,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate alice\" " + key, .noKeyNamed("alice")),
            ("restrict,pty,command=\"/usr/local/bin/canteen --db /srv/canteen/city.db gate alice\" " + key, .noKeyNamed("alice")),
            ("restrict,command=\"/usr/local/bin/canteen --db /tmp/other.db gate alice\" " + key,
             .otherCommand("/usr/local/bin/canteen --db /tmp/other.db gate alice")),
            ("restrict,command=\"unterminated " + key, .badOptions(.unterminatedQuote)),
            ("restrict,," + good + " " + key, .badOptions(.emptyOption)),
            ("restrict,command=/bin/sh " + key, .badOptions(.unquotedValue(name: "command"))),
            ("restrict," + good + " ssh-ed25519 AAB=", .badKey(.badBase64(.nonCanonicalBits))),
            ("restrict," + good + " ssh-ed25519 AAAA", .badKey(.truncatedBlob)),
            ("restrict," + good + " ssh-ed25519", .badKey(.missingKeyData)),
            ("restrict," + good, .badKey(.empty)),
            ("restrict," + good + " no-pty " + key, .badKey(.optionsNotAllowed)),
            ("restrict," + good + " " + key + " \u{1B}[2J", .badKey(.forbiddenCharacter(0x1B))),
            ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", .badKey(.unsupportedType("ssh-dss"))),
            ("restrict," + good + " " + keyLine("ssh-rsa", rsaBlob(bits: 2048)), .badKey(.rsaTooShort(bits: 2048))),
            ("bogus " + key, .badKey(.unsupportedType("bogus"))),
        ]
        return cases
    }()

    @Test("Anything else is foreign, with the first reason in the order sshd reads the line", arguments: foreignCases)
    func foreign(line: String, reason: AuthorizedKeysLine.Foreign) throws {
        let classification = classify(line)
        switch reason {
        case .badOptions, .badKey:
            #expect(classification == .foreign(reason, key: nil))
        default:
            #expect(classification == .foreign(reason, key: edKey))
        }
    }
}
