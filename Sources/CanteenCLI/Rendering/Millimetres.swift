/// Print layouts count in whole micrometres, so positions add up exactly with no floating point,
/// and are written out in millimetres for CSS and SVG.
enum Millimetres {
    /// The length in millimetres with no trailing zeros: 85_600 → "85.6", 330 → "0.33", 54_000 → "54".
    static func text(_ micrometres: Int) -> String {
        let sign = micrometres < 0 ? "-" : ""
        let magnitude = micrometres.magnitude
        let whole = magnitude / 1000, fraction = magnitude % 1000
        guard fraction != 0 else { return sign + "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + "\(whole).\(digits)"
    }
}
