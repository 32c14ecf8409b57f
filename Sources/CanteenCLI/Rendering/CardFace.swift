/// What one printed diner card shows. Every field is plain text; the renderer escapes it.
struct CardFace: Sendable, Equatable {
    /// The programme's name across the top of the card, e.g. "韶关市长者饭堂".
    var programme: String
    /// The diner's name as registered; may be Chinese.
    var dinerName: String
    /// The short diner number, e.g. "D00017".
    var dinerNumber: String
    /// The home canteen's name, nil when the diner has none.
    var homeCanteen: String?
    /// The issue date as printed, e.g. "2026-12-01".
    var issued: String
    /// The resident ID number, masked: "440203********123X".
    var maskedID: String
    /// The opaque card code the barcode carries, e.g. "K7Q2M9XT4P"; never the resident ID number.
    var cardCode: String
}
