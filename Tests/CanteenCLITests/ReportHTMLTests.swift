import Testing
@testable import CanteenCLI
import CanteenCore
import Foundation

/// Builds report values directly, so the renderer is tested without a database.
enum SampleReport {
    static func month(_ text: String) -> YearMonth { try! YearMonth(parsing: text) }
    static func date(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    static func figures(meals: Int, diners: Int, price: Int64 = 18, copay: Int64 = 10,
                        declared: Money? = nil, adjustments: Money = .zero) -> Figures {
        var f = Figures()
        f.meals = meals
        f.diners = diners
        f.gross = Money(yuan: price * Int64(meals))
        f.copay = Money(yuan: copay * Int64(meals))
        f.subsidy = Money(yuan: (price - copay) * Int64(meals))
        f.adjustments = adjustments
        f.cashDeclared = declared
        return f
    }

    static func breakdown(lunch: Int, dinner: Int = 0, breakfast: Int = 0, cash: Money, wechat: Money = .zero, voided: Int = 0) -> Breakdown {
        var b = Breakdown()
        b.mealsBySlot[.breakfast] = breakfast
        b.mealsBySlot[.lunch] = lunch
        b.mealsBySlot[.dinner] = dinner
        b.copayByPay[.cash] = cash
        b.copayByPay[.wechat] = wechat
        b.voidedMeals = voided
        return b
    }

    static func site(_ code: String, _ name: String, meals: Int, declared: Money? = nil,
                     adjustments: Money = .zero, voided: Int = 0, voucher: String? = nil, of month: YearMonth) -> SiteReport {
        let f = figures(meals: meals, diners: max(meals / 10, meals > 0 ? 1 : 0), declared: declared, adjustments: adjustments)
        let b = breakdown(lunch: meals - meals / 4, dinner: meals / 4, cash: Money(yuan: 10 * Int64(meals - meals / 3)),
                          wechat: Money(yuan: 10 * Int64(meals / 3)), voided: voided)
        let settlement = voucher.map {
            Settlement(site: code, month: month, amount: f.payable, voucher: $0, paidAt: "2026-11-05T10:00:00+08:00", paidBy: "fin-wang")
        }
        return SiteReport(site: code, name: name, figures: f, breakdown: b, settlement: settlement)
    }

    static func seal(forced: Bool = false) -> MonthSeal {
        MonthSeal(closedAt: "2026-11-02T09:30:00+08:00", closedBy: "fin-wang", forced: forced, lastEntryID: 48213,
                  chainHead: "9f2c4e1ab7d35a60c8e2f4b91d07a3c65e8b1f2d4a6c9e0b3d5f7a1c2e4b6d8f",
                  sealHash: "3a1b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b")
    }

    /// A report of `sites`, closed when `seal` is given, with totals summed the way the core sums them.
    static func report(_ monthText: String = "2026-10", sites: [SiteReport], seal: MonthSeal? = nil,
                       historyMonths: Int = 6, basis: Forecast.Basis = .months(3)) -> MonthReport {
        let month = month(monthText)
        var totals = Figures()
        var total = Breakdown()
        for s in sites {
            totals.meals += s.figures.meals
            totals.diners += s.figures.diners
            totals.gross += s.figures.gross
            totals.copay += s.figures.copay
            totals.subsidy += s.figures.subsidy
            totals.adjustments += s.figures.adjustments
            if let declared = s.figures.cashDeclared { totals.cashDeclared = (totals.cashDeclared ?? .zero) + declared }
            for slot in MealSlot.allCases { total.mealsBySlot[slot, default: 0] += s.breakdown.mealsBySlot[slot] ?? 0 }
            for pay in PaymentMethod.allCases { total.copayByPay[pay, default: .zero] += s.breakdown.copayByPay[pay] ?? .zero }
            total.voidedMeals += s.breakdown.voidedMeals
        }
        // The fund: 16,100,000 yuan appropriated before the first month, about 900,000 drawn a month.
        var history: [BudgetMonth] = []
        var cursor = month
        for _ in 1..<max(historyMonths, 1) { cursor = cursor.previous }
        var opening = Money(yuan: 16_100_000)
        while cursor < month {
            let line = BudgetMonth(month: cursor, opening: opening, appropriated: .zero, drawn: Money(fen: 90_000_000 + Int64(cursor.month) * 1_234_567))
            history.append(line)
            opening = line.closing
            cursor = cursor.next
        }
        let budget = BudgetMonth(month: month, opening: opening, appropriated: .zero, drawn: totals.payable)
        history.append(budget)
        let drawn = basis == .none ? Money.zero : Money(yuan: 2_700_000)
        let forecast = Forecast(basis: basis, drawnInWindow: drawn, windowDays: basis == .none ? 0 : 92,
                                remaining: budget.closing, asOf: month.lastDay, bySite: sites.map { ($0.site, $0.figures.payable) })
        return MonthReport(month: month, seal: seal, sites: sites, totals: totals, totalBreakdown: total,
                           budget: budget, history: Array(history.suffix(historyMonths)), forecast: forecast)
    }

    static let names = ["越秀区北京街长者饭堂", "海珠区滨江街长者饭堂", "荔湾区逢源街长者饭堂", "天河区石牌街长者饭堂",
                        "白云区三元里长者饭堂", "黄埔区红山街长者饭堂", "番禺区市桥街长者饭堂"]

    /// Seven canteens with a mix of settled, unpaid, undeclared and short-declared lines.
    static func city(closed: Bool) -> MonthReport {
        let month = month("2026-10")
        let sites = names.enumerated().map { index, name -> SiteReport in
            let meals = 1_200 + index * 437
            let declared: Money? = index == 3 ? nil : Money(yuan: 10 * Int64(meals) - (index == 1 ? 120 : 0))
            return site("GZ0\(index + 1)", name, meals: meals, declared: declared,
                        adjustments: index == 2 ? Money(yuan: -16) : .zero, voided: index % 3,
                        voucher: closed && index < 4 ? "PAY-2026-10-0\(index + 1)" : nil, of: month)
        }
        return report(sites: sites, seal: closed ? seal(forced: true) : nil, historyMonths: 10)
    }
}

private func count(_ needle: String, in text: String) -> Int {
    var total = 0
    var rest = text[...]
    while let range = rest.range(of: needle) {
        total += 1
        rest = rest[range.upperBound...]
    }
    return total
}

@Suite struct ReportHTMLTests {
    @Test func selfContained() {
        for lang in [Lang.en, .zh] {
            for closed in [false, true] {
                let html = ReportHTML.render(SampleReport.city(closed: closed), lang: lang)
                for forbidden in ["http://", "https://", "<script", "src=", "@import", "url(", "<link", "<img", "<iframe", "href="] {
                    #expect(!html.contains(forbidden), "\(forbidden) in \(lang) closed=\(closed)")
                }
                #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">"))
                #expect(html.contains("<meta charset=\"utf-8\">"))
                #expect(html.contains("@page { size: A4; margin: 12mm; }"))
                #expect(html.contains("page-break-inside: avoid"))
                #expect(html.hasSuffix("</html>\n"))
            }
        }
    }

