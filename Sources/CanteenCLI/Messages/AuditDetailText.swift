import CanteenCore

extension Lang {
    /// An audit row's detail in this language. English is the stored text itself (the record); the switch is
    /// exhaustive, so a new kind of detail does not compile until it has its Chinese wording.
    func render(_ detail: AuditDetail) -> String {
        guard self == .zh else { return detail.text }
        switch detail {
        case .initialized(let budget, let copay, let zone):
            return "初始预算 \(budget) 元，默认自付 \(copay) 元，时区 \(zone)"
        case .migrated(let from, let to, let forced):
            return "数据结构版本 \(from) → \(to)" + (forced > 0 ? "；强制迁移，未理会 audit verify 发现的 \(forced) 个问题" : "")
        case .registerBegan:
            return "审计登记开始：现有的每条记录按原样记入"
        case .firstCards(let diners):
            return "为发卡前登记的 \(diners) 位长者各发一张卡"
        case .operatorAdded(let role):
            return "角色：" + name(of: role)
        case .keysRetired(let count):
            return "\(count) 把密钥随之停用"
        case .keyAdded(let type, let bits, let fingerprint):
            return "\(type)，\(bits) 位，指纹 \(fingerprint)"
        case .keyRemoved(let fingerprint):
            return "指纹 \(fingerprint)"
        case .siteAdded(let siteName, let price, let from):
            return "\(siteName)，餐价 \(price) 元，" + (from.map { "自 \($0) 起" } ?? "对所有日期有效")
        case .priceSet(let price, let from):
            return "餐价 \(price) 元，自 \(from) 起"
        case .policySet(let category, let minAge, let copay, let cap, let from):
            return "类别：\(category.map { render(.category($0)) } ?? "全部")，起始年龄：\(minAge.map { "\($0) 岁" } ?? "不限")，"
                + "自付 \(copay) 元，补贴上限：\(cap.map { "\($0) 元" } ?? "无")，" + (from.map { "自 \($0) 起" } ?? "对所有日期有效")
        case .appropriation(let note):
            return "说明：\(note)"
        case .registered(let masked, let from):
            return "身份证号 \(masked)，自 \(from) 起"
        case .dinerUpdated(let changes):
            return changes.map(chinese).joined(separator: "；")
        case .deactivated(let reason, let from, let later):
            return "\(name(of: reason))，自 \(from) 起" + (later > 0 ? "；该日及之后已记录 \(later) 餐" : "")
        case .cardReissued(let retired):
            return retired.map { "卡 \($0) 停用，已发新卡" } ?? "已发新卡"
        case .mealVoided(let reason):
            return "原因：\(reason)"
        case .mealsImported(let recorded, let skipped):
            return "记录 \(recorded) 餐，跳过已记录的 \(skipped) 行"
        case .cashDeclared(let amount, let replaced):
            return "申报 \(amount) 元" + (replaced.map { "（原为 \($0) 元）" } ?? "")
        case .monthClosed(let payable, let head, let undeclared):
            return "应付 \(payable) 元，链头 \(head)" + (undeclared.isEmpty ? "" : "；强制结账，未申报：" + undeclared.joined(separator: "、"))
        case .settled(let amount, let voucher):
            return "\(amount) 元，凭证号 \(voucher)"
        case .unmaskedList(let site, let active):
            let parts = [site.map { "饭堂 \($0)" }, active.map { $0 ? "在用" : "停用" }].compactMap { $0 }
            return parts.isEmpty ? "全部长者" : parts.joined(separator: "，")
        case .unmaskedShow:
            return "查看一位长者（diner show）"
        case .unmaskedCount(let diners):
            return "\(diners) 位长者"
        case .backupToStandardOutput(let bytes):
            return "写到标准输出，\(bytes) 字节"
        case .gateEntered(let origin):
            return chinese(origin)
        case .gateRefused(let origin, let reason):
            return chinese(origin) + "；拒绝：" + gist(of: reason)
        case .gateExited(let origin, let code):
            return chinese(origin) + "；退出码 \(code)"
        }
    }

    private func chinese(_ change: DinerChange) -> String {
        switch change {
        case .phone(let from, let to): "电话 \(none(from)) → \(none(to))"
        case .category(let from, let to, let on): "类别 \(from.chineseName) → \(to.chineseName)，自 \(on) 起"
        case .site(let from, let to): "所属饭堂 \(none(from)) → \(none(to))"
        }
    }

    /// The log writes "-" for a phone or canteen there was not.
    private func none(_ value: String) -> String { value == "-" ? "无" : value }

    private func chinese(_ origin: GateOrigin) -> String {
        let from: String
        switch origin.address {
        case .client(let host, let port): from = "\(host) 端口 \(port)"
        case .other(let raw): from = "'\(raw)'"
        case .unknown: from = "未知地址"
        }
        return (origin.fingerprint.map { "密钥 \($0)，" } ?? "未指定密钥，") + "来自 " + from
    }

    /// Why the gate refused, from the kinds of its messages alone (the log keeps no values): each message's wording
    /// with its values left out, the ones inside it after it. A kind this program no longer has is shown as kept.
    func gist(of reason: RefusalReason) -> String {
        guard let key = MessageKey(rawValue: reason.key) else { return reason.text }
        let template = MessageCatalog.template(key)
        var text = ""
        var inside = false
        for character in self == .zh ? template.zh : template.en {
            if character == "{" { inside = true; text += "…"; continue }
            if character == "}" { inside = false; continue }
            if !inside { text.append(character) }
        }
        guard !reason.inner.isEmpty else { return text }
        return text + self(" (", "（") + reason.inner.map(gist).joined(separator: self("; ", "；")) + self(")", "）")
    }
}
