/// East Asian Wide/Fullwidth blocks, sorted; a compact subset that covers the Chinese text this tool prints.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
    0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
    0x1F900...0x1F9FF, 0x20000...0x3FFFD,
]

private func columns(of scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    // Fast path: nothing below U+0300 is wide or combining.
    if v < 0x300 { return 1 }
    if (0x200B...0x200F).contains(v) || v == 0xFEFF { return 0 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark: return 0
    default: break
    }
    return wideRanges.contains { $0.contains(v) } ? 2 : 1
}

extension String {
    /// Terminal columns: East Asian Wide/Fullwidth characters (CJK ideographs, Hangul, kana, fullwidth forms, CJK punctuation such as 、。（）：) count 2, combining marks and zero-width count 0, others 1.
    public var displayWidth: Int {
        // Printable ASCII is one column a byte.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
        return unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }
}
