/// The accounting period an entry belongs to: a month, or the time before any month.
enum Period {
    /// The opening appropriation counts as made before any month, so back-filled meals can draw on it.
    static let beforeAnyMonth = "0000-00"
}

extension DatedThing {
    /// What an entry of this kind is called in a date rule's message.
    init(_ kind: JournalEntry.Kind) {
        switch kind {
        case .appropriation: self = .appropriation
        case .meal: self = .meal
        case .void: self = .void
        case .settlement: self = .settlement
        }
    }
}
