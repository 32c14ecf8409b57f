@preconcurrency import Glibc

/// Bytes read in chunks as they arrive: standard input, or bytes in memory for tests.
protocol ByteSource: AnyObject {
    /// Fills the front of `buffer`; the count read, 0 at the end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// Text written out at once, never held back: a session's answers must reach the screen as they happen.
protocol TextSink: AnyObject {
    func write(_ text: String)
}

/// Where a command that talks line by line (the counter) reads and answers. Every other command returns its
/// output whole, for `CanteenCLI.run` to hand back; this is only for those that must stream.
public struct Console {
    let input: ByteSource
    /// Answers: standard output.
    let output: TextSink
    /// Prompts and greetings for a person at a terminal: standard error, so a pipe of answers stays clean.
    let prompts: TextSink
    /// A person types (or a scanner types) at a terminal: show a prompt.
    let inputIsTerminal: Bool
    /// The answers go to a terminal: colour and the bell may be used.
    let outputIsTerminal: Bool

    /// The process's standard input, output and error.
    public static var standard: Console {
        Console(input: FileDescriptorSource(descriptor: 0), output: FileDescriptorSink(descriptor: 1),
                prompts: FileDescriptorSink(descriptor: 2), inputIsTerminal: isatty(0) == 1, outputIsTerminal: isatty(1) == 1)
    }
}

/// Reads a file descriptor with read(2): no stdio buffer, so nothing is read ahead of the line being handled
/// beyond what one call returns, and a killed process loses no more than that.
final class FileDescriptorSource: ByteSource {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            return 0   // a read error ends the input as its end would
        }
    }
}

/// Writes to a file descriptor with write(2), all of the text before returning.
final class FileDescriptorSink: TextSink {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 { offset += written; continue }
                if written < 0 && errno == EINTR { continue }
                return   // the reader has gone (EPIPE): nobody is left to tell
            }
        }
    }
}
