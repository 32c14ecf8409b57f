/// "Did you mean" for a mistyped command or option: the closest candidate by edit distance, if close enough.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        // The distance is at least the difference in length, so a candidate too far off in length cannot be
        // close enough; skipping it keeps a 100,000-character word from costing seconds.
        let length = word.count
        let scored = candidates.filter { abs($0.count - length) <= max(1, $0.count / 3) }.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored else { return nil }
        // Allow about one typo in four characters, so "sitee" finds "site" but "x" finds nothing.
        return score <= max(1, best.count / 3) ? best : nil
    }

    /// Edit distance over characters, counting a swap of two neighbours as one edit ("lsit" is one from "list").
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var rows = [Array(0...b.count)]
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], rows[i - 2][j - 2] + 1)
                }
            }
            rows.append(row)
        }
        return rows[a.count][b.count]
    }
}