    @Test func twoChartsAndOneBarPerCanteen() {
        let report = SampleReport.city(closed: false)
        let html = ReportHTML.render(report, lang: .en)
        #expect(count("<svg", in: html) == 2)
        #expect(count("</svg>", in: html) == 2)
        #expect(count("<rect class=\"bar", in: html) == report.sites.count)
        #expect(count("<circle class=\"point", in: html) == report.history.count)
        for site in report.sites {
            #expect(html.contains(">\(site.figures.payable.grouped)</text>"))
        }
    }

    @Test func barsAreScaledToTheLargest() {
        let month = SampleReport.month("2026-10")
        let sites = [SampleReport.site("A1", "Big", meals: 100, of: month), SampleReport.site("A2", "Half", meals: 50, of: month),
                     SampleReport.site("A3", "None", meals: 0, of: month)]
        let svg = ReportHTML.payableChart(SampleReport.report(sites: sites), lang: .en)
        let widths = svg.split(separator: "\n").filter { $0.hasPrefix("<rect class=\"bar") }.map { line -> Int in
            let after = line.split(separator: "width=\"")[1]
            return Int(after.prefix { $0 != "\"" })!
        }
        #expect(widths.count == 3)
        #expect(widths[0] > 300)
        #expect(widths[1] == widths[0] / 2)
        #expect(widths[2] == 0)
    }

