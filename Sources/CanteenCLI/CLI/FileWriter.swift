import CanteenCore
@preconcurrency import Glibc

/// Writes a report or export to a file whole: to a temporary name first, then renamed, so a failed write leaves nothing half-written.
enum FileWriter {
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw CanteenError(.storage, .cannotWriteBecause, ["path": path, "reason": SystemError(errno)])
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CanteenError(.storage, .cannotWriteBecause, ["path": path, "reason": SystemError(errno)])
        }
    }
}
