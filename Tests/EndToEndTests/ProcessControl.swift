// Running the binary in ways the harness's `run` does not: with standard output kept as bytes (a backup),
// several at once, killed part way, and without root's power to ignore file permissions.
import CanteenCore
import Foundation
import Glibc
import Testing

/// One run of the binary with its standard output as bytes.
struct RawRunResult: CustomStringConvertible {
    let exitCode: Int32
    let stdout: Data
    let stderr: String

    var description: String { "exit \(exitCode), \(stdout.count) bytes on stdout\n--- stderr\n\(stderr)---" }
}

/// A started `canteen` process, its output going to files.
final class RunningCanteen {
    let process = Process()
    private let capture: TempDir
    private let arguments: [String]

    /// Starts `executable arguments` (the canteen binary unless told otherwise) with the canteen's environment,
    /// in its directory; standard output goes to `stdout` when given, else to a file.
    init(_ canteen: Canteen, _ arguments: [String], operator actor: String? = nil, executable: String? = nil,
         stdout: FileHandle? = nil) throws {
        guard let binary = CanteenBinary.path else {
            Issue.record("the canteen binary was not found: build it with 'swift build' or set CANTEEN_BINARY")
            throw HarnessError.binaryNotFound
        }
        self.arguments = arguments
        capture = try TempDir("run")
        _ = FileManager.default.createFile(atPath: capture.file("stdout"), contents: nil)
        _ = FileManager.default.createFile(atPath: capture.file("stderr"), contents: nil)
        var environment = CanteenBinary.baseEnvironment
        environment["CANTEEN_DB"] = canteen.db
        if let actor { environment["CANTEEN_OPERATOR"] = actor }
        environment.merge(canteen.environment) { $1 }
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = executable == nil ? arguments : arguments.map { $0 == "<canteen>" ? binary : $0 }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: canteen.directory)
        process.standardOutput = try stdout ?? FileHandle(forWritingTo: URL(fileURLWithPath: capture.file("stdout")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: capture.file("stderr")))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the process to end (at most `timeout` seconds) and reads what it printed.
    func finish(timeout: TimeInterval = 120) throws -> RawRunResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                Issue.record("canteen \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
                throw HarnessError.timedOut
            }
            usleep(1000)
        }
        process.waitUntilExit()
        return RawRunResult(exitCode: process.terminationStatus,
                            stdout: (try? Data(contentsOf: URL(fileURLWithPath: capture.file("stdout")))) ?? Data(),
                            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: capture.file("stderr")))) ?? Data(), as: UTF8.self))
    }

    /// Sends SIGKILL after `microseconds` and waits for the end; true when the kill landed before the process
    /// had finished by itself.
    func kill(after microseconds: UInt32) -> Bool {
        usleep(microseconds)
        let landed = process.isRunning
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return landed && process.terminationReason == .uncaughtSignal
    }
}

extension Canteen {
    /// Runs `canteen <arguments>` keeping standard output as bytes.
    func runRaw(_ arguments: [String], operator actor: String? = nil, stdout: FileHandle? = nil) throws -> RawRunResult {
        try RunningCanteen(self, arguments, operator: actor, stdout: stdout).finish()
    }

    /// Runs `canteen <arguments>` as `run` does, but unable to override file permissions, so that a read-only
    /// folder is read-only even when the tests run as root: setpriv drops CAP_DAC_OVERRIDE and
    /// CAP_DAC_READ_SEARCH. nil when the tests run as root and setpriv is not there.
    func runObeyingPermissions(_ arguments: [String], operator actor: String? = nil) throws -> RunResult? {
        guard geteuid() == 0 else { return try run(arguments: arguments, operator: actor) }
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let setpriv else { return nil }
        let raw = try RunningCanteen(self, ["--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--", "<canteen>"] + arguments,
                                     operator: actor, executable: setpriv).finish()
        return RunResult(exitCode: raw.exitCode, stdout: String(decoding: raw.stdout, as: UTF8.self), stderr: raw.stderr)
    }
}

/// The seed of a test that kills processes at random moments: $CANTEEN_SEED replays one.
func killSeed(_ fallback: UInt64) -> UInt64 {
    ProcessInfo.processInfo.environment["CANTEEN_SEED"].flatMap { UInt64($0) } ?? fallback
}

/// A PID that no process has now: a child that has exited and been reaped.
func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

/// The file type bits of what `path` names itself (a link is a link), or nil when there is nothing.
func fileType(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return info.st_mode & S_IFMT
}

/// The permission bits of `path`.
func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// The umask the binary inherits from the tests, read without setting it (other tests run on other threads).
var currentUmask: mode_t {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
    return line.flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
}

/// The names in `dir` that are temporary files of canteen, now or of earlier versions.
func temporaries(in dir: TempDir) -> [String] {
    dir.contents().filter { $0.contains(".canteen-tmp-") || $0.contains(".tmp-") }
}

/// The names in `dir` without SQLite's -wal and -shm, which a reader (such as `snapshot`) may leave.
func contentsWithoutLogs(of dir: TempDir) -> [String] {
    dir.contents().filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
}

/// Runs `body` with the path of a character device to aim a write at. As root, first with a private null device
/// made by mknod in a folder of its own, so that a binary with the bug (root may rename over a device) replaces
/// that one and not the machine's /dev/null; /dev/null itself comes only once the private device came through
/// as a device, and afterwards must still be one.
func forEachCharacterDevice(_ body: (String) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if geteuid() == 0 {
        let folder = try TempDir("device")
        let own = folder.file("null")
        // Device 1,3 (the null device), as makedev(1, 3) encodes it.
        try #require(mknod(own, S_IFCHR | 0o666, 0x103) == 0, "mknod failed: errno \(errno)", sourceLocation: sourceLocation)
        try body(own)
        try #require(fileType(own) == S_IFCHR, "the private device was replaced, so /dev/null is not tried",
                     sourceLocation: sourceLocation)
        unlink(own)
    }
    try body("/dev/null")
    #expect(fileType("/dev/null") == S_IFCHR, "/dev/null is still a character device", sourceLocation: sourceLocation)
}
