import CanteenCore

/// `canteen report month`.
enum ReportMonthCommand: Command {
    static let spec = CommandSpec(
        path: ["report", "month"], abstract: "The month's reconciliation report, per canteen and for the city.",
        discussion: """
            An open month's figures are provisional; a closed month's report reproduces its sealed figures exactly.
            JSON and CSV are deterministic: the same books give the same bytes.
            """,
        arguments: [ArgumentSpec(name: "month", help: "YYYY-MM.")],
        options: [
            .optional("site", "code", "Only this canteen's line and totals; the budget block stays the city's fund."),
            .optional("out", "file", "Write to this file instead of standard output (- is standard output)."),
            .flag("excel", "With --format csv: start with a UTF-8 byte-order mark, for Excel."),
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
