// The gate writes its audit row before the caller's command runs, in the transaction that checks the key, and
// runs nothing when that row cannot be written: every command that got through is in the log, even one whose
// process is killed half way. What the command then changes is logged by the command itself, under the same
// operator's name.
//
// A call may name no key (`canteen gate NAME`, the form the issue first gave). That trusts no more than the
// alternatives: whoever can run it on the server as the service account can open the book with --operator anyway,
// and a line in authorized_keys without --key still admits only the key sshd matched on it. What is lost is the
// gate's own check that the key is still in service, so `gate keys` always names the key and `gate check` reports a
// line that does not.

/// One connection through the gate, as sshd described it.
public struct GateCall: Sendable, Equatable {
    /// The operator the key's line names.
    public let operatorName: String
    /// The fingerprint the forced command names: the key sshd accepted. nil when it names none (`canteen gate NAME`,
    /// as a line written by hand or a test runs it): the operator is then let in on their name alone.
    public let fingerprint: String?
    /// `$SSH_CONNECTION` (client address and port, server address and port), nil when sshd set none.
    public let connection: String?
    /// The caller's command as the log keeps it: made safe to show and short by the caller of `enterGate`.
    public let command: String

    public init(operatorName: String, fingerprint: String?, connection: String?, command: String) {
        self.operatorName = operatorName
        self.fingerprint = fingerprint
        self.connection = connection
        self.command = command
    }

    /// Where the call came from, for the audit row.
    var gateOrigin: GateOrigin { GateOrigin(fingerprint: fingerprint, connection: connection) }

    /// "key SHA256:… from 203.0.113.7 port 50022", or "no key named, from …", as the audit row keeps it.
    var origin: String { gateOrigin.text }
}

extension Books {
    /// Lets a caller in through the gate, or not, and writes it in the audit log either way: the operator must be
    /// active and the key, when the call names one, in service for them, else a permission error (77); then
    /// `vet` may refuse what they asked for (its error is thrown). The audit row ("gate", or "gate refused" with
    /// the reason) is committed before this returns or throws, so a refusal is in the log too. A name that is no
    /// operator at all (a line written by hand) has no one to log against, and is refused unlogged.
    public func enterGate(_ call: GateCall, vet: (Operator) -> CanteenError?) throws -> Operator {
        let outcome: Result<Operator, CanteenError> = try write { tx in
            guard let caller = try findOperator(named: call.operatorName) else {
                throw CanteenError.permission(.operatorUnknown, ["name": call.operatorName])
            }
            var refusal: CanteenError?
            if !caller.active {
                refusal = CanteenError.permission(.operatorInactive, ["name": caller.name])
            } else if let fingerprint = call.fingerprint,
                      try db.cached("SELECT 1 FROM operator_keys WHERE operator_id = ? AND fingerprint = ? AND removed_at IS NULL")
                        .first([caller.id, fingerprint], { $0.int(0) }) == nil {
                refusal = CanteenError.permission(.gateKeyNotInService, ["name": caller.name, "fingerprint": fingerprint])
            } else {
                refusal = vet(caller)
            }
            if let refusal {
                try log(caller, "gate refused", subject: call.command, detail: .gateRefused(call.gateOrigin, reason: RefusalReason(refusal.message)), in: tx)
                return .failure(refusal)
            }
            try log(caller, "gate", subject: call.command, detail: .gateEntered(call.gateOrigin), in: tx)
            return .success(caller)
        }
        return try outcome.get()
    }

    /// Why, as the log keeps it: the message's key, and those of the messages inside it, without their values,
    /// which are the caller's own text (the command itself, already in the row's subject, masked and bounded).
    static func reason(_ message: Message) -> String { RefusalReason(message).text }

    /// Writes that a command let in through the gate ended with `exitCode` (not 0): a refusal by the command's own
    /// rules (a role, a closed month) is then in the log beside the call, under the same operator.
    public func recordGateExit(_ call: GateCall, caller: Operator, exitCode: Int32) throws {
        try write { tx in try log(caller, "gate exit", subject: call.command, detail: .gateExited(call.gateOrigin, exitCode: Int(exitCode)), in: tx) }
    }
}
