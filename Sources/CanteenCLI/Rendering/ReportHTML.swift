import CanteenCore

/// The monthly reconciliation as one self-contained, printable HTML5 document: inline CSS, charts as
/// inline SVG, nothing loaded from outside, and the same bytes for the same report (no generation time).
enum ReportHTML {
    static func render(_ report: MonthReport, lang: Lang) -> String {
        let title = lang("Senior Canteen Subsidy: Monthly Reconciliation", "长者饭堂补贴月度对账报告")
        var out = "<!DOCTYPE html>\n"
        out += "<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(escape(title)) \(report.month)</title>\n"
        out += "<style>\n\(style)</style>\n</head>\n<body>\n<main class=\"sheet\">\n"
        out += header(report, title: title, lang: lang)
        out += status(report, lang: lang)
        out += summary(report, lang: lang)
        out += siteTable(report, lang: lang)
        out += siteBreakdown(report, lang: lang)
        out += "<div class=\"columns\">\n"
        out += breakdown(report, lang: lang)
        out += budget(report, lang: lang)
        out += "</div>\n"
        out += "<section class=\"chart\">\n<h2>\(escape(lang("Subsidy payable by canteen (yuan)", "各饭堂应付补贴（元）")))</h2>\n"
        out += payableChart(report, lang: lang)
        out += "</section>\n"
        out += "<section class=\"chart\">\n<h2>\(escape(lang("Budget remaining at month end (yuan)", "预算期末余额走势（元）")))</h2>\n"
        out += balanceChart(report.history, lang: lang)
        out += "</section>\n"
        out += notes(lang: lang)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Sections

    private static func header(_ report: MonthReport, title: String, lang: Lang) -> String {
        var scope = lang("Canteens in this report: ", "本报告饭堂数：") + "\(report.sites.count)"
        if report.sites.count == 1, let only = report.sites.first {
            scope += " (\(only.site))"
        }
        return """
            <header>
            <h1>\(escape(title))</h1>
            <p class="month"><span>\(escape(lang("Month", "月份")))</span> \(escape(report.month.description))</p>
            <p class="scope">\(escape(scope)) · \(escape(lang("All amounts in yuan (CNY)", "金额单位：元")))</p>
            </header>\n
            """
    }

    private static func status(_ report: MonthReport, lang: Lang) -> String {
        if report.seal == nil && report.sealedByLaterClose {
            return "<section class=\"status closed\">\n<p class=\"status-line\"><strong>\(escape(lang("Closed: no activity of its own; sealed when a later month closed", "已结账：本月无业务，随后续月份一并封存")))</strong></p>\n</section>\n"
        }
        guard let seal = report.seal else {
            return """
                <section class="status open">
                <p class="status-line"><strong>\(escape(lang("PROVISIONAL: month open", "临时数据：本月尚未结账")))</strong> \
                \(escape(lang("— these figures may still change until the month is closed.", "——结账前数字仍可能变动。")))</p>
                </section>\n
                """
        }
        var out = "<section class=\"status closed\">\n<p class=\"status-line\"><strong>"
        out += escape(lang("Closed on \(seal.closedAt) by \(seal.closedBy)", "已结账：\(seal.closedAt)，结账人 \(seal.closedBy)"))
        out += "</strong>"
        if seal.forced {
            out += " <span class=\"forced\">\(escape(lang("forced", "强制结账")))</span> "
            out += "<span class=\"forced-note\">\(escape(lang("closed although a canteen with meals had not declared its cash", "有饭堂未申报现金时强行结账")))</span>"
        }
        out += "</p>\n<dl class=\"seal\">\n"
        out += "<dt>\(escape(lang("Chain head", "日记账链头")))</dt><dd class=\"hash\">\(escape(seal.chainHead))</dd>\n"
        out += "<dt>\(escape(lang("Seal hash", "封账哈希")))</dt><dd class=\"hash\">\(escape(seal.sealHash))</dd>\n"
        out += "<dt>\(escape(lang("Last journal entry", "最后一笔分录")))</dt><dd>#\(seal.lastEntryID)</dd>\n"
        out += "</dl>\n<p class=\"keep\">\(escape(lang("Auditors: keep a copy of the chain head; `canteen audit verify` checks the books against it.", "审计人员请留存链头哈希；`canteen audit verify` 据此核验账簿未被篡改。")))</p>\n"
        out += "</section>\n"
        return out
    }

    private static func summary(_ report: MonthReport, lang: Lang) -> String {
        let cards: [(String, String)] = [
            (lang("Meals", "餐数"), "\(report.totals.meals)"),
            (lang("Diners", "就餐人数"), "\(report.totals.diners)"),
            (lang("Subsidy payable", "应付补贴"), report.totals.payable.grouped),
            (lang("Budget remaining", "预算期末余额"), report.budget.closing.grouped),
        ]
        var out = "<section class=\"cards\">\n"
        for (label, value) in cards {
            out += "<div class=\"card\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(escape(value))</div></div>\n"
        }
        return out + "</section>\n"
    }

    private static func siteTable(_ report: MonthReport, lang: Lang) -> String {
        let headers = [
            lang("Canteen", "饭堂"), lang("Meals", "餐数"), lang("Diners", "就餐人数"), lang("Meal value", "餐费总额"),
            lang("Copay due", "应收自付"), lang("Copay declared", "申报现金"), lang("Variance", "差额"),
            lang("Subsidy", "政府补贴"), lang("Adjustments", "往月调整"), lang("Payable", "应付补贴"),
            lang("Paid (voucher)", "已支付（凭证号）"), lang("Voided", "作废餐数"),
        ]
        var out = "<section>\n<h2>\(escape(lang("Reconciliation by canteen", "各饭堂对账")))</h2>\n"
        out += "<table class=\"sites\">\n<thead>\n<tr>"
        for (index, header) in headers.enumerated() {
            out += index == 0 || index == 10 ? "<th class=\"text\">" : "<th>"
            out += escape(header) + "</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        if report.sites.isEmpty {
            out += "<tr><td class=\"empty\" colspan=\"\(headers.count)\">\(escape(lang("No canteen had meals, adjustments or a cash declaration this month.", "本月没有饭堂发生就餐、调整或现金申报。")))</td></tr>\n"
        }
        for site in report.sites {
            let label = "<span class=\"code\">\(escape(site.site))</span> <span class=\"name\">\(escape(site.name))</span>"
            let paid: String
            if let settlement = site.settlement {
                paid = "<span class=\"voucher\">\(escape(settlement.voucher))</span>"
                    + (settlement.amount == site.figures.payable ? "" : " <span class=\"small\">\(escape(settlement.amount.description))</span>")
            } else {
                paid = "<span class=\"unpaid\">\(escape(lang("unpaid", "未支付")))</span>"
            }
            out += row(label: label, site.figures, variance: site.figures.cashVariance, paid: paid, voided: site.breakdown.voidedMeals, rowClass: nil)
        }
        out += "</tbody>\n<tfoot>\n"
        let settled = report.sites.filter { $0.settlement != nil }.count
        let paidTotal = report.sites.isEmpty ? "" : "<span class=\"small\">\(escape(lang("\(settled) of \(report.sites.count) paid", "已付 \(settled)/\(report.sites.count)")))</span>"
        out += row(label: escape(lang("Total", "合计")), report.totals, variance: report.totals.cashVariance, paid: paidTotal,
                   voided: report.totalBreakdown.voidedMeals, rowClass: "total")
        out += "</tfoot>\n</table>\n</section>\n"
        return out
    }

    /// One line of the canteen table; `label` and `paid` are HTML already escaped.
    private static func row(label: String, _ f: Figures, variance: Money?, paid: String, voided: Int, rowClass: String?) -> String {
        var out = rowClass.map { "<tr class=\"\($0)\">" } ?? "<tr>"
        out += "<td class=\"text\">\(label)</td>"
        out += "<td class=\"num\">\(f.meals)</td>"
        out += "<td class=\"num\">\(f.diners)</td>"
        out += money(f.gross)
        out += money(f.copay)
        out += f.cashDeclared.map { money($0) } ?? "<td class=\"num muted\">—</td>"
        if let variance {
            out += variance < .zero ? "<td class=\"num neg\">\(variance)</td>" : money(variance)
        } else {
            out += "<td class=\"num muted\">—</td>"
        }
        out += money(f.subsidy)
        out += money(f.adjustments)
        out += "<td class=\"num strong\">\(f.payable)</td>"
        out += "<td class=\"text paid\">\(paid)</td>"
        out += voided == 0 ? "<td class=\"num muted\">0</td>" : "<td class=\"num\">\(voided)</td>"
        return out + "</tr>\n"
    }

    private static func money(_ amount: Money) -> String {
        amount == .zero ? "<td class=\"num muted\">\(amount)</td>" : "<td class=\"num\">\(amount)</td>"
    }

    /// Per canteen: meals by slot and copay due by payment method, the figures a canteen's own till can confirm.
    private static func siteBreakdown(_ report: MonthReport, lang: Lang) -> String {
        guard !report.sites.isEmpty else { return "" }
        var out = "<section>\n<h2>\(escape(lang("Meals by slot and copay by payment, per canteen", "各饭堂分餐次餐数与自付方式")))</h2>\n"
        out += "<table class=\"sites\">\n<thead><tr><th class=\"text\">\(escape(lang("Canteen", "饭堂")))</th>"
        out += MealSlot.allCases.map { "<th>\(escape(slotName($0, lang)))</th>" }.joined()
        out += PaymentMethod.allCases.map { "<th>\(escape(payName($0, lang)))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        func cells(_ b: Breakdown) -> String {
            MealSlot.allCases.map { "<td class=\"num\">\(b.mealsBySlot[$0] ?? 0)</td>" }.joined()
                + PaymentMethod.allCases.map { money(b.copayByPay[$0] ?? .zero) }.joined()
        }
        for site in report.sites {
            out += "<tr><td class=\"text\"><span class=\"code\">\(escape(site.site))</span> <span class=\"name\">\(escape(site.name))</span></td>\(cells(site.breakdown))</tr>\n"
        }
        out += "</tbody>\n<tfoot><tr class=\"total\"><td class=\"text\">\(escape(lang("Total", "合计")))</td>\(cells(report.totalBreakdown))</tr></tfoot>\n</table>\n</section>\n"
        return out
    }

    private static func breakdown(_ report: MonthReport, lang: Lang) -> String {
        let b = report.totalBreakdown
        var out = "<section class=\"breakdown\">\n<h2>\(escape(lang("Breakdown (all canteens)", "明细（合计）")))</h2>\n"
        out += "<table class=\"small-table\">\n<thead><tr><th class=\"text\">\(escape(lang("Slot", "餐次")))</th><th>\(escape(lang("Meals", "餐数")))</th></tr></thead>\n<tbody>\n"
        for slot in MealSlot.allCases {
            out += "<tr><td class=\"text\">\(escape(slotName(slot, lang)))</td><td class=\"num\">\(b.mealsBySlot[slot] ?? 0)</td></tr>\n"
        }
        // The core summed the slots and the payment methods exactly as it read them; adding them again here could
        // overflow (or clamp) on a damaged file.
        let slotTotal = b.meals
        out += "</tbody>\n<tfoot><tr class=\"total\"><td class=\"text\">\(escape(lang("Total", "合计")))</td><td class=\"num\">\(slotTotal)</td></tr></tfoot>\n</table>\n"
        out += "<table class=\"small-table\">\n<thead><tr><th class=\"text\">\(escape(lang("Copay paid by", "自付支付方式")))</th><th>\(escape(lang("Copay", "自付金额")))</th></tr></thead>\n<tbody>\n"
        for method in PaymentMethod.allCases {
            out += "<tr><td class=\"text\">\(escape(payName(method, lang)))</td>\(money(b.copayByPay[method] ?? .zero))</tr>\n"
        }
        let payTotal = b.copay
        out += "</tbody>\n<tfoot><tr class=\"total\"><td class=\"text\">\(escape(lang("Total", "合计")))</td><td class=\"num\">\(payTotal)</td></tr></tfoot>\n</table>\n"
        out += "<p class=\"small\">\(escape(lang("Voided meals (not counted): ", "作废餐数（不计入）：")))\(b.voidedMeals)</p>\n"
        return out + "</section>\n"
    }

    private static func budget(_ report: MonthReport, lang: Lang) -> String {
        let b = report.budget
        var out = "<section class=\"budget\">\n<h2>\(escape(lang("Budget", "预算")))</h2>\n<table class=\"small-table\">\n<tbody>\n"
        let lines: [(String, String, String?)] = [
            (lang("Opening balance", "期初余额"), b.opening.grouped, nil),
            (lang("Appropriated this month", "本月拨款"), "+ " + b.appropriated.grouped, nil),
            (lang("Drawn this month", "本月支用"), "− " + b.drawn.grouped, nil),
            (lang("Closing balance", "期末余额"), b.closing.grouped, "total"),
        ]
        for (label, value, rowClass) in lines {
            out += rowClass.map { "<tr class=\"\($0)\">" } ?? "<tr>"
            out += "<td class=\"text\">\(escape(label))</td><td class=\"num\">\(escape(value))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n<p class=\"forecast\">\(escape(forecastLine(report.forecast, lang: lang)))</p>\n"
        return out + "</section>\n"
    }

    static func forecastLine(_ forecast: Forecast, lang: Lang) -> String {
        let rate = forecast.monthlyRate.grouped
        let remaining = forecast.remaining.grouped
        let until = forecast.runOutDate.map(\.description) ?? "—"
        switch forecast.basis {
        case .months(let n) where forecast.runOutDate != nil:
            return lang(
                "Forecast: at the rate of the last \(n == 1 ? "month" : "\(n) months") (\(rate) per 30 days), the remaining \(remaining) lasts until \(until).",
                "预测：按最近 \(n) 个月的支用速度（每 30 天约 \(rate) 元），剩余 \(remaining) 元预计可用至 \(until)。")
        case .days(let n) where forecast.runOutDate != nil:
            return lang(
                "Forecast: at the rate of the last \(n == 1 ? "day" : "\(n) days") (little history; \(rate) per 30 days), the remaining \(remaining) lasts until \(until).",
                "预测：按最近 \(n) 天的支用速度（历史数据较少；每 30 天约 \(rate) 元），剩余 \(remaining) 元预计可用至 \(until)。")
        default:
            return lang("Forecast: nothing drawn yet, so no run-out date; \(remaining) remains.",
                        "预测：尚无支用，无法估计用尽日期；剩余 \(remaining) 元。")
        }
    }

    private static func notes(lang: Lang) -> String {
        let text = lang(
            "Meal value = copay due + subsidy. Variance = copay declared − copay due (— : not declared). Payable = subsidy + adjustments (reversals of meals of earlier, closed months). Opening + appropriated − drawn = closing; drawn = total payable.",
            "餐费总额 = 应收自付 + 政府补贴。差额 = 申报现金 − 应收自付（—：未申报）。应付补贴 = 政府补贴 + 往月调整（已结账月份餐次的冲回）。期初余额 + 本月拨款 − 本月支用 = 期末余额；本月支用 = 应付补贴合计。")
        return "<footer class=\"notes\"><p>\(escape(text))</p></footer>\n"
    }

    private static func slotName(_ slot: MealSlot, _ lang: Lang) -> String {
        switch slot {
        case .breakfast: return lang("Breakfast", "早餐")
        case .lunch: return lang("Lunch", "午餐")
        case .dinner: return lang("Dinner", "晚餐")
        }
    }

    private static func payName(_ method: PaymentMethod, _ lang: Lang) -> String {
        switch method {
        case .cash: return lang("Cash", "现金")
        case .wechat: return lang("WeChat Pay", "微信支付")
        case .alipay: return lang("Alipay", "支付宝")
        case .card: return lang("Card", "刷卡")
        }
    }

    // MARK: - Charts (inline SVG; integer pixel geometry computed from fen with Int64 arithmetic)

    private static let chartWidth = 700

    // Inline SVG in HTML5 needs no xmlns, so the document holds no URL at all.

    /// Horizontal bars of each canteen's payable, scaled to the largest magnitude; negative bars go left of zero.
    static func payableChart(_ report: MonthReport, lang: Lang) -> String {
        let width = chartWidth
        let labelWidth = 200, valueWidth = 90, rowHeight = 20, barHeight = 12, top = 6, bottom = 8
        let sites = report.sites
        let height = top + max(sites.count, 1) * rowHeight + bottom
        var out = "<svg class=\"bars\" viewBox=\"0 0 \(width) \(height)\" "
        out += "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(lang("Subsidy payable by canteen", "各饭堂应付补贴")))\">\n"
        guard !sites.isEmpty else {
            out += "<text class=\"nodata\" x=\"\(width / 2)\" y=\"\(top + rowHeight / 2 + 4)\" text-anchor=\"middle\">\(escape(lang("No canteens this month", "本月无饭堂数据")))</text>\n"
            return out + "</svg>\n"
        }
        let plotLeft = labelWidth + 8
        let plotWidth = width - plotLeft - valueWidth - 8
        let values = sites.map { chartValue($0.figures.payable.fen) }
        let low = min(0, values.min() ?? 0)
        let high = max(0, values.max() ?? 0)
        // chartValue bounds every value, so these differences and products stay far inside Int64.
        let span = max(high - low, 1)
        func x(_ fen: Int64) -> Int { plotLeft + Int((chartValue(fen) - low) * Int64(plotWidth) / span) }
        let zero = x(0)
        for (index, site) in sites.enumerated() {
            let rowTop = top + index * rowHeight
            let textY = rowTop + rowHeight / 2 + 4
            if index % 2 == 1 {
                out += "<rect class=\"stripe\" x=\"0\" y=\"\(rowTop)\" width=\"\(width)\" height=\"\(rowHeight)\"/>\n"
            }
            let label = truncated(site.site + " " + site.name, columns: 34)
            out += "<text class=\"label\" x=\"\(labelWidth)\" y=\"\(textY)\" text-anchor=\"end\">\(escape(label))</text>\n"
            let fen = site.figures.payable.fen
            let end = x(fen)
            let barClass = fen < 0 ? "bar neg" : "bar"
            out += "<rect class=\"\(barClass)\" x=\"\(min(zero, end))\" y=\"\(rowTop + (rowHeight - barHeight) / 2)\" "
            out += "width=\"\(abs(end - zero))\" height=\"\(barHeight)\"><title>\(escape(site.site)) \(site.figures.payable)</title></rect>\n"
            out += "<text class=\"\(fen < 0 ? "value neg" : "value")\" x=\"\(width - 4)\" y=\"\(textY)\" text-anchor=\"end\">\(site.figures.payable.grouped)</text>\n"
        }
        out += "<line class=\"axis\" x1=\"\(zero)\" y1=\"\(top)\" x2=\"\(zero)\" y2=\"\(top + sites.count * rowHeight)\"/>\n"
        return out + "</svg>\n"
    }

    /// The fund's closing balance month by month. The axis spans the balances with a margin, so that a month's
    /// drawing (a few percent of the fund) shows as a slope; it starts at zero when there is no spread to show.
    static func balanceChart(_ history: [BudgetMonth], lang: Lang) -> String {
        let width = chartWidth, height = 250
        let left = 88, right = 24, top = 30, bottom = 44
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var out = "<svg class=\"line\" viewBox=\"0 0 \(width) \(height)\" "
        out += "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(lang("Budget remaining at month end", "预算期末余额走势")))\">\n"
        let values = history.map { chartValue($0.closing.fen) }
        let least = values.min() ?? 0, most = values.max() ?? 0
        let (low, high, step): (Int64, Int64, Int64)
        if least == most {
            (low, high, step) = axisRange(low: min(0, least), high: max(0, most))
        } else {
            let margin = (most - least) / 10
            (low, high, step) = axisRange(low: least >= 0 ? max(0, least - margin) : least - margin, high: most + margin)
        }
        let span = high - low
        func y(_ fen: Int64) -> Int { top + plotHeight - Int((fen - low) * Int64(plotHeight) / span) }
        // Gridlines and the y-axis labels.
        var tick = low
        while tick <= high {
            let ty = y(tick)
            out += "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(left + plotWidth)\" y2=\"\(ty)\"/>\n"
            out += "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(ty + 4)\" text-anchor=\"end\">\(escape(tickLabel(tick, step: step)))</text>\n"
            tick += step
        }
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\"/>\n"
        let unit = low > 0 ? lang("yuan (axis does not start at zero)", "元（纵轴不从零开始）") : lang("yuan", "元")
        out += "<text class=\"axis-title\" x=\"\(low > 0 ? 8 : left - 6)\" y=\"\(top - 8)\" text-anchor=\"\(low > 0 ? "start" : "end")\">\(escape(unit))</text>\n"
        out += "<text class=\"axis-title\" x=\"\(left + plotWidth)\" y=\"\(height - 6)\" text-anchor=\"end\">\(escape(lang("month", "月份")))</text>\n"
        guard !history.isEmpty else {
            out += "<text class=\"nodata\" x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\">\(escape(lang("No budget history", "暂无预算历史")))</text>\n"
            return out + "</svg>\n"
        }
        func x(_ index: Int) -> Int {
            history.count == 1 ? left + plotWidth / 2 : left + index * plotWidth / (history.count - 1)
        }
        let points = history.indices.map { (x($0), y(values[$0])) }
        if points.count > 1 {
            out += "<polygon class=\"area\" points=\""
            out += "\(points[0].0),\(y(max(low, 0))) " + points.map { "\($0.0),\($0.1)" }.joined(separator: " ")
            out += " \(points[points.count - 1].0),\(y(max(low, 0)))\"/>\n"
            out += "<polyline class=\"series\" points=\"" + points.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\"/>\n"
        }
        // Month labels: at most about twelve, always the first and the last.
        let every = (history.count + 11) / 12
        for (index, month) in history.enumerated() {
            let (px, py) = points[index]
            let isLast = index == history.count - 1
            out += "<circle class=\"\(isLast ? "point last" : "point")\" cx=\"\(px)\" cy=\"\(py)\" r=\"\(isLast ? 4 : 3)\">"
            out += "<title>\(month.month) \(month.closing.grouped)</title></circle>\n"
            if isLast || (index % every == 0 && history.count - 1 - index >= every) {
                out += "<text class=\"tick\" x=\"\(px)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(month.month)</text>\n"
            }
        }
        // The latest balance, written beside its point, on the side away from the line coming into it.
        let (lastX, lastY) = points[points.count - 1]
        let anchor = lastX > left + plotWidth - 120 ? "end" : "start"
        let labelX = anchor == "end" ? lastX - 6 : lastX + 6
        let cameDown = points.count > 1 && points[points.count - 2].1 < lastY
        let below = lastY + 18 <= top + plotHeight
        let labelY = (cameDown && below) || lastY - 10 < top ? lastY + 16 : lastY - 8
        out += "<text class=\"value\" x=\"\(labelX)\" y=\"\(labelY)\" text-anchor=\"\(anchor)\">\(history[history.count - 1].closing.grouped)</text>\n"
        return out + "</svg>\n"
    }

    /// The largest magnitude a chart draws to scale: ten times the fund's limit. Balances and payables are at
    /// most `Money.fundLimit` (10^14 fen); a damaged file's larger figure is drawn at the edge (its label still
    /// says what it is), so that a span (at most 2.4 × 10^15 fen with margins) times a plot's pixels stays far
    /// inside Int64 and the axis needs only a few steps.
    static let chartLimit: Int64 = 10 * Money.fundLimit.fen

    /// `fen` clamped to ±`chartLimit`.
    static func chartValue(_ fen: Int64) -> Int64 { min(max(fen, -chartLimit), chartLimit) }

    /// A y-axis from `low` to `high` (fen) in steps of 1, 2 or 5 × 10ⁿ fen, about five of them.
    static func axisRange(low: Int64, high: Int64) -> (low: Int64, high: Int64, step: Int64) {
        // The margins callers add may reach a little past chartLimit; clamping again keeps every sum below exact.
        let low = min(max(low, -2 * chartLimit), 2 * chartLimit), high = min(max(high, -2 * chartLimit), 2 * chartLimit)
        let span = max(high - low, 100)
        let target = (span + 4) / 5
        var magnitude: Int64 = 1
        var step: Int64 = 1
        search: while true {
            for factor: Int64 in [1, 2, 5] where factor * magnitude >= target {
                step = factor * magnitude
                break search
            }
            magnitude *= 10
        }
        let floor = low >= 0 ? low / step * step : -((-low + step - 1) / step * step)
        var ceiling = high >= 0 ? (high + step - 1) / step * step : -(-high / step * step)
        if ceiling <= floor { ceiling = floor + step }
        return (floor, ceiling, step)
    }

    /// Whole yuan with separators when the step allows it ("16,000,000"), else yuan and fen.
    private static func tickLabel(_ fen: Int64, step: Int64) -> String {
        let text = Money(fen: fen).grouped
        return step % 100 == 0 ? String(text.dropLast(3)) : text
    }

    /// Cuts text to about `columns` display columns (CJK counts two), ending with "…" when cut.
    private static func truncated(_ text: String, columns: Int) -> String {
        guard text.displayWidth > columns else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = String(character).displayWidth
            if used + w > columns - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// HTML-escapes text for element content and quoted attribute values. Control, format and direction characters
    /// (ESC, NUL, a right-to-left override, a zero-width space…) are first written as the visible escapes the
    /// terminal and CSV show (`\u{1B}`): a stored name must not reorder a printed line or hide what it holds. Every
    /// string that reaches the report or the card sheet passes through here.
    static func escape(_ text: String) -> String {
        let text = TerminalText.escaped(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: - Style

    private static let style = """
        @page { size: A4; margin: 12mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: #e9ebee; color: #1a1a1a;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
          font-size: 10pt; line-height: 1.4; }
        .sheet { width: 210mm; max-width: 100%; margin: 0 auto; padding: 12mm; background: #fff; }
        @media screen { .sheet { margin: 8mm auto; box-shadow: 0 1px 6px rgba(0,0,0,.25); } }
        @media print { body { background: #fff; } .sheet { width: auto; padding: 0; margin: 0; box-shadow: none; } }
        header { border-bottom: 2px solid #1f3b5c; padding-bottom: 3mm; margin-bottom: 4mm; }
        h1 { font-size: 17pt; margin: 0; color: #1f3b5c; letter-spacing: .02em; }
        h2 { font-size: 11pt; margin: 5mm 0 2mm; color: #1f3b5c; border-left: 3px solid #1f3b5c; padding-left: 2mm; }
        .month { font-size: 14pt; font-weight: bold; margin: 1mm 0 0; }
        .month span { font-size: 10pt; font-weight: normal; color: #555; margin-right: 2mm; }
        .scope { margin: 1mm 0 0; color: #555; font-size: 9pt; }
        .status { border: 1.5px solid; border-radius: 2px; padding: 2mm 3mm; margin: 0 0 4mm; page-break-inside: avoid; break-inside: avoid; }
        .status p { margin: 0; }
        .status.open { border-color: #b35c00; border-style: dashed; background: #fff4e5; color: #7a3e00; }
        .status.closed { border-color: #2e6b3a; background: #eef6ef; }
        .status.closed .status-line strong { color: #1d4f28; }
        .forced { display: inline-block; text-transform: uppercase; font-weight: bold; font-size: 8pt; color: #fff; background: #a31515; padding: 0 1.5mm; border-radius: 2px; }
        .forced-note { color: #a31515; font-size: 9pt; }
        dl.seal { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 3mm; margin: 1.5mm 0 1mm; font-size: 9pt; }
        dl.seal dt { color: #444; }
        dl.seal dd { margin: 0; }
        .hash { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 8.5pt; word-break: break-all; }
        .keep { font-size: 8pt; color: #555; }
        .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 2mm; }
        .card { border: 1px solid #ccd3db; border-radius: 2px; padding: 1.5mm 3mm; page-break-inside: avoid; break-inside: avoid; }
        .card .label { font-size: 8.5pt; color: #555; }
        .card .value { font-size: 13pt; font-weight: bold; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        th, td { padding: 1mm 1.2mm; border-bottom: 1px solid #d5dbe1; vertical-align: top; }
        th { word-break: keep-all; background: #e8eef4; color: #1f3b5c; font-weight: bold; text-align: right; vertical-align: bottom; border-bottom: 1.5px solid #1f3b5c; }
        th.text, td.text { text-align: left; }
        td.num { text-align: right; white-space: nowrap; }
        table.sites { font-size: 7.5pt; table-layout: auto; }
        table.sites th { font-size: 7pt; line-height: 1.25; }
        table.sites th, table.sites td { padding: .8mm .7mm; }
        table.sites th:first-child, table.sites td:first-child { padding-left: 1.2mm; }
        table.sites th:last-child, table.sites td:last-child { padding-right: 1.2mm; }
        table.sites td.text { overflow-wrap: anywhere; }
        table.sites td:first-child { min-width: 25mm; }
        table.sites tbody tr:nth-child(even) td { background: #f6f8fa; }
        tfoot tr.total td { font-weight: bold; border-top: 1.5px solid #1f3b5c; border-bottom: 1.5px solid #1f3b5c; background: #eef2f6; }
        .code { display: block; font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-weight: bold; font-size: 7.5pt; color: #1f3b5c; }
        .voucher { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 7.5pt; overflow-wrap: anywhere; }
        .unpaid { color: #8a5a00; font-style: italic; }
        .muted { color: #8a9199; }
        .strong { font-weight: bold; }
        td.neg, .neg { color: #b00020; font-weight: bold; }
        td.neg { background: #fdecee !important; }
        td.empty { text-align: center; color: #666; padding: 4mm; }
        .small { font-size: 8pt; color: #555; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; page-break-inside: avoid; break-inside: avoid; }
        .breakdown { display: grid; grid-template-columns: 1fr 1fr; gap: 0 3mm; align-content: start; align-items: start; }
        .breakdown h2, .breakdown p { grid-column: 1 / -1; }
        .breakdown p { margin: 1mm 0 0; }
        table.small-table { font-size: 8.5pt; }
        .budget tr.total td { font-weight: bold; border-top: 1.5px solid #1f3b5c; border-bottom: 1.5px solid #1f3b5c; background: #eef2f6; }
        .forecast { font-size: 8.5pt; margin: 2mm 0 0; padding: 1.5mm 2mm; background: #f4f6f8; border-left: 3px solid #7b8a99; }
        .chart { page-break-inside: avoid; break-inside: avoid; }
        .chart svg { display: block; width: 100%; height: auto; max-width: 100%; }
        svg text { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", Arial, sans-serif; font-size: 10px; fill: #1a1a1a; }
        svg .label { font-size: 10.5px; }
        svg .value { font-size: 10.5px; font-weight: bold; font-variant-numeric: tabular-nums; }
        svg .value.neg { fill: #b00020; }
        svg .tick { font-size: 9.5px; fill: #444; font-variant-numeric: tabular-nums; }
        svg .axis-title { font-size: 9.5px; fill: #666; }
        svg .nodata { fill: #777; font-size: 11px; }
        svg .stripe { fill: #f6f8fa; }
        svg .bar { fill: #3a6ea5; }
        svg .bar.neg { fill: #c0392b; }
        svg .axis { stroke: #555; stroke-width: 1; }
        svg .grid { stroke: #dde2e7; stroke-width: 1; }
        svg .series { fill: none; stroke: #1f3b5c; stroke-width: 2; stroke-linejoin: round; }
        svg .area { fill: #3a6ea5; fill-opacity: .12; stroke: none; }
        svg .point { fill: #fff; stroke: #1f3b5c; stroke-width: 2; }
        svg .point.last { fill: #1f3b5c; }
        .notes { margin-top: 5mm; padding-top: 2mm; border-top: 1px solid #ccd3db; font-size: 7.5pt; color: #555; }
        .notes p { margin: 0; }

        """
}
