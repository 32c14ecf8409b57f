import Testing
@testable import CanteenCLI
import CanteenCore

@Suite struct RawInputTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func validInputDecodes() throws {
        let input = try RawInput.decode(arguments: [bytes("diner"), bytes("find"), bytes("张")],
                                        environment: [bytes("CANTEEN_DB=/tmp/a.db"), bytes("A=b=c"), bytes("NOEQUALS")])
        #expect(input.arguments == ["diner", "find", "张"])
        #expect(input.environment == ["CANTEEN_DB": "/tmp/a.db", "A": "b=c"])
    }

    @Test func aBadArgumentIsNamedByPositionOrOption() throws {
        let lone = try #require(throws: CanteenError.self) { try RawInput.decode(arguments: [bytes("diner"), [0x66, 0xFF]], environment: []) }
        #expect(lone.kind == .invalidInput && lone.message.key == .argumentNotUTF8 && lone.message.values["position"] == .int(2))
        let value = try #require(throws: CanteenError.self) { try RawInput.decode(arguments: [bytes("--name"), [0xC3]], environment: []) }
        #expect(value.message.key == .optionNotUTF8 && value.message.values["option"] == .text("--name"))
        let inline = try #require(throws: CanteenError.self) { try RawInput.decode(arguments: [bytes("--note=") + [0xED, 0xA0, 0x80]], environment: []) }
        #expect(inline.message.key == .optionNotUTF8 && inline.message.values["option"] == .text("--note"))
        // An overlong encoding of "/" is not UTF-8 either.
        #expect(throws: CanteenError.self) { try RawInput.decode(arguments: [[0xC0, 0xAF]], environment: []) }
    }

    @Test func onlyTheVariablesTheProgramReadsAreChecked() throws {
        let error = try #require(throws: CanteenError.self) {
            try RawInput.decode(arguments: [], environment: [bytes("CANTEEN_OPERATOR=") + [0xFF]])
        }
        #expect(error.message.key == .environmentNotUTF8)
        let other = try RawInput.decode(arguments: [], environment: [bytes("OTHER=") + [0xFF]])
        #expect(other.environment["OTHER"] == "\u{FFFD}")
    }
}

@Suite struct CleanOutputTests {
    @Test func tableCellsShowControlAndDirectionCharactersEscaped() {
        var table = TextTable(headers: ["name"])
        table.add(["\u{202E}evil\u{1B}[31m\u{200B}"])
        let text = table.render()
        #expect(!text.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" || $0 == "\u{200B}" })
        #expect(text.contains("\\u{202E}evil\\u{1B}[31m\\u{200B}"))
        var lines = KeyValueText()
        lines.add("Name", "a\u{2066}b")
        #expect(lines.render() == "Name  a\\u{2066}b\n")
    }

    @Test func jsonEscapesWhatATerminalWouldObey() {
        let value = JSONValue.string("a\u{7F}\u{85}\u{202E}\u{200B}\u{FEFF}\u{E0041}é长")
        #expect(value.rendered() == #""a\u007f\u0085\u202e\u200b\ufeff\udb40\udc41é长""#)
    }

    @Test func csvOutputNeutralisesFormulasAndEscapesControls() {
        let output = Output(text: "", json: .null, csv: [["name", "amount"], ["=cmd|' /C calc'!A0", "-3.50"], ["x\u{1B}y\nz", "1"]])
        let csv = output.rendered(.csv) ?? ""
        #expect(csv == "name,amount\r\n'=cmd|' /C calc'!A0,-3.50\r\n\"x\\u{1B}y\nz\",1\r\n")
    }
}

@Suite struct HelpAndVersionFormTests {
    private func run(_ args: String...) -> CanteenCLI.Result { CanteenCLI.run(arguments: args, environment: [:]) }

    @Test(arguments: [["help", "meal", "record", "extra"], ["help", "simulate", "extra"], ["help", "budget", "show", "a", "b"]])
    func aWordPastACommandsNameIsNamed(arguments: [String]) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        #expect(result.exitCode == 64)
        #expect(result.stderr.hasPrefix("Error: unexpected argument '\(arguments[arguments.count - (arguments.count == 5 ? 2 : 1)])'"), "\(result.stderr)")
        #expect(!result.stderr.contains("unknown subcommand"))
    }

    @Test(arguments: [["--version", "extra"], ["extra", "--version"], ["--version", "diner", "list"]])
    func versionTakesNoOtherWords(arguments: [String]) {
        let result = CanteenCLI.run(arguments: arguments, environment: [:])
        #expect(result.exitCode == 64 && result.stdout.isEmpty, "\(result)")
    }

    @Test func helpOfAMistypedWordNamesIt() {
        #expect(run("extra", "-h").stderr.contains("unknown command 'extra'"))
        #expect(run("meal", "recrod", "--help").stderr.contains("Did you mean 'meal record'?"))
        #expect(run("help", "help").exitCode == 0)
        #expect(run("--version", "--lang", "zh").exitCode == 0)
        #expect(run("meal", "record", "--help").exitCode == 0)
    }

    @Test func aHugeUnknownWordIsAUsageError() {
        let result = CanteenCLI.run(arguments: [String(repeating: "x", count: 100_000)], environment: [:])
        #expect(result.exitCode == 64)
        let option = CanteenCLI.run(arguments: ["diner", "list", "--" + String(repeating: "p", count: 100_000)], environment: [:])
        #expect(option.exitCode == 64)
    }

    @Test func randomCommandLinesParseOrGiveAUsageError() {
        var random = SeededRandom(seed: 20261129)
        let words = ["help", "meal", "record", "list", "site", "add", "diner", "find", "budget", "show", "--help", "-h", "--version",
                     "--db", "--lang", "zh", "--format", "--", "-", "-1", "--price", "--price=", "=", "--x=y", "", "\u{0}", "\u{1B}[2J",
                     "D00001", "--today", "9999-12-31", "extra", "Ｄ", String(repeating: "-", count: 300),
                     String(repeating: "x", count: 1000), "--" + String(repeating: "p", count: 1000)]
        let parser = ArgumentParser(commands: CanteenCLI.specs)
        for _ in 0..<3000 {
            let line = (0..<random.below(8)).map { _ in words[random.below(words.count)] }
            do { _ = try parser.parse(line) } catch {
                // A typed UsageError, and worded without a crash.
                _ = Lang.en.render(error.message)
            }
        }
    }
}
