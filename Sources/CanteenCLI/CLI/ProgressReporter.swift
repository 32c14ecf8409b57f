@preconcurrency import Glibc

/// A progress line on stderr for long runs, shown only when stderr is a terminal.
final class ProgressReporter {
    private var lastShown = 0

    func update(_ done: Int, _ label: String) {
        guard done - lastShown >= 1000 else { return }
        lastShown = done
        fputs("\r\(label) \(done)…", stderr)
    }

    /// Replaces the line with `text`, for runs that count in steps of their own.
    func show(_ text: String) {
        lastShown = max(lastShown, 1)
        fputs("\r\u{1B}[K\(text)", stderr)
    }

    func finish() {
        if lastShown > 0 { fputs("\r\u{1B}[K", stderr) }
    }
}
