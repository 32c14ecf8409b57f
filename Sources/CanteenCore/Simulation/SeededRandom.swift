/// SplitMix64: a small seeded generator whose sequence is the same on every machine and Swift version,
/// so a simulation (and a failing test) replays from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The same seed gives the same sequence on every machine.
    public init(seed: UInt64) { state = seed }

    /// The next SplitMix64 output; what `below`, `chance` and `pick` are built on.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound, by rejection so every value is equally likely.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let limit = UInt64.max - UInt64.max % UInt64(bound)
        while true {
            let value = next()
            if value < limit { return Int(value % UInt64(bound)) }
        }
    }

    /// True with the given chance in per cent.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index of `weights` (non-negative, not all zero), each as likely as its weight.
    public mutating func weighted(_ weights: [Int]) -> Int {
        var draw = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}
