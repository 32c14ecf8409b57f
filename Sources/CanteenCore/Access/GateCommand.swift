// sshd hands a forced command to the account's shell as `sh -c COMMAND`, so the command is shell
// text: the program's path, the book's path and the operator's name are each quoted as one word,
// which is what lets paths with spaces and names in any script work, and what keeps a name such
// as `x; rm -rf ~` a name.
//
// The key's fingerprint is part of the command, so the gate knows which key logged in without
// trusting anything the caller sends: it refuses a key removed from service, or an operator
// deactivated, at once, before the keys file is written again, and logs the fingerprint. It stands
// before the name because the name is the last word: after an option the argument parser no longer
// reads command names, so an operator called `keys` or `check` is still a name, not `gate keys`.

/// The forced command every gate line runs: `EXECUTABLE --db DATABASE gate --key FINGERPRINT NAME`.
public struct GateCommand: Sendable, Equatable {
    /// Why a command could not be written.
    public enum Error: Swift.Error, Equatable, Sendable {
        /// The program or book is not given by an absolute path; sshd runs commands in the account's home.
        case relativePath(String)
        /// A path or name holds a control character, line break or DEL, which no authorized_keys line can carry.
        case forbiddenCharacter(UInt32)
        /// The operator's name is empty.
        case emptyOperatorName
        /// The operator's name starts with `-`, so the gate's argument parser would take it for an option.
        case optionLikeOperatorName(String)
        /// Not a fingerprint as `ssh-keygen -l` prints one (`SHA256:` and 43 base64 characters).
        case malformedFingerprint(String)
    }

    /// Who a gate line lets in: the operator and the fingerprint of the key that logged in (nil when the command
    /// names none).
    public struct Caller: Sendable, Equatable {
        public let operatorName: String
        public let fingerprint: String?
    }

    /// The words after `gate` that the command line reads as `gate keys` and `gate check`, never as a name: a command
    /// without `--key` for an operator so called runs that subcommand instead of the gate.
    public static let subcommands: Set<String> = ["keys", "check"]

    /// Absolute path of the canteen program the service account runs.
    public let executable: String
    /// Absolute path of the book it opens.
    public let database: String

    /// Refuses paths that a forced command cannot use as they are.
    public init(executable: String, database: String) throws(Error) {
        for path in [executable, database] {
            guard path.hasPrefix("/") else { throw .relativePath(path) }
            try Self.checkCharacters(path)
        }
        self.executable = executable
        self.database = database
    }

    /// The shell text of the command that runs the gate as `operatorName` for the key `fingerprint`.
    public func commandLine(operatorName: String, fingerprint: String) throws(Error) -> String {
        try Self.checkName(operatorName)
        guard Self.isFingerprint(fingerprint) else { throw .malformedFingerprint(fingerprint) }
        return [executable, "--db", database, "gate", "--key", fingerprint, operatorName].map(ShellWords.quote).joined(separator: " ")
    }

    // Only the exact text commandLine writes counts. A looser match (same words after splitting)
    // would trust ShellWords to read the text as sh does, but sh also expands `$x`, `~`, globs and
    // operators, which ShellWords never does: `gate $NAME` splits to the word "$NAME" yet runs as
    // someone else.
    /// The operator and key when `commandLine` is exactly what this gate writes for them, or the same without
    /// `--key FINGERPRINT` (the form `gate check` reports, since the gate cannot then refuse a key out of service); else nil.
    public func caller(in commandLine: String) -> Caller? {
        guard let words = try? ShellWords.split(commandLine), words.count == 7 || words.count == 5,
              words[0] == executable, words[1] == "--db", words[2] == database, words[3] == "gate" else { return nil }
        if words.count == 5 {
            let name = words[4]
            guard !Self.subcommands.contains(name), (try? keylessCommandLine(operatorName: name)) == commandLine else { return nil }
            return Caller(operatorName: name, fingerprint: nil)
        }
        guard words[4] == "--key", (try? self.commandLine(operatorName: words[6], fingerprint: words[5])) == commandLine else { return nil }
        return Caller(operatorName: words[6], fingerprint: words[5])
    }

    /// `EXECUTABLE --db DATABASE gate NAME`, in the gate's quoting: only ever read, never written.
    private func keylessCommandLine(operatorName: String) throws(Error) -> String {
        try Self.checkName(operatorName)
        return [executable, "--db", database, "gate", operatorName].map(ShellWords.quote).joined(separator: " ")
    }

    /// True for `SHA256:` and the unpadded base64 of 32 bytes, the one form `SSHPublicKey.fingerprint` has.
    public static func isFingerprint(_ text: String) -> Bool {
        guard text.hasPrefix("SHA256:"), text.utf8.count == 7 + 43,
              let digest = try? Base64.decode(String(text.dropFirst(7)), padded: false) else { return false }
        return digest.count == 32
    }

    /// Refuses a name the gate's command line could not carry as the operator's name.
    private static func checkName(_ name: String) throws(Error) {
        guard !name.isEmpty else { throw .emptyOperatorName }
        guard !name.hasPrefix("-") else { throw .optionLikeOperatorName(name) }
        try checkCharacters(name)
    }

    /// Refuses what ShellWords.split would refuse to read back.
    private static func checkCharacters(_ text: String) throws(Error) {
        if let bad = text.unicodeScalars.first(where: ShellWords.isForbidden) { throw .forbiddenCharacter(bad.value) }
    }
}