    @Test func negativeAndAllZeroBarsStillDraw() {
        let month = SampleReport.month("2026-10")
        let negative = [SampleReport.site("N1", "Refunds only", meals: 0, adjustments: Money(yuan: -24), of: month),
                        SampleReport.site("N2", "Normal", meals: 10, of: month)]
        let svg = ReportHTML.payableChart(SampleReport.report(sites: negative), lang: .en)
        #expect(count("<rect class=\"bar neg\"", in: svg) == 1)
        #expect(svg.contains(">-24.00</text>"))
        let zeros = [SampleReport.site("Z1", "Quiet", meals: 0, of: month), SampleReport.site("Z2", "Quieter", meals: 0, of: month)]
        let zeroSVG = ReportHTML.payableChart(SampleReport.report(sites: zeros), lang: .en)
        #expect(count("<rect class=\"bar\"", in: zeroSVG) == 2)
        #expect(!zeroSVG.contains("=\"-"))   // no negative coordinates or widths
        #expect(zeroSVG.contains(">0.00</text>"))
    }

    @Test func chineseLabels() {
        let html = ReportHTML.render(SampleReport.city(closed: true), lang: .zh)
        for label in ["长者饭堂补贴月度对账报告", "饭堂", "餐数", "就餐人数", "餐费总额", "应收自付", "政府补贴", "往月调整",
                      "应付补贴", "申报现金", "差额", "已支付", "凭证号", "预算", "期初余额", "本月拨款", "本月支用", "期末余额",
                      "早餐", "午餐", "晚餐", "现金", "微信支付", "支付宝", "合计", "未支付", "链头", "强制结账"] {
            #expect(html.contains(label), "missing \(label)")
        }
        #expect(!html.contains("Meal value"))
        #expect(!html.contains("Opening balance"))
    }

    @Test func englishLabels() {
        let html = ReportHTML.render(SampleReport.city(closed: true), lang: .en)
        for label in ["Monthly Reconciliation", "Canteen", "Meals", "Diners", "Meal value", "Copay due", "Copay declared",
                      "Variance", "Subsidy", "Adjustments", "Payable", "Paid (voucher)", "unpaid", "Voided", "Budget",
                      "Opening balance", "Appropriated", "Drawn", "Closing balance", "Breakfast", "Lunch", "Dinner",
                      "Cash", "WeChat Pay", "Alipay", "Card", "Total", "Chain head", "forced"] {
            #expect(html.contains(label), "missing \(label)")
        }
        #expect(!html.contains("餐费总额"))
    }

