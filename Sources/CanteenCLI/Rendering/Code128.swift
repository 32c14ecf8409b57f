/// A Code 128 symbol in code set B (ISO/IEC 15417): Start B, one symbol per printable ASCII character,
/// the modulo-103 check symbol and Stop. Set B alone covers every card code, so there is no switching
/// to sets A or C and no FNC characters.
struct Code128: Sendable, Equatable {
    /// Why a text cannot be drawn as a set-B symbol.
    enum Error: Swift.Error, Sendable, Equatable {
        /// Nothing to encode: a symbol of only start, check and stop reads as an empty string.
        case empty
        /// A character outside set B, which is printable ASCII (space to "~") only.
        case unencodable(character: Character)
    }

    /// The symbol value of Start B.
    static let startB = 104
    /// The symbol value of Stop.
    static let stop = 106
    /// The narrowest quiet zone the standard allows on each side, in modules.
    static let minimumQuietZone = 10

    /// Bar and space widths in modules for symbol values 0...106, bar first: six elements of 11 modules,
    /// except Stop, whose seven elements (its final bar included) make 13.
    static let patterns: [[Int]] = patternTable.split(separator: " ").map { $0.map { $0.wholeNumberValue! } }

    /// The text the symbol encodes.
    let text: String
    /// The symbol values in order: Start B, the data, the check symbol, Stop.
    let symbols: [Int]

    /// Encodes `text` in set B, refusing an empty text and any character outside space...tilde.
    init(_ text: String) throws(Error) {
        guard !text.isEmpty else { throw .empty }
        var data: [Int] = []
        data.reserveCapacity(text.utf8.count)
        for character in text {
            // A Character may be several scalars ("e" + combining accent, "\r\n"); only a lone printable ASCII one fits.
            let scalars = character.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, (32...126).contains(scalar.value) else {
                throw .unencodable(character: character)
            }
            data.append(Int(scalar.value) - 32)
        }
        self.text = text
        symbols = [Self.startB] + data + [Self.checkSymbol(start: Self.startB, data: data), Self.stop]
    }

    /// The check symbol: the start value plus each data value times its position (from 1), modulo 103.
    static func checkSymbol(start: Int, data: [Int]) -> Int {
        var sum = start
        for (index, value) in data.enumerated() {
            sum = (sum + (index + 1) * value) % 103
        }
        return sum
    }

    /// The check symbol of this symbol.
    var checkSymbol: Int { symbols[symbols.count - 2] }

    /// Every bar and space width in modules from the start's first bar to the stop's final bar.
    var widths: [Int] { symbols.flatMap { Self.patterns[$0] } }

    /// The width in modules from the first bar to the last, quiet zones excluded.
    var moduleCount: Int { 11 * (symbols.count - 1) + 13 }

    /// An inline SVG element for HTML5 (no xmlns, no text): white quiet zones of `quietZone` modules each
    /// side and black bars, sized in millimetres so it prints at `moduleMicrometres` per module and
    /// `heightMicrometres` tall. The viewBox counts modules, so every bar edge is a whole number.
    func svg(moduleMicrometres: Int, heightMicrometres: Int, quietZone: Int = Code128.minimumQuietZone) -> String {
        precondition(moduleMicrometres > 0 && heightMicrometres > 0, "a barcode needs a positive size")
        precondition(quietZone >= Self.minimumQuietZone, "Code 128 needs a quiet zone of at least 10 modules")
        let total = moduleCount + 2 * quietZone
        var out = "<svg class=\"barcode\" viewBox=\"0 0 \(total) 1\" preserveAspectRatio=\"none\""
        out += " width=\"\(Millimetres.text(total * moduleMicrometres))mm\" height=\"\(Millimetres.text(heightMicrometres))mm\""
        out += " shape-rendering=\"crispEdges\" aria-hidden=\"true\">"
        out += "<rect width=\"\(total)\" height=\"1\" fill=\"#fff\"/><g fill=\"#000\">"
        var x = quietZone
        for (index, width) in widths.enumerated() {
            if index % 2 == 0 { out += "<rect x=\"\(x)\" width=\"\(width)\" height=\"1\"/>" }
            x += width
        }
        return out + "</g></svg>"
    }

    // Values 0...102, then Start A, Start B, Start C and Stop: each digit is a bar or space width in modules.
    private static let patternTable = """
        212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 \
        221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 \
        221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 \
        212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 \
        231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 \
        231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 \
        314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 \
        112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 \
        111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 \
        214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 \
        114131 311141 411131 211412 211214 211232 2331112
        """
}
