@preconcurrency import Glibc
import Testing
@testable import CanteenCLI
@testable import CanteenCore
import SQLite

/// What a person reads around the messages themselves (usage lines, system errors, SQLite's conditions) is worded in
/// the asked language too; what a script types or greps (commands, options, identifiers) stays as it is.
@Suite struct ChineseThroughoutTests {
    private func run(_ arguments: [String], lang: String) -> CanteenCLI.Result {
        CanteenCLI.run(arguments: arguments, environment: ["LANG": lang])
    }

    @Test(arguments: [["meal", "record", "D00001"], ["meal", "recrd"], ["sitee"], ["meal"], ["--bogus"]])
    func usageErrorsAreWordedInChineseAroundTheSynopsis(arguments: [String]) {
        for result in [run(arguments + ["--lang", "zh"], lang: "C.UTF-8"), run(arguments, lang: "zh_CN.UTF-8")] {
            #expect(result.exitCode == 64, "\(result)")
            let lines = result.stderr.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(result.stderr)")
            guard lines.count == 3 else { continue }
            #expect(lines[1].hasPrefix("用法：canteen "), "\(lines[1])")
            #expect(lines[2].hasPrefix("  详细说明请见 'canteen ") && lines[2].hasSuffix("--help'。"), "\(lines[2])")
            // Only the synopsis and the command to type are in Latin letters.
            for line in lines.dropFirst() {
                #expect(!line.contains("Usage") && !line.contains("See") && !line.contains("information"), "\(line)")
            }
        }
        let english = run(arguments, lang: "C.UTF-8")
        #expect(english.stderr.contains("\nUsage: canteen ") && english.stderr.contains("  See 'canteen "), "\(english.stderr)")
    }

    @Test func theSynopsisOfAKnownCommandStaysAsTyped() {
        let result = run(["meal", "record", "D00001", "--lang", "zh"], lang: "C.UTF-8")
        #expect(result.stderr.contains("用法：canteen meal record <diner> --site <code>"), "\(result.stderr)")
        #expect(result.stderr.contains("详细说明请见 'canteen meal record --help'。"), "\(result.stderr)")
    }

    @Test(arguments: SystemErrorText.known)
    func commonSystemErrorsAreWordedInBothLanguagesWithTheirNumber(code: Int32) throws {
        let words = try #require(SystemErrorText.words(code))
        #expect(words.zh.unicodeScalars.contains(where: MessageCatalogTests.isCJK) && !words.zh.contains(where: { $0.isASCII && $0.isLetter }),
                "errno \(code): \(words.zh)")
        #expect(!words.en.unicodeScalars.contains(where: MessageCatalogTests.isCJK), "errno \(code): \(words.en)")
        #expect(SystemErrorText.describe(code, .zh).hasSuffix("（错误码 \(code)）"))
        #expect(SystemErrorText.describe(code, .en).hasSuffix(" (errno \(code))"))
    }

    @Test func aClosedPipeIsSaidInChinese() {
        let message = Message(.standardOutputFailed, ["reason": SystemError(EPIPE)])
        #expect(message.chinese == "无法写入标准输出：管道已断开：读取输出的程序已停止（错误码 32）")
        #expect(message.english == "cannot write to standard output: broken pipe: the program reading the output has stopped (errno 32)")
        // A rare errno keeps the C library's words in English only.
        #expect(SystemErrorText.describe(EHOSTDOWN, .zh) == "系统错误（错误码 \(EHOSTDOWN)）")
        #expect(SystemErrorText.describe(EHOSTDOWN, .en).hasSuffix("(errno \(EHOSTDOWN))"))
    }

    /// SQLite's conditions, by extended result code, as SQLite words them; none of its English may reach a
    /// Chinese line but a constraint's or an unknown error's text, shown as SQLite's own.
    @Test(arguments: [(5, "database is locked", Int32(75)), (517, "database is locked", 75), (6, "database table is locked", 75),
                      (11, "database disk image is malformed", 74), (26, "file is not a database", 74),
                      (8, "attempt to write a readonly database", 74), (1544, "attempt to write a readonly database", 74),
                      (13, "database or disk is full", 74), (10, "disk I/O error", 74), (778, "disk I/O error", 74),
                      (14, "unable to open database file", 74)])
    func sqliteConditionsAreSaidInWords(code: Int32, text: String, exit: Int32) {
        let error = Books.canteenError(DatabaseError(extendedCode: code, message: text))
        #expect(ExitCode(error.kind).rawValue == exit, "\(code): \(error)")
        let zh = CanteenCLI.errorText(error, .zh)
        let en = CanteenCLI.errorText(error, .en)
        #expect(!zh.contains(text) && !en.contains(text), "SQLite's own words passed through: \(zh) / \(en)")
        #expect(zh.unicodeScalars.contains(where: MessageCatalogTests.isCJK), "\(zh)")
        let latin = MessageCatalogTests.words(zh).filter { !MessageCatalogTests.allowedLatin.contains($0) && $0 != "Error" }
        #expect(latin.isEmpty, "English left in \(zh)")
    }

    @Test func aConstraintKeepsSQLiteTextAsADetailUnderAWordedLine() {
        let error = Books.canteenError(DatabaseError(extendedCode: 275, message: "CHECK constraint failed: amount_fen > 0"))
        #expect(error.kind == .rule)
        #expect(CanteenCLI.errorText(error, .zh) == "Error: 数据库拒绝了这项修改：它会违反账簿的规则\n  SQLite 提示：CHECK constraint failed: amount_fen > 0\n")
        let other = Books.canteenError(DatabaseError(extendedCode: 1, message: "no such table: meals"))
        #expect(CanteenCLI.errorText(other, .en) == "Error: the database could not do what was asked (SQLite code 1)\n  SQLite says: no such table: meals\n")
    }

    @Test(arguments: AnomalyKind.allCases)
    func everyAnomalyKindHasAChineseName(kind: AnomalyKind) {
        let name = Lang.chineseName(of: kind)
        #expect(name.unicodeScalars.allSatisfy(MessageCatalogTests.isCJK), "\(kind): \(name)")
        #expect(Lang.zh.label(of: kind) == "\(name)（\(kind.rawValue)）" && Lang.en.label(of: kind) == kind.rawValue)
    }

    @Test(arguments: Books.verifyChecks)
    func everyVerifyCheckHasAChineseName(check: String) throws {
        let name = try #require(Lang.chineseName(ofCheck: check), "\(check) has no Chinese name")
        #expect(name.unicodeScalars.allSatisfy(MessageCatalogTests.isCJK), "\(check): \(name)")
        let detail = Message(.verifyMealWithoutEntry, ["meal": "M000005"])
        #expect(Lang.en.problemLine(check: check, detail: detail) == "[\(check)] meal M000005 has no journal entry")
        #expect(Lang.zh.problemLine(check: check, detail: detail) == "[\(check)] \(name)：餐号 M000005 没有记账分录")
    }
}
