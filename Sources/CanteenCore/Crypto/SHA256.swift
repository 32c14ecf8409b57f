// SHA-256 (FIPS 180-4) in pure Swift stdlib: the binary avoids Foundation
// for start-up time, and the package takes no outside dependencies.

/// Incremental SHA-256 hasher; a value type so a partially fed hasher can be copied to fork a hash.
public struct SHA256: Sendable {
    /// The eight working words; kept in a struct so the compression loop can hold them in registers.
    private struct State: Sendable {
        var h0: UInt32 = 0x6a09_e667
        var h1: UInt32 = 0xbb67_ae85
        var h2: UInt32 = 0x3c6e_f372
        var h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f
        var h5: UInt32 = 0x9b05_688c
        var h6: UInt32 = 0x1f83_d9ab
        var h7: UInt32 = 0x5be0_cd19
    }

    // Round constants (first 32 bits of the fractional parts of the cube roots of the first 64 primes).
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private var state = State()
    // 64-byte block buffer as a tuple so it lives inline: no heap allocation and no copy-on-write checks.
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var bufferCount = 0
    // Total message length in bytes; the padding encodes it in bits, modulo 2^64 as the standard allows.
    private var totalLength: UInt64 = 0

    /// Starts a fresh hash with the FIPS 180-4 initial values.
    public init() {}

    // Inlinable so callers in other modules get it specialised for their sequence type;
    // unspecialised, every byte would go through witness-table calls (~40x slower).
    /// Feeds more message bytes; contiguous collections take a fast path that hashes blocks in place.
    @inlinable
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buf in
            absorb(UnsafeRawBufferPointer(buf))
        }
        if handled != nil { return }

        // Non-contiguous sequences (lazy maps, repeated elements...) are gathered a block at a
        // time into a stack chunk, so the per-byte loop touches nothing but a local.
        var iterator = bytes.makeIterator()
        var chunk: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        while true {
            var filled = 0
            withUnsafeMutableBytes(of: &chunk) { chunk in
                while filled < 64, let byte = iterator.next() {
                    chunk[filled] = byte
                    filled += 1
                }
            }
            if filled == 0 { return }
            withUnsafeBytes(of: &chunk) { absorb(UnsafeRawBufferPointer(rebasing: $0[..<filled])) }
            if filled < 64 { return }
        }
    }

    /// Feeds the string's UTF-8 encoding, so equal text always hashes equally regardless of storage.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { absorb(UnsafeRawBufferPointer($0)) }
    }

    /// Pads, hashes the final block(s) and returns the 32-byte digest; consuming since the state is spent.
    public consuming func finalize() -> [UInt8] {
        let bitLength = totalLength &* 8
        var count = bufferCount
        // Locals, because exclusivity rules do not split a consuming `self` into separate properties.
        var state = self.state
        var buffer = self.buffer
        withUnsafeMutableBytes(of: &buffer) { block in
            block[count] = 0x80
            count += 1
            if count > 56 {
                // No room left for the length field: pad out this block and use another.
                for i in count..<64 { block[i] = 0 }
                Self.compress(&state, UnsafeRawBufferPointer(block))
                count = 0
            }
            for i in count..<56 { block[i] = 0 }
            for i in 0..<8 { block[56 + i] = UInt8(truncatingIfNeeded: bitLength &>> (56 - 8 * i)) }
            Self.compress(&state, UnsafeRawBufferPointer(block))
        }

        let words = [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7]
        return [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            for (i, word) in words.enumerated() {
                out[4 * i] = UInt8(truncatingIfNeeded: word &>> 24)
                out[4 * i + 1] = UInt8(truncatingIfNeeded: word &>> 16)
                out[4 * i + 2] = UInt8(truncatingIfNeeded: word &>> 8)
                out[4 * i + 3] = UInt8(truncatingIfNeeded: word)
            }
            initialized = 32
        }
    }

    /// One-shot convenience for callers that have the whole message at hand.
    @inlinable
    public static func digest<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Lower-case hex because that is the conventional textual form (matches `sha256sum`).
    public static func hexDigest(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize().hexString
    }

    // Tops up a partial block first, then hashes whole blocks straight from the input
    // so long messages are never copied byte by byte.
    @usableFromInline
    internal mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        totalLength &+= UInt64(input.count)
        var offset = 0

        if bufferCount > 0 {
            let take = min(64 - bufferCount, input.count)
            let start = bufferCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: start).copyMemory(from: base, byteCount: take)
            }
            bufferCount += take
            offset = take
            guard bufferCount == 64 else { return }
            withUnsafeBytes(of: &buffer) { Self.compress(&state, $0) }
            bufferCount = 0
        }

        let fullBytes = (input.count - offset) & ~63
        if fullBytes > 0 {
            Self.compress(&state, UnsafeRawBufferPointer(start: base + offset, count: fullBytes))
            offset += fullBytes
        }

        let rest = input.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
            }
            bufferCount = rest
        }
    }

    // Runs the compression function over `blocks` (a multiple of 64 bytes). Static and inout
    // so the state is not aliased by `self` while the buffer is borrowed.
    private static func compress(_ state: inout State, _ blocks: UnsafeRawBufferPointer) {
        k.withUnsafeBufferPointer { k in
            // The message schedule lives on the stack; a heap array per block would dominate.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var h0 = state.h0, h1 = state.h1, h2 = state.h2, h3 = state.h3
                var h4 = state.h4, h5 = state.h5, h6 = state.h6, h7 = state.h7
                var blockStart = 0
                while blockStart + 64 <= blocks.count {
                    for t in 0..<16 {
                        let p = blockStart + 4 * t
                        w[t] = UInt32(blocks[p]) &<< 24 | UInt32(blocks[p + 1]) &<< 16
                            | UInt32(blocks[p + 2]) &<< 8 | UInt32(blocks[p + 3])
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }

                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for t in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }

                    h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
                    h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
                    blockStart += 64
                }
                state = State(h0: h0, h1: h1, h2: h2, h3: h3, h4: h4, h5: h5, h6: h6, h7: h7)
            }
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }
}

/// Hex rendering for digests and other byte strings, lower-case to match common tooling.
public extension Array where Element == UInt8 {
    /// Lower-case hex, two characters per byte, because that is how digests are usually compared and logged.
    var hexString: String {
        let digits: StaticString = "0123456789abcdef"
        var ascii = [UInt8]()
        ascii.reserveCapacity(count * 2)
        digits.withUTF8Buffer { digits in
            for byte in self {
                ascii.append(digits[Int(byte &>> 4)])
                ascii.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: ascii, as: UTF8.self)
    }
}
