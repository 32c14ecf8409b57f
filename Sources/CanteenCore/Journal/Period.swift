/// The accounting period an entry belongs to: a month, or the time before any month.
enum Period {
    /// The opening appropriation counts as made before any month, so back-filled meals can draw on it.
    static let beforeAnyMonth = "0000-00"
}
