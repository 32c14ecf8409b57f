import CanteenCore

/// `canteen report month`.
enum ReportMonthCommand: Command {
    static let spec = CommandSpec(
        path: ["report", "month"], abstract: Bilingual("The month's reconciliation report, per canteen and for the city.",
                                                       "月度对账报表，分饭堂并汇总全市。"),
        discussion: Bilingual("""
            An open month's figures are provisional; a closed month's report reproduces its sealed figures exactly.
            JSON and CSV are deterministic: the same books give the same bytes.
            """, """
            未结账月份的数字是暂定的；已结账月份的报表与封存的数字完全一致。
            JSON 和 CSV 输出是确定的：同样的账簿得到同样的字节。
            """),
        arguments: [ArgumentSpec(name: "month", help: Bilingual("YYYY-MM.", "月份，格式为 YYYY-MM。"))],
        options: [
            .optional("site", "code", Bilingual("Only this canteen's line and totals; the budget block stays the city's fund.",
                                                "只含该饭堂的行和合计；预算部分仍为全市资金。")),
            .optional("out", "file", Bilingual("Write to this file instead of standard output (- is standard output).",
                                               "写入该文件，而不是标准输出（- 表示标准输出）。")),
            .flag("excel", Bilingual("With --format csv: start with a UTF-8 byte-order mark, for Excel.",
                                     "与 --format csv 一起使用：文件以 UTF-8 字节顺序标记开头，便于 Excel 打开。")),
        ])

    static func run(_ invocation: Invocation) throws -> Output {
        try invocation.requireFormat([.table, .csv, .json, .html])
        if invocation.flag("excel") && invocation.format != .csv {
            throw UsageError(.excelNeedsCSV, command: spec.path)
        }
        let month = try YearMonth(input: invocation.argument(0)!)
        let report = try invocation.books().monthReport(month, site: invocation.option("site"))
        let l = invocation.lang
        var json = ReportJSON.render(report)
        if let site = invocation.option("site"), case .object(var fields) = json {
            // With --site the totals are that canteen's, while the budget block is the whole fund's: say so.
            fields.insert(("site_filter", .string(site.uppercased())), at: 2)
            json = .object(fields)
        }
        var output = Output(text: ReportText.render(report, l), json: json, csv: ReportCSV.render(report))
        if invocation.format == .html { output.other[.html] = ReportHTML.render(report, lang: l) }
        return output
    }
}
