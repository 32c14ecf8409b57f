import Foundation
import Testing
@testable import CanteenCLI
@testable import CanteenCore

/// The operators the vetting is asked about.
private let clerk = Operator(id: 2, name: "小李", role: .clerk, active: true)
private let admin = Operator(id: 1, name: "王主任", role: .admin, active: true)
private let specs = CanteenCLI.specs

/// What the gate decides for `command` asked by `caller`: nil to run it, else the refusal's kind and message.
private func vet(_ command: String, as caller: Operator = clerk) -> (kind: CanteenError.Kind, key: MessageKey)? {
    GateRequest(command, commands: specs).refusal(for: caller, commands: specs).map { ($0.kind, $0.message.key) }
}

@Suite("The gate's rules")
struct GateRequestTests {
    @Test("What a clerk may not do through the gate, and why", arguments: [
        ("--operator 王主任 month close 2026-11", CanteenError.Kind.permission, MessageKey.gateOperatorRefused),
        ("month close 2026-11 --operator=王主任", .permission, .gateOperatorRefused),
        ("--db /etc/passwd diner list", .permission, .gateDatabaseRefused),
        ("diner list --db=/srv/other.db", .permission, .gateDatabaseRefused),
        ("--today 2030-01-01 meal record D00001 --site FC", .permission, .gateTodayRefused),
        ("meal import /etc/shadow", .permission, .gateInputFileRefused),
        ("meal import ./day.csv", .permission, .gateInputFileRefused),
        ("report month 2026-11 --out /tmp/x", .permission, .gateOutputFileRefused),
        ("report month 2026-11 --format html --out=report.html", .permission, .gateOutputFileRefused),
        ("export journal --out /tmp/j", .permission, .gateOutputFileRefused),
        ("backup /tmp/copy.db", .permission, .gateOutputFileRefused),
        ("init --admin me", .permission, .gateCommandRefused),
        ("demo", .permission, .gateCommandRefused),
        ("simulate --sites 1 --diners 1 --months 1", .permission, .gateCommandRefused),
        ("migrate", .permission, .gateCommandRefused),
        ("gate keys", .permission, .gateCommandRefused),
        ("gate check", .permission, .gateCommandRefused),
        ("operator key list", .permission, .gateCommandRefused),
        ("operator key add 小李 --key-file -", .permission, .gateCommandRefused),
        ("gate --key SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 王主任", .permission, .gateNotReentrant),
        ("diner list; sh", .usage, .subcommandUnknownDidYouMean),
        ("$(id)", .usage, .commandUnknown),
        ("`id`", .usage, .commandUnknown),
        ("dinr list", .usage, .commandUnknownDidYouMean),
        ("scp -t /etc", .usage, .commandUnknown),
        ("meal record 'D00001", .invalidInput, .gateCommandMalformed),
        ("meal list \\", .invalidInput, .gateCommandMalformed),
        ("meal list\nsh", .invalidInput, .gateCommandMalformed),
        ("meal list\0sh", .invalidInput, .gateCommandMalformed),
        ("meal list\r", .invalidInput, .gateCommandMalformed),
        ("meal list \u{FFFD}", .invalidInput, .gateCommandMalformed),
    ])
    func clerkRefusals(command: String, kind: CanteenError.Kind, key: MessageKey) {
        let decision = vet(command)
        #expect(decision?.kind == kind && decision?.key == key, "\(command.debugDescription): \(String(describing: decision))")
    }

    @Test("What a clerk may do: their own name, files through - , reads, help", arguments: [
        "meal record D00001 --site FC", "--operator 小李 meal record D00001 --site FC", "meal import -", "report month 2026-11 --out -",
        "report month 2026-11 --format html", "export journal --out=-", "backup -", "diner list --format json --lang zh", "help",
        "help meal record", "meal record --help", "--version", "canteen meal list", "diner find '张 秀英'",
    ])
    func clerkMay(command: String) {
        #expect(vet(command) == nil, "\(command)")
    }

