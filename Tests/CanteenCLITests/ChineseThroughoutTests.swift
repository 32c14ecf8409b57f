@preconcurrency import Glibc
import Testing
@testable import CanteenCLI
import CanteenCore

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
}
