import Foundation

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
