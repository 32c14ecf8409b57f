// sshd hands a forced command to the account's shell as `sh -c COMMAND`, so the command is shell
// text: the program's path, the book's path and the operator's name are each quoted as one word,
// which is what lets paths with spaces and names in any script work, and what keeps a name such
// as `x; rm -rf ~` a name.

/// The forced command every gate line runs: `EXECUTABLE --db DATABASE gate NAME`.
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
    }

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

    /// The shell text of the command that runs the gate as `operatorName`.
    public func commandLine(operatorName: String) throws(Error) -> String {
        guard !operatorName.isEmpty else { throw .emptyOperatorName }
        guard !operatorName.hasPrefix("-") else { throw .optionLikeOperatorName(operatorName) }
        try Self.checkCharacters(operatorName)
        return [executable, "--db", database, "gate", operatorName].map(ShellWords.quote).joined(separator: " ")
    }

    // Only the exact text commandLine writes counts. A looser match (same words after splitting)
    // would trust ShellWords to read the text as sh does, but sh also expands `$x`, `~`, globs and
    // operators, which ShellWords never does: `gate $NAME` splits to the word "$NAME" yet runs as
    // someone else.
    /// The operator's name when `commandLine` is exactly what this gate writes for them; else nil.
    public func operatorName(in commandLine: String) -> String? {
        guard let words = try? ShellWords.split(commandLine), words.count == 5,
              words[0] == executable, words[1] == "--db", words[2] == database, words[3] == "gate",
              (try? self.commandLine(operatorName: words[4])) == commandLine else { return nil }
        return words[4]
    }

    /// Refuses what ShellWords.split would refuse to read back.
    private static func checkCharacters(_ text: String) throws(Error) {
        if let bad = text.unicodeScalars.first(where: ShellWords.isForbidden) { throw .forbiddenCharacter(bad.value) }
    }
}
