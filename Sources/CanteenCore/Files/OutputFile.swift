@preconcurrency import Glibc

/// Who may read a file the program writes; the umask may take more away, never add.
public enum FileAccess: Sendable {
    /// rw-r--r--: reports and journal exports, which name no person.
    case shared
    /// rw-------: backups, card sheets, keys: anything holding personal data or credentials.
    case ownerOnly

    var mode: mode_t { self == .shared ? 0o644 : 0o600 }
}

/// What writing does to a regular file already at the target.
public enum ExistingFile: Sendable {
    /// Replaces it whole, as a shell's `>` would but never half-written.
    case replace
    /// Leaves it and fails with this error; the new file is published with link(2), so a file that appears
    /// while the output is being made is not replaced either.
    case refuse(CanteenError)
}

/// Where a command's output goes, checked before anything is written: standard output for "-", else a regular
/// file, never the open database or one of SQLite's companion files by any spelling of the path, and never a
/// directory, FIFO, device or socket. A file is written whole (see `TemporaryFile`): it has its old content or
/// its new one, never a part.
///
/// Every path that writes a file goes through here, so the rules hold for all of them alike.
public struct OutputFile: Sendable {
    public enum Destination: Sendable, Equatable {
        case standardOutput
        /// The path as given; a symbolic link there is replaced by the new file, its target left alone.
        case file(String)
    }

    public let destination: Destination
    /// What happens to a regular file already there.
    public let existing: ExistingFile
    /// The open database, as its path was given, whose files the output must never land on.
    let database: String?

