// `gate check` holds the file to one standard: it lets in exactly the keys the books have in service, each
// through the gate's own line. A line the gate did not write is the danger (a shell, a tunnel, someone else's
// command); a gate line for a key taken out of service still gets past sshd, though the gate then refuses it;
// a key in service without a line is someone locked out. All three mean `gate keys` should be run again.

/// What `gate check` found in an authorized_keys file.
public struct AuthorizedKeysReport: Sendable, Equatable {
    /// One thing wrong with the file.
    public enum Finding: Sendable, Equatable {
        /// This line is not the gate's own: why, and its key when it could be read.
        case foreign(line: Int, reason: AuthorizedKeysLine.Foreign, key: SSHPublicKey?)
        /// A gate line for a key the books do not have in service for this operator (removed, never added, or an
        /// operator deactivated or unknown).
        case notInService(line: Int, operatorName: String, fingerprint: String)
        /// A gate line for a key in service, but with a terminal where the operator's role has none, or the reverse.
        case terminalDiffers(line: Int, operatorName: String, fingerprint: String, expected: Bool)
        /// A second gate line for a key an earlier line already lets in.
        case repeated(line: Int, fingerprint: String, first: Int)
        /// A key in service with no gate line in the file. With no line at all its operator cannot get in; with
        /// `foreignLines` (lines the gate did not write, reported above) sshd lets the key in through those instead.
        case missing(operatorName: String, fingerprint: String, foreignLines: [Int])

        /// True for findings about a line that should not be in the file.
        public var isLine: Bool {
            if case .missing = self { return false }
            return true
        }
    }

    /// Lines in the file.
    public let lines: Int
    /// Lines that are the gate's own and current.
    public let gateLines: Int
    /// Everything wrong, lines first in file order, then the missing keys.
    public let findings: [Finding]

    /// True when the file lets in exactly the keys in service, each through its gate line.
    public var ok: Bool { findings.isEmpty }
}

extension Books {
    /// The largest authorized_keys file `gate check` reads.
    public static let authorizedKeysLimit = 8 * 1024 * 1024

    /// Checks an authorized_keys file ("-": standard input) against the gate `gate` describes and the keys in
    /// service (admin).
    public func checkAuthorizedKeys(at path: String, gate: GateCommand, by actorName: String?) throws -> AuthorizedKeysReport {
        guard !path.isEmpty else { throw CanteenError.invalid(.inputPathEmpty) }
        _ = try read { try authorize(actorName, .setup) }
        let text = try TextInput.read(path, limit: Books.authorizedKeysLimit)
        return try read {
            _ = try authorize(actorName, .setup)
            return Self.check(text, gate: gate, inService: try gateKeysInService())
        }
    }

    /// The findings for `text` against the keys in service.
    static func check(_ text: String, gate: GateCommand, inService: [OperatorKey]) -> AuthorizedKeysReport {
        // "\r\n" is one Character, so it is named as a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var findings: [AuthorizedKeysReport.Finding] = []
        var seen: [String: Int] = [:]
        var present: Set<String> = []
        // The lines the gate did not write, by the key sshd would let in through them.
        var foreignLines: [String: [Int]] = [:]
        var gateLines = 0
        for (index, line) in lines.enumerated() {
            let number = index + 1
            // With its line break back, so a CR before it is taken off as classify does for a line as read.
            switch AuthorizedKeysLine.classify(line + "\n", gate: gate) {
            case .blank, .comment:
                continue
            case .foreign(let reason, let key):
                findings.append(.foreign(line: number, reason: reason, key: key))
                // Only a line whose options and key sshd reads lets a key in; classify gives no key for the others.
                if let key { foreignLines[key.fingerprint, default: []].append(number) }
            case .gate(let written):
                let fingerprint = written.key.fingerprint
                if let first = seen[fingerprint] {
                    findings.append(.repeated(line: number, fingerprint: fingerprint, first: first))
                    continue
                }
                seen[fingerprint] = number
                // By the stored name as the gate would write it; a name in another normal form is another line.
                guard let held = inService.first(where: { $0.fingerprint == fingerprint && $0.operatorName == written.operatorName }) else {
                    findings.append(.notInService(line: number, operatorName: written.operatorName, fingerprint: fingerprint))
                    continue
                }
                present.insert(fingerprint)
                guard held.allowsTerminal == written.allowsPTY else {
                    findings.append(.terminalDiffers(line: number, operatorName: held.operatorName, fingerprint: fingerprint,
                                                     expected: held.allowsTerminal))
                    continue
                }
                gateLines += 1
            }
        }
        for key in inService where !present.contains(key.fingerprint) {
            findings.append(.missing(operatorName: key.operatorName, fingerprint: key.fingerprint, foreignLines: foreignLines[key.fingerprint] ?? []))
        }
        return AuthorizedKeysReport(lines: lines.count, gateLines: gateLines, findings: findings)
    }
}
