import Foundation
import Testing
@testable import CanteenCore

/// What /bin/sh makes of each line as the arguments of one command: its words after its own
/// tokenising and quote removal. With `glob: false` the script runs `set -f` first, so that for
/// lines free of `$`, backquotes, `~` and operators sh does nothing but quote removal, which is
/// exactly what ShellWords claims to do. All lines go through one sh process to spare the CPU.
private func shWords(_ lines: [String], glob: Bool = false) throws -> [[String]] {
    var script = glob ? "" : "set -f\n"
    for line in lines {
        script += "set -- \(line)\nfor w do printf '%s\\0' \"$w\"; done; printf '\\1'\n"
    }
    let result = try ExternalTool.run("/bin/sh", ["-c", script])
    #expect(result.status == 0, "sh failed: \(result.stderr)")
    // Each line's words end in \1; each word ends in NUL. No tested word holds either byte.
    var records = result.stdout.split(separator: 1, omittingEmptySubsequences: false).map { record in
        record.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
    records.removeLast()
    return records
}

/// Whether sh's parser accepts `line` as the arguments of a command (`sh -n` parses without running).
private func shAccepts(_ line: String) throws -> Bool {
    try ExternalTool.run("/bin/sh", ["-n", "-c", "set -- \(line)"]).status == 0
}

/// The error split throws for `line`, or nil when it accepts it.
private func splitError(_ line: String, limit: Int = ShellWords.defaultLimit) -> ShellWords.Error? {
    do { _ = try ShellWords.split(line, limit: limit); return nil } catch { return error }
}

@Suite("ShellWords")
struct ShellWordsTests {
    /// Lines on which sh, after `set -f`, must agree with the expected words.
    static let agreeingWithSh: [(String, [String])] = [
        ("", []),
        ("   ", []),
        ("\t \t", []),
        ("diner list", ["diner", "list"]),
        ("  meal   record \t 12 ", ["meal", "record", "12"]),
        ("a'b'\"c\"", ["abc"]),
        ("''", [""]),
        ("\"\"", [""]),
        ("a '' b", ["a", "", "b"]),
        ("'' \"\"", ["", ""]),
        ("''a", ["a"]),
        ("'a b'", ["a b"]),
        ("\"a  b\"", ["a  b"]),
        ("a\\ b", ["a b"]),
        ("a\\\tb", ["a\tb"]),
        ("\\a\\b", ["ab"]),
        ("\\'", ["'"]),
        ("\\\"", ["\""]),
        ("\\\\", ["\\"]),
        ("'a\\'", ["a\\"]),
        ("'\\\\'", ["\\\\"]),
        ("\"a\\\"b\"", ["a\"b"]),
        ("\"a\\\\b\"", ["a\\b"]),
        ("\"a\\b\"", ["a\\b"]),
        ("\"\\'\"", ["\\'"]),
        ("\"\\\\\\\"\"", ["\\\""]),
        ("\"it's\"", ["it's"]),
        ("'say \"hi\"'", ["say \"hi\""]),
        ("'it'\\''s'", ["it's"]),
        ("\"a\"'b'c\\ d", ["abc d"]),
        ("diner register --name '陈 大文'", ["diner", "register", "--name", "陈 大文"]),
        ("\\中", ["中"]),
        ("--name=\"x y\"", ["--name=x y"]),
        ("a=b c", ["a=b", "c"]),
        ("* ? [a] {b,c} !", ["*", "?", "[a]", "{b,c}", "!"]),
        ("'a\tb'", ["a\tb"]),
        ("x#y", ["x#y"]),
        ("\"#\" '#' \\#", ["#", "#", "#"]),
        ("'$(id)' '`id`' '${HOME}' \\$x", ["$(id)", "`id`", "${HOME}", "$x"]),
        ("\"\\$HOME\" \"\\`id\\`\"", ["$HOME", "`id`"]),
        ("'~' \\~ '~'root", ["~", "~", "~root"]),
        ("'a;b' \"c|d\" e\\&f \\<g\\>", ["a;b", "c|d", "e&f", "<g>"]),
    ]

    /// Lines where sh would do more than quote removal (operators, expansions, comments): the gate
    /// never does, so these are checked against the expected words only.
    static let literalHere: [(String, [String])] = [
        ("diner list; sh", ["diner", "list;", "sh"]),
        ("a|b", ["a|b"]),
        ("a && b", ["a", "&&", "b"]),
        ("x >out <in 2>&1", ["x", ">out", "<in", "2>&1"]),
        ("(a)", ["(a)"]),
        ("$(id)", ["$(id)"]),
        ("${HOME}", ["${HOME}"]),
        ("$((1+1))", ["$((1+1))"]),
        ("`id`", ["`id`"]),
        ("\"$USER\" \"`id`\"", ["$USER", "`id`"]),
        ("~ ~root/x", ["~", "~root/x"]),
        ("#comment", ["#comment"]),
        ("a #b c", ["a", "#b", "c"]),
    ]

    @Test("Splits as the table says", arguments: agreeingWithSh + literalHere)
    func table(line: String, expected: [String]) throws {
        #expect(try ShellWords.split(line) == expected)
    }

    @Test("The sh harness reports sh's own words, expansions included")
    func harnessSeesSh() throws {
        // Guards the comparisons below against a harness that would agree with anything.
        #expect(try shWords(["$((1+1))", "'a'\"b\" x\\ y", ""]) == [["2"], ["ab", "x y"], []])
    }

    @Test("Real sh splits the agreeing lines the same way")
    func agreesWithSh() throws {
        let lines = Self.agreeingWithSh.map(\.0)
        #expect(try shWords(lines) == Self.agreeingWithSh.map(\.1))
    }

    @Test("Refuses unterminated quotes and a trailing backslash", arguments: [
        ("'abc", ShellWords.Error.unterminatedQuote),
        ("\"abc", .unterminatedQuote),
        ("a'b", .unterminatedQuote),
        ("'a'\"", .unterminatedQuote),
        ("\"a\\\"", .unterminatedQuote),
        ("\"a\\", .unterminatedQuote),
        ("'''", .unterminatedQuote),
        ("abc\\", .trailingBackslash),
        ("\\", .trailingBackslash),
        ("'a'\\", .trailingBackslash),
        ("a \\", .trailingBackslash),
    ])
    func refusesUnbalanced(line: String, expected: ShellWords.Error) throws {
        #expect(splitError(line) == expected)
        // sh would either fail on these or, for the backslash, join the next line on.
        if expected == .unterminatedQuote { #expect(try !shAccepts(line)) }
    }

    @Test("Refuses NUL, line breaks, control characters and DEL wherever they are", arguments: [
        ("a\nb", UInt32(0x0A)),
        ("a\\\nb", 0x0A),
        ("'a\nb'", 0x0A),
        ("a\r", 0x0D),
        ("\r\n", 0x0D),
        ("a\u{0}b", 0x00),
        ("\u{1B}[31m", 0x1B),
        ("'\u{7}'", 0x07),
        ("a\u{7F}", 0x7F),
        ("\u{85}", 0x85),
        ("\"\u{9B}\"", 0x9B),
        ("'unterminated \u{1}", 0x01),
    ])
    func refusesControlCharacters(line: String, code: UInt32) {
        #expect(splitError(line) == .forbiddenCharacter(code))
    }

    @Test("Refuses lines over the limit, counted in UTF-8 bytes")
    func refusesLongLines() throws {
        let limit = ShellWords.defaultLimit
        #expect(limit == 65536)
        #expect(try ShellWords.split(String(repeating: "a", count: limit)).first?.utf8.count == limit)
        #expect(splitError(String(repeating: "a", count: limit + 1)) == .tooLong(limit: limit))
        #expect(splitError("abcd", limit: 3) == .tooLong(limit: 3))
        #expect(splitError("中", limit: 2) == .tooLong(limit: 2))
        #expect(try ShellWords.split("中", limit: 3) == ["中"])
    }

    @Test("Seeded random lines of quotes, backslashes, blanks and letters split as sh splits them")
    func randomLinesAgreeWithSh() throws {
        var random = SeededRandom(seed: 0x5EED_5E11)
        // No `$`, backquote, `~`, `#` or operators: with those sh would do more than quote removal.
        let pieces = ["a", "b", "Z", "中", "-", "=", ".", "/", "*", "?", "[", "]", "{", "}", ",", "!",
                      " ", " ", "\t", "'", "'", "\"", "\"", "\\", "\\"]
        var accepted: [(line: String, words: [String])] = []
        var unterminated: [String] = []
        for _ in 0..<600 {
            let line = (0..<random.below(20)).map { _ in random.pick(pieces) }.joined()
            do {
                accepted.append((line, try ShellWords.split(line)))
            } catch .unterminatedQuote {
                unterminated.append(line)
            } catch {
                #expect(error == .trailingBackslash, "line \(line.debugDescription)")
            }
        }
        #expect(accepted.count >= 200, "too few accepted lines to be a useful comparison")
        let fromSh = try shWords(accepted.map(\.line))
        try #require(fromSh.count == accepted.count)
        for (i, (line, words)) in accepted.enumerated() {
            #expect(words == fromSh[i], "line \(line.debugDescription)")
        }
        // sh must refuse what is refused as unterminated (one process each, so only a sample).
        for line in unterminated.prefix(25) {
            #expect(try !shAccepts(line), "line \(line.debugDescription)")
        }
    }

    @Test("quote leaves plain words bare and single-quotes the rest", arguments: [
        ("/usr/local/bin/canteen", "/usr/local/bin/canteen"),
        ("alice", "alice"),
        ("a-b_c.d:e@f%g+h,i", "a-b_c.d:e@f%g+h,i"),
        ("", "''"),
        ("a b", "'a b'"),
        ("it's", "'it'\\''s'"),
        ("'", "''\\'''"),
        ("a=b", "'a=b'"),
        ("~", "'~'"),
        ("if", "'if'"),
        ("done", "'done'"),
        ("陈大文", "陈大文"),
        ("王主任", "王主任"),
        ("José-2.0_x", "José-2.0_x"),
        ("陈 大文", "'陈 大文'"),
        ("陈\u{3000}大文", "'陈\u{3000}大文'"),
        ("Jose\u{301}", "'Jose\u{301}'"),
        ("a\u{2BC}b", "'a\u{2BC}b'"),
        ("２", "'２'"),
        ("$(id)", "'$(id)'"),
        ("a\\", "'a\\'"),
    ])
    func quoteForms(text: String, expected: String) {
        #expect(ShellWords.quote(text) == expected)
    }

    /// Strings chosen to break naive quoting; none holds a control character, which split refuses.
    static let hostile = [
        "", " ", "'", "''", "\"", "\\", "\\'", "'\\''", "a b", "\ta\t", "$(id)", "`id`", "${HOME}", "$HOME",
        "$((1+1))", "~", "~root", "*", "?", "[a]", "{a,b}", "#x", "x#", "a;b", "a|b", "a&&b", "<x", ">x",
        "!", "-n", "--db", "if", "a=b", "陈 大文", "陈大文", "José", "王主任;id", "it's \"quoted\"", "a\\", "\\\\\"'`$", "x; rm -rf ~",
    ]

    @Test("split(quote(x)) is [x], and real sh with every expansion on agrees")
    func quoteRoundTrips() throws {
        var random = SeededRandom(seed: 0x0_0A7E)
        let pieces = ["a", "Z", "中", " ", "\t", "'", "\"", "\\", "$", "`", "~", "*", "?", "[", "#", ";",
                      "&", "|", "<", ">", "(", ")", "{", "}", "=", "!", "-", "%", "^"]
        let strings = Self.hostile + (0..<300).map { _ in (0..<random.below(12)).map { _ in random.pick(pieces) }.joined() }
        for text in strings {
            #expect(try ShellWords.split(ShellWords.quote(text)) == [text], "text \(text.debugDescription)")
        }
        // Globbing stays on here: quoting must protect the words from it too.
        #expect(try shWords(strings.map(ShellWords.quote), glob: true) == strings.map { [$0] })
        let joined = strings.map(ShellWords.quote).joined(separator: " ")
        #expect(try ShellWords.split(joined) == strings)
        #expect(try shWords([joined], glob: true) == [strings])
    }
}

/// Runs a real program (sh, ssh-keygen) to completion, so the access pieces are checked against
/// implementations that are not their own.
enum ExternalTool {
    /// What the program left behind.
    struct Result {
        /// The exit status, or the signal number when it was killed.
        let status: Int32
        /// Raw bytes: the shell tests read NUL-separated words.
        let stdout: [UInt8]
        /// For the message when something fails.
        let stderr: String

        /// Standard output as text.
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `path` with `arguments`, feeding `input` on standard input.
    static func run(_ path: String, _ arguments: [String], input: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        // stderr is drained on its own thread so that a chatty program cannot block on a full pipe
        // while this one waits for stdout to end.
        let errors = ErrorText()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.set(stderr.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](out), stderr: errors.text)
    }

    /// Holds stderr as the reading thread hands it over.
    private final class ErrorText: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        /// Called once, from the reading thread.
        func set(_ data: Data) { lock.withLock { self.data = data } }

        /// Read after the reading thread has signalled.
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }
}

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class ScratchDirectory {
    /// Its absolute path; may contain a space, to prove paths with spaces work.
    let path: String

    /// Creates `canteen-<label>-<uuid>[ suffix]`.
    init(_ label: String, suffix: String = "") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("canteen-\(label)-\(UUID().uuidString)\(suffix)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }
}
