/// A small text file read whole: a public key, an authorized_keys file. "-" is standard input, as for
/// `meal import -`, so the same commands work through the gate, which opens no path a caller gives.
enum TextInput {
    /// The file's text; refuses a missing file (66), one that cannot be read (74), and one longer than `limit`
    /// bytes or not UTF-8 (65), without reading more than `limit` + 1 bytes of it.
    ///
    /// With `byteOrderMarks`, text as Windows tools write it is read too: UTF-8 after a byte-order mark (Notepad), and
    /// UTF-16 in either byte order after its mark (PowerShell 5's `>` and `Out-File`), the mark itself dropped.
    static func read(_ path: String, limit: Int, byteOrderMarks: Bool = false) throws -> String {
        let source: FileByteSource
        do { source = try FileByteSource(path: path) } catch {
            switch error {
            case .notFound: throw CanteenError.notFound(.fileNotFound, ["path": path])
            case .unreadable(_, let code): throw CanteenError.storage(.cannotRead, ["path": path, "reason": SystemError(code)])
            }
        }
        var bytes: [UInt8] = []
        while let byte = source.next() {
            guard bytes.count < limit else { throw CanteenError.invalid(.inputTooLarge, ["path": path, "limit": limit]) }
            bytes.append(byte)
        }
        if case .unreadable(_, let code)? = source.readError {
            throw CanteenError.storage(.cannotReadToEnd, ["path": path, "reason": SystemError(code)])
        }
        if byteOrderMarks, let text = try decodeMarked(bytes, path: path) { return text }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CanteenError.invalid(.inputNotUTF8, ["path": path])
        }
        return text
    }

    /// The text of `bytes` when they start with a byte-order mark, without it; nil when they do not.
    private static func decodeMarked(_ bytes: [UInt8], path: String) throws -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw CanteenError.invalid(.inputNotUTF8, ["path": path])
            }
            return text
        }
        let littleEndian: Bool
        if bytes.starts(with: [0xFF, 0xFE]) { littleEndian = true } else if bytes.starts(with: [0xFE, 0xFF]) { littleEndian = false } else { return nil }
        let body = bytes.dropFirst(2)
        // An odd byte, or a surrogate without its pair, is no UTF-16 text: refused rather than repaired into U+FFFD.
        guard body.count % 2 == 0 else { throw CanteenError.invalid(.inputNotUTF16, ["path": path]) }
        let units = stride(from: body.startIndex, to: body.endIndex, by: 2).map { i in
            littleEndian ? UInt16(body[i]) | UInt16(body[i + 1]) << 8 : UInt16(body[i]) << 8 | UInt16(body[i + 1])
        }
        guard let text = String(validating: units, as: UTF16.self) else { throw CanteenError.invalid(.inputNotUTF16, ["path": path]) }
        return text
    }
}
