// `restrict` comes first and turns off everything sshd would otherwise grant (forwarding of ports,
// agent and X11, a pty, ~/.ssh/rc), including anything a later sshd version adds; `pty`, when asked
// for, must follow it, since options apply in order and `restrict` would switch it off again.

/// One line of the service account's authorized_keys: the key that lets an operator run the gate.
public struct AuthorizedKeysLine: Sendable, Equatable {
    /// Who the gate runs as when this key logs in.
    public let operatorName: String
    /// The operator's key; its comment, if any, ends the line.
    public let key: SSHPublicKey
    /// True when sshd may give the session a terminal (for people at a prompt rather than scripts).
    public let allowsPTY: Bool

    /// A line for `key` that runs the gate as `operatorName`.
    public init(operatorName: String, key: SSHPublicKey, allowsPTY: Bool = false) {
        self.operatorName = operatorName
        self.key = key
        self.allowsPTY = allowsPTY
    }

    /// The option names, in order, of the only option lists the gate writes.
    static let optionNames = ["restrict", "command"]
    /// The same with a terminal allowed.
    static let optionNamesWithPTY = ["restrict", "pty", "command"]

    /// `restrict[,pty],command="…" TYPE BASE64 [COMMENT]`, without a line break.
    public func text(for gate: GateCommand) throws(GateCommand.Error) -> String {
        let command = try gate.commandLine(operatorName: operatorName, fingerprint: key.fingerprint)
        let names = allowsPTY ? Self.optionNamesWithPTY : Self.optionNames
        let options = names.map { $0 == "command" ? AuthorizedKeysOptions.Option($0, command) : AuthorizedKeysOptions.Option($0) }
        // commandLine refuses control characters and ends with a quote or a plain character, never
        // a backslash, so render cannot fail.
        var line = AuthorizedKeysOptions.render(options)! + " " + key.authorizedKeyText
        if let comment = key.comment { line += " " + comment }
        return line
    }
}
