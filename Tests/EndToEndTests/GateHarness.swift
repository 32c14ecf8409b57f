// A harness for the gate: a real sshd started per connection (`ssh -o ProxyCommand='sshd -i -f CONFIG'`, so no port
// and no daemon), a temporary folder with its host key, config and the authorized_keys that `canteen gate keys`
// writes, client keys made by ssh-keygen, and the real ssh client. Where sshd cannot run, the same calls go to the
// binary directly, as sshd would make them: `canteen --db BOOK gate --key FP NAME` with $SSH_ORIGINAL_COMMAND and
// $SSH_CONNECTION set.
import Foundation
import Glibc
import Testing

/// Runs a program with arguments, an environment and standard input from a file (or none), output to files.
/// With `stdoutFile`, standard output goes there (bytes, such as a backup) and the result's stdout is empty.
func runProcess(_ program: String, _ arguments: [String], environment: [String: String], directory: String,
                stdin: Data? = nil, stdoutFile: String? = nil, timeout: TimeInterval = 60,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
    let capture = try TempDir("proc")
    let outPath = stdoutFile ?? capture.file("stdout"), errPath = capture.file("stderr")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    defer { try? out.close(); try? err.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = out
    process.standardError = err
    if let stdin {
        let inPath = capture.file("stdin")
        try stdin.write(to: URL(fileURLWithPath: inPath))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() > deadline {
            process.terminate()
            process.waitUntilExit()
            Issue.record("\(program) ran longer than \(timeout) s", sourceLocation: sourceLocation)
            throw HarnessError.timedOut
        }
        usleep(1000)
    }
    process.waitUntilExit()
    return RunResult(exitCode: process.terminationStatus,
                     stdout: stdoutFile != nil ? "" : String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
                     stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
}

/// Whether this machine can run the sshd tests, and if not why; decided once.
enum SSHAvailability {
    static let sshd = "/usr/sbin/sshd", ssh = "/usr/bin/ssh", keygen = "/usr/bin/ssh-keygen"

    /// nil when sshd runs here; else what stops it.
    static let problem: String? = {
        for tool in [sshd, ssh, keygen] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (apt-get install openssh-server openssh-client)"
        }
        // sshd started as root insists on its privilege-separation folder, which the Debian package makes only when
        // the service starts; CI makes it, and so does this for a root that can.
        if getuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o755])
        }
        do {
            let server = try SSHServer()
            let check = try runProcess(sshd, ["-t", "-f", server.config], environment: CanteenBinary.baseEnvironment, directory: server.dir.path)
            if check.exitCode != 0 { return "sshd -t refused the test config: \(check.stderr.trimmingCharacters(in: .whitespacesAndNewlines))" }
        } catch {
            return "the sshd test folder could not be made: \(error)"
        }
        return nil
    }()

    /// Said where the sshd tests are skipped.
    static var skipComment: Comment { Comment(rawValue: "sshd tests skipped: \(problem ?? "")") }
}

/// One operator's client key pair, made by ssh-keygen.
struct ClientKey {
    let name: String
    let privateKey: String
    var publicKey: String { privateKey + ".pub" }
    /// `SHA256:…` as ssh-keygen prints it.
    let fingerprint: String
    /// The .pub file's text.
    let publicText: String

    init(_ name: String, in dir: TempDir, type: String = "ed25519") throws {
        self.name = name
        let file = dir.file("key-\(UUID().uuidString.prefix(8))")
        privateKey = file
        var arguments = ["-q", "-t", type, "-N", "", "-C", "\(name)@canteen-pc", "-f", file]
        if type == "rsa" { arguments += ["-b", "3072"] }
        let made = try runProcess(SSHAvailability.keygen, arguments, environment: CanteenBinary.baseEnvironment, directory: dir.path)
        try #require(made.exitCode == 0, "ssh-keygen: \(made)")
        publicText = try String(contentsOfFile: file + ".pub", encoding: .utf8)
        let listed = try runProcess(SSHAvailability.keygen, ["-l", "-E", "sha256", "-f", file + ".pub"],
                                    environment: CanteenBinary.baseEnvironment, directory: dir.path)
        fingerprint = String(listed.stdout.split(separator: " ")[1])
    }
}

/// The sshd side: a folder with a host key and a config whose AuthorizedKeysFile is `authorizedKeys`.
final class SSHServer {
    let dir: TempDir
    let config: String
    let authorizedKeys: String
    let user: String

    init() throws {
        dir = try TempDir("sshd")
        authorizedKeys = dir.file("authorized_keys")
        config = dir.file("sshd_config")
        user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let hostKey = dir.file("host_ed25519")
        let made = try runProcess(SSHAvailability.keygen, ["-q", "-t", "ed25519", "-N", "", "-f", hostKey],
                                  environment: CanteenBinary.baseEnvironment, directory: dir.path)
        try #require(made.exitCode == 0, "ssh-keygen host key: \(made)")
        // StrictModes off: the temporary folder is not a home directory sshd would trust. forced-commands-only: were
        // these tests run as root, a key without command= (the file edited by hand) still gets nothing.
        try """
            HostKey \(hostKey)
            AuthorizedKeysFile \(authorizedKeys)
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin forced-commands-only
            AllowUsers \(user)
            AcceptEnv LANG
            PidFile none
            LogLevel ERROR

            """.write(toFile: config, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: authorizedKeys, contents: nil)
    }

