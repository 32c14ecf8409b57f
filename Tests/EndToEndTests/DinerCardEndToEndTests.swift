// End-to-end tests of `canteen diner card` (issue 9): the printable sheet, its barcodes read back from a
// screenshot, replacing a lost card, and every way to ask for cards wrongly.
import Foundation
import Testing

/// Chromium and zbarimg from $PATH. CI installs them (apt: chromium fonts-noto-cjk zbar-tools); without them the
/// scan test fails unless CANTEEN_SKIP_BROWSER_TESTS=1 says to skip it.
private enum BrowserTools {
    static let environment = ProcessInfo.processInfo.environment
    static let skipped = environment["CANTEEN_SKIP_BROWSER_TESTS"] == "1"
    static let chromium = environment["CHROMIUM"] ?? onPath(["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"])
    static let zbarimg = onPath(["zbarimg"])

    static func onPath(_ names: [String]) -> String? {
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }
}

@Suite struct DinerCardSheetEndToEndTests {
    /// FC's five active diners (D00001 to D00006 but D00004, who died), and D00007 at DH.
    private func city() throws -> CounterCity {
        let city = try CounterCity(diners: 6)
        try city.ok(["diner", "register", "--id", shaoguanID(birth: "19440229", seq: 7), "--name", "东河长者", "--site", "DH",
                     "--date", "2026-11-01"])
        try city.ok(["diner", "deactivate", "D00004", "--reason", "deceased", "--date", "2026-11-25"])
        return city
    }

    @Test func aCanteensSheetHasItsActiveDinersWithMaskedIDsAndIsReadableByItsOwnerOnly() throws {
        let city = try city()
        let out = city.canteen.directory + "/cards.html"
        let result = try city.ok(["diner", "card", "--site", "FC", "--out", out, "--lang", "zh"])
        #expect(result.stdout == "" && result.stderr == "")
        #expect(permissions(out) == 0o600, "cards carry personal data")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.components(separatedBy: "<article class=\"card").count - 1 == 5)
        for (number, seq, month) in [(1, 1, "02"), (2, 2, "03"), (3, 3, "04"), (5, 5, "06"), (6, 6, "07")] {
            let id = shaoguanID(birth: "1950\(month)15", seq: seq)
            #expect(html.contains(">D0000\(number)<") && html.contains(">440204********\(id.suffix(4))<"), "D0000\(number)")
            #expect(!html.contains(id), "no full ID number on a card")
            #expect(html.contains(">\(try city.cardCode("D0000\(number)"))<"), "the code is printed under its barcode")
        }
        #expect(!html.contains(">D00004<") && !html.contains(">D00007<"))
        #expect(html.contains("风采长者饭堂") && html.contains("长者饭堂就餐卡") && html.contains(">张秀英<"))
        #expect(html.contains(">\(counterToday)<"), "the issue date")
        #expect(html.components(separatedBy: "<svg class=\"barcode\"").count - 1 == 5)
    }

    @Test func namedDinersInTheOrderNamedToStandardOutputOrAsJSON() throws {
        let city = try city()
        let code = try city.cardCode("D00007")
        let html = try city.ok(["diner", "card", "D00007", code.lowercased(), "D00002", "--out", "-"]).stdout
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Senior canteen diner card"))
        #expect(html.components(separatedBy: "<article class=\"card").count - 1 == 2, "D00007 named twice is printed once")
        let seven = try #require(html.range(of: ">D00007<")), two = try #require(html.range(of: ">D00002<"))
        #expect(seven.lowerBound < two.lowerBound)
        let json = try #require(try city.ok(["diner", "card", "D00001", "--format", "json"]).json as? [String: Any])
        let card = try #require((json["cards"] as? [[String: Any]])?.first)
        let code1 = try city.cardCode("D00001")
        #expect(card["diner"] as? String == "D00001" && card["card"] as? String == code1)
        #expect(card["site_name"] as? String == "风采长者饭堂" && (card["id_number"] as? String)?.hasPrefix("440204********") == true)
        #expect(card["replaced"] is NSNull)
    }

    @Test func aLostCardIsReplacedTheOldCodeStopsAndTheAuditLogSaysWho() throws {
        let city = try city()
        let old = try city.cardCode("D00002")
        let out = city.canteen.directory + "/new.html"
        try city.ok(["diner", "card", "D00002", "--reissue", "--out", out])
        let new = try city.cardCode("D00002")
        let sheet = try String(contentsOfFile: out, encoding: .utf8)
        #expect(new != old && sheet.contains(">\(new)<") && !sheet.contains(old))
        #expect(permissions(out) == 0o600)
        let refused = try city.run(["meal", "record", old, "--site", "FC"])
        #expect(refused.exitCode == 1 && refused.stderr.contains("card \(old) of D00002 长者2 was replaced on \(counterToday)"), "\(refused)")
        try city.ok(["meal", "record", new, "--site", "FC"])
        let log = try city.ok(["audit", "log"], as: nil).stdout
        #expect(log.contains("diner card reissue") && log.contains("D00002") && log.contains("card \(old) retired"), "\(log)")
        try city.expectVerified()
    }

