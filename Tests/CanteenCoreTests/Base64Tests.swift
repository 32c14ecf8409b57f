import Foundation
import Testing
@testable import CanteenCore

/// The error thrown for the input, or nil when it is accepted.
private func decodeError(_ text: String, padded: Bool = true) -> Base64.Error? {
    do { _ = try Base64.decode(text, padded: padded); return nil } catch { return error }
}

@Suite("Base64")
struct Base64Tests {
    @Test("RFC 4648 §10 test vectors, padded and unpadded", arguments: [
        ("", "", ""),
        ("f", "Zg==", "Zg"),
        ("fo", "Zm8=", "Zm8"),
        ("foo", "Zm9v", "Zm9v"),
        ("foob", "Zm9vYg==", "Zm9vYg"),
        ("fooba", "Zm9vYmE=", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
    ])
    func rfcVectors(plain: String, padded: String, unpadded: String) throws {
        let bytes = Array(plain.utf8)
        #expect(Base64.encode(bytes) == padded)
        #expect(Base64.encode(bytes, padded: false) == unpadded)
        #expect(try Base64.decode(padded) == bytes)
        #expect(try Base64.decode(unpadded, padded: false) == bytes)
    }

    @Test("Every byte value, and seeded random lengths, agree with Foundation's encoder and round-trip")
    func agreesWithFoundation() throws {
        var random = SeededRandom(seed: 0xB64)
        let samples = [Array(0...255)] + (0..<200).map { _ in (0..<random.below(70)).map { _ in UInt8(random.below(256)) } }
        for bytes in samples {
            let expected = Data(bytes).base64EncodedString()
            #expect(Base64.encode(bytes) == expected)
            #expect(Base64.encode(bytes, padded: false) == expected.replacingOccurrences(of: "=", with: ""))
            #expect(try Base64.decode(expected) == bytes)
            #expect(try Base64.decode(Base64.encode(bytes, padded: false), padded: false) == bytes)
        }
    }

    @Test("Refuses anything but the one canonical padded encoding", arguments: [
        ("Zg", Base64.Error.badLength),
        ("Zg=", .badLength),
        ("Zm9vY", .badLength),
        ("Zm9v\n", .badLength),
        ("Zh==", .nonCanonicalBits),
        ("Zm9=", .nonCanonicalBits),
        ("Zm9vYh==", .nonCanonicalBits),
        ("Zm9vYmF=", .nonCanonicalBits),
        ("Z===", .badPadding),
        ("====", .badPadding),
        ("Zm9vY===", .badPadding),
        ("Zg==Zg==", .badPadding),
        ("Zm=v", .badPadding),
        ("Zm v", .invalidCharacter(offset: 2)),
        ("Zm-v", .invalidCharacter(offset: 2)),
        ("Zm_v", .invalidCharacter(offset: 2)),
        ("Zm9v\r\nZm8=", .badLength),
        ("Zm9v\tZm8", .invalidCharacter(offset: 4)),
        ("Z中", .invalidCharacter(offset: 1)),
    ])
    func refusesPadded(text: String, expected: Base64.Error) {
        #expect(decodeError(text) == expected)
    }

    @Test("Refuses padding and impossible lengths in the unpadded form", arguments: [
        ("Zg==", Base64.Error.badPadding),
        ("Zm8=", .badPadding),
        ("Z", .badLength),
        ("Zm9vY", .badLength),
        ("Zh", .nonCanonicalBits),
        ("Zm9", .nonCanonicalBits),
        ("Zm9v!", .badLength),
        ("Zm9v!A", .invalidCharacter(offset: 4)),
    ])
    func refusesUnpadded(text: String, expected: Base64.Error) {
        #expect(decodeError(text, padded: false) == expected)
    }
}
