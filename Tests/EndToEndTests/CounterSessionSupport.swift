// What the counter-session and card tests share: a small city set up through the binary, a session fed raw bytes,
// and a session driven line by line while other processes change the books.
import Foundation
import Glibc
import Testing

/// The day every counter-session test takes as today.
let counterToday = "2026-11-30"

/// A valid resident ID number of Shaoguan's 浈江区 (440204) born on `birth` (YYYYMMDD).
func shaoguanID(birth: String, seq: Int) -> String {
    let body = "440204" + birth + String(seq).leftPaddedWithZeros(3)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return body + String(Array("10X98765432")[sum % 11])
}

extension String {
    func leftPaddedWithZeros(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// Books with two canteens (FC 风采长者饭堂 at 18.00, DH 东河长者饭堂 at 16.00), an admin, a clerk, a finance officer
/// and an auditor, and `diners` diners at FC registered on 2026-11-01: D00001 张秀英, then 长者2, 长者3, ….
struct CounterCity {
    let canteen: Canteen

    init(diners: Int = 4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        canteen = try Canteen.initialized(sourceLocation: sourceLocation)
        try admin("site", "add", "FC", "--name", "风采长者饭堂", "--price", "18", "--district", "浈江区", "--capacity", "80")
        try admin("site", "add", "DH", "--name", "东河长者饭堂", "--price", "16", "--district", "浈江区")
        for (name, role) in [("clerk", "clerk"), ("finance", "finance"), ("auditor", "auditor")] {
            try admin("operator", "add", name, "--role", role)
        }
        for index in 1...diners {
            try ok(["diner", "register", "--id", shaoguanID(birth: "1950\(String(index % 12 + 1).leftPaddedWithZeros(2))15", seq: index),
                    "--name", index == 1 ? "张秀英" : "长者\(index)", "--site", "FC", "--date", "2026-11-01"], as: "clerk")
        }
    }

    private func admin(_ args: String...) throws { try ok(args, as: "admin") }

    /// `canteen <args> --today 2026-11-30` as `actor`.
    func run(_ args: [String], as actor: String? = "clerk", stdin: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try canteen.run(arguments: args + ["--today", counterToday], operator: actor, stdin: stdin, sourceLocation: sourceLocation)
    }

    /// The same, and it must succeed.
    @discardableResult
    func ok(_ args: [String], as actor: String? = "clerk", sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(args, as: actor, sourceLocation: sourceLocation)
        try #require(result.exitCode == 0, "canteen \(args.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// The code of the card a diner carries now, as `diner show` prints it.
    func cardCode(_ diner: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let shown = try ok(["diner", "show", diner, "--format", "json"], sourceLocation: sourceLocation)
        let object = try #require(shown.json as? [String: Any], sourceLocation: sourceLocation)
        return try #require(object["card"] as? String, sourceLocation: sourceLocation)
    }

    /// Every meal, as `meal list --format json` gives them.
    func meals(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let list = try ok(["meal", "list", "--format", "json"], sourceLocation: sourceLocation)
        return try #require((list.json as? [String: Any])?["meals"] as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// `audit verify` holds.
    func expectVerified(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try run(["audit", "verify"], as: nil, sourceLocation: sourceLocation)
        #expect(verify.exitCode == 0, "\(verify)", sourceLocation: sourceLocation)
    }

    /// A counter session at FC fed `bytes` on standard input.
    func session(_ bytes: [UInt8], _ extra: [String] = [], site: String = "FC", as actor: String? = "clerk",
                 environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let dir = try TempDir("counter-input")
        let input = dir.file("stdin")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let output = dir.file("stdout"), errors = dir.file("stderr")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = try counterProcess(["counter", "--site", site] + extra, as: actor, environment: environment)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        try wait(process, seconds: 120, sourceLocation: sourceLocation)
        return RunResult(exitCode: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: output)), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errors)), as: UTF8.self))
    }

    /// A session fed `text`.
    func session(_ text: String, _ extra: [String] = [], site: String = "FC", as actor: String? = "clerk",
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try session(Array(text.utf8), extra, site: site, as: actor, sourceLocation: sourceLocation)
    }

    /// The binary, set up to run `args --today 2026-11-30` on these books, not yet started.
    func counterProcess(_ args: [String], as actor: String?, environment extra: [String: String] = [:]) throws -> Process {
        let binary = try #require(CanteenBinary.path, "the canteen binary was not found: build it with 'swift build'")
        var environment = CanteenBinary.baseEnvironment
        environment["CANTEEN_DB"] = canteen.db
        if let actor { environment["CANTEEN_OPERATOR"] = actor }
        environment.merge(extra) { $1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args + ["--today", counterToday]
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: canteen.directory)
        return process
    }
}

func wait(_ process: Process, seconds: TimeInterval, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning {
        if Date() > deadline {
            process.terminate()
            process.waitUntilExit()
            Issue.record("the process ran longer than \(Int(seconds)) s", sourceLocation: sourceLocation)
            throw HarnessError.timedOut
        }
        usleep(1000)
    }
    process.waitUntilExit()
}

/// A counter session driven line by line through pipes: the test sends a line, reads the answer, and may change
/// the books from another process in between, as the back office does during a lunch service.
final class InteractiveCounter {
    let process: Process
    private let input = Pipe(), output = Pipe()
    private var buffer: [UInt8] = []
    private var ended = false

    init(_ city: CounterCity, _ extra: [String] = [], as actor: String = "clerk") throws {
        // A write to a session that has died must fail as an error, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        process = try city.counterProcess(["counter", "--site", "FC"] + extra, as: actor)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The next line the session wrote, waiting at most `timeout` seconds; nil at the end of its output.
    func nextLine(timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard remaining > 0 else {
                Issue.record("no answer from the session within \(timeout) s", sourceLocation: sourceLocation)
                throw HarnessError.timedOut
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, remaining) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &chunk, chunk.count)
            if count <= 0 { ended = true } else { buffer += chunk[..<count] }
        }
    }

    /// Sends `line` and returns the answer.
    func ask(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try send(line)
        return try #require(try nextLine(sourceLocation: sourceLocation), "the session ended", sourceLocation: sourceLocation)
    }

    /// Ends the input and returns the rest of the output and the exit status.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) throws -> (rest: [String], status: Int32) {
        try input.fileHandleForWriting.close()
        var rest: [String] = []
        while let line = try nextLine(sourceLocation: sourceLocation) { rest.append(line) }
        try wait(process, seconds: 20, sourceLocation: sourceLocation)
        return (rest, process.terminationStatus)
    }
}
