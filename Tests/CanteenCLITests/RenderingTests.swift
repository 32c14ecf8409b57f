import Testing
@testable import CanteenCLI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3),
        ("", 0),
        ("长者饭堂", 8),
        ("A长", 3),
        ("e\u{301}", 1),
        ("（", 2),
        ("、。：）", 8),
        ("한글", 4),
        ("かなカナ", 8),
        ("ＡＢ", 4),
        ("a\u{200B}b", 2),
        ("越秀区长者饭堂 GZ01", 19),
    ])
    func width(text: String, expected: Int) {
        #expect(text.displayWidth == expected)
    }
}

/// The suffix of `line` that starts exactly `columns` display columns in, or nil if a wide character straddles that point.
private func suffix(of line: Substring, atColumn columns: Int) -> Substring? {
    var used = 0
    var index = line.startIndex
    while used < columns, index < line.endIndex {
        used += String(line[index]).displayWidth
        index = line.index(after: index)
    }
    return used == columns ? line[index...] : nil
}

@Suite struct TextTableTests {
    private func canteenTable() -> TextTable {
        var table = TextTable(headers: ["饭堂", "编号", "长者", "份数"], alignments: [.left, .left, .left, .right])
        table.add(["越秀区长者饭堂", "GZ01", "陈大文", "12"])
        table.add(["天河 Canteen", "GZ02", "李四", "3"])
        table.add(["Haizhu", "GZ03", "Wong Tai", "105"])
        table.addSeparator()
        table.add(["合计", "", "", "120"])
        return table
    }

    @Test func columnsLineUpInDisplayColumns() throws {
        let lines = canteenTable().render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)
        #expect(lines.last == "")
        // Column 1 is 14 columns wide ("越秀区长者饭堂"), so column 2 starts at 14 + 2 on every line.
        let expectedSecond = ["编号", "----", "GZ01", "GZ02", "GZ03", "----"]
        for (line, cell) in zip(lines, expectedSecond) {
            let rest = try #require(suffix(of: line, atColumn: 16), "column 2 misaligned in \(line)")
            #expect(rest.hasPrefix(cell), "line: \(line)")
        }
        // Column 3 starts at 16 + 4 + 2.
        for (line, cell) in zip(lines, ["长者", "------", "陈大文", "李四", "Wong Tai"]) {
            #expect(suffix(of: line, atColumn: 22)?.hasPrefix(cell) == true, "line: \(line)")
        }
    }

    @Test func rightAlignedNumbersEndInTheSameColumn() {
        let lines = canteenTable().render().split(separator: "\n")
        let widths = Set(lines.map { String($0).displayWidth })
        #expect(widths.count == 1, "every line should end at the table's right edge: \(lines)")
        #expect(lines[2].hasSuffix("  12"))
        #expect(lines[3].hasSuffix("   3"))
        #expect(lines[6].hasSuffix(" 120"))
    }

    @Test func noTrailingSpacesAndEndsWithNewline() {
        var table = TextTable(headers: ["名称", "备注"])
        table.add(["越秀区长者饭堂", ""])
        table.add(["B", "trailing "])
        table.add(["", ""])
        let out = table.render()
        #expect(out.hasSuffix("\n"))
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.last != " ", "trailing space in '\(line)'")
        }
    }

    @Test func exactSmallTable() {
        var table = TextTable(headers: ["名称", "数"], alignments: [.left, .right])
        table.add(["饭堂A", "12"])
        table.add(["B", "3"])
        table.addSeparator()
        table.add(["合", "15"])
        #expect(table.render() == "名称   数\n-----  --\n饭堂A  12\nB       3\n-----  --\n合     15\n")
    }

    @Test func newlinesInCellsDoNotBreakRows() {
        var table = TextTable(headers: ["a", "b"])
        table.add(["x\ny", "z"])
        #expect(table.render() == "a    b\n---  -\nx y  z\n")
    }
}

@Suite struct JSONTests {
    private let sample: JSONValue = [
        "name": "越秀区长者饭堂",
        "code": "GZ01",
        "meals": 12,
        "subsidyFen": -300,
        "active": true,
        "note": nil,
        "tags": ["午餐", 1],
        "empty": [],
        "emptyObject": [:],
    ]

    @Test func prettyRendering() {
        let expected = """
            {
              "name": "越秀区长者饭堂",
              "code": "GZ01",
              "meals": 12,
              "subsidyFen": -300,
              "active": true,
              "note": null,
              "tags": [
                "午餐",
                1
              ],
              "empty": [],
              "emptyObject": {}
            }
            """
        #expect(sample.rendered() == expected)
    }

    @Test func compactRendering() {
        #expect(sample.rendered(pretty: false)
            == #"{"name":"越秀区长者饭堂","code":"GZ01","meals":12,"subsidyFen":-300,"active":true,"note":null,"tags":["午餐",1],"empty":[],"emptyObject":{}}"#)
    }

    @Test func nestedPrettyIndent() {
        let value: JSONValue = ["a": ["b": [1, ["c": false]]]]
        #expect(value.rendered() == "{\n  \"a\": {\n    \"b\": [\n      1,\n      {\n        \"c\": false\n      }\n    ]\n  }\n}")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("q\"b\\s", #""q\"b\\s""#),
        ("n\nr\rt\tb\u{8}f\u{C}", #""n\nr\rt\tb\bf\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("长者饭堂 🍚 /", #""长者饭堂 🍚 /""#),
    ])
    func stringEscapes(raw: String, expected: String) {
        #expect(JSONValue.string(raw).rendered() == expected)
    }

    @Test func keyOrderMattersForEquality() {
        #expect(JSONValue.object([("a", 1), ("b", 2)]) != JSONValue.object([("b", 2), ("a", 1)]))
        #expect(JSONValue.object([("a", 1)]) == ["a": 1])
        #expect(JSONValue.int(1) != JSONValue.string("1"))
    }

    @Test(arguments: [
        JSONValue.null, true, false, 0, -1, .int(.max), .int(.min), "", "长者\n\"饭堂\"\u{1}\u{2028}🍚",
        [], [:], [1, [2, [3, nil]]], ["k": ["嵌套": ["x": "y"], "list": [true, "a"]], "z": -42],
    ])
    func parseRoundTrip(value: JSONValue) throws {
        #expect(try JSONValue.parse(value.rendered()) == value)
        #expect(try JSONValue.parse(value.rendered(pretty: false)) == value)
    }
}
