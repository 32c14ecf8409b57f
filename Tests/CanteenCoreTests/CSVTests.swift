import Glibc
import Testing
@testable import CanteenCore

private func readAll(_ reader: inout CSVReader) throws(CSVError) -> [(line: Int, fields: [String])] {
    var out: [(line: Int, fields: [String])] = []
    while let record = try reader.nextRecord() { out.append(record) }
    return out
}

private func readAll(_ text: String) throws(CSVError) -> [(line: Int, fields: [String])] {
    var reader = CSVReader(string: text)
    return try readAll(&reader)
}

/// Writes bytes to a fresh temp file through C stdio, so tests need no Foundation.
private func makeTempFile(_ bytes: [UInt8]) -> String {
    var template = Array("/tmp/canteen-csv-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    precondition(fd >= 0, "mkstemp failed")
    close(fd)
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let file = fopen(path, "wb")!
    precondition(fwrite(bytes, 1, bytes.count, file) == bytes.count, "short write")
    fclose(file)
    return path
}

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("长者饭堂", "长者饭堂"),
        ("mid space", "mid space"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rhere", "\"cr\rhere\""),
        (" lead", "\" lead\""),
        ("trail ", "\"trail \""),
    ])
    func fieldQuoting(input: String, expected: String) {
        #expect(CSV.field(input) == expected)
    }

    @Test func rowJoinsAndEndsWithCRLF() {
        #expect(CSV.row(["GZ01", "越秀区长者饭堂", "a,b", ""]) == "GZ01,越秀区长者饭堂,\"a,b\",\r\n")
        #expect(CSV.row([]) == "\r\n")
    }

    @Test(arguments: [
        ["a", "b"],
        ["陈大文", "say \"hi\"", "two\nlines", " padded ", ""],
        ["crlf\r\ninside", ",", "\""],
    ])
    func writerOutputReadsBack(fields: [String]) throws {
        let records = try readAll(CSV.row(fields) + CSV.row(["next"]))
        #expect(records.map { $0.fields } == [fields, ["next"]])
    }
}

@Suite struct CSVReaderTests {
    @Test func simpleRecords() throws {
        let records = try readAll("a,b,c\n1,2,3\n")
        #expect(records.map { $0.line } == [1, 2])
        #expect(records.map { $0.fields } == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func crlfLineEndings() throws {
        let records = try readAll("a,b\r\nc,d\r\n")
        #expect(records.map { $0.fields } == [["a", "b"], ["c", "d"]])
        #expect(records.map { $0.line } == [1, 2])
    }