    /// Checks `path` as a place to write. "-" is standard output unless `dashIsStandardOutput` is false (a
    /// database's own path, where "-" is a file name). Refuses an empty path (65), a target that is not a regular
    /// file or is the open database or one of its companions (1), an existing file when `existing` says so
    /// (that error), and a folder that cannot be used (74). Stale temporary files of dead processes in the
    /// target's folder are removed on the way, even when the target is refused.
    public init(_ path: String, protecting database: String?, existing: ExistingFile = .replace,
                dashIsStandardOutput: Bool = true) throws {
        self.existing = existing
        self.database = database
        if path == "-" && dashIsStandardOutput {
            destination = .standardOutput
            // `>> city.db` would make standard output the database itself.
            var info = stat()
            if let database, fstat(1, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
               let suffix = ProtectedFiles(database: database).suffix(ofFile: FileID(info)) {
                throw Self.databaseRefusal(path, database, suffix)
            }
            return
        }
        guard !path.isEmpty else { throw CanteenError.invalid(.outputPathEmpty) }
        destination = .file(path)
        let place = Place(path)
        TemporaryName.removeStale(in: place.directory, target: place.name)
        _ = try check()
    }

    /// The file's path; nil for standard output.
    public var path: String? {
        if case .file(let path) = destination { return path }
        return nil
    }

    public var isStandardOutput: Bool { destination == .standardOutput }

    /// Runs the checks of `init` (again, right before publishing: making the output may have taken a while).
    /// Returns whether something is at the path.
    @discardableResult
    func check() throws -> Bool {
        guard case .file(let path) = destination else { return false }
        let place = Place(path)
        var folder = stat()
        guard stat(place.directory, &folder) == 0 else {
            throw CanteenError.storage(.outputFolderUnusable, ["path": path, "folder": place.directory, "reason": SystemError(errno)])
        }
        guard folder.st_mode & S_IFMT == S_IFDIR else {
            throw CanteenError.storage(.outputFolderUnusable, ["path": path, "folder": place.directory, "reason": SystemError(ENOTDIR)])
        }
        let protected = database.map(ProtectedFiles.init)
        var entry = stat()
        let exists: Bool
        if lstat(path, &entry) == 0 {
            exists = true
            var kind = entry.st_mode & S_IFMT
            var identity: FileID? = FileID(entry)
            if kind == S_IFLNK {
                // lstat and stat both: a link to a device or to the database is refused for what it points at.
                var target = stat()
                if stat(path, &target) == 0 {
                    kind = target.st_mode & S_IFMT
                    identity = FileID(target)
                } else if errno == ENOENT {
                    kind = S_IFREG   // a dangling link: it is the link that gets replaced
                    identity = nil
                } else {
                    throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(errno)])
                }
            }
            guard kind == S_IFREG, !place.name.isEmpty, place.name != ".", place.name != ".." else {
                throw CanteenError.rule(.outputNotRegularFile, ["path": path, "kind": FileKind.message(kind)])
            }
            if let identity, let suffix = protected?.suffix(ofFile: identity) {
                throw Self.databaseRefusal(path, database!, suffix)
            }
        } else if errno == ENOENT {
            exists = false
            guard !place.name.isEmpty, place.name != ".", place.name != ".." else {
                throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(EISDIR)])
            }
        } else {
            // EACCES: a folder that may not be searched; ENOTDIR, ELOOP, ENAMETOOLONG.
            throw CanteenError.storage(.outputFolderUnusable, ["path": path, "folder": place.directory, "reason": SystemError(errno)])
        }
        // By name too: a new `city.db-wal` would be taken by SQLite as the database's write-ahead log.
        if let suffix = protected?.suffix(ofName: place.name, inFolder: FileID(folder)) {
            throw Self.databaseRefusal(path, database!, suffix)
        }
        if exists, case .refuse(let error) = existing { throw error }
        return exists
    }

    static func databaseRefusal(_ path: String, _ database: String, _ suffix: String) -> CanteenError {
        if path == "-" { return CanteenError.rule(.standardOutputIsDatabase, ["file": database + suffix]) }
        return suffix.isEmpty
            ? CanteenError.rule(.outputIsOpenDatabase, ["path": path, "database": database])
            : CanteenError.rule(.outputIsDatabaseCompanion, ["path": path, "database": database, "suffix": suffix])
    }

    /// Writes `text` as UTF-8: to standard output, or whole to the file.
    public func write(_ text: String, access: FileAccess) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), access: access) }
    }

    /// Writes `bytes`: to standard output, or to a temporary file beside the target that is synced and then
    /// renamed into place (linked, when an existing file is refused).
    public func write(_ bytes: UnsafeRawBufferPointer, access: FileAccess) throws {
        switch destination {
        case .standardOutput:
            try StandardOutput.write(bytes)
        case .file(let path):
            let temporary = try TemporaryFile(beside: self, access: access, keepOpen: true)
            do {
                if let code = FileDescriptor.writeAll(temporary.descriptor, bytes) {
                    throw CanteenError.storage(.cannotWriteBecause, ["path": path, "reason": SystemError(code)])
                }
                try temporary.sync()
                try temporary.publish()
            } catch {
                temporary.discard()
                throw error
            }
        }
    }

    /// Copies the file at `source` to the destination: streamed to standard output, or whole to the file.
    public func copy(fromFileAt source: String, access: FileAccess) throws -> Int64 {
        let input = Glibc.open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CanteenError.storage(.cannotRead, ["path": source, "reason": SystemError(errno)]) }
        defer { close(input) }
        switch destination {
        case .standardOutput:
            return try StandardOutput.copy(from: input, source: source)
        case .file(let path):
            let temporary = try TemporaryFile(beside: self, access: access, keepOpen: true)
            do {
                let count = try FileDescriptor.copy(from: input, source: source, to: temporary.descriptor, target: path)
                try temporary.sync()
                try temporary.publish()
                return count
            } catch {
                temporary.discard()
                throw error
            }
        }
    }

    /// An empty temporary file beside the target, for a writer that needs a path of its own (VACUUM INTO, a new
    /// database); `publish` puts it in place. Not for standard output: see `TemporaryFile.scratch`.
    public func temporary(access: FileAccess) throws -> TemporaryFile {
        try TemporaryFile(beside: self, access: access, keepOpen: false)
    }
}

/// A path split into its folder and its last name, as rename(2) and link(2) see it.
struct Place {
    let directory: String
    let name: String

