import CanteenCore

/// The month report as JSON, in the shape of CLI.md, plus explanatory keys; deterministic, no generation time.
enum ReportJSON {
    static func render(_ report: MonthReport) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("month", .string(report.month.description)),
            ("status", .string(report.isClosed ? "closed" : "open")),
            ("sites", .array(report.sites.map { site in
                .object([("site", .string(site.site)), ("name", .string(site.name))] + figures(site.figures) + breakdown(site.breakdown) + [
                    ("paid_fen", site.settlement.map { .int($0.amount.fen) } ?? .null),
                    ("voucher", site.settlement.map { .string($0.voucher) } ?? .null),
                ])
            })),
            ("totals", .object(figures(report.totals) + breakdown(report.totalBreakdown))),
            ("budget", [
                "opening_remaining_fen": .int(report.budget.opening.fen),
                "appropriated_fen": .int(report.budget.appropriated.fen),
                "drawn_fen": .int(report.budget.drawn.fen),
                "closing_remaining_fen": .int(report.budget.closing.fen),
            ]),
        ]
        if let seal = report.seal {
            fields.append(("seal", ["closed_at": .string(seal.closedAt), "closed_by": .string(seal.closedBy), "forced": .bool(seal.forced),
                                    "last_entry": .int(seal.lastEntryID), "chain_head": .string(seal.chainHead), "seal_hash": .string(seal.sealHash)]))
        }
        let forecast = report.forecast
        fields.append(("forecast", [
            "as_of": .string(forecast.asOf.description), "basis": .string(BudgetForecastCommand.basis(forecast)),
            "per_30_days_fen": .int(forecast.monthlyRate.fen),
            "run_out_date": forecast.runOutDate.map { .string($0.description) } ?? .null,
        ]))
        return .object(fields)
    }

    static func figures(_ f: Figures) -> [(String, JSONValue)] {
        [("meals", .int(Int64(f.meals))), ("diners", .int(Int64(f.diners))), ("gross_fen", .int(f.gross.fen)),
         ("copay_fen", .int(f.copay.fen)), ("subsidy_fen", .int(f.subsidy.fen)), ("adjustments_fen", .int(f.adjustments.fen)),
         ("copay_adjustments_fen", .int(f.copayAdjustments.fen)),
         ("payable_fen", .int(f.payable.fen)), ("cash_declared_fen", f.cashDeclared.map { .int($0.fen) } ?? .null),
         ("cash_variance_fen", f.cashVariance.map { .int($0.fen) } ?? .null)]
    }

    static func breakdown(_ b: Breakdown) -> [(String, JSONValue)] {
        [("voided_meals", .int(Int64(b.voidedMeals))),
         ("meals_by_slot", .object(MealSlot.allCases.map { ($0.rawValue, .int(Int64(b.mealsBySlot[$0] ?? 0))) })),
         ("copay_by_pay_fen", .object(PaymentMethod.allCases.map { ($0.rawValue, .int((b.copayByPay[$0] ?? .zero).fen)) }))]
    }
}
