// `gate check` exists because the service account's authorized_keys is the real door: any line the
// gate did not write may log in to the account with rights the gate never granted. So a line
// counts as the gate's own only in the exact form the gate writes it; everything else is reported,
// with the reason that comes first in the order sshd reads the line.

extension AuthorizedKeysLine {
    /// What one line of an authorized_keys file is, seen from the gate.
    public enum Classification: Sendable, Equatable {
        /// Empty or only blanks; sshd skips it.
        case blank
        /// A `#` comment; sshd skips it.
        case comment
        /// A line in the gate's own form, for this program and book.
        case gate(AuthorizedKeysLine)
        /// Any other line, why, and its key when that could be read.
        case foreign(Foreign, key: SSHPublicKey?)
    }

    /// Why a line is not the gate's own.
    public enum Foreign: Sendable, Equatable {
        /// The options are malformed; sshd would refuse the line.
        case badOptions(AuthorizedKeysOptions.Error)
        /// The key cannot be read, or is of a type or size the gate refuses.
        case badKey(SSHPublicKey.Error)
        /// No `command=`: the key gets a shell.
        case noCommand
        /// Options besides restrict, pty and command (`from=`, `environment=`, `permitopen=`, …), by name.
        case otherOptions([String])
        /// Only restrict, pty and command, but not as the gate writes them (order, case, repeats, values); the option names as written.
        case optionsNotAsWritten([String])
        /// The command is not this program's `--db DATABASE gate --key FINGERPRINT NAME`, in the gate's quoting.
        case otherCommand(String)
        /// The gate's command, but for another key than the line's: this fingerprint.
        case otherKey(String)
        /// The gate's command for this operator without `--key`: the gate cannot refuse the key once it is out of service.
        case noKeyNamed(String)
    }

    /// Classifies one line (its line break, if any, ignored) against the gate that `gate` describes.
    public static func classify(_ line: String, gate: GateCommand) -> Classification {
        var scalars = Substring(line).unicodeScalars
        if scalars.last == "\n" {
            scalars.removeLast()
            if scalars.last == "\r" { scalars.removeLast() }
        }
        while let c = scalars.first, c == " " || c == "\t" { scalars.removeFirst() }
        guard let first = scalars.first else { return .blank }
        if first == "#" { return .comment }
        let text = Substring(scalars)

        // As sshd does: first try the line as a bare key, and only then as options and a key.
        let optionsAndRest: (options: [AuthorizedKeysOptions.Option], rest: Substring)
        do {
            return .foreign(.noCommand, key: try SSHPublicKey(parsing: String(text)))
        } catch .optionsNotAllowed {
            do { optionsAndRest = try AuthorizedKeysOptions.split(text) } catch { return .foreign(.badOptions(error), key: nil) }
        } catch {
            return .foreign(.badKey(error), key: nil)
        }
        let key: SSHPublicKey
        do { key = try SSHPublicKey(parsing: String(optionsAndRest.rest)) } catch { return .foreign(.badKey(error), key: nil) }

        let options = optionsAndRest.options
        let names = options.map(\.name)
        guard let command = options.first(where: { $0.name.lowercased() == "command" }) else {
            return .foreign(.noCommand, key: key)
        }
        let others = names.filter { !["restrict", "pty", "command"].contains($0.lowercased()) }
        guard others.isEmpty else { return .foreign(.otherOptions(others), key: key) }
        guard names == optionNames || names == optionNamesWithPTY,
              options.allSatisfy({ ($0.value != nil) == ($0.name == "command") }) else {
            return .foreign(.optionsNotAsWritten(names), key: key)
        }
        guard let value = command.value, let caller = gate.caller(in: value) else {
            return .foreign(.otherCommand(command.value ?? ""), key: key)
        }
        // The gate admits the key its command names; a line that pairs it with another key lets that key in
        // under the first one's name, so it is not the gate's own.
        guard let fingerprint = caller.fingerprint else { return .foreign(.noKeyNamed(caller.operatorName), key: key) }
        guard fingerprint == key.fingerprint else { return .foreign(.otherKey(fingerprint), key: key) }
        return .gate(AuthorizedKeysLine(operatorName: caller.operatorName, key: key, allowsPTY: names == optionNamesWithPTY))
    }
}
