// Strict on purpose: a key is identified by the SHA-256 of its decoded blob, and its stored text is
// compared as text, so exactly one spelling of each blob may be accepted. A lenient decoder (ignored
// whitespace, missing padding, stray bits in the last character) would let one key pass under many
// spellings.

/// RFC 4648 standard base64 (the `+/` alphabet), padded as keys are written or unpadded as
/// `ssh-keygen` prints fingerprints.
public enum Base64 {
    /// Why a text was refused.
    public enum Error: Swift.Error, Equatable, Sendable {
        /// A byte outside the alphabet and not `=`, at this UTF-8 offset.
        case invalidCharacter(offset: Int)
        /// The length cannot be that of an encoding: not a multiple of 4 when padded, or 1 more than one unpadded.
        case badLength
        /// A `=` anywhere but the last one or two places, or at all in the unpadded form.
        case badPadding
        /// The last character carries bits that encode nothing; a canonical encoder writes them as zero.
        case nonCanonicalBits
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    // 0xFF marks bytes outside the alphabet; built once so decoding is one table load a byte.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// The encoding of `bytes`; `padded: false` drops the trailing `=` as fingerprints do.
    public static func encode<C: Collection>(_ bytes: C, padded: Bool = true) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next(), b2 = iterator.next()
            let group = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            if b1 != nil { out.append(alphabet[Int(group >> 6 & 63)]) } else if padded { out.append(UInt8(ascii: "=")) }
            if b2 != nil { out.append(alphabet[Int(group & 63)]) } else if padded { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, refusing anything but the one canonical encoding of them.
    public static func decode(_ text: String, padded: Bool = true) throws(Error) -> [UInt8] {
        var chars = Array(text.utf8)
        var padding = 0
        if padded {
            guard chars.count % 4 == 0 else { throw .badLength }
            // With the length a multiple of 4, up to two `=` are exactly the padding the rest needs;
            // any other `=` is left in and refused by the loop below.
            while padding < 2, chars.last == UInt8(ascii: "=") { chars.removeLast(); padding += 1 }
        } else {
            guard chars.count % 4 != 1 else { throw .badLength }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var group: UInt32 = 0
        var held = 0
        for (offset, c) in chars.enumerated() {
            let value = values[Int(c)]
            guard value != 0xFF else {
                throw c == UInt8(ascii: "=") ? .badPadding : .invalidCharacter(offset: offset)
            }
            group = group << 6 | UInt32(value)
            held += 1
            if held == 4 {
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
                group = 0
                held = 0
            }
        }
        switch held {
        case 2:
            guard group & 0xF == 0 else { throw .nonCanonicalBits }
            out.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x3 == 0 else { throw .nonCanonicalBits }
            out.append(UInt8(truncatingIfNeeded: group >> 10))
            out.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return out
    }
}