    @Test func quotedCommaQuoteAndNewlineKeepLineNumbers() throws {
        let text = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\r\nthree\"\n4,end\n"
        let records = try readAll(text)
        #expect(records.map { $0.fields } == [
            ["id", "note"], ["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines\r\nthree"], ["4", "end"],
        ])
        #expect(records.map { $0.line } == [1, 2, 3, 4, 7])
    }

    @Test func loneCRInsideQuotesIsData() throws {
        #expect(try readAll("\"a\rb\",c\n").map { $0.fields } == [["a\rb", "c"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let records = try readAll("\u{FEFF}编号,名称\nGZ01,越秀区长者饭堂\n")
        #expect(records.map { $0.fields } == [["编号", "名称"], ["GZ01", "越秀区长者饭堂"]])
    }

    @Test func partialByteOrderMarkIsNotEaten() throws {
        // 0xEF 0xBB followed by something else is not a BOM and must surface as invalid UTF-8, not vanish.
        var bytes: [UInt8] = [0xEF, 0xBB, UInt8(ascii: "x"), 0x0A].reversed()
        var reader = CSVReader(next: { bytes.popLast() })
        #expect(throws: CSVError(line: 1, problem: .invalidUTF8)) { try reader.nextRecord() }
    }

    @Test func finalRecordWithoutNewline() throws {
        let records = try readAll("a,b\nc,d")
        #expect(records.map { $0.fields } == [["a", "b"], ["c", "d"]])
        #expect(records.map { $0.line } == [1, 2])
    }

    @Test func emptyLinesAndFields() throws {
        let records = try readAll("a\n\n,\n\"\"\n")
        #expect(records.map { $0.fields } == [["a"], [""], ["", ""], [""]])
        #expect(records.map { $0.line } == [1, 2, 3, 4])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try readAll("").isEmpty)
        #expect(try readAll("\u{FEFF}").isEmpty)
    }

    @Test func chineseFields() throws {
        let records = try readAll("越秀区长者饭堂,陈大文,午餐\r\n\"天河区，长者饭堂\",李四,\"晚餐\"\r\n")
        #expect(records.map { $0.fields } == [["越秀区长者饭堂", "陈大文", "午餐"], ["天河区，长者饭堂", "李四", "晚餐"]])
    }

    @Test(arguments: [
        ("a,b\nc\"d,e\n", 2, CSVError.Problem.quoteInUnquotedField),
        ("\"a\"b,c\n", 1, CSVError.Problem.textAfterClosingQuote),
        ("x\n\"y\" ,z\n", 2, CSVError.Problem.textAfterClosingQuote),
        ("x\ny\n\"abc\ndef", 3, CSVError.Problem.unclosedQuote),
        ("a\rb\n", 1, CSVError.Problem.bareCarriageReturn),
    ])
    func errorsReportTheirLine(input: String, line: Int, problem: CSVError.Problem) {
        var reader = CSVReader(string: input)
        #expect(throws: CSVError(line: line, problem: problem)) { try readAll(&reader) }
    }

    @Test func invalidUTF8IsAnError() throws {
        var bytes = Array("ok\n".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        bytes.reverse()
        var reader = CSVReader(next: { bytes.popLast() })
        #expect(try reader.nextRecord()?.fields == ["ok"])
        #expect(throws: CSVError(line: 2, problem: .invalidUTF8)) { try reader.nextRecord() }
    }

    /// Each malformed record is reported and the reading goes on at the next line, so every other record is read.
    @Test(arguments: [
        ("a,b\nc\"d,e\nf,g\n", CSVError(line: 2, problem: .quoteInUnquotedField)),
        ("a,b\n\"c\"d,e\nf,g\n", CSVError(line: 2, problem: .textAfterClosingQuote)),
        ("a,b\n\"two\nlines\"x,e\nf,g\n", CSVError(line: 3, problem: .textAfterClosingQuote)),
        ("a,b\nc\rd,e\nf,g\n", CSVError(line: 2, problem: .bareCarriageReturn)),
    ])
    func aMalformedRecordIsReportedAndTheNextLineIsRead(input: String, expected: CSVError) throws {
        var reader = CSVReader(string: input)
        #expect(try reader.nextRecord()?.fields == ["a", "b"])
        #expect(throws: expected) { try reader.nextRecord() }
        let next = try reader.nextRecord()
        #expect(next?.fields == ["f", "g"] && next?.line == expected.line + 1, "\(String(describing: next))")
        #expect(try reader.nextRecord() == nil)
    }

    @Test func invalidUTF8InOneFieldStillReadsTheRestOfItsRecordAndTheNext() throws {
        var bytes = Array("a,".utf8) + [0xFF] + Array(",\"x\ny\"\nc,d\n".utf8)
        bytes.reverse()
        var reader = CSVReader(next: { bytes.popLast() })
        #expect(throws: CSVError(line: 1, problem: .invalidUTF8)) { try reader.nextRecord() }
        let next = try reader.nextRecord()
        #expect(next?.fields == ["c", "d"] && next?.line == 3, "\(String(describing: next))")
    }

    @Test func anUnclosedQuoteSwallowsTheRestOfTheFileOnce() throws {
        var reader = CSVReader(string: "a,b\nc,\"d\ne,f\ng,h\n")
        #expect(try reader.nextRecord()?.fields == ["a", "b"])
        #expect(throws: CSVError(line: 2, problem: .unclosedQuote)) { try reader.nextRecord() }
        #expect(try reader.nextRecord() == nil)
    }
}

@Suite struct FileByteSourceTests {
    @Test func readsLargeFileAcrossChunkBoundaries() throws {
        // Over 64 KiB of multi-byte text, so chunk edges land inside characters and records.
        var text = "\u{FEFF}编号,长者,份数\r\n"
        for i in 1...6000 { text += "GZ\(i),\"陈大文\(i)\",\(i % 7)\r\n" }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 * 64 * 1024)
        let path = makeTempFile(bytes)
        defer { unlink(path) }

        let source = try FileByteSource(path: path)
        var reader = CSVReader(next: source.next)
        let records = try readAll(&reader)
        #expect(records.count == 6001)
        #expect(records.first?.fields == ["编号", "长者", "份数"])
        #expect(records.last?.line == 6001)
        #expect(records.last?.fields == ["GZ6000", "陈大文6000", "\(6000 % 7)"])
        #expect(source.readError == nil)
    }

    @Test func emptyFile() throws {
        let path = makeTempFile([])
        defer { unlink(path) }
        let source = try FileByteSource(path: path)
        #expect(source.next() == nil)
        #expect(source.next() == nil)
    }

    @Test func missingPathIsNotFound() {
        let path = "/tmp/canteen-definitely-missing-\(getpid())/x.csv"
        #expect(throws: FileByteSourceError.notFound(path)) { try FileByteSource(path: path) }
    }

    @Test func directoryReportsReadError() throws {
        let source = try FileByteSource(path: "/tmp")
        #expect(source.next() == nil)
        #expect(source.readError == .unreadable("/tmp", errno: EISDIR))
    }
}
