/// One of an operator's SSH public keys, as the books keep it: the gate lets its holder in as that operator
/// while it is in service. A key is never deleted; removing it takes it out of service, once, and says who did.
public struct OperatorKey: Sendable, Equatable {
    /// The row id.
    public let id: Int64
    /// Whose key it is.
    public let operatorName: String
    /// Their role, which decides whether their gate line allows a terminal.
    public let role: Role
    /// False once the operator is deactivated (which also takes their keys out of service).
    public let operatorActive: Bool
    /// The key itself, with the comment it was added with.
    public let key: SSHPublicKey
    /// When it was added (UTC) and by whom.
    public let addedAt: String
    public let addedBy: String
    /// When it was taken out of service and by whom; nil while it is in service.
    public let removedAt: String?
    public let removedBy: String?

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String { key.fingerprint }

    /// True while the gate lets this key in.
    public var inService: Bool { removedAt == nil && operatorActive }

    /// True when the operator's gate line should allow a terminal: for the roles that may work the counter.
    public var allowsTerminal: Bool { role.may(.counter) }
}

extension SSHPublicKey.Error {
    /// Why a key text was refused, as a message for the person who gave it.
    var message: Message {
        switch self {
        case .empty: Message(.keyEmpty)
        case .tooLong(let limit): Message(.keyTooLong, ["limit": limit])
        case .multipleLines: Message(.keyMultipleLines)
        case .forbiddenCharacter(let code): Message(.keyForbiddenCharacter, ["character": Self.codePoint(code)])
        case .optionsNotAllowed: Message(.keyOptionsNotAllowed)
        case .unsupportedType(let type): Message(.keyUnsupportedType, ["type": type])
        case .missingKeyData: Message(.keyMissingData)
        case .badBase64: Message(.keyBadBase64)
        case .truncatedBlob, .trailingBlobData, .typeMismatch, .curveMismatch, .badKeyLength, .badPoint, .badInteger:
            Message(.keyBlobMalformed)
        case .pointNotOnCurve(let curve): Message(.keyPointNotOnCurve, ["curve": curve])
        case .pointOutsideSSHBounds(let curve): Message(.keyPointOutsideSSHBounds, ["curve": curve])
        case .badRSAExponent, .badRSAModulus: Message(.keyRSAMalformed)
        case .rsaTooShort(let bits): Message(.keyRSATooShort, ["bits": bits, "minimum": SSHPublicKey.minimumRSABits])
        case .rsaTooLong(let bits): Message(.keyRSATooLong, ["bits": bits, "maximum": SSHPublicKey.maximumRSABits])
        }
    }

    /// The refusal: options smuggled in front of a key, or a key that is not one the gate accepts (65).
    var refusal: CanteenError { CanteenError(.invalidInput, Message(.keyRefused, ["reason": message])) }

    private static func codePoint(_ code: UInt32) -> String {
        let hex = String(code, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
