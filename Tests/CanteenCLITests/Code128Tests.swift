import Testing
import Foundation
@testable import CanteenCLI

/// Set-B values are the ASCII code less 32: space 0, "0" 16, "A" 33, "a" 65, "~" 94.
@Suite struct Code128Tests {
    /// Wikipedia's worked example ("Code 128", Check digit calculation) encodes PJJ123C in code set A:
    /// Start A 103, P 48, J 42, J 42, 1 17, 2 18, 3 19, C 35;
    /// 103 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 103 + 48 + 84 + 126 + 68 + 90 + 114 + 245 = 878,
    /// and 878 − 8·103 = 54 ("V"). These characters have the same values in set B, but Start B is 104,
    /// so in set B the sum is 879 and the check symbol 55 ("W"), not 54.
    @Test func wikipediaExample() throws {
        let data = [48, 42, 42, 17, 18, 19, 35]
        #expect(Code128.checkSymbol(start: 103, data: data) == 54)
        let symbol = try Code128("PJJ123C")
        #expect(symbol.symbols == [104] + data + [55, 106])
        #expect(symbol.checkSymbol == 55)
    }

    /// barcoderesource.com's Code 128B example: abcdef is 65…70;
    /// 65·1 + 66·2 + 67·3 + 68·4 + 69·5 + 70·6 = 65 + 132 + 201 + 272 + 345 + 420 = 1435; 1435 + 104 = 1539;
    /// 1539 − 14·103 = 1539 − 1442 = 97. A check value above 94 has no set-B character of its own, which is fine:
    /// only its pattern is drawn.
    @Test func barcodeResourceExample() throws {
        #expect(try Code128("abcdef").symbols == [104, 65, 66, 67, 68, 69, 70, 97, 106])
    }

    /// Wikipedia gives the values of X00Y in set B as [Start B] 56 16 16 57; the check, by hand:
    /// 104 + 56·1 + 16·2 + 16·3 + 57·4 = 104 + 56 + 32 + 48 + 228 = 468; 468 − 4·103 = 56.
    @Test func wikipediaSymbolValues() throws {
        #expect(try Code128("X00Y").symbols == [104, 56, 16, 16, 57, 56, 106])
    }

    /// Worked by hand, and cross-checked with a ten-line Python encoder and by zbarimg reading the printed card
    /// (zbar verifies the check symbol, so a wrong one would not decode).
    @Test(arguments: [
        // K 43, 7 23, Q 49, 2 18, M 45, 9 25, X 56, T 52, 4 20, P 48:
        // 104 + 43 + 46 + 147 + 72 + 225 + 150 + 392 + 416 + 180 + 480 = 2255; 2255 − 21·103 = 2255 − 2163 = 92.
        ("K7Q2M9XT4P", [43, 23, 49, 18, 45, 25, 56, 52, 20, 48], 92),
        // D 36, 0 16, 0 16, 0 16, 1 17, 7 23: 104 + 36 + 32 + 48 + 64 + 85 + 138 = 507; 507 − 4·103 = 95.
        ("D00017", [36, 16, 16, 16, 17, 23], 95),
        // Space and tilde, the ends of set B: a 65, space 0, b 66, ~ 94: 104 + 65 + 0 + 198 + 376 = 743; 743 − 7·103 = 22.
        ("a b~", [65, 0, 66, 94], 22),
        // One character: 104 + 33 = 137; 137 − 103 = 34.
        ("A", [33], 34),
    ])
    func handWorkedExamples(text: String, data: [Int], check: Int) throws {
        let symbol = try Code128(text)
        #expect(symbol.symbols == [104] + data + [check, 106])
        #expect(symbol.checkSymbol == check)
        #expect(symbol.text == text)
    }

    @Test func patternTableInvariants() {
        let patterns = Code128.patterns
        #expect(patterns.count == 107)
        for (value, pattern) in patterns.enumerated() {
            let bars = stride(from: 0, to: pattern.count, by: 2).map { pattern[$0] }
            let spaces = stride(from: 1, to: pattern.count, by: 2).map { pattern[$0] }
            #expect(pattern.allSatisfy { (1...4).contains($0) }, "value \(value)")
            if value == Code128.stop {
                // Stop is a six-element symbol followed by a two-module termination bar: 4 bars, 3 spaces, 13 modules.
                #expect(pattern == [2, 3, 3, 1, 1, 1, 2])
                #expect(bars.count == 4 && spaces.count == 3)
                #expect(pattern.reduce(0, +) == 13)
            } else {
                #expect(bars.count == 3 && spaces.count == 3, "value \(value)")
                #expect(pattern.reduce(0, +) == 11, "value \(value)")
                // The standard's self-check: every symbol character has an even number of bar modules.
                #expect(bars.reduce(0, +) % 2 == 0, "value \(value)")
            }
        }
        // A reader tells symbols apart by their widths alone.
        #expect(Set(patterns).count == 107)
        #expect(patterns[0] == [2, 1, 2, 2, 2, 2])
        #expect(patterns[Code128.startB] == [2, 1, 1, 2, 1, 4])
        #expect(patterns[103] == [2, 1, 1, 4, 1, 2])
        #expect(patterns[105] == [2, 1, 1, 2, 3, 2])
    }

