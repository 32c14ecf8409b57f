import CanteenCore

// An anomaly's kind and a verify check's name are identifiers scripts read (in JSON and CSV, and as grep patterns
// in the table): they stay as they are, and a Chinese table adds the name a person reads.

extension Lang {
    /// An anomaly's kind in the table: the identifier, after its Chinese name in Chinese.
    func label(of kind: AnomalyKind) -> String {
        self == .zh ? "\(Self.chineseName(of: kind))（\(kind.rawValue)）" : kind.rawValue
    }

    static func chineseName(of kind: AnomalyKind) -> String {
        switch kind {
        case .mealAfterDeactivation: "停用后用餐"
        case .mealOfIneligibleDiner: "不符合条件的用餐"
        case .overCapacity: "超出座位数"
        case .severalCanteensOneDay: "同日多处用餐"
        case .lateBackfill: "迟补录"
        case .datedInTheFuture: "记在录入之后的日期"
        case .closedBeforeMonthEnd: "月末前结账"
        case .sharedPhone: "多人共用电话"
        case .veryOldDiner: "高龄待核实"
        case .frequentVoids: "频繁作废"
        case .takingsBelowCopay: "申报低于应收自付"
        case .lookAlikeOperators: "形近的操作员名"
        }
    }

    /// What an anomaly is about, as the table shows it: a journal entry is worded, anything else is a number or name.
    func subject(of anomaly: Anomaly) -> String {
        guard self == .zh, let entry = anomaly.entry else { return anomaly.subject }
        return "分录 \(entry.id)（\(render(.entryKind(entry.kind)))）"
    }

    /// A failed verify check's line: "[meal-entries] …" in both languages, so a script's grep finds it either way,
    /// with the check's Chinese name before the detail in Chinese.
    func problemLine(check: String, detail: Message) -> String {
        let name = self == .zh ? Self.chineseName(ofCheck: check).map { $0 + "：" } ?? "" : ""
        return "[\(check)] " + name + render(detail)
    }

    /// The Chinese name of each check `audit verify` runs; nil for a name this program does not know.
    static func chineseName(ofCheck check: String) -> String? {
        switch check {
        case "hash-chain": "哈希链"
        case "balanced": "借贷平衡"
        case "balances": "留存余额"
        case "budget": "补贴资金"
        case "meal-entries": "用餐与分录"
        case "meal-amounts": "用餐金额"
        case "closed-months": "已结账月份"
        case "identities": "对账恒等式"
        case "derived": "留存汇总"
        case "audit-chain": "审计链"
        case "register": "事实登记"
        case "append-only": "只增不改保护"
        case "schema": "数据结构"
        case "integrity": "文件完整性"
        default: nil
        }
    }
}
