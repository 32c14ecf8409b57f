@preconcurrency import Glibc

/// A file being made beside its target under a name of its own (`.NAME.canteen-tmp-PID`), created with O_EXCL
/// so it is this process's alone. `publish` syncs nothing itself: call `sync` once the writer is done, then
/// `publish` renames it onto the target (or links it, when an existing file is refused). A temporary that is
/// neither published nor discarded is removed when released; one left by a killed process is removed by the
/// next writer in its folder.
public final class TemporaryFile {
    /// Where the file is being made.
    public let path: String
    /// The output it is for; nil for a scratch file, which is never published.
    let output: OutputFile?
    /// Open for writing when made with `keepOpen`, else -1 (SQLite opens the file itself, and closing another
    /// descriptor of a file would drop SQLite's locks on it).
    private(set) var descriptor: Int32
    private var settled = false
    private var published = false

    init(beside output: OutputFile, access: FileAccess, keepOpen: Bool) throws {
        guard let target = output.path else {
            throw CanteenError.storage(.cannotWriteBecause, ["path": "-", "reason": SystemError(EINVAL)])
        }
        let place = Place(target)
        (path, descriptor) = try Self.create(in: place, for: place.name, target: target, access: access, keepOpen: keepOpen)
        self.output = output
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
        self.output = nil
    }

    /// An empty file of this process in the system's temporary folder ($TMPDIR, else /tmp), for output made on
    /// the way to standard output; `discard` removes it.
    public static func scratch(_ label: String, access: FileAccess) throws -> TemporaryFile {
        var folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if folder.isEmpty { folder = "/tmp" }
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        let name = "canteen-" + label
        let place = Place(folder == "/" ? "/" + name : folder + "/" + name)
        TemporaryName.removeStale(in: place.directory, target: nil)
        let made = try create(in: place, for: name, target: place.path(of: name), access: access, keepOpen: false)
        return TemporaryFile(path: made.path, descriptor: made.descriptor)
    }

