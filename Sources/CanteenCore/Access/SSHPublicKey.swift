// Only the key itself is accepted here, never an authorized_keys options prefix: the gate writes
// the options, and a key text that brought its own (`command=`, `from=`, `no-pty`…) would be
// someone trying to choose what their key may do.

/// One OpenSSH public key as written in a `.pub` file or authorized_keys: `TYPE BASE64 [COMMENT]`.
public struct SSHPublicKey: Sendable, Equatable {
    /// Why a key text was refused.
    public enum Error: Swift.Error, Equatable, Sendable {
        /// Nothing but blanks.
        case empty
        /// The text has more UTF-8 bytes than the limit.
        case tooLong(limit: Int)
        /// More than one line (one trailing line break, as a `.pub` file ends, is fine).
        case multipleLines
        /// NUL, CR, another control character or DEL, by its code point.
        case forbiddenCharacter(UInt32)
        /// The text starts with authorized_keys options rather than a key type.
        case optionsNotAllowed
        /// A key type this program does not accept (DSA, security keys, certificates, unknown names).
        case unsupportedType(String)
        /// A type with no base64 key data after it.
        case missingKeyData
        /// The key data is not canonical padded base64.
        case badBase64(Base64.Error)
        /// The blob ends inside a field.
        case truncatedBlob
        /// The blob has this many bytes after its last field.
        case trailingBlobData(count: Int)
        /// The type inside the blob is not the one written before it (shown as printable ASCII only).
        case typeMismatch(outer: String, inner: String)
        /// An ECDSA blob names another curve than its type does (shown as printable ASCII only).
        case curveMismatch(expected: String, found: String)
        /// An Ed25519 key or ECDSA point of the wrong length in bytes.
        case badKeyLength(expected: Int, found: Int)
        /// An ECDSA point that is not in uncompressed form (0x04 ‖ x ‖ y).
        case badPoint
        /// An ECDSA point that is not on the named curve: a coordinate not below the field's prime, or y² ≠ x³ − 3x + b.
        case pointNotOnCurve(curve: String)
        /// An ECDSA point on its curve that OpenSSH still refuses: a coordinate too short, or not below the order − 1.
        case pointOutsideSSHBounds(curve: String)
        /// An mpint that is negative or has a superfluous leading zero byte.
        case badInteger
        /// An RSA public exponent that is even, 0 or 1.
        case badRSAExponent
        /// An RSA modulus that is even (no product of two odd primes is).
        case badRSAModulus
        /// An RSA modulus shorter than ``SSHPublicKey/minimumRSABits``.
        case rsaTooShort(bits: Int)
        /// An RSA modulus longer than ``SSHPublicKey/maximumRSABits``, which sshd refuses.
        case rsaTooLong(bits: Int)
    }

    /// The default limit on a key text in UTF-8 bytes: a 16384-bit RSA key with a long comment fits.
    public static let defaultLimit = 16 * 1024
    /// Below 3072 bits RSA falls short of the 128-bit security of the other accepted types.
    public static let minimumRSABits = 3072
    /// OpenSSH's own ceiling (SSH_RSA_MAXIMUM_MODULUS_SIZE): a longer key would never log in.
    public static let maximumRSABits = 16384

    /// The key type, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    public let type: String
    /// The decoded wire-format blob: what the fingerprint hashes and sshd compares.
    public let blob: [UInt8]
    /// The free text after the key data, trimmed; nil when there is none.
    public let comment: String?
    /// 256 for Ed25519, the curve size for ECDSA, the modulus length for RSA: as `ssh-keygen -l` prints.
    public let bits: Int

    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -l -E sha256` prints it.
    public var fingerprint: String { "SHA256:" + Base64.encode(SHA256.digest(blob), padded: false) }

    // The comment is left out: it is the owner's free text, not part of the key, so one key
    // compares equal however it was labelled; `comment` keeps it.
    /// `TYPE BASE64`, canonical: the form to store and compare keys by.
    public var authorizedKeyText: String { type + " " + Base64.encode(blob) }

    /// Parses one key line, refusing anything but a well-formed key of an accepted type and size.
    public init(parsing text: String, limit: Int = defaultLimit) throws(Error) {
        guard text.utf8.count <= limit else { throw .tooLong(limit: limit) }
        // Scalars, not Characters: "\r\n" is one Character, and a combining mark after a blank would
        // hide the blank inside a grapheme cluster.
        var fields = Substring(text).unicodeScalars
        if fields.last == "\n" {
            fields.removeLast()
            if fields.last == "\r" { fields.removeLast() }
        }
        guard !fields.contains("\n") else { throw .multipleLines }
        if let bad = fields.first(where: ShellWords.isForbidden) { throw .forbiddenCharacter(bad.value) }

        Self.skipBlanks(&fields)
        guard !fields.isEmpty else { throw .empty }
        let typeName = String(Self.nextToken(&fields))
        guard let algorithm = Algorithm(rawValue: typeName) else {
            throw Self.looksLikeOptions(typeName) ? .optionsNotAllowed : .unsupportedType(typeName)
        }
        Self.skipBlanks(&fields)
        let data = String(Self.nextToken(&fields))
        guard !data.isEmpty else { throw .missingKeyData }
        Self.skipBlanks(&fields)
        while let last = fields.last, last == " " || last == "\t" { fields.removeLast() }

        let blob: [UInt8]
        do { blob = try Base64.decode(data) } catch { throw .badBase64(error) }
        type = typeName
        self.blob = blob
        comment = fields.isEmpty ? nil : String(fields)
        bits = try algorithm.validate(blob)
    }

    /// Drops leading spaces and tabs, the only separators authorized_keys knows.
    private static func skipBlanks(_ s: inout Substring.UnicodeScalarView) {
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    }

    /// Removes and returns the run of characters up to the next blank.
    private static func nextToken(_ s: inout Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        let end = s.firstIndex { $0 == " " || $0 == "\t" } ?? s.endIndex
        defer { s = s[end...] }
        return s[..<end]
    }

    // sshd's flag options, so that a bare `no-pty ssh-rsa …` is called options, not an odd type.
    private static let flagOptions: Set<String> = [
        "agent-forwarding", "cert-authority", "no-agent-forwarding", "no-port-forwarding", "no-pty",
        "no-touch-required", "no-user-rc", "no-x11-forwarding", "port-forwarding", "pty", "restrict",
        "touch-required", "user-rc", "verify-required", "x11-forwarding",
    ]

    /// True when a first field is an options prefix: a list, a `name=value`, or one of sshd's flags.
    static func looksLikeOptions(_ field: String) -> Bool {
        field.contains { $0 == "=" || $0 == "\"" || $0 == "," } || flagOptions.contains(field.lowercased())
    }
}
