// The counter as a person uses it: in a real terminal. tmux runs the session in a pseudo-terminal of its own; the
// test types with send-keys, reads the screen with capture-pane (-e keeps the colours as escape sequences), and
// pipe-pane copies every byte the session wrote to a file, where the bell (BEL, 0x07) can be counted.
import Foundation
import Glibc
import Testing

/// tmux from $PATH. CI installs it (apt-get install tmux); without it these tests fail unless
/// CANTEEN_SKIP_TERMINAL_TESTS=1 says to skip them.
private enum TerminalTools {
    static let skipped = ProcessInfo.processInfo.environment["CANTEEN_SKIP_TERMINAL_TESTS"] == "1"
    static let tmux: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// One tmux server of the test's own (its own socket), with one session running the counter.
private final class TmuxCounter {
    let tmux: String
    let socket = "canteen-test-\(UUID().uuidString.prefix(8))"
    let dir: TempDir
    var rawLog: String { dir.file("pane.raw") }

    /// Starts `canteen counter --site FC <extra> --today 2026-11-30` in a 120 × 30 terminal. The session waits for a
    /// file before it starts, so that pipe-pane is in place before its first byte.
    init(_ city: CounterCity, _ extra: [String] = [], environment: [String: String] = [:]) throws {
        tmux = try #require(TerminalTools.tmux, "tmux was not found on $PATH: apt-get install tmux, or set CANTEEN_SKIP_TERMINAL_TESTS=1")
        let binary = try #require(CanteenBinary.path, "the canteen binary was not found: build it with 'swift build'")
        dir = try TempDir("tmux")
        var variables = ["CANTEEN_DB": city.canteen.db, "CANTEEN_OPERATOR": "clerk", "LANG": "C.UTF-8"]
        variables.merge(environment) { $1 }
        let exports = variables.sorted { $0.key < $1.key }.map { "export \($0.key)=\(quoted($0.value))" }.joined(separator: "\n")
        let command = ([binary, "counter", "--site", "FC"] + extra + ["--today", counterToday]).map(quoted).joined(separator: " ")
        let script = try dir.write("""
            #!/bin/sh
            while [ ! -e \(quoted(dir.file("go"))) ]; do sleep 0.02; done
            unset NO_COLOR
            \(exports)
            \(command)
            echo "session ended: exit=$?"
            sleep 600

            """, to: "session.sh")
        try ok(["-u", "new-session", "-d", "-s", "counter", "-x", "120", "-y", "30", "/bin/sh \(quoted(script))"])
        try ok(["pipe-pane", "-t", "counter", "-o", "cat >> \(quoted(rawLog))"])
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
    }

    deinit { _ = try? runClosingDescriptors(tmux, ["-L", socket, "kill-server"], in: dir) }

    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runClosingDescriptors(tmux, ["-L", socket] + arguments, in: dir)
        try #require(result.exitCode == 0, "tmux \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Types `text` and Enter, as a scanner does.
    func type(_ text: String) throws {
        try ok(["send-keys", "-t", "counter", "-l", text])
        try ok(["send-keys", "-t", "counter", "Enter"])
    }

    /// The screen's lines, with colours as escape sequences.
    func screen() throws -> [String] {
        try ok(["capture-pane", "-p", "-e", "-t", "counter"]).stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The screen once `condition` holds of it, waiting at most 20 seconds.
    func screen(when condition: ([String]) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let lines = try screen()
            if condition(lines) { return lines }
            if Date() > deadline {
                Issue.record("the screen never showed what was awaited:\n\(lines.joined(separator: "\n"))", sourceLocation: sourceLocation)
                throw HarnessError.timedOut
            }
            usleep(20_000)
        }
    }

    /// Every byte the session wrote to its terminal so far.
    func raw() -> String { String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: rawLog))) ?? Data(), as: UTF8.self) }
}

/// Runs a program with nothing of the test process but its own standard input, output and error files: every other
/// descriptor is closed in the child before it runs. The tmux server outlives the command that starts it, and a
/// descriptor it inherited (Foundation's Process watches a socket to see a child end; other tests' pipes) would keep
/// that command, or another test's, from ever being seen to end.
private func runClosingDescriptors(_ program: String, _ arguments: [String], in dir: TempDir, timeout: TimeInterval = 20) throws -> RunResult {
    let out = dir.file("run-\(UUID().uuidString).out"), err = dir.file("run-\(UUID().uuidString).err")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    // glibc 2.34 and later; Swift's Glibc module does not declare it.
    let closeFrom = try #require(dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np"),
                                 "this C library cannot close a child's inherited descriptors (glibc 2.34 or later can)")
    #expect(unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3) == 0)
    let environment = CanteenBinary.baseEnvironment.map { "\($0.key)=\($0.value)" }
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    // A test runs on a thread that blocks most signals, and the child inherits that mask: a tmux server that cannot
    // see SIGCHLD or SIGTERM never notices its panes end, nor ends itself. The child starts with none blocked, and
    // with the signals a test may have set aside (SIGPIPE) back to their defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t(), defaults = sigset_t()
    sigemptyset(&none)
    sigemptyset(&defaults)
    for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU] {
        sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
    try #require(spawned == 0, "posix_spawn \(program): error \(spawned)")
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
        if Date() > deadline {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            throw HarnessError.timedOut
        }
        usleep(2000)
    }
    let read = { (path: String) in String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self) }
    // WIFEXITED and WEXITSTATUS, which Swift's Glibc does not import; a signal counts as 128 + its number.
    let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return RunResult(exitCode: code, stdout: read(out), stderr: read(err))
}

