import Testing
import Foundation
@testable import CanteenCLI

/// Card faces for the renderer's tests, without a database.
enum SampleCards {
    /// Codes that between them use every letter and digit.
    static let codes = ["K7Q2M9XT4P", "A1B2C3D4E5", "F6G7H8J9L0", "NRSUVWYZ3K", "Q0O1I2X8M5", "T7D3W9P4HC"]

    /// `count` cards with distinct codes, Chinese names, and one diner with no home canteen.
    static func faces(_ count: Int) -> [CardFace] {
        let names = ["陈桂英", "李国强", "欧阳秀兰", "Maria Fernanda Rodríguez de la Cruz", "黄", "张志明"]
        return (0..<count).map { index in
            CardFace(programme: "韶关市长者饭堂助餐服务", dinerName: names[index % names.count],
                     dinerNumber: "D\(String(100_017 + index).dropFirst())",
                     homeCanteen: index == 2 ? nil : ["风采长者饭堂", "浈江区东河街道长者饭堂（中心店）"][index % 2],
                     issued: "2026-12-01", maskedID: "440203********123X",
                     cardCode: index < codes.count ? codes[index] : "C\(String(1_000_000_000 + index).dropFirst(2))")
        }
    }
}

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite struct CardSheetHTMLTests {
    @Test(arguments: [Lang.en, .zh], [0, 3, 25])
    func selfContained(lang: Lang, count: Int) {
        let html = CardSheetHTML.render(cards: SampleCards.faces(count), lang: lang)
        for forbidden in ["http", "src=", "<script", "@import", "url(", "<link", "<img", "<iframe", "href=", "@font-face"] {
            #expect(!html.contains(forbidden), "\(forbidden) in \(lang), \(count) cards")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4; margin: 0; }"))
        #expect(html.contains(".card { position: absolute; width: 85.6mm; height: 54mm;"))
        #expect(html.contains(".page { position: relative; width: 210mm; height: 297mm;"))
        #expect(occurrences(of: "<style>", in: html) == 1)
        #expect(html.hasSuffix("</body>\n</html>\n"))
        #expect(CardSheetHTML.render(cards: SampleCards.faces(count), lang: lang) == html)
    }

    @Test func tenCardsAPageAndABreakAfterEachFullPage() {
        for (count, perPage) in [(1, [1]), (10, [10]), (11, [10, 1]), (25, [10, 10, 5]), (30, [10, 10, 10])] {
            let html = CardSheetHTML.render(cards: SampleCards.faces(count), lang: .zh)
            #expect(occurrences(of: "<article class=\"card", in: html) == count)
            let pages = html.components(separatedBy: "<section class=\"page").dropFirst()
            #expect(pages.map { occurrences(of: "<article class=\"card", in: $0) } == perPage, "\(count) cards")
            // Every page but the last breaks after itself.
            #expect(pages.dropLast().allSatisfy { $0.hasPrefix(" break\"") }, "\(count) cards")
            #expect(pages.last?.hasPrefix("\">") == true, "\(count) cards")
            #expect(occurrences(of: "<svg class=\"barcode\"", in: html) == count)
            #expect(occurrences(of: "<svg class=\"crop\"", in: html) == perPage.count)
        }
        let html = CardSheetHTML.render(cards: [], lang: .en)
        #expect(html.contains(".page.break { break-after: page; page-break-after: always; }"))
    }

    @Test func slotsFormTwoColumnsOfFive() {
        let html = CardSheetHTML.render(cards: SampleCards.faces(10), lang: .en)
        for slot in 0..<10 {
            #expect(html.contains("<article class=\"card at\(slot)\">"))
        }
        // 2 × 85.6 mm + a 10 mm gap centred on 210 mm; 5 × 54 mm + four 4 mm gaps centred on 297 mm.
        #expect(html.contains(".at0 { left: 14.4mm; top: 5.5mm; }"))
        #expect(html.contains(".at1 { left: 110mm; top: 5.5mm; }"))
        #expect(html.contains(".at9 { left: 110mm; top: 237.5mm; }"))
        #expect(!html.contains(".at10 "))
    }

    @Test func cropMarksAtEveryCornerOutsideTheCard() throws {
        let html = CardSheetHTML.render(cards: SampleCards.faces(3), lang: .en)
        let path = try #require(html.components(separatedBy: "<path d=\"").dropFirst().first?.prefix { $0 != "\"" })
        // Two marks at each of four corners.
        #expect(occurrences(of: "M", in: String(path)) == 3 * 8)
        // The first card's top-left corner is (14.4 mm, 5.5 mm): a mark 1 mm to its left running left, one 1 mm above running up.
        #expect(path.hasPrefix("M13400 5500h-3500M14400 4500v-2000"))
        #expect(html.contains("viewBox=\"0 0 210000 297000\""))
    }

    @Test func hostileTextIsEscapedEverywhere() {
        let hostile = "<script>&\"'"
        let face = CardFace(programme: hostile, dinerName: hostile, dinerNumber: hostile, homeCanteen: hostile,
                            issued: hostile, maskedID: hostile, cardCode: hostile)
        let html = CardSheetHTML.render(cards: [face], lang: .en)
        #expect(!html.contains("<script"))
        #expect(!html.contains("&\"'"))
        // Programme, name, number, canteen, date, ID and the code under the barcode.
        #expect(occurrences(of: "&lt;script&gt;&amp;&quot;&#39;", in: html) == 7)
        // Set B includes all of these, so the code still gets its barcode.
        #expect(occurrences(of: "<svg class=\"barcode\"", in: html) == 1)
    }

    @Test func labelsInEachLanguage() {
        let zh = CardSheetHTML.render(cards: SampleCards.faces(1), lang: .zh)
        for label in ["长者饭堂就餐卡", "姓名", "编号", "饭堂", "发卡日期", "身份证", "裁切"] {
            #expect(zh.contains(label), "\(label)")
        }
        let en = CardSheetHTML.render(cards: SampleCards.faces(1), lang: .en)
        for label in ["Senior canteen diner card", "Name", "Diner no.", "Canteen", "Issued", "ID no.", "crop marks"] {
            #expect(en.contains(label), "\(label)")
        }
        #expect(!en.contains("姓名"))
    }

    @Test func everyFieldIsOnTheCard() throws {
        let face = SampleCards.faces(1)[0]
        let html = CardSheetHTML.render(cards: [face], lang: .zh)
        let card = try #require(html.components(separatedBy: "<article").dropFirst().first)
        for text in [face.programme, face.dinerName, face.dinerNumber, face.homeCanteen!, face.issued, face.maskedID, face.cardCode] {
            #expect(card.contains(text), "\(text)")
        }
        #expect(card.contains("<div class=\"code\">K7Q2M9XT4P</div>"))
        let noCanteen = CardSheetHTML.render(cards: [SampleCards.faces(3)[2]], lang: .zh)
        #expect(noCanteen.contains("<dt>饭堂</dt><dd>—</dd>"))
    }

    @Test func barcodeIsTheCardCodeAndBigEnoughToScan() throws {
        let face = SampleCards.faces(1)[0]
        let html = CardSheetHTML.render(cards: [face], lang: .en)
        let svg = try #require(html.components(separatedBy: "<svg class=\"barcode\"").dropFirst().first)
        let symbol = try Code128(face.cardCode)
        let total = symbol.moduleCount + 2 * Code128.minimumQuietZone
        #expect(svg.hasPrefix(" viewBox=\"0 0 \(total) 1\""))
        let width = try #require(Double(attribute("width", in: svg).dropLast(2)))
        let height = try #require(Double(attribute("height", in: svg).dropLast(2)))
        #expect(width / Double(total) >= 0.33)
        #expect(height >= 10)
        // It fits across the card with room to spare.
        #expect(width <= 85.6 - 6)
        #expect(html.contains(symbol.svg(moduleMicrometres: CardSheetHTML.moduleWidth(forModules: total), heightMicrometres: 12_000)))
    }

    @Test func longerCodesNarrowTheModulesToFit() {
        // 15 characters: 17 symbols of 11 + 13 + 20 = 220 modules; 79.6 mm / 220 = 0.3618 → 0.36 mm.
        #expect(CardSheetHTML.moduleWidth(forModules: 220) == 360)
        #expect(CardSheetHTML.moduleWidth(forModules: 165) == 400)
    }

    @Test func unencodableCodeGetsNoBarcode() {
        var face = SampleCards.faces(1)[0]
        face.cardCode = "卡号"
        let html = CardSheetHTML.render(cards: [face], lang: .zh)
        #expect(!html.contains("<svg class=\"barcode\""))
        #expect(html.contains("此卡号无法生成条码"))
    }

    @Test(arguments: [Lang.en, .zh])
    func noCards(lang: Lang) {
        let html = CardSheetHTML.render(cards: [], lang: lang)
        #expect(html.contains(lang("There are no cards to print.", "没有要打印的就餐卡。")))
        #expect(occurrences(of: "<section class=\"page\">", in: html) == 1)
        #expect(!html.contains("<article"))
        #expect(!html.contains("<svg"))
        #expect(html.contains("</section>\n</body>\n</html>\n"))
    }
}

/// The value of `name="…"` at its first occurrence in `text`.
private func attribute(_ name: String, in text: String) -> String {
    String(text.components(separatedBy: " \(name)=\"").dropFirst().first?.prefix { $0 != "\"" } ?? "")
}