    @Test func canteenNamesAreEscaped() {
        let month = SampleReport.month("2026-10")
        let hostile = SampleReport.site("X1", "<b>&\"A'", meals: 3, voucher: "<v&1>", of: month)
        let html = ReportHTML.render(SampleReport.report(sites: [hostile], seal: SampleReport.seal()), lang: .en)
        #expect(html.contains("&lt;b&gt;&amp;&quot;A&#39;"))
        #expect(html.contains("&lt;v&amp;1&gt;"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("\"A'"))
        #expect(ReportHTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }

    @Test func deterministic() {
        for closed in [false, true] {
            let report = SampleReport.city(closed: closed)
            #expect(ReportHTML.render(report, lang: .zh) == ReportHTML.render(report, lang: .zh))
            #expect(ReportHTML.render(report, lang: .en) == ReportHTML.render(report, lang: .en))
        }
    }

    @Test func openMonthIsProvisional() {
        let report = SampleReport.city(closed: false)
        let en = ReportHTML.render(report, lang: .en)
        #expect(en.contains("PROVISIONAL: month open"))
        #expect(!en.contains("Closed on"))
        #expect(ReportHTML.render(report, lang: .zh).contains("临时数据：本月尚未结账"))
    }

    @Test func closedMonthShowsItsSeal() {
        let seal = SampleReport.seal()
        let month = SampleReport.month("2026-10")
        let report = SampleReport.report(sites: [SampleReport.site("GZ01", "A", meals: 10, of: month)], seal: seal)
        let html = ReportHTML.render(report, lang: .en)
        #expect(!html.contains("PROVISIONAL"))
        #expect(html.contains("Closed on 2026-11-02T09:30:00+08:00 by fin-wang"))
        #expect(html.contains("<dd class=\"hash\">\(seal.chainHead)</dd>"))
        #expect(html.contains("<dd class=\"hash\">\(seal.sealHash)</dd>"))
        #expect(!html.contains("class=\"forced\""))
        let forced = SampleReport.report(sites: report.sites, seal: SampleReport.seal(forced: true))
        #expect(ReportHTML.render(forced, lang: .en).contains("<span class=\"forced\">forced</span>"))
    }

    @Test func moneyIsRightAlignedAndNegativeVarianceHighlighted() {
        let html = ReportHTML.render(SampleReport.city(closed: false), lang: .en)
        // GZ02 declared 120 yuan less than its copay due.
        #expect(html.contains("<td class=\"num neg\">-120.00</td>"))
        #expect(count("class=\"num neg\"", in: html) == 2)   // the canteen and the totals row
        #expect(html.contains("<td class=\"num\">\(SampleReport.city(closed: false).totals.gross)</td>"))
    }

    @Test func settlementsAndUnpaid() {
        let html = ReportHTML.render(SampleReport.city(closed: true), lang: .en)
        #expect(html.contains("<span class=\"voucher\">PAY-2026-10-01</span>"))
        #expect(count("<span class=\"unpaid\">unpaid</span>", in: html) == 3)
        #expect(html.contains("4 of 7 paid"))
    }

    @Test func emptyReportKeepsItsStructure() {
        let report = SampleReport.report(sites: [], historyMonths: 1, basis: .none)
        for lang in [Lang.en, .zh] {
            let html = ReportHTML.render(report, lang: lang)
            #expect(count("<svg", in: html) == 2)
            #expect(count("<rect class=\"bar", in: html) == 0)
            #expect(count("<circle class=\"point", in: html) == 1)   // one month still draws its marker
            #expect(html.contains(lang("No canteens this month", "本月无饭堂数据")))
            #expect(html.contains(lang("nothing drawn yet", "尚无支用")))
            assertBalanced(html)
        }
    }

    @Test func tagsAreBalanced() {
        for closed in [false, true] {
            for lang in [Lang.en, .zh] {
                assertBalanced(ReportHTML.render(SampleReport.city(closed: closed), lang: lang))
            }
        }
    }

    private func assertBalanced(_ html: String) {
        for tag in ["html", "head", "body", "main", "section", "table", "thead", "tbody", "tfoot", "tr", "svg", "style", "header", "footer", "p", "dl"] {
            #expect(count("<\(tag)>", in: html) + count("<\(tag) ", in: html) == count("</\(tag)>", in: html), "<\(tag)> unbalanced")
        }
        #expect(count("<table", in: html) == count("</table>", in: html))
        #expect(count("<svg", in: html) == count("</svg>", in: html))
        #expect(count("<td", in: html) == count("</td>", in: html))
        #expect(count("<th", in: html) - count("<thead", in: html) == count("</th>", in: html))
        #expect(count("<text", in: html) == count("</text>", in: html))
    }

    @Test func forecastWording() {
        let remaining = Money(yuan: 9_000_000)
        let asOf = SampleReport.date("2026-10-31")
        let months = Forecast(basis: .months(3), drawnInWindow: Money(yuan: 2_760_000), windowDays: 92, remaining: remaining, asOf: asOf, bySite: [])
        let line = ReportHTML.forecastLine(months, lang: .en)
        #expect(line.contains("at the rate of the last 3 months"))
        #expect(line.contains("900,000.00 per 30 days"))
        #expect(line.contains(months.runOutDate!.description))
        #expect(ReportHTML.forecastLine(months, lang: .zh).contains("最近 3 个月"))
        let days = Forecast(basis: .days(5), drawnInWindow: Money(yuan: 5_000), windowDays: 5, remaining: remaining, asOf: asOf, bySite: [])
        #expect(ReportHTML.forecastLine(days, lang: .en).contains("of the last 5 days (little history"))
        let none = Forecast(basis: .none, drawnInWindow: .zero, windowDays: 0, remaining: remaining, asOf: asOf, bySite: [])
        #expect(ReportHTML.forecastLine(none, lang: .en).contains("nothing drawn yet"))
    }

    @Test func balanceChartEdgeCases() {
        let month = SampleReport.month("2026-10")
        let flat = (0..<4).map { _ in BudgetMonth(month: month, opening: Money(yuan: 500), appropriated: .zero, drawn: .zero) }
        let svg = ReportHTML.balanceChart(flat, lang: .en)
        #expect(count("<circle class=\"point", in: svg) == 4)
        #expect(svg.contains("<polyline"))
        let single = ReportHTML.balanceChart([flat[0]], lang: .en)
        #expect(count("<circle class=\"point", in: single) == 1)
        #expect(!single.contains("<polyline"))
        let zero = ReportHTML.balanceChart([BudgetMonth(month: month, opening: .zero, appropriated: .zero, drawn: .zero)], lang: .en)
        #expect(count("<circle class=\"point", in: zero) == 1)
        let empty = ReportHTML.balanceChart([], lang: .zh)
        #expect(empty.contains("暂无预算历史"))
        #expect(count("<svg", in: empty) == 1 && count("</svg>", in: empty) == 1)
    }

    @Test func axisRangeUsesRoundSteps() {
        let r = ReportHTML.axisRange(low: 0, high: 1_610_000_000)
        #expect(r.low == 0)
        #expect(r.high >= 1_610_000_000)
        #expect(r.high % r.step == 0)
        #expect((r.high - r.low) / r.step <= 5)
        let z = ReportHTML.axisRange(low: 0, high: 0)
        #expect(z.high > z.low)
    }
}


@Suite struct BalanceChartScaleTests {
    @Test func aDecliningFundShowsItsSlope() {
        let months = ["2026-08", "2026-09", "2026-10"].map { SampleReport.month($0) }
        let history = zip(months, [Int64(16_100_000), 15_739_169, 15_369_584]).map {
            BudgetMonth(month: $0, opening: Money(yuan: $1), appropriated: .zero, drawn: .zero)
        }
        let svg = ReportHTML.balanceChart(history, lang: .en)
        #expect(svg.contains("axis does not start at zero"))
        #expect(!svg.contains(">0</text>"))
        let ys = svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.map { line -> Int in
            Int(line.split(separator: "cy=\"")[1].prefix { $0 != "\"" })!
        }
        #expect(ys.count == 3)
        #expect(ys[0] < ys[1] && ys[1] < ys[2])   // lower balances sit lower
        #expect(ys[2] - ys[0] > 100)              // and the slope is visible
    }

    @Test func aFlatFundStartsAtZero() {
        let month = SampleReport.month("2026-10")
        let svg = ReportHTML.balanceChart([BudgetMonth(month: month, opening: Money(yuan: 16_100_000), appropriated: .zero, drawn: .zero)], lang: .zh)
        #expect(svg.contains(">0</text>"))
        #expect(!svg.contains("纵轴不从零开始"))
    }
}
