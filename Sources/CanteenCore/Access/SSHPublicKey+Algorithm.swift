// Every check here is one that, left out, would let a blob through that either sshd refuses (the
// key would be listed but never log in) or ssh-keygen re-encodes before hashing (the fingerprint
// shown here would not be the one ssh-keygen shows). That includes an ECDSA point off its curve,
// or outside OpenSSH's bounds (see PrimeCurve).

extension SSHPublicKey {
    /// The key types accepted, by their OpenSSH names.
    enum Algorithm: String {
        /// Ed25519: a 32-byte key.
        case ed25519 = "ssh-ed25519"
        /// ECDSA on NIST P-256.
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        /// ECDSA on NIST P-384.
        case ecdsaP384 = "ecdsa-sha2-nistp384"
        /// ECDSA on NIST P-521.
        case ecdsaP521 = "ecdsa-sha2-nistp521"
        /// RSA: exponent and modulus as mpints.
        case rsa = "ssh-rsa"

        /// The key's size in bits once `blob` is found to be a well-formed key of this type.
        func validate(_ blob: [UInt8]) throws(SSHPublicKey.Error) -> Int {
            var reader = SSHWireReader(blob)
            let inner = try reader.string()
            guard inner.elementsEqual(rawValue.utf8) else {
                throw .typeMismatch(outer: rawValue, inner: Self.printable(inner))
            }
            let bits: Int
            switch self {
            case .ed25519:
                let key = try reader.string()
                guard key.count == 32 else { throw .badKeyLength(expected: 32, found: key.count) }
                bits = 256
            case .ecdsaP256, .ecdsaP384, .ecdsaP521:
                let (name, size, field) = curve
                let named = try reader.string()
                guard named.elementsEqual(name.utf8) else {
                    throw .curveMismatch(expected: name, found: Self.printable(named))
                }
                let point = try reader.string()
                let coordinate = (size + 7) / 8
                let length = 1 + 2 * coordinate
                guard point.count == length else { throw .badKeyLength(expected: length, found: point.count) }
                // ssh-keygen would decompress a compressed point and hash the uncompressed blob.
                guard point.first == 0x04 else { throw .badPoint }
                // The blob's shape is checked whole before any arithmetic, so one with bytes left over is called
                // malformed, as for RSA.
                guard reader.remaining == 0 else { throw .trailingBlobData(count: reader.remaining) }
                let x = BigUnsigned(bigEndian: point.dropFirst().prefix(coordinate))
                let y = BigUnsigned(bigEndian: point.suffix(coordinate))
                guard field.contains(x: x, y: y) else { throw .pointNotOnCurve(curve: name) }
                guard field.withinSSHBounds(x: x, y: y) else { throw .pointOutsideSSHBounds(curve: name) }
                bits = size
            case .rsa:
                let e = try reader.unsignedMPInt()
                let n = try reader.unsignedMPInt()
                // Checked before the values, so a malformed blob is called malformed, not a weak key.
                guard reader.remaining == 0 else { throw .trailingBlobData(count: reader.remaining) }
                guard let eLast = e.last, eLast & 1 == 1, !(e.count == 1 && eLast == 1) else { throw .badRSAExponent }
                guard let nFirst = n.first, let nLast = n.last, nLast & 1 == 1 else { throw .badRSAModulus }
                // unsignedMPInt strips leading zero bytes, so the first byte holds the top bit.
                bits = (n.count - 1) * 8 + (8 - nFirst.leadingZeroBitCount)
                guard bits >= SSHPublicKey.minimumRSABits else { throw .rsaTooShort(bits: bits) }
                guard bits <= SSHPublicKey.maximumRSABits else { throw .rsaTooLong(bits: bits) }
            }
            guard reader.remaining == 0 else { throw .trailingBlobData(count: reader.remaining) }
            return bits
        }

        /// The curve name an ECDSA blob must carry, the curve's size in bits, and the curve itself.
        private var curve: (name: String, bits: Int, field: PrimeCurve) {
            switch self {
            case .ecdsaP384: ("nistp384", 384, .p384)
            case .ecdsaP521: ("nistp521", 521, .p521)
            default: ("nistp256", 256, .p256)
            }
        }

        // Error values end up on a terminal: bytes from a hostile blob must not carry escape sequences.
        /// At most 64 bytes, with anything outside printable ASCII shown as `?`.
        private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
            String(decoding: bytes.prefix(64).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        }
    }
}
