// ssh-keygen and sshd refuse an ECDSA key whose point is not on its curve (OpenSSL's EC_POINT_oct2point), and then
// hold the point to OpenSSH's own bounds (sshkey_ec_validate_public). A key that fails either would be listed here
// and never log in, or worse be someone's way of seeing what the program takes on trust; so both are checked, with
// the curves' published constants (FIPS 186-4 D.1.2; SEC 2 2.4.2, 2.5.1, 2.6.1). Every NIST prime curve has a = −3
// and cofactor 1, so a point on the curve other than infinity (which the uncompressed form cannot spell) is in the
// group of order n, and OpenSSH's nQ = infinity holds for it.

/// One of the NIST prime curves ECDSA keys use: y² = x³ − 3x + b over the integers modulo p, of order n.
struct PrimeCurve: Sendable {
    /// The field's prime.
    let p: BigUnsigned
    /// The curve's constant term.
    let b: BigUnsigned
    /// The order of its group.
    let n: BigUnsigned

    static let p256 = PrimeCurve(
        p: BigUnsigned(hex: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
        b: BigUnsigned(hex: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
        n: BigUnsigned(hex: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"))

    static let p384 = PrimeCurve(
        p: BigUnsigned(hex: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
        b: BigUnsigned(hex: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
        n: BigUnsigned(hex: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"))

    static let p521 = PrimeCurve(
        p: BigUnsigned(hex: "01ff" + String(repeating: "ff", count: 64)),
        b: BigUnsigned(hex: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00"),
        n: BigUnsigned(hex: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"))

    /// True when (x, y) is a point of the curve: both coordinates field elements (below p) and y² ≡ x³ − 3x + b.
    func contains(x: BigUnsigned, y: BigUnsigned) -> Bool {
        guard x < p, y < p else { return false }
        let left = y * y % p
        // −3x is written 3(p − x), which is the same modulo p and keeps every number non-negative.
        let right = (x * x % p * x + b + BigUnsigned(3) * (p - x)) % p
        return left == right
    }

    /// True when a point of the curve is within OpenSSH's bounds: each coordinate has more than half the bits of n
    /// and is below n − 1.
    func withinSSHBounds(x: BigUnsigned, y: BigUnsigned) -> Bool {
        let half = n.bitWidth / 2, limit = n - BigUnsigned(1)
        return x.bitWidth > half && y.bitWidth > half && x < limit && y < limit
    }
}