    @Test func widthsRunFromStartToTheStopBar() throws {
        let symbol = try Code128("PJJ123C")
        let widths = symbol.widths
        // Start, 7 data, check: 9 six-element symbols, then the stop's 7.
        #expect(widths.count == 9 * 6 + 7)
        #expect(widths.reduce(0, +) == symbol.moduleCount)
        #expect(symbol.moduleCount == 9 * 11 + 13)
        #expect(Array(widths.prefix(6)) == [2, 1, 1, 2, 1, 4])
        #expect(Array(widths.suffix(7)) == [2, 3, 3, 1, 1, 1, 2])
    }

    @Test(arguments: [
        ("é", "é"),                   // U+00E9: Latin-1, outside set B
        ("caf\u{65}\u{301}", "e\u{301}"), // one Character of two scalars
        ("AB\tC", "\t"),
        ("\u{7F}", "\u{7F}"),         // DEL has a set-B value (95) but is no printable character
        ("A\nB", "\n"),
        ("长者", "长"),
        ("K7Q2M9XT4P\r\n", "\r\n"),
    ])
    func refusesCharactersOutsideSetB(text: String, offending: String) {
        #expect(throws: Code128.Error.unencodable(character: Character(offending))) {
            try Code128(text)
        }
    }

    @Test func refusesEmptyText() {
        #expect(throws: Code128.Error.empty) { try Code128("") }
    }

    @Test func acceptsAllOfSetB() throws {
        let all = String((32...126).map { Character(Unicode.Scalar(UInt8($0))) })
        let symbol = try Code128(all)
        #expect(Array(symbol.symbols.dropFirst().prefix(95)) == Array(0...94))
    }

    @Test func svgBarsQuietZonesAndSize() throws {
        let symbol = try Code128("K7Q2M9XT4P")
        let svg = symbol.svg(moduleMicrometres: 400, heightMicrometres: 12_000)
        let total = symbol.moduleCount + 20
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 \(total) 1\""))
        #expect(svg.contains("width=\"66mm\""))   // 165 modules × 0.4 mm
        #expect(svg.contains("height=\"12mm\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(!svg.contains("<text"))

        // The bars as (x, width): the first starts after the quiet zone, the last ends one quiet zone from the edge.
        let bars = svg.components(separatedBy: "<rect x=\"").dropFirst().map { piece -> (Int, Int) in
            let x = Int(piece.prefix { $0 != "\"" })!
            let width = Int(piece.components(separatedBy: "width=\"")[1].prefix { $0 != "\"" })!
            return (x, width)
        }
        #expect(bars.count == 3 * (symbol.symbols.count - 1) + 4)
        #expect(bars.first?.0 == 10)
        #expect(bars.last.map { $0.0 + $0.1 } == total - 10)
        #expect(bars.map(\.1) == stride(from: 0, to: symbol.widths.count, by: 2).map { symbol.widths[$0] })
    }

    @Test func wideQuietZone() throws {
        let svg = try Code128("A").svg(moduleMicrometres: 330, heightMicrometres: 10_000, quietZone: 15)
        // 3 symbols of 11 + 13 = 46 modules, plus 30 of quiet zone: 76 × 0.33 mm = 25.08 mm.
        #expect(svg.contains("viewBox=\"0 0 76 1\""))
        #expect(svg.contains("width=\"25.08mm\""))
        #expect(svg.contains("<rect x=\"15\""))
    }

    @Test(arguments: [(85_600, "85.6"), (330, "0.33"), (54_000, "54"), (0, "0"), (5, "0.005"), (-1_500, "-1.5"), (14_400, "14.4")])
    func millimetres(micrometres: Int, text: String) {
        #expect(Millimetres.text(micrometres) == text)
    }
}
