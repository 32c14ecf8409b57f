import CanteenCore
@preconcurrency import Glibc

/// The command line and environment as the process received them, checked to be UTF-8 before Swift's String
/// would repair a bad byte into U+FFFD: a name typed in a GBK terminal would otherwise be stored as "��" and never
/// match again. Invalid text in an argument, or in a variable the program reads, is refused (65), naming which.
enum RawInput {
    /// The variables whose values the program takes as text; LANG is only tested for a "zh" prefix.
    static let checkedVariables: Set<String> = ["CANTEEN_DB", "CANTEEN_OPERATOR", "CANTEEN_BUSY_TIMEOUT_MS"]

    /// The arguments (without the program's name) and the environment, decoded; or the error naming the bad one.
    static func decode(arguments: [[UInt8]], environment: [[UInt8]]) throws(CanteenError) -> (arguments: [String], environment: [String: String]) {
        var decoded: [String] = []
        for (index, bytes) in arguments.enumerated() {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CanteenError(.invalidInput, notUTF8(bytes, position: index + 1, previous: decoded.last))
            }
            decoded.append(text)
        }
        var variables: [String: String] = [:]
        for entry in environment {
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: entry[..<equals], as: UTF8.self)
            let value = entry[(equals + 1)...]
            if let text = String(validating: value, as: UTF8.self) {
                variables[name] = text
            } else if checkedVariables.contains(name) {
                throw CanteenError(.invalidInput, .environmentNotUTF8, ["name": name])
            } else {
                variables[name] = String(decoding: value, as: UTF8.self)
            }
        }
        return (decoded, variables)
    }

    /// Names the option whose value is bad when there is one: "--name=…" itself, or the "--name" before it.
    private static func notUTF8(_ bytes: [UInt8], position: Int, previous: String?) -> Message {
        if bytes.starts(with: Array("--".utf8)), let equals = bytes.firstIndex(of: UInt8(ascii: "=")),
           let option = String(validating: bytes[..<equals], as: UTF8.self) {
            return Message(.optionNotUTF8, ["option": option, "position": position])
        }
        if let previous, previous.hasPrefix("--"), previous.count > 2, !previous.contains("=") {
            return Message(.optionNotUTF8, ["option": previous, "position": position])
        }
        return Message(.argumentNotUTF8, ["position": position])
    }

    /// argv (without the program's name) and environ, as bytes.
    static func fromProcess() -> (arguments: [[UInt8]], environment: [[UInt8]]) {
        let count = Int(CommandLine.argc)
        let argv = CommandLine.unsafeArgv
        let arguments = (1..<max(count, 1)).compactMap { index in argv[index].map(bytes) }
        var environment: [[UInt8]] = []
        var pointer = environ
        while let entry = pointer.pointee {
            environment.append(bytes(entry))
            pointer += 1
        }
        return (arguments, environment)
    }

    private static func bytes(_ text: UnsafeMutablePointer<CChar>) -> [UInt8] {
        Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
    }

    /// Writes all of `text`, NUL bytes included (fputs would stop at the first one), and flushes.
    static func write(_ text: String, to stream: UnsafeMutablePointer<FILE>) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = fwrite(buffer.baseAddress! + offset, 1, buffer.count - offset, stream)
                if written == 0 { break }
                offset += written
            }
        }
        fflush(stream)
    }
}
