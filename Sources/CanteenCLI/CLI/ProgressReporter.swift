@preconcurrency import Glibc

/// A progress line on stderr for long runs, shown only when stderr is a terminal.
final class ProgressReporter: @unchecked Sendable {
    /// The reporter of the current run, nil when stderr is not a terminal.
    nonisolated(unsafe) static var current: ProgressReporter?
    private var lastShown = 0

    func update(_ done: Int, _ label: String) {
        guard done - lastShown >= 1000 else { return }
        lastShown = done
        fputs("\r\(label) \(done)…", stderr)
    }

    func finish() {
        if lastShown > 0 { fputs("\r\u{1B}[K", stderr) }
    }
}