    @Test("Admins may run the setup commands and set --today, but still not --db, another --operator, server paths or the gate itself")
    func admins() {
        for command in ["gate keys", "gate check", "operator key list", "operator key add 小李 --key-file -", "migrate", "init --admin x",
                        "--today 2030-01-01 diner list", "gate keys --out -", "gate check --authorized-keys -"] {
            #expect(vet(command, as: admin) == nil, "\(command)")
        }
        for (command, key) in [("--db /tmp/x.db diner list", MessageKey.gateDatabaseRefused), ("--operator 小李 meal list", .gateOperatorRefused),
                               ("gate keys --out /home/canteen/.ssh/authorized_keys", .gateOutputFileRefused),
                               ("gate check --authorized-keys /etc/shadow", .gateInputFileRefused),
                               ("operator key add 小李 --key-file /etc/ssh/ssh_host_ed25519_key.pub", .gateInputFileRefused),
                               ("gate --key SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 小李", .gateNotReentrant)] {
            #expect(vet(command, as: admin)?.key == key, "\(command)")
        }
    }

    @Test("Words are split as sh would, never expanded: what the parser gets")
    func words() {
        #expect(GateRequest("diner find \"张 秀英\" --lang zh", commands: specs).words == ["diner", "find", "张 秀英", "--lang", "zh"])
        #expect(GateRequest("meal void M000001 --reason 'wrong diner; sorry' $(id) `id` *", commands: specs).words
            == ["meal", "void", "M000001", "--reason", "wrong diner; sorry", "$(id)", "`id`", "*"])
        #expect(GateRequest("canteen meal list", commands: specs).words == ["meal", "list"])
        #expect(GateRequest("", commands: specs).isEmpty && GateRequest("   ", commands: specs).isEmpty)
        #expect(!GateRequest("\n", commands: specs).isEmpty)
    }

    @Test("The log keeps the command on one line, masked and cut short")
    func logged() {
        #expect(GateRequest.loggable("diner register --id 11010519491231002X --phone 13812345678")
            == "diner register --id 110105********002X --phone 138****5678")
        #expect(GateRequest.loggable("a\nb\u{0}c") == "a\\nb\\0c")
        let long = GateRequest.loggable(String(repeating: "x", count: 1_000_000))
        #expect(long.count < 500 && long.hasSuffix("… (1000000 bytes)"))
    }
}

/// The gate run in this process, on a real book, as sshd would run it: the forced command's arguments and the
/// variables sshd sets. Here the command may hold what no process environment can (a NUL) or be far longer.
@Suite("The gate in process")
struct GateInProcessTests {
    final class Book {
        let directory: String
        var db: String { directory + "/city.db" }
        let fingerprint = "SHA256:eWLpBDicSKTlQ61Kq5pyzjIBv05KrEWQrBLGsM2cYu0"

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-gate-cli-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for arguments in [["init", "--admin", "王主任"], ["operator", "add", "小李", "--role", "clerk"],
                              ["operator", "key", "add", "小李", "--key",
                               "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV9t/a96FxMT5/bjmKbM5nt0iVamz/Sy5cupVDM2RJ8 a b c"]] {
                let result = CanteenCLI.run(arguments: ["--db", db, "--operator", "王主任"] + arguments, environment: [:])
                try #require(result.exitCode == 0, "\(arguments): \(result.stderr)")
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func gate(_ command: String) -> CanteenCLI.Result {
            CanteenCLI.run(arguments: ["--db", db, "gate", "--key", fingerprint, "小李"],
                           environment: ["SSH_ORIGINAL_COMMAND": command, "SSH_CONNECTION": "192.0.2.9 40000 192.0.2.1 22", "LANG": "C.UTF-8"])
        }

        func lastLog() -> String {
            CanteenCLI.run(arguments: ["--db", db, "audit", "log", "--format", "csv"], environment: [:]).stdout
                .split(separator: "\r\n").last.map(String.init) ?? ""
        }
    }

