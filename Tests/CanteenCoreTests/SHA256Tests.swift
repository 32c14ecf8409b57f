import Testing
@testable import CanteenCore

// Expected digests come from FIPS 180-4 examples, or were computed with
// `sha256sum` / Python hashlib so the implementation is checked against an
// independent one rather than against itself.
@Suite("SHA256")
struct SHA256Tests {
    @Test("FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func fipsVectors(message: String, expected: String) {
        #expect(SHA256.hexDigest(message) == expected)
        #expect(SHA256.digest(Array(message.utf8)).hexString == expected)
    }

    @Test("One million 'a'")
    func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000)).hexString == expected)
        // Non-contiguous sequence: exercises the chunked fallback path.
        #expect(SHA256.digest(repeatElement(UInt8(0x61), count: 1_000_000)).hexString == expected)
    }

    @Test("Padding edges around the 56- and 64-byte boundaries", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingEdges(length: Int, expected: String) {
        #expect(SHA256.hexDigest(String(repeating: "a", count: length)) == expected)
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: length)).hexString == expected)
    }

    @Test("Incremental updates split at every offset equal the one-shot digest")
    func incrementalSplits() {
        let message = (0..<131).map { UInt8($0) }
        let expected = "3acc128faf01077789746edcfd1051d90bc1591342402d9b3cdd06d7315702a4"
        #expect(SHA256.digest(message).hexString == expected)

        for split in 0...130 {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize().hexString == expected, "split at \(split)")
        }

        // Byte-at-a-time feeding crosses every buffer state.
        var hasher = SHA256()
        for byte in message { hasher.update(CollectionOfOne(byte)) }
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("Copying a hasher mid-stream forks it independently")
    func valueSemantics() {
        var hasher = SHA256()
        hasher.update("ab")
        var fork = hasher
        hasher.update("c")
        fork.update("x")
        #expect(hasher.finalize().hexString == SHA256.hexDigest("abc"))
        #expect(fork.finalize().hexString == SHA256.hexDigest("abx"))
    }

    @Test("UTF-8 Chinese text hashes its UTF-8 bytes")
    func chineseText() {
        let expected = "04836100fa706ad3e94af64d5b7e03516a33352a91b3c21a206f44195d9e2c57"
        #expect(SHA256.hexDigest("长者饭堂") == expected)
        var hasher = SHA256()
        hasher.update("长者")
        hasher.update("饭堂")
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("hexString is lower-case, two digits per byte")
    func hexString() {
        #expect([UInt8]().hexString == "")
        #expect(([0x00, 0x0f, 0xa0, 0xff] as [UInt8]).hexString == "000fa0ff")
        #expect(SHA256.digest([UInt8]()).count == 32)
    }
}
