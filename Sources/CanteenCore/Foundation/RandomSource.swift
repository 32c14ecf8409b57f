/// Where random numbers come from: the system's generator, or a seeded one so tests and simulations replay.
/// Card codes are drawn from it; nothing about money is.
public final class RandomSource: @unchecked Sendable {
    // Used by one connection's operations at a time, like the Books it belongs to.
    private var seeded: SeededRandom?

    private init(seeded: SeededRandom?) { self.seeded = seeded }

    /// The operating system's generator.
    public static var system: RandomSource { RandomSource(seeded: nil) }

    /// A generator that gives the same sequence for the same seed.
    public static func seeded(_ seed: UInt64) -> RandomSource { RandomSource(seeded: SeededRandom(seed: seed)) }

    /// The next 64 random bits.
    public func next() -> UInt64 {
        if seeded != nil { return seeded!.next() }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