    @Test("A NUL, a newline or a megabyte: refused (65), logged as refused, nothing run")
    func unreadableCommands() throws {
        let book = try Book()
        for (command, fragment) in [("operator list\0; sh", "U+0000"), ("operator list\nsh", "U+000A"),
                                    ("operator list " + String(repeating: "A", count: 1 << 20), "1048590 bytes")] {
            let result = book.gate(command)
            #expect(result.exitCode == 65 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.hasPrefix("Error: the command cannot be read") && result.stderr.contains(fragment), "\(result.stderr)")
            #expect(!result.stderr.contains("AAAAAAAAAA"), "a long command is not echoed")
            #expect(book.lastLog().contains("gate refused"), "\(book.lastLog())")
        }
    }

    @Test("The caller's usage error is the command's own, with its usage line")
    func usage() throws {
        let book = try Book()
        let result = book.gate("meal recrd D00001")
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("Did you mean 'meal record'?") && result.stderr.contains("Usage: canteen meal <subcommand>"), "\(result.stderr)")
    }

    @Test("An operator called 'keys' is a name in the forced command, never 'gate keys'")
    func nameLikeASubcommand() throws {
        let book = try Book()
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQ1G4hw4ld9kAG0yThAm7Cc8PMDoCTSCUN/DzcBYJ2V"
        for arguments in [["operator", "add", "keys", "--role", "auditor"], ["operator", "key", "add", "keys", "--key", key]] {
            let result = CanteenCLI.run(arguments: ["--db", book.db, "--operator", "王主任"] + arguments, environment: [:])
            try #require(result.exitCode == 0, "\(result.stderr)")
        }
        let fingerprint = try SSHPublicKey(parsing: key).fingerprint
        let result = CanteenCLI.run(arguments: ["--db", book.db, "gate", "--key", fingerprint, "keys"], environment: [:])
        #expect(result.exitCode == 0 && result.stdout.contains("You are keys (an auditor)"), "\(result)")
    }

    @Test("Who runs it is the key's owner, whatever the caller's session carried")
    func environment() throws {
        let book = try Book()
        let result = CanteenCLI.run(arguments: ["--db", book.db, "gate", "--key", book.fingerprint, "小李"],
                                    environment: ["SSH_ORIGINAL_COMMAND": "operator add x --role admin", "CANTEEN_OPERATOR": "王主任",
                                                  "CANTEEN_DB": "/tmp/other.db"])
        #expect(result.exitCode == 77 && result.stderr.contains("'小李' is a clerk"), "\(result)")
    }
}

@Suite("Three-word commands")
struct ThreeWordCommandTests {
    @Test func helpAndSuggestionsKnowTheKeyGroup() {
        let group = CanteenCLI.run(arguments: ["help", "operator", "key"], environment: [:])
        #expect(group.exitCode == 0 && group.stdout.contains("USAGE: canteen operator key <subcommand>") && group.stdout.contains("remove"))
        let parent = CanteenCLI.run(arguments: ["help", "operator"], environment: [:])
        #expect(parent.stdout.components(separatedBy: "\n  key ").count == 2, "\(parent.stdout)")
        let typo = CanteenCLI.run(arguments: ["operator", "key", "remvoe"], environment: [:])
        #expect(typo.exitCode == 64 && typo.stderr.contains("Did you mean 'operator key remove'?"), "\(typo.stderr)")
        let helpTypo = CanteenCLI.run(arguments: ["help", "operator", "key", "lst"], environment: [:])
        #expect(helpTypo.exitCode == 64 && helpTypo.stderr.contains("'operator key list'"), "\(helpTypo.stderr)")
        let gateKeys = CanteenCLI.run(arguments: ["help", "gate", "keys"], environment: [:])
        #expect(gateKeys.exitCode == 0 && gateKeys.stdout.contains("USAGE: canteen gate keys"), "\(gateKeys)")
        let gate = CanteenCLI.run(arguments: ["gate", "--help"], environment: [:])
        #expect(gate.exitCode == 0 && gate.stdout.contains("USAGE: canteen gate <name> [--key <fingerprint>]"), "\(gate)")
    }
}
