/// Recomputes entries' hashes on a second core while audit verify goes on reading the journal: the reader fills
/// one batch of canonical texts while the checker hashes the other, so the SHA-256 of every entry costs no time
/// on the reading thread. Only mismatches come back.
final class HashChecker: @unchecked Sendable {
    /// An entry whose canonical text no longer hashes to its stored hash.
    struct Mismatch {
        let entry: Int64
        let kind: JournalEntry.Kind
        let meal: Int64
    }

    /// Texts and stored hashes of a run of entries, owned by one thread at a time.
    private final class Batch: @unchecked Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var stored: [SHA256.Digest] = []
        var entries: [(id: Int64, kind: JournalEntry.Kind, meal: Int64)] = []
        var mismatches: [Mismatch] = []
        var last = false

        init() {
            bytes.reserveCapacity(HashChecker.batchSize * 512)
            ends.reserveCapacity(HashChecker.batchSize)
            stored.reserveCapacity(HashChecker.batchSize)
            entries.reserveCapacity(HashChecker.batchSize)
        }

        func clear() {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            stored.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }

        func check() {
            var start = 0
            bytes.withUnsafeBytes { all in
                for index in 0..<ends.count {
                    let digest = SHA256.digest(UnsafeRawBufferPointer(rebasing: all[start..<ends[index]]))
                    if digest != stored[index] {
                        let entry = entries[index]
                        mismatches.append(Mismatch(entry: entry.id, kind: entry.kind, meal: entry.meal))
                    }
                    start = ends[index]
                }
            }
        }
    }

    static let batchSize = 512
    private let batches = [Batch(), Batch()]
    private let full = [CountingSemaphore(0), CountingSemaphore(0)]
    private let empty = [CountingSemaphore(1), CountingSemaphore(1)]
    private var filling = 0
    private var found: [Mismatch] = []
    private var worker: BackgroundThread?

    init() {
        empty[0].wait()
        worker = BackgroundThread { [batches, full, empty] in
            var index = 0
            while true {
                full[index].wait()
                let batch = batches[index]
                batch.check()
                let last = batch.last
                empty[index].signal()
                if last { return }
                index = 1 - index
            }
        }
    }

    /// Hands over an entry's canonical text and the hash it must have.
    func submit(_ text: [UInt8], stored: SHA256.Digest, entry: Int64, kind: JournalEntry.Kind, meal: Int64) {
        let batch = batches[filling]
        batch.bytes.append(contentsOf: text)
        batch.ends.append(batch.bytes.count)
        batch.stored.append(stored)
        batch.entries.append((entry, kind, meal))
        if batch.ends.count == Self.batchSize { handOver(last: false) }
    }

    /// Waits for the last batch and returns every entry whose hash did not match, in journal order.
    func finish() -> [Mismatch] {
        handOver(last: true)
        worker?.join()
        for batch in batches {
            found += batch.mismatches
            batch.mismatches.removeAll()
        }
        return found.sorted { $0.entry < $1.entry }
    }

    private func handOver(last: Bool) {
        let batch = batches[filling]
        batch.last = last
        full[filling].signal()
        guard !last else { return }
        filling = 1 - filling
        empty[filling].wait()
        let next = batches[filling]
        found += next.mismatches
        next.mismatches.removeAll()
        next.clear()
    }
}