    init(_ path: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else {
            directory = "."
            name = path
            return
        }
        let folder = String(path[..<slash])
        directory = folder.isEmpty ? "/" : folder
        name = String(path[path.index(after: slash)...])
    }

    func path(of entry: String) -> String { directory == "/" ? "/" + entry : directory + "/" + entry }
}

/// A file's identity: the same device and inode is the same file, whatever the path that reached it.
struct FileID: Equatable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of what `path` names, following links; nil when there is nothing there.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}

/// The open database and its companions, as files that exist (by identity) and as names in a folder (by the
/// folder's identity and the name), for both the path as given and the path with its links resolved, which is
/// where SQLite puts the -wal, -shm and -journal.
struct ProtectedFiles {
    /// The database itself ("") and the files SQLite keeps beside it.
    static let suffixes = [""] + TemporaryFile.databaseCompanions

    var files: [(id: FileID, suffix: String)] = []
    var names: [(folder: FileID, name: String, suffix: String)] = []

    init(database: String) {
        var spellings = [database]
        if let resolved = realpath(database, nil) {
            let real = String(cString: resolved)
            free(resolved)
            if real != database { spellings.append(real) }
        }
        for spelling in spellings {
            let place = Place(spelling)
            let folder = FileID(path: place.directory)
            for suffix in Self.suffixes {
                if let id = FileID(path: spelling + suffix) { files.append((id, suffix)) }
                if let folder { names.append((folder, place.name + suffix, suffix)) }
            }
        }
    }

    func suffix(ofFile id: FileID) -> String? { files.first { $0.id == id }?.suffix }

    func suffix(ofName name: String, inFolder folder: FileID) -> String? {
        names.first { $0.folder == folder && $0.name == name }?.suffix
    }
}

/// What a file that is not a regular file is, in words.
enum FileKind {
    static func message(_ kind: mode_t) -> Message {
        switch kind {
        case S_IFDIR: Message(.fileKindDirectory)
        case S_IFIFO: Message(.fileKindFIFO)
        case S_IFCHR: Message(.fileKindCharacterDevice)
        case S_IFBLK: Message(.fileKindBlockDevice)
        case S_IFSOCK: Message(.fileKindSocket)
        default: Message(.fileKindOther)
        }
    }
}

/// Whole writes to a file descriptor: a write may be interrupted or take only part of the buffer.
enum FileDescriptor {
    /// Writes every byte; returns the errno that stopped it, nil when all were written.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            next += written
            left -= written
        }
        return nil
    }

    /// Copies `input` to its end into `output`; returns the bytes copied.
    static func copy(from input: Int32, source: String, to output: Int32, target: String) throws -> Int64 {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CanteenError.storage(.cannotReadToEnd, ["path": source, "reason": SystemError(errno)])
            }
            if count == 0 { return total }
            if let code = buffer.withUnsafeBytes({ writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<count])) }) {
                throw target == "-" ? CanteenError.storage(.standardOutputFailed, ["reason": SystemError(code)])
                                    : CanteenError.storage(.cannotWriteBecause, ["path": target, "reason": SystemError(code)])
            }
            total += Int64(count)
        }
    }
}

/// Standard output for bytes that do not fit a String (a backup) or should not be held in memory whole.
enum StandardOutput {
    static func write(_ bytes: UnsafeRawBufferPointer) throws {
        try withoutSIGPIPE {
            if let code = FileDescriptor.writeAll(1, bytes) {
                throw CanteenError.storage(.standardOutputFailed, ["reason": SystemError(code)])
            }
        }
    }

    static func copy(from input: Int32, source: String) throws -> Int64 {
        try withoutSIGPIPE { try FileDescriptor.copy(from: input, source: source, to: 1, target: "-") }
    }

    /// A reader that went away (`| head`) is an EPIPE to report, not a signal that kills the process before it
    /// can remove its temporary file.
    private static func withoutSIGPIPE<T>(_ body: () throws -> T) rethrows -> T {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        return try body()
    }
}
