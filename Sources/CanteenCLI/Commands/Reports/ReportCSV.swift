import CanteenCore

/// The month report as CSV: one row per canteen and a total row.
enum ReportCSV {
    static func render(_ report: MonthReport) -> [[String]] {
        let header = ["month", "status", "site", "name", "meals", "breakfast", "lunch", "dinner", "diners", "gross", "copay",
                      "copay_cash", "copay_wechat", "copay_alipay", "copay_card", "cash_declared", "cash_variance", "subsidy",
                      "adjustments", "copay_adjustments", "payable", "paid", "voucher", "voided_meals"]
        func row(_ site: String, _ name: String, _ f: Figures, _ b: Breakdown, _ settlement: Settlement?) -> [String] {
            [report.month.description, report.isClosed ? "closed" : "open", site, name, String(f.meals)]
                + MealSlot.allCases.map { String(b.mealsBySlot[$0] ?? 0) }
                + [String(f.diners), f.gross.description, f.copay.description]
                + PaymentMethod.allCases.map { (b.copayByPay[$0] ?? .zero).description }
                + [f.cashDeclared?.description ?? "", f.cashVariance?.description ?? "", f.subsidy.description,
                   f.adjustments.description, f.copayAdjustments.description, f.payable.description,
                   settlement?.amount.description ?? "", settlement?.voucher ?? "",
                   String(b.voidedMeals)]
        }
        return [header] + report.sites.map { row($0.site, $0.name, $0.figures, $0.breakdown, $0.settlement) }
            + [row("TOTAL", "", report.totals, report.totalBreakdown, nil)]
    }
}
