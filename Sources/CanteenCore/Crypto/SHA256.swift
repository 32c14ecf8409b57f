// SHA-256 (FIPS 180-4) in pure Swift stdlib: the binary avoids Foundation
// for start-up time, and the package takes no outside dependencies.
//
// Speed matters: `audit verify` re-hashes every journal entry, and the simulator and bulk import hash
// every meal they write. Scripts/sha256-benchmark.sh measures this file against sha256sum and hashlib.
// Nothing here allocates per block or per message: the schedule is sixteen locals, the 64 rounds are
// written out with their constants as immediates, loads are single big-endian words, and the one-shot
// `digest(_: UnsafeRawBufferPointer)` returns a 32-byte value rather than an array.

/// Incremental SHA-256 hasher; a value type so a partially fed hasher can be copied to fork a hash.
public struct SHA256: Sendable {
    /// A SHA-256 digest as a 32-byte value, so hashing a short message need not allocate.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        // The eight result words stored big-endian, so the tuple's memory is the digest's byte string.
        @usableFromInline
        internal let storage: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

        fileprivate init(_ state: State) {
            storage = (state.h0.bigEndian, state.h1.bigEndian, state.h2.bigEndian, state.h3.bigEndian,
                       state.h4.bigEndian, state.h5.bigEndian, state.h6.bigEndian, state.h7.bigEndian)
        }

        /// The digest stored as 32 bytes (a BLOB column); nil for any other length.
        public init?(bytes: UnsafeRawBufferPointer) {
            guard bytes.count == 32 else { return nil }
            var storage: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            self.storage = storage
        }

        /// All zero bits: what the first entry of a chain names as its predecessor.
        public static let zero = Digest(zeroStorage: ())

        private init(zeroStorage: Void) { storage = (0, 0, 0, 0, 0, 0, 0, 0) }

        /// Parses 64 hex digits (either case), e.g. a hash stored as text; nil for anything else.
        public init?(hex: String) {
            var hex = hex
            var storage: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
            let valid = hex.withUTF8 { text in
                guard text.count == 64 else { return false }
                return withUnsafeMutableBytes(of: &storage) { out in
                    for i in 0..<32 {
                        guard let high = Self.nibble(text[2 &* i]), let low = Self.nibble(text[2 &* i &+ 1]) else {
                            return false
                        }
                        out[i] = high &<< 4 | low
                    }
                    return true
                }
            }
            guard valid else { return nil }
            self.storage = storage
        }

