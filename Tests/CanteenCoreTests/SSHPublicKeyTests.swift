import Foundation
import Testing
@testable import CanteenCore

/// One SSH wire-format string: a big-endian uint32 length, then the bytes.
func sshString(_ bytes: [UInt8]) -> [UInt8] {
    let n = UInt32(bytes.count)
    return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
}

/// A string field holding text.
func sshString(_ text: String) -> [UInt8] { sshString(Array(text.utf8)) }

/// `type BASE64(blob)[ comment]`, as a key line.
func keyLine(_ type: String, _ blob: [UInt8], _ comment: String? = nil) -> String {
    "\(type) \(Base64.encode(blob))" + (comment.map { " " + $0 } ?? "")
}

/// An Ed25519 blob with a recognisable public key.
let ed25519Blob = sshString("ssh-ed25519") + sshString([UInt8](repeating: 7, count: 32))

/// An RSA blob with exponent 65537 and an odd modulus of exactly `bits` bits (top byte chosen, rest seeded).
func rsaBlob(bits: Int, seed: UInt64 = 1) -> [UInt8] {
    var random = SeededRandom(seed: seed)
    var n = (0..<(bits + 7) / 8).map { _ in UInt8(random.below(256)) }
    let topBits = bits % 8 == 0 ? 8 : bits % 8
    n[0] = n[0] & UInt8((1 << topBits) - 1) | UInt8(1 << (topBits - 1))
    n[n.count - 1] |= 1
    // A set top bit would read as negative without the mpint's zero byte.
    let mpint = n[0] & 0x80 != 0 ? [0] + n : n
    return sshString("ssh-rsa") + sshString([1, 0, 1]) + sshString(mpint)
}