private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The text of a screen line without its escape sequences.
private func plain(_ line: String) -> String {
    line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
}

@Suite(.serialized, .enabled(if: !TerminalTools.skipped, "CANTEEN_SKIP_TERMINAL_TESTS=1: the tmux tests are skipped"))
struct CounterTerminalEndToEndTests {
    @Test func aClerkAtATerminalSeesAPromptGreenForAMealAndRedWithTheBellForARefusal() throws {
        let city = try CounterCity(diners: 2)
        let code = try city.cardCode("D00002")
        let terminal = try TmuxCounter(city)
        var screen = try terminal.screen { $0.contains { $0.hasPrefix("FC lunch cash >") } }
        #expect(plain(screen[0]) == "Counter FC 风采长者饭堂, 2026-11-30: lunch, paid by cash. Type ? for help, quit to end.")

        try terminal.type("D00001")
        screen = try terminal.screen { $0.contains { plain($0).hasSuffix("served 1") } }
        let served = try #require(screen.first { plain($0).hasSuffix("served 1") })
        #expect(plain(served).hasPrefix("✓ M000001  D00001 张秀英"))
        #expect(served.contains("\u{1B}[32m"), "green: \(served.debugDescription)")

        try terminal.type(code.lowercased())   // a scanner on a Chinese PC may type lower case
        screen = try terminal.screen { $0.contains { plain($0).hasSuffix("served 2") } }

        try terminal.type("D00001")
        screen = try terminal.screen { $0.contains { plain($0).hasPrefix("• already served") } }
        let again = try #require(screen.first { plain($0).hasPrefix("• already served") })
        #expect(again.contains("\u{1B}[33m") && !again.contains("31m"), "plain yellow, not red: \(again.debugDescription)")
        #expect(!terminal.raw().contains("\u{07}"), "no bell for a second scan")

        try terminal.type("D00099")
        screen = try terminal.screen { $0.contains { plain($0) == "✗ no diner D00099" } }
        let refused = try #require(screen.first { plain($0) == "✗ no diner D00099" })
        #expect(refused.contains("31m"), "red: \(refused.debugDescription)")
        let raw = terminal.raw()
        #expect(raw.components(separatedBy: "\u{07}").count - 1 == 1, "one bell, for the refusal")
        #expect(raw.contains("\u{07}\u{1B}[1;31m✗ no diner D00099"), "the bell rings with the refusal")
        #expect(plain(try #require(screen.last { !$0.isEmpty })) == "FC lunch cash >", "the prompt waits for the next scan")

        try terminal.type("quit")
        screen = try terminal.screen { $0.contains { $0.hasPrefix("session ended") } }
        let text = screen.map(plain)
        let start = try #require(text.firstIndex(of: "Session summary"))
        #expect(Array(text[start...].prefix(7)) == [
            "Session summary",
            "Canteen           FC 风采长者饭堂, 2026-11-30, clerk clerk",
            "Meals served      2 (lunch 2)",
            "Copay, cash       20.00 (2 meals)",
            "Copay to collect  20.00",
            "Voided            0",
            "Refused           2 (already served 1, no such diner 1)",
        ])
        #expect(text.contains("session ended: exit=0"))
        #expect(try city.meals().count == 2)
    }

    @Test func noColorAndChineseAtATerminal() throws {
        let city = try CounterCity(diners: 1)
        let terminal = try TmuxCounter(city, ["--lang", "zh", "--pay", "wechat"], environment: ["NO_COLOR": "1"])
        // capture-pane drops the spaces at the end of a line: the prompt's last one too.
        _ = try terminal.screen { $0.contains { $0.hasPrefix("FC 午餐 微信 >") } }
        // Each answer is awaited before the next is typed: what is typed ahead is echoed on the answer's line.
        try terminal.type("D00001")
        _ = try terminal.screen { $0.contains { $0.hasSuffix("已服务 1") } }
        try terminal.type("D00002")
        _ = try terminal.screen { $0.contains { $0.hasSuffix("没有长者 D00002") } }
        try terminal.type("slot dinner")
        let screen = try terminal.screen { $0.contains { $0.hasPrefix("餐次：晚餐。") } && $0.contains { $0.hasPrefix("FC 晚餐 微信 >") } }
        #expect(screen.contains { $0.hasPrefix("✓ M000001  D00001 张秀英") && $0.hasSuffix("应收 10.00 微信  已服务 1") }, "\(screen)")
        #expect(screen.contains("✗ 没有长者 D00002"))
        #expect(!terminal.raw().contains("\u{1B}[3") && !terminal.raw().contains("\u{1B}[1;3"), "NO_COLOR: no colour at all")
        #expect(terminal.raw().contains("\u{07}✗ 没有长者 D00002"), "the bell still rings")
        // Ctrl-D ends the session as the end of a pipe does.
        try terminal.ok(["send-keys", "-t", "counter", "C-d"])
        let end = try terminal.screen { $0.contains { $0.hasPrefix("session ended") } }
        #expect(end.contains("本次收银汇总") && end.contains("session ended: exit=0"), "\(end)")
    }
}
