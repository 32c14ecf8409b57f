/// A small text file read whole: a public key, an authorized_keys file. "-" is standard input, as for
/// `meal import -`, so the same commands work through the gate, which opens no path a caller gives.
enum TextInput {
    /// The file's text; refuses a missing file (66), one that cannot be read (74), and one longer than `limit`
    /// bytes or not UTF-8 (65), without reading more than `limit` + 1 bytes of it.
    static func read(_ path: String, limit: Int) throws -> String {
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
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CanteenError.invalid(.inputNotUTF8, ["path": path])
        }
        return text
    }
}
