import SQLite

extension Row {
    /// A stored enum name (a slot, a payment, an entry's kind) read from the column's bytes without making a
    /// String, for the passes that read every row of the journal; nil when the column holds no such name.
    func storedName<Name: CaseIterable & RawRepresentable>(_ column: Int, as _: Name.Type) -> Name? where Name.RawValue == String {
        withText(column) { bytes in Name.allCases.first { $0.rawValue.utf8.elementsEqual(bytes) } }
    }

    /// The month of a stored date (YYYY-MM-DD…) as a number, year × 12 + month − 1, read from its bytes; nil when
    /// the column does not start with a month.
    func storedMonthNumber(_ column: Int) -> Int? {
        withText(column) { bytes in
            guard bytes.count >= 7, bytes[4] == 0x2D else { return nil }
            var year = 0, month = 0
            for index in 0..<4 {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                year = year * 10 + Int(bytes[index] - 0x30)
            }
            for index in 5..<7 {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                month = month * 10 + Int(bytes[index] - 0x30)
            }
            return year * 12 + month - 1
        }
    }
}
