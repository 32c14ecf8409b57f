@preconcurrency import Glibc

/// Output written as it is produced, so a list of any length goes out with flat memory: to standard output in
/// chunks as it goes, or to a temporary file beside the target that is published whole at the end.
public final class OutputStream {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let name: String
    private static let chunk = 64 * 1024

    private var collected: [UInt8]?

    fileprivate init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// A stream that keeps what is written, for a command line run inside another process (tests, the gate's
    /// own tests) that wants the output as text rather than on its standard output.
    public static func collecting() -> OutputStream {
        let stream = OutputStream(descriptor: -1, name: "-")
        stream.collected = []
        return stream
    }

    /// What a collecting stream was given.
    public var text: String { String(decoding: (collected ?? []) + buffer, as: UTF8.self) }

    /// Adds text; it goes out once a chunk has gathered.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Writes out what has gathered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        if collected != nil {
            collected! += buffer
            buffer.removeAll(keepingCapacity: true)
            return
        }
        try buffer.withUnsafeBytes { bytes in
            if descriptor == 1 {
                try StandardOutput.write(bytes)
            } else if let code = FileDescriptor.writeAll(descriptor, bytes) {
                throw CanteenError.storage(.cannotWriteBecause, ["path": name, "reason": SystemError(code)])
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension OutputFile {
    /// Writes what `body` produces: to standard output as it goes, or to a temporary file beside the target that
    /// is synced and renamed into place when `body` has finished (nothing is left when it throws).
    public func stream(access: FileAccess, _ body: (OutputStream) throws -> Void) throws {
        switch destination {
        case .standardOutput:
            let stream = OutputStream(descriptor: 1, name: "-")
            try body(stream)
            try stream.flush()
        case .file(let path):
            let temporary = try TemporaryFile(beside: self, access: access, keepOpen: true)
            do {
                let stream = OutputStream(descriptor: temporary.descriptor, name: path)
                try body(stream)
                try stream.flush()
                try temporary.sync()
                try temporary.publish()
            } catch {
                temporary.discard()
                throw error
            }
        }
    }
}
