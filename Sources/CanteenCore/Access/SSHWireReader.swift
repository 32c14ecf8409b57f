/// Reads the SSH wire encoding of a public key blob (RFC 4251 §5): big-endian uint32 lengths
/// before strings and mpints.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// Starts at the first byte of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not yet read; a well-formed blob has none left after its last field.
    var remaining: Int { bytes.count - offset }

    /// The next length-prefixed string, as raw bytes.
    mutating func string() throws(SSHPublicKey.Error) -> ArraySlice<UInt8> {
        guard remaining >= 4 else { throw .truncatedBlob }
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        // Int is 64-bit, so a length near 2^32 cannot overflow this comparison.
        guard length <= remaining else { throw .truncatedBlob }
        defer { offset += length }
        return bytes[offset..<offset + length]
    }

    /// The magnitude of the next mpint, big-endian without leading zero bytes; negative numbers and
    /// superfluous leading zeros are refused.
    mutating func unsignedMPInt() throws(SSHPublicKey.Error) -> ArraySlice<UInt8> {
        let raw = try string()
        guard let first = raw.first else { return raw }
        guard first & 0x80 == 0 else { throw .badInteger }
        guard first == 0 else { return raw }
        // RFC 4251 allows a zero byte only to keep a set top bit from reading as a sign; ssh-keygen
        // re-encodes minimally before hashing, so any other spelling would change the fingerprint.
        guard raw.count > 1, raw[raw.startIndex + 1] & 0x80 != 0 else { throw .badInteger }
        return raw.dropFirst()
    }
}
