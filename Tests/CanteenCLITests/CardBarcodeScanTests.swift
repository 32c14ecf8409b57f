import Testing
import Foundation
@testable import CanteenCLI

/// The outside programs the scan tests need. CI installs them (apt: chromium fonts-noto-cjk zbar-tools); a machine
/// without them fails these tests unless CANTEEN_SKIP_BROWSER_TESTS=1 says to skip them.
enum ScanTools {
    static let environment = ProcessInfo.processInfo.environment
    /// Set when the browser and barcode-reader tests are to be skipped.
    static let skipped = environment["CANTEEN_SKIP_BROWSER_TESTS"] == "1"
    /// $CHROMIUM, else the first Chromium or Chrome on $PATH.
    static let chromium = environment["CHROMIUM"] ?? onPath(["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"])
    /// zbarimg from zbar-tools.
    static let zbarimg = onPath(["zbarimg"])
    /// A directory to keep the HTML and screenshots in, for a person to look at; nil keeps nothing.
    static let keepDirectory = environment["CANTEEN_KEEP_SCREENSHOTS"]

    static func onPath(_ names: [String]) -> String? {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    /// The tool's path when it can be run, else nil and a recorded failure that says how to install it or skip.
    static func require(_ path: String?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let path, FileManager.default.isExecutableFile(atPath: path) { return path }
        Issue.record("""
            \(name) was not found\(path.map { " at \($0)" } ?? " on $PATH"), so the printed barcodes cannot be checked. \
            Install it (apt-get install chromium fonts-noto-cjk zbar-tools) or set CANTEEN_SKIP_BROWSER_TESTS=1 to skip.
            """, sourceLocation: sourceLocation)
        return nil
    }
}

/// The exit status and output of a finished program.
struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments`, output to files so a chatty child can never stall on a full pipe;
/// gives up after `timeout` seconds.
func runProgram(_ executable: String, _ arguments: [String], in directory: URL, timeout: TimeInterval = 60) throws -> Finished {
    let outURL = directory.appendingPathComponent("\(UUID().uuidString).out")
    let errURL = directory.appendingPathComponent("\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() > deadline {
            process.terminate()
            process.waitUntilExit()
            throw ScanError.timedOut("\(executable) ran longer than \(Int(timeout)) s")
        }
        usleep(10_000)
    }
    process.waitUntilExit()
    return Finished(status: process.terminationStatus,
                    stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

enum ScanError: Error { case timedOut(String) }

@Suite(.serialized, .enabled(if: !ScanTools.skipped, "CANTEEN_SKIP_BROWSER_TESTS=1: the headless-Chromium and zbarimg tests are skipped"))
struct CardBarcodeScanTests {
    /// Six cards fill the first three rows of a page; at 96 CSS px per inch the third row ends about 720 px down
    /// (a short note, then the page), so 840 × 800 holds them. At twice the device pixels a 0.4 mm module is
    /// about 3 px; zbar also read these cards at 1×, but at 1.5 px a module, with every edge snapped to a whole
    /// pixel, that is closer to the limit than a test that must never flake should go.
    static let windowSize = (width: 840, height: 800)
    static let scaleFactor = 2

    @Test(arguments: [Lang.zh, .en])
    func everyCardsBarcodeReadsAsItsCode(lang: Lang) throws {
        guard let chromium = ScanTools.require(ScanTools.chromium, "Chromium"),
              let zbarimg = ScanTools.require(ScanTools.zbarimg, "zbarimg") else { return }
        let faces = SampleCards.faces(6)
        let folder = try temporaryFolder("cards-\(lang)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("cards.html")
        let png = folder.appendingPathComponent("cards.png")
        try CardSheetHTML.render(cards: faces, lang: lang).write(to: html, atomically: true, encoding: .utf8)

        let shot = try runProgram(chromium, [
            "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            // Its own profile, so a browser the developer has open (or a parallel run) is never disturbed.
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--force-device-scale-factor=\(Self.scaleFactor)",
            "--window-size=\(Self.windowSize.width),\(Self.windowSize.height)",
            "--screenshot=\(png.path)", html.absoluteString,
        ], in: folder)
        try #require(FileManager.default.fileExists(atPath: png.path),
                     "Chromium wrote no screenshot (exit \(shot.status)): \(shot.stderr.suffix(2000))")
        keep([html, png], as: "cards-\(lang)")

        let read = try runProgram(zbarimg, ["--quiet", "--raw", "-Sdisable", "-Scode128.enable", png.path], in: folder)
        #expect(read.status == 0, "zbarimg exit \(read.status): \(read.stderr)")
        let decoded = read.stdout.split(separator: "\n").map(String.init)
        let codes = Set(faces.map(\.cardCode))
        #expect(Set(decoded) == codes, "not read: \(codes.subtracting(decoded).sorted()); read but not printed: \(Set(decoded).subtracting(codes).sorted())")
        #expect(decoded.count == faces.count, "each barcode read once: \(decoded)")
    }

    /// Every pattern in the table, drawn straight to a greyscale image and read by zbar, which checks each
    /// symbol against its own table and the check symbol: one symbol holds all 95 set-B characters, and 103
    /// two-character symbols have the check values 0...102, so every data and check pattern is read at least once.
    @Test func everyPatternReadsBack() throws {
        guard let zbarimg = ScanTools.require(ScanTools.zbarimg, "zbarimg") else { return }
        var texts = [String((32...126).map { Character(Unicode.Scalar(UInt8($0))) })]
        for check in 0...102 {
            texts.append(try #require(twoCharacters(withCheck: check), "no two-character text has check \(check)"))
        }
        let folder = try temporaryFolder("patterns")
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("patterns.pgm")
        try greyImage(of: texts.map { try Code128($0) }).write(to: image)
        keep([image], as: "patterns")

        let read = try runProgram(zbarimg, ["--quiet", "--raw", "-Sdisable", "-Scode128.enable", image.path], in: folder)
        #expect(read.status == 0, "zbarimg exit \(read.status): \(read.stderr)")
        let decoded = Set(read.stdout.split(separator: "\n").map(String.init))
        let missing = try Set(texts).subtracting(decoded).sorted().map { "\($0) (check \(try Code128($0).checkSymbol))" }
        #expect(missing.isEmpty, "not read: \(missing)")
        #expect(decoded.isSubset(of: texts), "read but not drawn: \(decoded.subtracting(texts).sorted())")
        #expect(Set(texts).count == texts.count)
    }

    /// A text of two set-B characters whose check symbol is `check`, starting the search at a different first
    /// character for each check value.
    private func twoCharacters(withCheck check: Int) -> String? {
        for step in 0..<95 {
            let first = (check * 7 + step) % 95
            for second in 0..<95 where Code128.checkSymbol(start: Code128.startB, data: [first, second]) == check {
                return String([Character(Unicode.Scalar(UInt8(first + 32))), Character(Unicode.Scalar(UInt8(second + 32)))])
            }
        }
        return nil
    }

    /// A binary PGM: the long symbol across the top, then the short ones six to a row, 3 px a module, 60 px tall.
    private func greyImage(of symbols: [Code128]) -> Data {
        let module = 3, barHeight = 60, gap = 30, quiet = 10 * module, perRow = 6
        let shortWidth = symbols.dropFirst().map(\.moduleCount).max()! * module + 2 * quiet
        let width = max(symbols[0].moduleCount * module + 2 * quiet, perRow * shortWidth)
        let rows = 1 + (symbols.count - 1 + perRow - 1) / perRow
        let height = rows * (barHeight + gap) + gap
        var pixels = [UInt8](repeating: 255, count: width * height)
        func draw(_ symbol: Code128, x: Int, y: Int) {
            var cursor = x + quiet
            for (index, w) in symbol.widths.enumerated() {
                if index % 2 == 0 {
                    for row in y..<(y + barHeight) {
                        for column in cursor..<(cursor + w * module) { pixels[row * width + column] = 0 }
                    }
                }
                cursor += w * module
            }
        }
        draw(symbols[0], x: 0, y: gap)
        for (index, symbol) in symbols.dropFirst().enumerated() {
            draw(symbol, x: (index % perRow) * shortWidth, y: gap + (1 + index / perRow) * (barHeight + gap))
        }
        return Data("P5\n\(width) \(height)\n255\n".utf8) + Data(pixels)
    }

    private func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies the files into $CANTEEN_KEEP_SCREENSHOTS, when it is set, as `prefix`.ext.
    private func keep(_ files: [URL], as prefix: String) {
        guard let directory = ScanTools.keepDirectory else { return }
        for file in files {
            let target = URL(fileURLWithPath: directory).appendingPathComponent("\(prefix).\(file.pathExtension)")
            try? FileManager.default.removeItem(at: target)
            try? FileManager.default.copyItem(at: file, to: target)
        }
    }
}
