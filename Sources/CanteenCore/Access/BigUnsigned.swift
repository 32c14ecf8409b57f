// Only what checking an ECDSA public key's point against its curve needs, since the project takes no outside
// packages and Foundation has no big integers: non-negative numbers of a few hundred bits, compared, added,
// subtracted, multiplied and reduced by a modulus. A key is checked when it is added and each time the books read it
// back (a handful of keys), so plainness wins over speed: schoolbook multiplication, reduction one bit at a time.

/// A non-negative integer of any size: little-endian 32-bit limbs, with no zero limb at the top.
struct BigUnsigned: Equatable, Comparable, Sendable {
    /// Least significant first; empty for zero.
    private(set) var limbs: [UInt32]

    private init(limbs: [UInt32]) {
        var limbs = limbs
        while limbs.last == 0 { limbs.removeLast() }
        self.limbs = limbs
    }

    /// A small number.
    init(_ value: UInt32) {
        self.init(limbs: [value])
    }

    /// The number big-endian `bytes` spell, as a key's coordinates are written.
    init<C: BidirectionalCollection>(bigEndian bytes: C) where C.Element == UInt8 {
        var limbs: [UInt32] = []
        var limb: UInt32 = 0, shift: UInt32 = 0
        for byte in bytes.reversed() {
            limb |= UInt32(byte) << shift
            shift += 8
            if shift == 32 {
                limbs.append(limb)
                limb = 0
                shift = 0
            }
        }
        if shift > 0 { limbs.append(limb) }
        self.init(limbs: limbs)
    }

    /// A constant written in hexadecimal, as the curves' standards print them; only ever given literal digits.
    init(hex: String) {
        var bytes: [UInt8] = []
        var digits = Array(hex.utf8)
        if digits.count % 2 == 1 { digits.insert(UInt8(ascii: "0"), at: 0) }
        for i in stride(from: 0, to: digits.count, by: 2) {
            bytes.append(Self.nibble(digits[i]) << 4 | Self.nibble(digits[i + 1]))
        }
        self.init(bigEndian: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: preconditionFailure("not a hexadecimal digit")
        }
    }

    /// The number of bits up to the highest set one, as OpenSSL's BN_num_bits counts them (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return (limbs.count - 1) * 32 + (32 - top.leadingZeroBitCount)
    }

    /// Bit `index`, counted from the least significant.
    func bit(_ index: Int) -> Bool {
        let limb = index / 32
        return limb < limbs.count && limbs[limb] >> UInt32(index % 32) & 1 == 1
    }

    static func < (a: BigUnsigned, b: BigUnsigned) -> Bool {
        guard a.limbs.count == b.limbs.count else { return a.limbs.count < b.limbs.count }
        for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i]
        }
        return false
    }

    static func + (a: BigUnsigned, b: BigUnsigned) -> BigUnsigned {
        var sum: [UInt32] = []
        sum.reserveCapacity(max(a.limbs.count, b.limbs.count) + 1)
        var carry: UInt64 = 0
        for i in 0..<max(a.limbs.count, b.limbs.count) {
            let total = UInt64(i < a.limbs.count ? a.limbs[i] : 0) + UInt64(i < b.limbs.count ? b.limbs[i] : 0) + carry
            sum.append(UInt32(truncatingIfNeeded: total))
            carry = total >> 32
        }
        sum.append(UInt32(carry))
        return BigUnsigned(limbs: sum)
    }

    /// `a − b`, for `a ≥ b` only: these numbers have no sign.
    static func - (a: BigUnsigned, b: BigUnsigned) -> BigUnsigned {
        precondition(!(a < b), "BigUnsigned subtraction below zero")
        var difference: [UInt32] = []
        difference.reserveCapacity(a.limbs.count)
        var borrow: Int64 = 0
        for i in 0..<a.limbs.count {
            var value = Int64(a.limbs[i]) - Int64(i < b.limbs.count ? b.limbs[i] : 0) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 1 << 32 }
            difference.append(UInt32(value))
        }
        return BigUnsigned(limbs: difference)
    }

    static func * (a: BigUnsigned, b: BigUnsigned) -> BigUnsigned {
        guard !a.limbs.isEmpty, !b.limbs.isEmpty else { return BigUnsigned(limbs: []) }
        var product = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                // At most (2^32 − 1)^2 + 2 (2^32 − 1) = 2^64 − 1: the sum cannot overflow.
                let total = UInt64(a.limbs[i]) * UInt64(b.limbs[j]) + UInt64(product[i + j]) + carry
                product[i + j] = UInt32(truncatingIfNeeded: total)
                carry = total >> 32
            }
            product[i + b.limbs.count] = UInt32(carry)
        }
        return BigUnsigned(limbs: product)
    }

    /// The remainder of `a` divided by `m` (not zero).
    static func % (a: BigUnsigned, m: BigUnsigned) -> BigUnsigned {
        precondition(!m.limbs.isEmpty, "BigUnsigned remainder by zero")
        if a < m { return a }
        // Long division in base 2: the remainder so far, doubled, plus the next bit of `a`, stays below 2m.
        var remainder = BigUnsigned(limbs: [])
        for index in stride(from: a.bitWidth - 1, through: 0, by: -1) {
            remainder = remainder.doubled(plus: a.bit(index))
            if !(remainder < m) { remainder = remainder - m }
        }
        return remainder
    }

    /// `2 · self + bit`.
    private func doubled(plus bit: Bool) -> BigUnsigned {
        var shifted: [UInt32] = []
        shifted.reserveCapacity(limbs.count + 1)
        var carry: UInt32 = bit ? 1 : 0
        for limb in limbs {
            shifted.append(limb << 1 | carry)
            carry = limb >> 31
        }
        shifted.append(carry)
        return BigUnsigned(limbs: shifted)
    }
}