        private static func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
            default: nil
            }
        }

        /// Calls `body` with the 32 digest bytes, without copying them out.
        @inlinable
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try Swift.withUnsafeBytes(of: storage, body)
        }

        /// The 32 digest bytes as an array (allocates; prefer `withUnsafeBytes` in hot loops).
        public var bytes: [UInt8] {
            withUnsafeBytes { Array($0) }
        }

        /// Lower-case hex, 64 characters, as `sha256sum` prints it.
        public var hex: String {
            withUnsafeBytes { hexEncoded($0) }
        }

        public var description: String { hex }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            let l = lhs.storage, r = rhs.storage
            // One branch for the whole comparison: digests are compared in verification loops.
            let diff = (l.0 ^ r.0) | (l.1 ^ r.1) | (l.2 ^ r.2) | (l.3 ^ r.3) | (l.4 ^ r.4) | (l.5 ^ r.5) | (l.6 ^ r.6) | (l.7 ^ r.7)
            return diff == 0
        }

        public func hash(into hasher: inout Hasher) {
            withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The eight working words; kept in a struct so the compression loop can hold them in registers.
    fileprivate struct State: Sendable {
        var h0: UInt32 = 0x6a09_e667
        var h1: UInt32 = 0xbb67_ae85
        var h2: UInt32 = 0x3c6e_f372
        var h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f
        var h5: UInt32 = 0x9b05_688c
        var h6: UInt32 = 0x1f83_d9ab
        var h7: UInt32 = 0x5be0_cd19
    }

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

    /// Feeds raw bytes; the non-generic twin of `update(_:)` for callers holding a buffer.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        absorb(bytes)
    }

    /// Pads, hashes the final block(s) and returns the digest as a 32-byte value; consuming since the state is spent.
    public consuming func finalizeDigest() -> Digest {
        var state = self.state
        let count = bufferCount, totalLength = self.totalLength
        withUnsafeBytes(of: self.buffer) { block in
            Self.finish(&state, tail: block.baseAddress!, count: count, totalLength: totalLength)
        }
        return Digest(state)
    }

    /// Pads, hashes the final block(s) and returns the 32-byte digest; consuming since the state is spent.
    public consuming func finalize() -> [UInt8] {
        finalizeDigest().bytes
    }

    /// One-shot convenience for callers that have the whole message at hand.
    @inlinable
    public static func digest<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// One-shot digest of a buffer, with no allocation at all: the fast path for short messages.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var state = State()
        let blocks = bytes.count &>> 6
        if let base = bytes.baseAddress { compress(&state, base, blocks: blocks) }
        finish(&state, tail: bytes.baseAddress.map { $0 + (blocks &<< 6) }, count: bytes.count & 63,
               totalLength: UInt64(bytes.count))
        return Digest(state)
    }

    /// One-shot digest of the string's UTF-8 encoding, with no allocation for native strings.
    public static func digest(_ string: String) -> Digest {
        var string = string
        return string.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    /// Lower-case hex because that is the conventional textual form (matches `sha256sum`).
    public static func hexDigest(_ string: String) -> String {
        digest(string).hex
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
            withUnsafeBytes(of: &buffer) { Self.compress(&state, $0.baseAddress!, blocks: 1) }
            bufferCount = 0
        }

        let blocks = (input.count - offset) &>> 6
        if blocks > 0 {
            Self.compress(&state, base + offset, blocks: blocks)
            offset += blocks &<< 6
        }

        let rest = input.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
            }
            bufferCount = rest
        }
    }

    // Pads the last `count` (< 64) message bytes at `tail` into one or two blocks on the stack:
    // 0x80, zeros, then the message length in bits as a big-endian 64-bit number.
    private static func finish(_ state: inout State, tail: UnsafeRawPointer?, count: Int, totalLength: UInt64) {
        var padded: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &padded) { block in
            let p = block.baseAddress!
            if let tail { p.copyMemory(from: tail, byteCount: count) }
            p.storeBytes(of: 0x80, toByteOffset: count, as: UInt8.self)
            // No room for the length after the 0x80 byte: it goes at the end of a second block.
            let blocks = count < 56 ? 1 : 2
            p.storeBytes(of: (totalLength &* 8).bigEndian, toByteOffset: blocks &* 64 &- 8, as: UInt64.self)
            compress(&state, UnsafeRawPointer(p), blocks: blocks)
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    // One round; the caller rotates the roles of the eight variables instead of moving values,
    // so `d` and `h` are the only ones written (d += t1 becomes the new e, h becomes the new a).
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let ch = ((f ^ g) & e) ^ g
        let t1 = h &+ kw &+ s1 &+ ch
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        // Written so that (a ^ b) here is (b ^ c) in the next round, which the compiler reuses.
        let maj = ((a ^ b) & (b ^ c)) ^ b
        d = d &+ t1
        h = t1 &+ s0 &+ maj
    }

    // Next schedule word in a sixteen-word window: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16],
    // where `w` holds W[t-16] and is overwritten with W[t].
    @inline(__always)
    private static func schedule(_ w: inout UInt32, _ w1: UInt32, _ w9: UInt32, _ w14: UInt32) -> UInt32 {
        let s0 = rotr(w1, 7) ^ rotr(w1, 18) ^ (w1 &>> 3)
        let s1 = rotr(w14, 17) ^ rotr(w14, 19) ^ (w14 &>> 10)
        w = w &+ s0 &+ w9 &+ s1
        return w
    }

    // Runs the compression function over `blocks` consecutive 64-byte blocks at `p`. Static and
    // inout so the state is not aliased by `self` while a buffer is borrowed.
    private static func compress(_ state: inout State, _ p: UnsafeRawPointer, blocks: Int) {
        var h0 = state.h0, h1 = state.h1, h2 = state.h2, h3 = state.h3
        var h4 = state.h4, h5 = state.h5, h6 = state.h6, h7 = state.h7
        var p = p
        for _ in 0..<blocks {
            @inline(__always) func word(_ i: Int) -> UInt32 {
                UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            }
            var w0 = word(0), w1 = word(1), w2 = word(2), w3 = word(3)
            var w4 = word(4), w5 = word(5), w6 = word(6), w7 = word(7)
            var w8 = word(8), w9 = word(9), w10 = word(10), w11 = word(11)
            var w12 = word(12), w13 = word(13), w14 = word(14), w15 = word(15)
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7

            // Rounds 0-15 take the message words; 16-63 extend the schedule as they go. The constants are
            // the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
            round(a, b, c, &d, e, f, g, &h, 0x428a_2f98 &+ w0)
            round(h, a, b, &c, d, e, f, &g, 0x7137_4491 &+ w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0_fbcf &+ w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5_dba5 &+ w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956_c25b &+ w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f1_11f1 &+ w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f_82a4 &+ w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c_5ed5 &+ w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807_aa98 &+ w8)
            round(h, a, b, &c, d, e, f, &g, 0x1283_5b01 &+ w9)
            round(g, h, a, &b, c, d, e, &f, 0x2431_85be &+ w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c_7dc3 &+ w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be_5d74 &+ w12)
            round(d, e, f, &g, h, a, b, &c, 0x80de_b1fe &+ w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc_06a7 &+ w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19b_f174 &+ w15)
            round(a, b, c, &d, e, f, g, &h, 0xe49b_69c1 &+ schedule(&w0, w1, w9, w14))
            round(h, a, b, &c, d, e, f, &g, 0xefbe_4786 &+ schedule(&w1, w2, w10, w15))
            round(g, h, a, &b, c, d, e, &f, 0x0fc1_9dc6 &+ schedule(&w2, w3, w11, w0))
            round(f, g, h, &a, b, c, d, &e, 0x240c_a1cc &+ schedule(&w3, w4, w12, w1))
            round(e, f, g, &h, a, b, c, &d, 0x2de9_2c6f &+ schedule(&w4, w5, w13, w2))
            round(d, e, f, &g, h, a, b, &c, 0x4a74_84aa &+ schedule(&w5, w6, w14, w3))
            round(c, d, e, &f, g, h, a, &b, 0x5cb0_a9dc &+ schedule(&w6, w7, w15, w4))
            round(b, c, d, &e, f, g, h, &a, 0x76f9_88da &+ schedule(&w7, w8, w0, w5))
            round(a, b, c, &d, e, f, g, &h, 0x983e_5152 &+ schedule(&w8, w9, w1, w6))
            round(h, a, b, &c, d, e, f, &g, 0xa831_c66d &+ schedule(&w9, w10, w2, w7))
            round(g, h, a, &b, c, d, e, &f, 0xb003_27c8 &+ schedule(&w10, w11, w3, w8))
            round(f, g, h, &a, b, c, d, &e, 0xbf59_7fc7 &+ schedule(&w11, w12, w4, w9))
            round(e, f, g, &h, a, b, c, &d, 0xc6e0_0bf3 &+ schedule(&w12, w13, w5, w10))
            round(d, e, f, &g, h, a, b, &c, 0xd5a7_9147 &+ schedule(&w13, w14, w6, w11))
            round(c, d, e, &f, g, h, a, &b, 0x06ca_6351 &+ schedule(&w14, w15, w7, w12))
            round(b, c, d, &e, f, g, h, &a, 0x1429_2967 &+ schedule(&w15, w0, w8, w13))
            round(a, b, c, &d, e, f, g, &h, 0x27b7_0a85 &+ schedule(&w0, w1, w9, w14))
            round(h, a, b, &c, d, e, f, &g, 0x2e1b_2138 &+ schedule(&w1, w2, w10, w15))
            round(g, h, a, &b, c, d, e, &f, 0x4d2c_6dfc &+ schedule(&w2, w3, w11, w0))
            round(f, g, h, &a, b, c, d, &e, 0x5338_0d13 &+ schedule(&w3, w4, w12, w1))
            round(e, f, g, &h, a, b, c, &d, 0x650a_7354 &+ schedule(&w4, w5, w13, w2))
            round(d, e, f, &g, h, a, b, &c, 0x766a_0abb &+ schedule(&w5, w6, w14, w3))
            round(c, d, e, &f, g, h, a, &b, 0x81c2_c92e &+ schedule(&w6, w7, w15, w4))
            round(b, c, d, &e, f, g, h, &a, 0x9272_2c85 &+ schedule(&w7, w8, w0, w5))
            round(a, b, c, &d, e, f, g, &h, 0xa2bf_e8a1 &+ schedule(&w8, w9, w1, w6))
            round(h, a, b, &c, d, e, f, &g, 0xa81a_664b &+ schedule(&w9, w10, w2, w7))
            round(g, h, a, &b, c, d, e, &f, 0xc24b_8b70 &+ schedule(&w10, w11, w3, w8))
            round(f, g, h, &a, b, c, d, &e, 0xc76c_51a3 &+ schedule(&w11, w12, w4, w9))
            round(e, f, g, &h, a, b, c, &d, 0xd192_e819 &+ schedule(&w12, w13, w5, w10))
            round(d, e, f, &g, h, a, b, &c, 0xd699_0624 &+ schedule(&w13, w14, w6, w11))
            round(c, d, e, &f, g, h, a, &b, 0xf40e_3585 &+ schedule(&w14, w15, w7, w12))
            round(b, c, d, &e, f, g, h, &a, 0x106a_a070 &+ schedule(&w15, w0, w8, w13))
            round(a, b, c, &d, e, f, g, &h, 0x19a4_c116 &+ schedule(&w0, w1, w9, w14))
            round(h, a, b, &c, d, e, f, &g, 0x1e37_6c08 &+ schedule(&w1, w2, w10, w15))
            round(g, h, a, &b, c, d, e, &f, 0x2748_774c &+ schedule(&w2, w3, w11, w0))
            round(f, g, h, &a, b, c, d, &e, 0x34b0_bcb5 &+ schedule(&w3, w4, w12, w1))
            round(e, f, g, &h, a, b, c, &d, 0x391c_0cb3 &+ schedule(&w4, w5, w13, w2))
            round(d, e, f, &g, h, a, b, &c, 0x4ed8_aa4a &+ schedule(&w5, w6, w14, w3))
            round(c, d, e, &f, g, h, a, &b, 0x5b9c_ca4f &+ schedule(&w6, w7, w15, w4))
            round(b, c, d, &e, f, g, h, &a, 0x682e_6ff3 &+ schedule(&w7, w8, w0, w5))
            round(a, b, c, &d, e, f, g, &h, 0x748f_82ee &+ schedule(&w8, w9, w1, w6))
            round(h, a, b, &c, d, e, f, &g, 0x78a5_636f &+ schedule(&w9, w10, w2, w7))
            round(g, h, a, &b, c, d, e, &f, 0x84c8_7814 &+ schedule(&w10, w11, w3, w8))
            round(f, g, h, &a, b, c, d, &e, 0x8cc7_0208 &+ schedule(&w11, w12, w4, w9))
            round(e, f, g, &h, a, b, c, &d, 0x90be_fffa &+ schedule(&w12, w13, w5, w10))
            round(d, e, f, &g, h, a, b, &c, 0xa450_6ceb &+ schedule(&w13, w14, w6, w11))
            round(c, d, e, &f, g, h, a, &b, 0xbef9_a3f7 &+ schedule(&w14, w15, w7, w12))
            round(b, c, d, &e, f, g, h, &a, 0xc671_78f2 &+ schedule(&w15, w0, w8, w13))

            h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
            h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
            p += 64
        }
        state.h0 = h0; state.h1 = h1; state.h2 = h2; state.h3 = h3
        state.h4 = h4; state.h5 = h5; state.h6 = h6; state.h7 = h7
    }
}

// Writes two lower-case hex digits per byte straight into the string's storage: one allocation,
// no per-byte appends or interpolation.
private func hexEncoded(_ bytes: UnsafeRawBufferPointer) -> String {
    if bytes.isEmpty { return "" }
    return String(unsafeUninitializedCapacity: bytes.count &* 2) { out in
        let digits: StaticString = "0123456789abcdef"
        let table = digits.utf8Start
        for i in 0..<bytes.count {
            let byte = bytes[i]
            out[2 &* i] = table[Int(byte &>> 4)]
            out[2 &* i &+ 1] = table[Int(byte & 0x0f)]
        }
        return bytes.count &* 2
    }
}

/// Hex rendering for digests and other byte strings, lower-case to match common tooling.
public extension Array where Element == UInt8 {
    /// Lower-case hex, two characters per byte, because that is how digests are usually compared and logged.
    var hexString: String {
        withUnsafeBytes { hexEncoded($0) }
    }
}
