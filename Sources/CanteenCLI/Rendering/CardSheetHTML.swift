/// Diner cards as one self-contained HTML5 document to print on A4: ID-1 cards (85.6 × 54 mm), ten to a
/// page in two columns, crop marks at every corner, and a Code 128 barcode of each card code as inline SVG.
/// Nothing is loaded from outside, and the same cards give the same bytes.
enum CardSheetHTML {
    /// Cards on one A4 page: two columns of five.
    static let cardsPerPage = columns * rows

    /// The whole sheet; zero cards give one page that says there are none.
    static func render(cards: [CardFace], lang: Lang) -> String {
        let title = lang("Diner cards", "长者饭堂就餐卡")
        let pageCount = max(1, (cards.count + cardsPerPage - 1) / cardsPerPage)
        var out = "<!DOCTYPE html>\n"
        out += "<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(escape(title))</title>\n"
        out += "<style>\n\(style)</style>\n</head>\n<body>\n"
        out += "<p class=\"note\">\(escape(note(cards: cards.count, pages: pageCount, lang: lang)))</p>\n"
        guard !cards.isEmpty else {
            out += "<section class=\"page\">\n<p class=\"empty\">\(escape(lang("There are no cards to print.", "没有要打印的就餐卡。")))</p>\n</section>\n"
            return out + "</body>\n</html>\n"
        }
        for page in 0..<pageCount {
            let onPage = cards[(page * cardsPerPage)..<min(cards.count, (page + 1) * cardsPerPage)]
            // Only a page with another after it breaks, so printing never ends on a blank sheet.
            out += page < pageCount - 1 ? "<section class=\"page break\">\n" : "<section class=\"page\">\n"
            out += cropMarks(count: onPage.count)
            for (slot, face) in onPage.enumerated() {
                out += card(face, slot: slot, lang: lang)
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    // MARK: - Geometry (micrometres)

    private static let columns = 2, rows = 5
    private static let pageWidth = 210_000, pageHeight = 297_000
    private static let cardWidth = 85_600, cardHeight = 54_000
    private static let columnGap = 10_000, rowGap = 4_000
    private static let left = (pageWidth - columns * cardWidth - (columns - 1) * columnGap) / 2
    private static let top = (pageHeight - rows * cardHeight - (rows - 1) * rowGap) / 2
    /// Marks stop short of the card edge, so a cut a little off never leaves a line on the card.
    private static let markOffset = 1_000
    /// Along a column gap the marks of the two neighbours must not meet.
    private static let markAcross = columnGap / 2 - markOffset - 500
    /// In a row gap the marks of the card above and the card below fall on the same cut line, so they
    /// coincide: each spans the gap less an offset at both ends.
    private static let markAlong = rowGap - 2 * markOffset
    private static let markStroke = 150

    /// Bars this tall keep the symbol well above the 15%-of-length rule, and leave room for the text.
    private static let barHeight = 12_000
    /// Modules wider than 0.4 mm make a symbol too long for a hand-held scanner's window.
    private static let widestModule = 400
    /// The symbol, quiet zones included, keeps this far from the card's left and right edges.
    private static let barcodeSideMargin = 3_000

    private static func origin(slot: Int) -> (x: Int, y: Int) {
        (left + (slot % columns) * (cardWidth + columnGap), top + (slot / columns) * (cardHeight + rowGap))
    }

    /// The widest module, in steps of 10 µm, that fits `modules` (quiet zones included) on the card.
    static func moduleWidth(forModules modules: Int) -> Int {
        min(widestModule, (cardWidth - 2 * barcodeSideMargin) / modules / 10 * 10)
    }

    // MARK: - Parts

    private static func note(cards: Int, pages: Int, lang: Lang) -> String {
        let count = lang(cards == 1 ? "1 card" : "\(cards) cards", "共 \(cards) 张卡")
        let sheets = lang(pages == 1 ? "1 A4 page" : "\(pages) A4 pages", "\(pages) 页 A4")
        return lang("\(count) on \(sheets). Print at 100% (actual size) with no margins, then cut along the crop marks.",
                    "\(count)，\(sheets)。请按 100%（实际尺寸）、无边距打印，再沿裁切标记裁开。")
    }

    /// One SVG over the whole page with the marks of the first `count` slots, in micrometres.
    private static func cropMarks(count: Int) -> String {
        var path = ""
        for slot in 0..<count {
            let (x, y) = origin(slot: slot)
            for (cornerX, outX) in [(x, -1), (x + cardWidth, 1)] {
                for (cornerY, outY) in [(y, -1), (y + cardHeight, 1)] {
                    // As printers draw them: each edge through the corner continued outside the card, never on it.
                    path += "M\(cornerX + outX * markOffset) \(cornerY)h\(outX * markAcross)"
                    path += "M\(cornerX) \(cornerY + outY * markOffset)v\(outY * markAlong)"
                }
            }
        }
        return "<svg class=\"crop\" viewBox=\"0 0 \(pageWidth) \(pageHeight)\" aria-hidden=\"true\">"
            + "<path d=\"\(path)\" stroke=\"#000\" stroke-width=\"\(markStroke)\" fill=\"none\"/></svg>\n"
    }

    private static func card(_ face: CardFace, slot: Int, lang: Lang) -> String {
        var out = "<article class=\"card at\(slot)\">\n"
        out += "<header><div class=\"programme\">\(escape(face.programme))</div>"
        out += "<div class=\"title\">\(escape(lang("Senior canteen diner card", "长者饭堂就餐卡")))</div></header>\n"
        out += "<dl>\n"
        out += field(lang("Name", "姓名"), face.dinerName, valueClass: "name")
        out += field(lang("Diner no.", "编号"), face.dinerNumber, valueClass: "number")
        out += field(lang("Canteen", "饭堂"), face.homeCanteen ?? "—", valueClass: nil)
        out += field(lang("Issued", "发卡日期"), face.issued, valueClass: "number")
        out += field(lang("ID no.", "身份证"), face.maskedID, valueClass: "number")
        out += "</dl>\n<div class=\"barcode-block\">"
        if let symbol = try? Code128(face.cardCode) {
            let modules = symbol.moduleCount + 2 * Code128.minimumQuietZone
            out += symbol.svg(moduleMicrometres: moduleWidth(forModules: modules), heightMicrometres: barHeight)
        } else {
            // The signature cannot fail, and a card must not print a barcode that reads as something else.
            out += "<div class=\"no-barcode\">\(escape(lang("This card code cannot be drawn as a barcode", "此卡号无法生成条码")))</div>"
        }
        out += "<div class=\"code\">\(escape(face.cardCode))</div></div>\n"
        return out + "</article>\n"
    }

    private static func field(_ label: String, _ value: String, valueClass: String?) -> String {
        let open = valueClass.map { "<dd class=\"\($0)\">" } ?? "<dd>"
        return "<dt>\(escape(label))</dt>\(open)\(escape(value))</dd>\n"
    }

    private static func escape(_ text: String) -> String { ReportHTML.escape(text) }

    // MARK: - Style

    private static let slotStyle: String = (0..<cardsPerPage).map { slot in
        let (x, y) = origin(slot: slot)
        return ".at\(slot) { left: \(Millimetres.text(x))mm; top: \(Millimetres.text(y))mm; }\n"
    }.joined()

    private static let style = """
        @page { size: A4; margin: 0; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: #e9ebee; color: #1a1a1a;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; }
        .note { width: \(Millimetres.text(pageWidth))mm; max-width: 100%; margin: 6mm auto 0; font-size: 10pt; color: #444; }
        .page { position: relative; width: \(Millimetres.text(pageWidth))mm; height: \(Millimetres.text(pageHeight))mm;
          margin: 4mm auto 8mm; background: #fff; overflow: hidden; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
        .page.break { break-after: page; page-break-after: always; }
        @media print { body { background: #fff; } .note { display: none; } .page { margin: 0; box-shadow: none; } }
        .crop { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
        .empty { position: absolute; left: 0; right: 0; top: 40mm; text-align: center; font-size: 14pt; color: #555; }
        .card { position: absolute; width: \(Millimetres.text(cardWidth))mm; height: \(Millimetres.text(cardHeight))mm; overflow: hidden;
          border: .2mm solid #c3cad3; border-radius: 3.18mm; background: #fff; }
        .card header { height: 10.5mm; padding: 1.6mm 3.5mm 0; background: #1f3b5c; color: #fff; }
        .card .programme { font-size: 9.5pt; font-weight: bold; line-height: 1.25; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .card .title { font-size: 6.5pt; line-height: 1.3; letter-spacing: .04em; color: #d6e0ea; }
        .card dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); column-gap: 2.5mm; row-gap: .3mm;
          align-items: baseline; margin: 1.8mm 3.5mm 0; }
        .card dt { font-size: 6.5pt; color: #5a6470; }
        .card dd { margin: 0; font-size: 8.5pt; line-height: 1.3; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .card dd.name { font-size: 12pt; font-weight: bold; line-height: 1.25; }
        .card dd.number { font-variant-numeric: tabular-nums; letter-spacing: .02em; }
        .barcode-block { position: absolute; left: 0; right: 0; bottom: 1.3mm; text-align: center; }
        svg.barcode { display: block; margin: 0 auto; }
        .code { margin-top: .6mm; font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
          font-size: 8pt; line-height: 1; letter-spacing: .8mm; padding-left: .8mm; }
        .no-barcode { height: 12mm; margin: 0 3mm; padding-top: 4mm; border: .3mm dashed #a31515; color: #a31515; font-size: 8pt; }
        \(slotStyle)
        """
}
