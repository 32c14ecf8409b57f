import Foundation
import Testing
@testable import CanteenCore

private typealias Option = AuthorizedKeysOptions.Option

/// The error thrown for the input, or nil when it is accepted.
private func splitError(_ line: String) -> AuthorizedKeysOptions.Error? {
    do { _ = try AuthorizedKeysOptions.split(Substring(line)); return nil } catch { return error }
}

@Suite("AuthorizedKeysOptions")
struct AuthorizedKeysOptionsTests {
    static let splitCases: [(line: String, options: [AuthorizedKeysOptions.Option], rest: String)] = [
        ("restrict KEY", [Option("restrict")], " KEY"),
        ("restrict,command=\"a b\" KEY c", [Option("restrict"), Option("command", "a b")], " KEY c"),
        ("command=\"say \\\"hi\\\"\" KEY", [Option("command", "say \"hi\"")], " KEY"),
        ("command=\"a\\b\\ c\" KEY", [Option("command", "a\\b\\ c")], " KEY"),
        ("command=\"a\\\\\"b\" KEY", [Option("command", "a\\\"b")], " KEY"),
        ("command=\"x\ty\"\tKEY", [Option("command", "x\ty")], "\tKEY"),
        ("from=\"10.0.0.0/8,192.168.0.0/16\",no-pty KEY", [Option("from", "10.0.0.0/8,192.168.0.0/16"), Option("no-pty")], " KEY"),
        ("environment=\"A=B\",Restrict,command=\"\" KEY", [Option("environment", "A=B"), Option("Restrict"), Option("command", "")], " KEY"),
        ("no-pty", [Option("no-pty")], ""),
    ]

    @Test("Options end at the first blank outside quotes and are dequoted as sshd does", arguments: splitCases)
    func splits(line: String, options: [AuthorizedKeysOptions.Option], rest: String) throws {
        let result = try AuthorizedKeysOptions.split(Substring(line))
        #expect(result.options == options)
        #expect(result.rest == Substring(rest))
    }

    @Test("Refuses what sshd refuses", arguments: [
        ("command=\"abc KEY", AuthorizedKeysOptions.Error.unterminatedQuote),
        ("command=\"a\\\" KEY", .unterminatedQuote),
        ("command=abc KEY", .unquotedValue(name: "command")),
        ("command= KEY", .unquotedValue(name: "command")),
        ("restrict,,pty KEY", .emptyOption),
        (",restrict KEY", .emptyOption),
        ("restrict, KEY", .emptyOption),
        ("=\"x\" KEY", .emptyOption),
        ("command=\"a\"b KEY", .junkAfterValue(name: "command")),
        ("command=\"a\"\"b\" KEY", .junkAfterValue(name: "command")),
    ])
    func refuses(line: String, expected: AuthorizedKeysOptions.Error) {
        #expect(splitError(line) == expected)
    }

    @Test("quoted escapes only the double quote, and refuses what sshd could not read back", arguments: [
        ("", "\"\""),
        ("a b", "\"a b\""),
        ("a\"b", "\"a\\\"b\""),
        ("a\\\"b", "\"a\\\\\"b\""),
        ("it's", "\"it's\""),
        ("a\\b", "\"a\\b\""),
    ])
    func quotes(value: String, expected: String) {
        #expect(AuthorizedKeysOptions.quoted(value) == expected)
    }

    @Test("quoted refuses a final backslash, line breaks and control characters", arguments: ["a\\", "\\", "a\nb", "a\rb", "\u{0}", "a\u{1B}b"])
    func quotedRefuses(value: String) {
        #expect(AuthorizedKeysOptions.quoted(value) == nil)
        #expect(AuthorizedKeysOptions.render([Option("command", value)]) == nil)
    }

    @Test("Rendered options split back into themselves, for seeded random values")
    func roundTrips() throws {
        var random = SeededRandom(seed: 0x0B7)
        let pieces = ["a", "中", " ", "\t", "\"", "\"", "\\", "\\", ",", "'", "=", "#"]
        var tried = 0
        for _ in 0..<500 {
            let value = (0..<random.below(12)).map { _ in random.pick(pieces) }.joined()
            guard !value.hasSuffix("\\") else { continue }
            let options = [Option("restrict"), Option("command", value), Option("from", value)]
            let text = try #require(AuthorizedKeysOptions.render(options))
            let result = try AuthorizedKeysOptions.split(Substring(text + " KEY"))
            #expect(result.options == options, "value \(value.debugDescription)")
            #expect(result.rest == " KEY")
            tried += 1
        }
        #expect(tried > 300)
    }

    @Test("ssh-keygen finds the key after options this code writes, however hostile the value")
    func keygenSkipsRenderedOptions() throws {
        // A value holding the text of another key: if its quotes were written wrongly, ssh-keygen
        // (which skips options with sshd's own routine) would land on that key instead.
        let decoy = try SSHPublicKey(parsing: keyLine("ssh-rsa", rsaBlob(bits: 3072, seed: 99)))
        let key = try SSHPublicKey(parsing: SSHPublicKeyTests.knownKey)
        let values = ["a\" \(decoy.authorizedKeyText) \"", "\\\" \(decoy.authorizedKeyText)", "x\\\\\" \(decoy.authorizedKeyText) y", "\t\"\t"]
        let dir = try ScratchDirectory("authorized-keys")
        let lines = try values.map { value in
            try #require(AuthorizedKeysOptions.render([Option("restrict"), Option("command", value)])) + " " + key.authorizedKeyText
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.file("authorized_keys"), atomically: true, encoding: .utf8)
        let result = try ExternalTool.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", dir.file("authorized_keys")])
        #expect(result.status == 0, "ssh-keygen: \(result.stderr)")
        let fingerprints = result.text.split(separator: "\n").map { $0.split(separator: " ")[1] }
        #expect(fingerprints == Array(repeating: Substring(key.fingerprint), count: values.count))
    }
}