/// `ssh-keygen -l -E sha256 -f path`'s first two fields: bits and fingerprint.
func keygenFingerprint(of path: String) throws -> (bits: Int, fingerprint: String) {
    let result = try ExternalTool.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", path])
    try #require(result.status == 0, "ssh-keygen -l failed: \(result.stderr)")
    let fields = result.text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    try #require(fields.count >= 2)
    return (try #require(Int(fields[0])), String(fields[1]))
}

/// The error thrown for the input, or nil when it is accepted.
private func keyError(_ text: String, limit: Int = SSHPublicKey.defaultLimit) -> SSHPublicKey.Error? {
    do { _ = try SSHPublicKey(parsing: text, limit: limit); return nil } catch { return error }
}

@Suite("SSHPublicKey")
struct SSHPublicKeyTests {
    // Generated once with ssh-keygen -t ed25519 -C 'a b c'; the fingerprint is ssh-keygen's.
    static let knownKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8 a b c"
    static let knownFingerprint = "SHA256:eWLpBDicSKTlQ61Kq5pyzjIBv05KrEWQrBLGsM2cYu0"

    @Test("A known key: type, bits, comment, fingerprint, normalised text")
    func knownKeyParses() throws {
        let key = try SSHPublicKey(parsing: Self.knownKey)
        #expect(key.type == "ssh-ed25519")
        #expect(key.bits == 256)
        #expect(key.comment == "a b c")
        #expect(key.fingerprint == Self.knownFingerprint)
        #expect(key.authorizedKeyText == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8")
        #expect(key.blob.count == 51)
    }

    @Test("Blanks, tabs and one trailing line break are allowed around the fields", arguments: [
        " \tssh-ed25519\t\tAAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8   a b c \t\n",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8 a b c\r\n",
    ])
    func blanksAndLineBreak(text: String) throws {
        let key = try SSHPublicKey(parsing: text)
        #expect(key.comment == "a b c")
        #expect(key.fingerprint == Self.knownFingerprint)
    }

    @Test("No comment, or only blanks after the key data, is a nil comment")
    func noComment() throws {
        let bare = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8"
        #expect(try SSHPublicKey(parsing: bare).comment == nil)
        #expect(try SSHPublicKey(parsing: bare + " \n").comment == nil)
        #expect(try SSHPublicKey(parsing: bare + " 陈大文@风采长者饭堂 #1").comment == "陈大文@风采长者饭堂 #1")
    }

    @Test("Keys made by ssh-keygen parse, with its bits and fingerprint", arguments: [
        ("ed25519", nil, "ssh-ed25519", 256),
        ("ecdsa", 256, "ecdsa-sha2-nistp256", 256),
        ("ecdsa", 384, "ecdsa-sha2-nistp384", 384),
        ("ecdsa", 521, "ecdsa-sha2-nistp521", 521),
        ("rsa", 3072, "ssh-rsa", 3072),
    ] as [(String, Int?, String, Int)])
    func realKeys(algorithm: String, size: Int?, type: String, bits: Int) throws {
        let dir = try ScratchDirectory("sshkey", suffix: " with space")
        let comment = "阿梅 at 风采 \(algorithm)"
        let generated = try ExternalTool.run("/usr/bin/ssh-keygen",
            ["-q", "-t", algorithm] + (size.map { ["-b", String($0)] } ?? []) + ["-N", "", "-C", comment, "-f", dir.file("k")])
        try #require(generated.status == 0, "ssh-keygen failed: \(generated.stderr)")
        let text = try String(contentsOfFile: dir.file("k.pub"), encoding: .utf8)
        let key = try SSHPublicKey(parsing: text)
        let fromKeygen = try keygenFingerprint(of: dir.file("k.pub"))
        #expect(key.type == type)
        #expect(key.bits == bits)
        #expect(key.bits == fromKeygen.bits)
        #expect(key.fingerprint == fromKeygen.fingerprint)
        #expect(key.comment == comment)
        #expect(key.authorizedKeyText + " " + comment + "\n" == text)
    }

    @Test("ssh-keygen's empty comment (a trailing blank) reads as no comment")
    func keygenEmptyComment() throws {
        let dir = try ScratchDirectory("sshkey")
        let generated = try ExternalTool.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", dir.file("k")])
        try #require(generated.status == 0, "ssh-keygen failed: \(generated.stderr)")
        let text = try String(contentsOfFile: dir.file("k.pub"), encoding: .utf8)
        #expect(text.hasSuffix(" \n"))
        let key = try SSHPublicKey(parsing: text)
        #expect(key.comment == nil)
        #expect(key.fingerprint == (try keygenFingerprint(of: dir.file("k.pub"))).fingerprint)
    }

    @Test("A 2048-bit RSA key from ssh-keygen is refused as too short")
    func shortRSARefused() throws {
        let dir = try ScratchDirectory("sshkey")
        let generated = try ExternalTool.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", dir.file("k")])
        try #require(generated.status == 0, "ssh-keygen failed: \(generated.stderr)")
        #expect(keyError(try String(contentsOfFile: dir.file("k.pub"), encoding: .utf8)) == .rsaTooShort(bits: 2048))
    }

    @Test("RSA modulus length is counted to the bit, as ssh-keygen counts it", arguments: [3072, 3073, 3079, 3080, 3081, 4095, 4096, 8191, 16384])
    func rsaBits(bits: Int) throws {
        let dir = try ScratchDirectory("sshkey")
        let text = keyLine("ssh-rsa", rsaBlob(bits: bits, seed: UInt64(bits)), "synthetic")
        let key = try SSHPublicKey(parsing: text)
        #expect(key.bits == bits)
        try (text + "\n").write(toFile: dir.file("k.pub"), atomically: true, encoding: .utf8)
        let fromKeygen = try keygenFingerprint(of: dir.file("k.pub"))
        #expect(fromKeygen.bits == bits)
        #expect(key.fingerprint == fromKeygen.fingerprint)
    }

    @Test("RSA outside 3072…16384 bits is refused with its length")
    func rsaLimits() {
        #expect(keyError(keyLine("ssh-rsa", rsaBlob(bits: 3071))) == .rsaTooShort(bits: 3071))
        #expect(keyError(keyLine("ssh-rsa", rsaBlob(bits: 1024))) == .rsaTooShort(bits: 1024))
        #expect(keyError(keyLine("ssh-rsa", rsaBlob(bits: 16385)), limit: 1 << 20) == .rsaTooLong(bits: 16385))
    }

    static let ed25519Text = keyLine("ssh-ed25519", ed25519Blob)

    @Test("Refuses options before the type", arguments: [
        "command=\"sh\" " + ed25519Text,
        "command=\"a b\" " + ed25519Text,
        "no-pty " + ed25519Text,
        "restrict,command=\"/usr/bin/canteen gate x\" " + ed25519Text,
        "restrict " + ed25519Text,
        "RESTRICT " + ed25519Text,
        "from=\"10.0.0.1\" " + ed25519Text,
        "environment=\"A=B\" " + ed25519Text,
        "cert-authority " + ed25519Text,
    ])
    func refusesOptions(text: String) {
        #expect(keyError(text) == .optionsNotAllowed)
    }

    static let textCases: [(text: String, expected: SSHPublicKey.Error)] = {
        let key: String = ed25519Text
        let cases: [(text: String, expected: SSHPublicKey.Error)] = [
            ("", .empty),
            (" \t ", .empty),
            ("\n", .empty),
            ("ssh-ed25519", .missingKeyData),
            ("ssh-ed25519  \t", .missingKeyData),
            ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", .unsupportedType("ssh-dss")),
            ("sk-ssh-ed25519@openssh.com AAAA", .unsupportedType("sk-ssh-ed25519@openssh.com")),
            ("ssh-ed25519-cert-v01@openssh.com AAAA", .unsupportedType("ssh-ed25519-cert-v01@openssh.com")),
            ("SSH-ED25519 AAAA", .unsupportedType("SSH-ED25519")),
            ("AAAAC3NzaC1lZDI1NTE5AAAAIGV9t", .unsupportedType("AAAAC3NzaC1lZDI1NTE5AAAAIGV9t")),
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ", .badBase64(.badLength)),
            ("ssh-ed25519 AAAA=AAA", .badBase64(.badPadding)),
            ("ssh-ed25519 AAAA-AAA", .badBase64(.invalidCharacter(offset: 4))),
            ("ssh-ed25519 AAB=", .badBase64(.nonCanonicalBits)),
            (key + "\n" + key, .multipleLines),
            (key + "\n\n", .multipleLines),
            (key + " two\nlines", .multipleLines),
            (key + " nul\u{0}", .forbiddenCharacter(0)),
            (key + " \u{1B}[2Jclear", .forbiddenCharacter(0x1B)),
            (key + " cr\rhere", .forbiddenCharacter(0x0D)),
            (key + "\r", .forbiddenCharacter(0x0D)),
            (key + " del\u{7F}", .forbiddenCharacter(0x7F)),
            (key + " c1\u{9B}", .forbiddenCharacter(0x9B)),
            (key + " " + String(repeating: "x", count: 16 * 1024), .tooLong(limit: 16 * 1024)),
        ]
        return cases
    }()

    @Test("Refuses the text around the blob", arguments: textCases)
    func refusesText(text: String, expected: SSHPublicKey.Error) {
        #expect(keyError(text) == expected)
    }

    @Test("The length limit counts UTF-8 bytes and can be set")
    func limit() throws {
        let text = Self.ed25519Text + " 陈"
        #expect(keyError(text, limit: text.utf8.count - 1) == .tooLong(limit: text.utf8.count - 1))
        #expect(try SSHPublicKey(parsing: text, limit: text.utf8.count).comment == "陈")
    }

    /// The bytes a hexadecimal constant spells, for points written out here.
    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    /// An uncompressed point from its coordinates in hexadecimal.
    static func point(_ x: String, _ y: String) -> [UInt8] { [4] + hexBytes(x) + hexBytes(y) }

    /// P-256's base point G (FIPS 186-4 D.1.2.3): a point of the curve within OpenSSH's bounds.
    static let point256 = point("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
    /// An ECDSA P-256 blob around `point`.
    static func p256Blob(_ point: [UInt8]) -> [UInt8] { sshString("ecdsa-sha2-nistp256") + sshString("nistp256") + sshString(point) }
    static let rsaE: [UInt8] = sshString([1, 0, 1])
    static let rsaN: [UInt8] = Array(rsaBlob(bits: 3072).dropFirst(sshString("ssh-rsa").count + rsaE.count))

    typealias BlobCase = (type: String, blob: [UInt8], expected: SSHPublicKey.Error)

    static let ed25519Cases: [BlobCase] = {
        let type = sshString("ssh-ed25519")
        let key: [UInt8] = [UInt8](repeating: 7, count: 32)
        let cases: [BlobCase] = [
            ("ssh-ed25519", Array(ed25519Blob.dropLast()), .truncatedBlob),
            ("ssh-ed25519", [0, 0, 0], .truncatedBlob),
            ("ssh-ed25519", [0xFF, 0xFF, 0xFF, 0xFF] + ed25519Blob, .truncatedBlob),
            ("ssh-ed25519", type, .truncatedBlob),
            ("ssh-ed25519", ed25519Blob + [0], .trailingBlobData(count: 1)),
            ("ssh-ed25519", ed25519Blob + sshString("more"), .trailingBlobData(count: 8)),
            ("ssh-ed25519", sshString("ssh-rsa") + sshString(key), .typeMismatch(outer: "ssh-ed25519", inner: "ssh-rsa")),
            ("ssh-ed25519", sshString([0x1B, 0x5B, 0x32, 0x4A, 0x80]) + sshString(key), .typeMismatch(outer: "ssh-ed25519", inner: "?[2J?")),
            ("ssh-ed25519", type + sshString(Array(key.dropLast())), .badKeyLength(expected: 32, found: 31)),
            ("ssh-ed25519", type + sshString(key + [7]), .badKeyLength(expected: 32, found: 33)),
        ]
        return cases
    }()

    static let ecdsaCases: [BlobCase] = {
        let p256 = sshString("ecdsa-sha2-nistp256"), p384 = sshString("ecdsa-sha2-nistp384"), p521 = sshString("ecdsa-sha2-nistp521")
        let point: [UInt8] = point256
        let compressed: [UInt8] = [2] + Array(point.dropFirst())
        let short521: [UInt8] = [4] + [UInt8](repeating: 1, count: 131)
        let cases: [BlobCase] = [
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp384") + sshString(point), .curveMismatch(expected: "nistp256", found: "nistp384")),
            ("ecdsa-sha2-nistp384", p384 + sshString("nistp384") + sshString(point), .badKeyLength(expected: 97, found: 65)),
            ("ecdsa-sha2-nistp521", p521 + sshString("nistp521") + sshString(short521), .badKeyLength(expected: 133, found: 132)),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString(compressed), .badPoint),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString(Array(compressed.prefix(33))), .badKeyLength(expected: 65, found: 33)),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString(point) + [0, 0], .trailingBlobData(count: 2)),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256"), .truncatedBlob),
            // Off the curve: G with y one more; the same nines in every byte the table once took for a point; x = p,
            // which is x = 0 modulo p but not a field element; and the origin of each size.
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString(Array(point.dropLast()) + [point.last! + 1]),
             .pointNotOnCurve(curve: "nistp256")),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString([4] + [UInt8](repeating: 9, count: 64)),
             .pointNotOnCurve(curve: "nistp256")),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256")
                + sshString(SSHPublicKeyTests.point("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
                                                    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")),
             .pointNotOnCurve(curve: "nistp256")),
            ("ecdsa-sha2-nistp256", p256 + sshString("nistp256") + sshString([4] + [UInt8](repeating: 0, count: 64)), .pointNotOnCurve(curve: "nistp256")),
            ("ecdsa-sha2-nistp384", p384 + sshString("nistp384") + sshString([4] + [UInt8](repeating: 0, count: 96)), .pointNotOnCurve(curve: "nistp384")),
            ("ecdsa-sha2-nistp521", p521 + sshString("nistp521") + sshString([4] + [UInt8](repeating: 0, count: 132)), .pointNotOnCurve(curve: "nistp521")),
            // On the curve, but outside OpenSSH's bounds: x = 5, far too short; x = n + 2, not below n − 1.
            ("ecdsa-sha2-nistp256", p256Blob(smallX), .pointOutsideSSHBounds(curve: "nistp256")),
            ("ecdsa-sha2-nistp256", p256Blob(largeX), .pointOutsideSSHBounds(curve: "nistp256")),
        ]
        return cases
    }()

    /// Points of P-256 that OpenSSH refuses all the same (found by taking square roots modulo p).
    static let smallX = point("0000000000000000000000000000000000000000000000000000000000000005",
                              "459243b9aa581806fe913bce99817ade11ca503c64d9a3c533415c083248fbcc")
    static let largeX = point("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632554",
                              "484f0c0fda434ef0a808458914f328715d7a545e198ac7eee31dffe861b5d23f")

    static let rsaCases: [BlobCase] = {
        let type = sshString("ssh-rsa"), e = rsaE, n = rsaN
        let negative: [UInt8] = [0x80] + [UInt8](repeating: 1, count: 383)
        let padded: [UInt8] = [0, 0, 0x80] + [UInt8](repeating: 1, count: 383)
        let even: [UInt8] = [0x7F] + [UInt8](repeating: 2, count: 383)
        let cases: [BlobCase] = [
            ("ssh-rsa", type + sshString([0, 1, 0, 1]) + n, .badInteger),
            ("ssh-rsa", type + sshString([0]) + n, .badInteger),
            ("ssh-rsa", type + e + sshString(negative), .badInteger),
            ("ssh-rsa", type + e + sshString(padded), .badInteger),
            ("ssh-rsa", type + sshString([1]) + n, .badRSAExponent),
            ("ssh-rsa", type + sshString([1, 0, 0]) + n, .badRSAExponent),
            ("ssh-rsa", type + sshString([]) + n, .badRSAExponent),
            ("ssh-rsa", type + e + sshString(even), .badRSAModulus),
            ("ssh-rsa", type + e + sshString([]), .badRSAModulus),
            ("ssh-rsa", type + e, .truncatedBlob),
            ("ssh-rsa", type + e + n + [1], .trailingBlobData(count: 1)),
            ("ssh-rsa", type + n + e, .rsaTooShort(bits: 17)),
        ]
        return cases
    }()

    @Test("Refuses malformed blobs, saying what is wrong", arguments: ed25519Cases + ecdsaCases + rsaCases)
    func refusesBlob(_ blobCase: BlobCase) {
        #expect(keyError(keyLine(blobCase.type, blobCase.blob, "comment")) == blobCase.expected)
    }

    @Test("ECDSA keys from ssh-keygen are on their curves; each with its point moved is refused, as ssh-keygen refuses it",
          arguments: [256, 384, 521])
    func ecdsaPoints(size: Int) throws {
        let dir = try ScratchDirectory("ecdsa")
        for index in 0..<6 {
            let generated = try ExternalTool.run("/usr/bin/ssh-keygen", ["-q", "-t", "ecdsa", "-b", String(size), "-N", "", "-f", dir.file("k\(index)")])
            try #require(generated.status == 0, "ssh-keygen failed: \(generated.stderr)")
            let key = try SSHPublicKey(parsing: try String(contentsOfFile: dir.file("k\(index).pub"), encoding: .utf8))
            #expect(key.bits == size)
            // The last byte of the blob is the last of y: one more (or less) moves the point off the curve, since
            // only y and p − y go with a given x.
            var moved = key.blob
            moved[moved.count - 1] = moved[moved.count - 1] == 0xFF ? 0xFE : moved[moved.count - 1] + 1
            let text = keyLine(key.type, moved, "moved")
            #expect(keyError(text) == .pointNotOnCurve(curve: "nistp\(size)"))
            try (text + "\n").write(toFile: dir.file("moved.pub"), atomically: true, encoding: .utf8)
            #expect(try ExternalTool.run("/usr/bin/ssh-keygen", ["-l", "-f", dir.file("moved.pub")]).status != 0, "ssh-keygen refuses it too")
        }
    }

    @Test("ssh-keygen refuses the hand-made points this program refuses, and takes P-256's base point",
          arguments: [(point256, true), (smallX, false), (largeX, false), ([4] + [UInt8](repeating: 9, count: 64), false)])
    func keygenAgreesOnPoints(point: [UInt8], accepted: Bool) throws {
        let dir = try ScratchDirectory("ecdsa")
        let text = keyLine("ecdsa-sha2-nistp256", Self.p256Blob(point), "hand-made")
        try (text + "\n").write(toFile: dir.file("k.pub"), atomically: true, encoding: .utf8)
        let keygen = try ExternalTool.run("/usr/bin/ssh-keygen", ["-l", "-f", dir.file("k.pub")])
        #expect((keygen.status == 0) == accepted, "ssh-keygen: \(keygen.status) \(keygen.stderr)")
        #expect((keyError(text) == nil) == accepted)
    }

    @Test("The synthetic blobs the refusal table builds on are themselves accepted")
    func syntheticBlobsAreValid() throws {
        #expect(try SSHPublicKey(parsing: Self.ed25519Text).bits == 256)
        let p256 = sshString("ecdsa-sha2-nistp256") + sshString("nistp256") + sshString(Self.point256)
        #expect(try SSHPublicKey(parsing: keyLine("ecdsa-sha2-nistp256", p256)).bits == 256)
        #expect(try SSHPublicKey(parsing: keyLine("ssh-rsa", sshString("ssh-rsa") + Self.rsaE + Self.rsaN)).bits == 3072)
    }
}
