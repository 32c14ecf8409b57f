/// Free text a person types into a field (names, notes, reasons, vouchers): trimmed, on one line, with
/// something visible in it, and short enough for the column SQLite keeps it in.
enum TextField {
    /// The trimmed text, or an invalid-input error (65) naming the field.
    static func validated(_ text: String, field: TextFieldName, limit: Int) throws -> String {
        let value = text.trimmed
        let scalars = value.unicodeScalars
        // SQLite's length() counts code points, so the limit does too: the CHECKs and this agree.
        guard !value.isEmpty, scalars.count <= limit,
              !scalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }),
              scalars.contains(where: { ![.format, .spaceSeparator, .nonspacingMark].contains($0.properties.generalCategory) }) else {
            throw CanteenError.invalid(.textFieldInvalid, ["field": field, "limit": limit])
        }
        return value
    }
}