    /// The ssh command line for `key`, ending with the remote command's words.
    func sshArguments(_ key: ClientKey, tty: Bool = false) -> [String] {
        ["-F", "/dev/null", "-o", "UserKnownHostsFile=\(dir.file("known_hosts"))", "-o", "StrictHostKeyChecking=no",
         "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG",
         "-o", "ProxyCommand=\(SSHAvailability.sshd) -i -f \(config)", "-i", key.privateKey] + (tty ? ["-tt"] : ["-T"])
            // "--": ssh reads options after the host too, and a command may start with one (--format json …).
            + ["\(user)@localhost", "--"]
    }

    /// Runs `command` (sent as one string, as `ssh HOST 'COMMAND'` does) with `key`, feeding it `stdin`.
    func ssh(_ key: ClientKey, _ command: String, stdin: Data? = nil, tty: Bool = false, lang: String = "C.UTF-8",
             stdoutFile: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        var environment = CanteenBinary.baseEnvironment
        environment["LANG"] = lang
        return try runProcess(SSHAvailability.ssh, sshArguments(key, tty: tty) + (command.isEmpty ? [] : [command]),
                              environment: environment, directory: dir.path, stdin: stdin, stdoutFile: stdoutFile,
                              sourceLocation: sourceLocation)
    }
}

/// How a test reaches the gate: through a real sshd, by running the forced command as sshd would, or as the issue's
/// fallback runs it, `canteen gate NAME` with no --key.
enum GateRoute: String, CustomStringConvertible, CaseIterable, Sendable {
    case sshd, direct, named
    var description: String { rawValue }

    /// What the audit row says of the key: its fingerprint, or that none was named.
    func origin(_ key: ClientKey) -> String { self == .named ? "no key named, from " : "key \(key.fingerprint) from " }
}

/// A city book set up by its admin on the server, with operators whose keys are in service and a keys file that
/// `gate keys` wrote; calls reach it by either route. Unchecked Sendable: a test shares one only with the cases of a
/// serialized suite.
final class GateCity: @unchecked Sendable {
    let canteen: Canteen
    let server: SSHServer
    let keysDir: TempDir
    var keys: [String: ClientKey] = [:]
    static let admin = "王主任"

    /// The admin's set-up, at the server's own terminal: the book, canteens, operators and their keys.
    init(operators: [(name: String, role: String)] = [("小李", "clerk"), ("小王", "clerk"), ("陈会计", "finance"), ("审计员", "auditor")],
         sourceLocation: SourceLocation = #_sourceLocation) throws {
        canteen = try Canteen.initialized(admin: Self.admin, sourceLocation: sourceLocation)
        server = try SSHServer()
        keysDir = try TempDir("keys")
        let admin = Self.admin
        try canteen.succeed("site", "add", "FC", "--name", "风采长者饭堂", "--price", "18", operator: admin)
        try canteen.succeed("site", "add", "GZ02", "--name", "东山长者饭堂", "--price", "20", operator: admin)
        for (name, role) in operators {
            try canteen.succeed("operator", "add", name, "--role", role, operator: admin)
        }
        for name in operators.map(\.name) + [admin] {
            let key = try ClientKey(name, in: keysDir)
            keys[name] = key
            try canteen.succeed("operator", "key", "add", name, "--key-file", key.publicKey, operator: admin)
        }
        try writeKeys()
    }

    /// `canteen gate keys --out AUTHORIZED_KEYS`, as the admin runs it after every change.
    func writeKeys(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try canteen.succeed("gate", "keys", "--out", server.authorizedKeys, operator: Self.admin, sourceLocation: sourceLocation)
    }

    /// Calls the gate as `name` with `command`, by `route`.
    func call(_ name: String, _ command: String, by route: GateRoute, stdin: Data? = nil, key: ClientKey? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let key = try key ?? #require(keys[name], sourceLocation: sourceLocation)
        switch route {
        case .sshd:
            return try server.ssh(key, command, stdin: stdin, sourceLocation: sourceLocation)
        case .direct, .named:
            guard let binary = CanteenBinary.path else { throw HarnessError.binaryNotFound }
            var environment = CanteenBinary.baseEnvironment
            environment["SSH_ORIGINAL_COMMAND"] = command
            environment["SSH_CONNECTION"] = "192.0.2.10 50022 192.0.2.1 22"
            // The forced command as written for this key (its fingerprint, whoever's name the test asks for), or
            // CLI.md's own form, which names no key.
            let words = ["--db", GateCity.resolved(canteen.db), "gate"] + (route == .direct ? ["--key", key.fingerprint] : []) + [name]
            return try runProcess(binary, words, environment: environment, directory: server.dir.path, stdin: stdin,
                                  sourceLocation: sourceLocation)
        }
    }

    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// The book without the audit rows the gate writes, nor the audit chain's kept head they move: what "changes
    /// nothing" means for a call through the gate, which logs every call, refusals too.
    func books() -> String {
        var table = ""
        return canteen.snapshot().split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("-- ") { table = String(line.dropFirst(3)) }
            if table == "audit_head" && !line.hasPrefix("-- ") { return false }
            return !(table == "audit_log" && (line.contains(" | 'gate' | ") || line.contains(" | 'gate refused' | ") || line.contains(" | 'gate exit' | ")))
        }.joined(separator: "\n")
    }

    /// The audit log's last row, as CSV fields: at, operator, action, subject, detail.
    func lastLog() throws -> [String] {
        let log = try canteen.succeed("audit", "log", "--format", "json")
        let entries = try #require((log.json as? [String: Any])?["log"] as? [[String: Any]])
        let last = try #require(entries.last)
        return ["at", "operator", "action", "subject", "detail"].map { last[$0] as? String ?? "" }
    }
}
