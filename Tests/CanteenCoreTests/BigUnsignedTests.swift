import Testing
@testable import CanteenCore

/// A 64-bit number as a BigUnsigned, through its big-endian bytes as keys are read.
private func big(_ value: UInt64) -> BigUnsigned {
    BigUnsigned(bigEndian: (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64($0 * 8)) })
}

/// A 128-bit number, high and low halves.
private func big(high: UInt64, low: UInt64) -> BigUnsigned {
    big(high) * big(1 << 32) * big(1 << 32) + big(low)
}

@Suite("BigUnsigned")
struct BigUnsignedTests {
    @Test("Sums, differences, products and remainders agree with 64- and 128-bit arithmetic")
    func agreesWithFixedWidth() {
        var random = SeededRandom(seed: 0xB16)
        for _ in 0..<500 {
            let a = UInt64(random.below(1 << 62)) << 2 | UInt64(random.below(4)), b = UInt64(random.below(1 << 62)) + 1
            let (high, low) = a.multipliedFullWidth(by: b)
            #expect(big(a) * big(b) == big(high: high, low: low))
            #expect(big(a) % big(b) == big(a % b))
            // A 128-bit product reduced by a 64-bit modulus, as the curve check reduces its products.
            #expect(big(high: high, low: low) % big(b | 1) == big(b | 1).remainder(ofHigh: high, low: low))
            let (sum, overflow) = a.addingReportingOverflow(b)
            #expect(big(a) + big(b) == (overflow ? big(high: 1, low: sum) : big(sum)))
            let (larger, smaller) = a >= b ? (a, b) : (b, a)
            #expect(big(larger) - big(smaller) == big(larger - smaller))
            #expect((big(a) < big(b)) == (a < b))
        }
    }

    @Test("Bit widths as BN_num_bits counts them, and leading zero bytes change nothing")
    func bitWidths() {
        #expect(big(0).bitWidth == 0 && big(1).bitWidth == 1 && big(255).bitWidth == 8 && big(256).bitWidth == 9)
        #expect(BigUnsigned(bigEndian: [0, 0, 0, 1, 0]) == BigUnsigned(256))
        #expect(BigUnsigned(hex: "01" + String(repeating: "ff", count: 65)).bitWidth == 521)
        #expect(PrimeCurve.p256.n.bitWidth == 256 && PrimeCurve.p384.p.bitWidth == 384 && PrimeCurve.p521.b.bitWidth == 519)
    }

    @Test("Each curve's published base point is on it, and within OpenSSH's bounds")
    func basePoints() {
        let points: [(PrimeCurve, String, String)] = [
            (.p256, "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
             "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
            (.p384, "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
             "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"),
            (.p521, "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
             "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650"),
        ]
        for (curve, x, y) in points {
            let x = BigUnsigned(hex: x), y = BigUnsigned(hex: y)
            #expect(curve.contains(x: x, y: y) && curve.withinSSHBounds(x: x, y: y))
            #expect(!curve.contains(x: x, y: y + BigUnsigned(1)))
            #expect(curve.contains(x: x, y: curve.p - y), "−G is on the curve too")
            #expect(!curve.contains(x: x + curve.p, y: y), "a coordinate must be below p, even when it is the same modulo p")
        }
    }
}

private extension BigUnsigned {
    /// (high · 2^64 + low) mod self, for a 64-bit self, by the standard library's own division.
    func remainder(ofHigh high: UInt64, low: UInt64) -> BigUnsigned {
        let m = limbs.reversed().reduce(UInt64(0)) { $0 << 32 | UInt64($1) }
        return big(m.dividingFullWidth((high % m, low)).remainder)
    }
}