    private static func create(in place: Place, for name: String, target: String, access: FileAccess,
                               keepOpen: Bool) throws -> (path: String, descriptor: Int32) {
        // Our own PID on a name can only be a leftover of an earlier process that had it: try the next number.
        for attempt in 0..<100 {
            let candidate = place.path(of: TemporaryName.make(for: name, attempt: attempt))
            let descriptor = Glibc.open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, access.mode)
            if descriptor >= 0 {
                if keepOpen { return (candidate, descriptor) }
                close(descriptor)
                return (candidate, -1)
            }
            if errno == EEXIST { continue }
            throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)])
        }
        throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(EEXIST)])
    }

    deinit {
        if !settled { discard() }
    }

    /// Flushes the file to the disk and closes it: after this, a crash leaves its bytes whole.
    public func sync() throws {
        let target = output?.path ?? path
        var descriptor = self.descriptor
        self.descriptor = -1
        if descriptor < 0 {
            descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)]) }
        }
        let synced = fsync(descriptor) == 0
        let code = errno
        let closed = close(descriptor) == 0
        guard synced, closed else {
            throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(synced ? errno : code)])
        }
    }

    /// Copies the file at `source` to a new file at `target` (owner-only), whole.
    static func copyFile(from source: String, to target: String) throws {
        let input = Glibc.open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CanteenError.storage(.cannotRead, ["path": source, "reason": SystemError(errno)]) }
        defer { close(input) }
        let output = Glibc.open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard output >= 0 else { throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)]) }
        defer { close(output) }
        _ = try FileDescriptor.copy(from: input, source: source, to: output, target: target)
    }

    /// The files SQLite keeps beside a database, by suffix.
    static let databaseCompanions = ["-wal", "-shm", "-journal"]

    /// Refuses to make a new database at `target` while a write-ahead log or journal of some earlier database is
    /// there without it: SQLite would apply it to the new file and corrupt it. Nothing of it is removed: it may be
    /// all that is left of a database someone moved away.
    public static func requireNoStrayCompanions(of target: String) throws {
        for suffix in databaseCompanions where access(target + suffix, F_OK) == 0 {
            throw CanteenError.rule(.strayCompanion, ["path": target + suffix, "database": target])
        }
    }

    /// Puts the file in place of its target, after checking the target again, and syncs the folder so the new
    /// name survives a crash. For a `database`, a replaced file's companions (-wal, -shm, -journal) are removed
    /// first, since a new database must not meet an old one's write-ahead log, and a new name is refused while
    /// stray companions are there. On failure the temporary is removed and the target is as it was.
    public func publish(database: Bool = false) throws {
        guard let output, let target = output.path else {
            throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(EINVAL)])
        }
        do {
            if descriptor >= 0 { try sync() }
            try output.check()
            if database {
                switch output.existing {
                case .replace: for suffix in Self.databaseCompanions { unlink(target + suffix) }
                case .refuse: try Self.requireNoStrayCompanions(of: target)
                }
            }
            switch output.existing {
            case .replace:
                guard rename(path, target) == 0 else {
                    throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)])
                }
            case .refuse(let error):
                if link(path, target) == 0 {
                    unlink(path)
                } else if errno == EEXIST {
                    throw error
                } else if [EPERM, EOPNOTSUPP, EMLINK, ENOSYS].contains(errno) {
                    // A file system without hard links: the check just made is the best that is left.
                    guard rename(path, target) == 0 else {
                        throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)])
                    }
                } else {
                    throw CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(errno)])
                }
            }
        } catch {
            discard()
            throw error
        }
        settled = true
        published = true
        Self.syncFolder(Place(target).directory)
    }

    /// Removes what `publish` put in place, for a caller whose next step failed (a backup whose log line could
    /// not be committed). A replaced file is not brought back.
    public func retract() {
        guard published, let target = output?.path else { return }
        unlink(target)
        published = false
        Self.syncFolder(Place(target).directory)
    }

    /// Removes the temporary and whatever SQLite made beside it.
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        guard !settled else { return }
        settled = true
        for suffix in ProtectedFiles.suffixes { unlink(path + suffix) }
    }

    /// A rename is durable once its folder is synced. Best effort: some file systems cannot sync a folder, and
    /// the file is already in place.
    static func syncFolder(_ directory: String) {
        let descriptor = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// The names of temporary files: `.NAME.canteen-tmp-PID` (and `-N` after it when that name was taken), and
/// what SQLite adds to them (-journal, -wal, -shm).
enum TemporaryName {
    static let marker = ".canteen-tmp-"

    static func make(for name: String, attempt: Int) -> String {
        // Room for the dot, the marker and the PID within a file name's 255 bytes.
        var base = name
        while base.utf8.count > 200 { base.removeLast() }
        return "." + base + marker + String(getpid()) + (attempt == 0 ? "" : "-\(attempt)")
    }

    /// The process that made the temporary file `entry`; nil when it is not one of ours. `target` also takes
    /// `TARGET.tmp-PID`, what earlier versions of canteen left when killed.
    static func owner(of entry: String, target: String?) -> pid_t? {
        var digits: Substring
        if entry.hasPrefix("."), let range = entry.ranges(of: marker).last {
            digits = entry[range.upperBound...]
        } else if let target, entry.hasPrefix(target + ".tmp-") {
            digits = entry.dropFirst(target.count + 5)
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        } else {
            return nil
        }
        digits = digits.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10, let pid = pid_t(digits), pid > 0 else { return nil }
        return pid
    }

    /// Removes the temporary files in `directory` whose process is gone (kill(pid, 0) says ESRCH). A process
    /// that is alive, or another user's, keeps its files. Best effort: a folder that cannot be read is left.
    static func removeStale(in directory: String, target: String?) {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        var stale: [[CChar]] = []
        while let entry = readdir(folder) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                Array(bytes.bindMemory(to: CChar.self).prefix { $0 != 0 }) + [0]
            }
            let name = String(decoding: raw.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let pid = owner(of: name, target: target), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { stale.append(raw) }
        }
        let descriptor = dirfd(folder)
        for name in stale { _ = name.withUnsafeBufferPointer { unlinkat(descriptor, $0.baseAddress!, 0) } }
    }
}