    @Test func badRequestsForCardsAreRefusedAndChangeNothing() throws {
        let city = try city()
        let before = city.canteen.snapshot()
        let cases: [([String], String?, Int32, String)] = [
            (["diner", "card", "D00001", "--site", "FC"], "clerk", 64, "not both"),
            (["diner", "card"], "clerk", 64, "--site"),
            (["diner", "card", "--site", "FC", "--reissue"], "clerk", 64, "--reissue"),
            (["diner", "card", "D00099"], "clerk", 66, "no diner D00099"),
            (["diner", "card", "ZZZZZZZZZZ", "--reissue"], "clerk", 66, "no card ZZZZZZZZZZ"),
            (["diner", "card", "--site", "ZZ"], "clerk", 66, "no canteen ZZ"),
            (["diner", "card", "D00001", "12ab"], "clerk", 65, "is neither a diner number"),
            (["diner", "card", "D00001"], "auditor", 77, "auditor"),
            (["diner", "card", "D00001", "--reissue"], "finance", 77, "finance"),
            (["diner", "card", "D00001", "--reissue"], nil, 77, "--operator"),
            (["diner", "card", "D00001", "D00004", "--reissue"], "clerk", 1, "D00004 is inactive from 2026-11-25"),
            (["diner", "card", "D00004"], "clerk", 1, "no card is printed or reissued"),
            (["diner", "card", "D00001", "--format", "csv"], "clerk", 64, "csv"),
            (["diner", "card", "D00001", "--reissue", "--out", city.canteen.db], "clerk", 1, "open database"),
            (["diner", "card", "D00001", "--reissue", "--out", ""], "clerk", 65, "empty"),
            // A sheet that cannot be written retires no card: the old one stays in use.
            (["diner", "card", "D00001", "--reissue", "--out", "/proc/cards.html"], "clerk", 74, "/proc/cards.html"),
            (["diner", "card", "D00001", "--reissue", "--out", "/proc/cards.html", "--format", "json"], "clerk", 74, "/proc/cards.html"),
        ]
        for (arguments, actor, code, fragment) in cases {
            expectRefusal(try city.run(arguments, as: actor), exit: code, saying: fragment, before: before, canteen: city.canteen)
        }
        #expect(!FileManager.default.fileExists(atPath: city.canteen.directory + "/cards.html"))
    }
}

@Suite(.enabled(if: !BrowserTools.skipped, "CANTEEN_SKIP_BROWSER_TESTS=1: the headless-Chromium and zbarimg tests are skipped"))
struct DinerCardScanEndToEndTests {
    /// Diners registered through the binary, their sheet printed by it, photographed by headless Chromium and
    /// read by zbarimg: every barcode reads as the code `diner show` gives for its diner, and nothing else.
    @Test func everyPrintedBarcodeReadsAsItsDinersCode() throws {
        let chromium = try #require(BrowserTools.chromium, "Chromium was not found: apt-get install chromium fonts-noto-cjk, or set CANTEEN_SKIP_BROWSER_TESTS=1")
        let zbarimg = try #require(BrowserTools.zbarimg, "zbarimg was not found: apt-get install zbar-tools, or set CANTEEN_SKIP_BROWSER_TESTS=1")
        let city = try CounterCity(diners: 5)
        let old = try city.cardCode("D00003")
        try city.ok(["diner", "card", "D00003", "--reissue", "--format", "json"])
        let dir = try TempDir("card-scan")
        let sheet = dir.file("cards.html"), png = dir.file("cards.png")
        try city.ok(["diner", "card", "--site", "FC", "--out", sheet, "--lang", "zh"])

        let shot = try CanteenBinary.runProgram(chromium, [
            "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--user-data-dir=\(dir.file("profile"))",
            "--force-device-scale-factor=2", "--window-size=840,800", "--screenshot=\(png)", URL(fileURLWithPath: sheet).absoluteString,
        ], directory: dir.path, timeout: 120)
        try #require(FileManager.default.fileExists(atPath: png), "Chromium wrote no screenshot: \(shot)")
        let read = try CanteenBinary.runProgram(zbarimg, ["--quiet", "--raw", "-Sdisable", "-Scode128.enable", png], directory: dir.path)
        #expect(read.exitCode == 0, "\(read)")
        let decoded = read.lines
        let codes = try (1...5).map { try city.cardCode("D0000\($0)") }
        #expect(Set(decoded) == Set(codes), "read \(decoded.sorted()), the diners' codes are \(codes.sorted())")
        #expect(decoded.count == 5, "each barcode once")
        #expect(!decoded.contains(old), "the replaced card is not printed")
        for id in (1...5).map({ shaoguanID(birth: "1950\(String($0 % 12 + 1).leftPaddedWithZeros(2))15", seq: $0) }) {
            #expect(!decoded.contains { id.contains($0) || $0.contains(id) }, "a barcode is never the ID number")
        }
    }
}
