import CanteenCore

extension Lang {
    /// The message worded in this language: its template with every `{name}` replaced by the value named.
    ///
    /// In English, `{n:row:rows}` gives the number and the word that agrees with it ("1 row", "2 rows") and
    /// `{n?has:have}` the word alone; Chinese needs neither.
    func render(_ message: Message) -> String {
        let template = MessageCatalog.template(message.key)
        return fill(self == .zh ? template.zh : template.en, message.values)
    }

    /// Every placeholder name a template uses, for the catalog's tests.
    static func placeholders(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            names.insert(String(inside.prefix { $0 != ":" && $0 != "?" }))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    private func fill(_ template: String, _ values: [String: MessageValue]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let inside = rest[rest.index(after: open)..<close]
            let name = String(inside.prefix { $0 != ":" && $0 != "?" })
            let forms = inside.dropFirst(name.count)
            if let value = values[name] {
                if forms.isEmpty {
                    out += render(value)
                } else {
                    let words = forms.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
                    let one: Bool
                    if case .int(let n) = value { one = n == 1 } else { one = false }
                    let word = words.count == 2 ? String(one ? words[0] : words[1]) : ""
                    out += forms.first == "?" ? word : render(value) + " " + word
                }
            } else {
                // A value the call site did not give: show the name, so the gap is visible and a test can see it.
                out += "{" + inside + "}"
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// One value worded in this language.
    func render(_ value: MessageValue) -> String {
        switch value {
        case .text(let text): return TerminalText.escaped(text)
        case .int(let n): return String(n)
        case .money(let m): return m.description
        case .date(let d): return d.description
        case .month(let m): return m.description
        case .slot(let slot): return name(of: slot)
        case .pay(let pay): return name(of: pay)
        case .role(let role): return name(of: role)
        case .roles(let roles): return list(roles.map { plural(of: $0) }, conjunction: self("or", "或"))
        case .action(let action): return name(of: action)
        case .category(let category): return self(category.rawValue, category.chineseName)
        case .deactivation(let reason): return name(of: reason)
        case .entryKind(let kind): return name(of: kind)
        case .idNumber(let text): return ResidentID.mask(TerminalText.escaped(text))
        case .phone(let text): return PhoneNumber.maskTyped(TerminalText.escaped(text))
        case .dated(let thing): return name(of: thing)
        case .field(let field): return name(of: field)
        case .systemError(let code): return SystemErrorText.describe(code, self)
        case .csvProblem(let problem): return name(of: problem)
        case .list(let values): return values.map(render).joined(separator: self(", ", "、"))
        case .message(let message): return render(message)
        }
    }

    private func list(_ items: [String], conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return self == .zh
            ? items.dropLast().joined(separator: "、") + conjunction + items.last!
            : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    /// A meal slot's name.
    func name(of slot: MealSlot) -> String {
        switch slot {
        case .breakfast: self("breakfast", "早餐")
        case .lunch: self("lunch", "午餐")
        case .dinner: self("dinner", "晚餐")
        }
    }

    /// A payment method's name.
    func name(of method: PaymentMethod) -> String {
        switch method {
        case .cash: self("cash", "现金")
        case .wechat: self("WeChat", "微信")
        case .alipay: self("Alipay", "支付宝")
        case .card: self("card", "刷卡")
        }
    }

    /// A role as a person is described: "a clerk", 收银员.
    func name(of role: Role) -> String {
        switch role {
        case .clerk: self("a clerk", "收银员")
        case .finance: self("a finance officer", "财务人员")
        case .auditor: self("an auditor", "审计员")
        case .admin: self("an admin", "管理员")
        }
    }

    private func plural(of role: Role) -> String {
        switch role {
        case .clerk: self("clerks", "收银员")
        case .finance: self("finance officers", "财务人员")
        case .auditor: self("auditors", "审计员")
        case .admin: self("admins", "管理员")
        }
    }

    private func name(of action: Action) -> String {
        switch action {
        case .setup: self("manage operators, canteens, prices and policies", "管理操作员、饭堂、价格和政策")
        case .counter: self("register diners and record meals", "登记长者和记录用餐")
        case .void: self("void meals", "作废用餐")
        case .finance: self("manage the budget, declarations, closes and settlements", "管理预算、申报、结账和结算")
        case .unmask: self("see full ID and phone numbers", "查看完整身份证号和电话")
        case .backup: self("back up the database", "备份数据库")
        }
    }

    /// Why a diner was deactivated.
    func name(of reason: DeactivationReason) -> String {
        switch reason {
        case .deceased: self("deceased", "已故")
        case .moved: self("moved", "迁出")
        case .withdrew: self("withdrew", "退出")
        case .other: self("other", "其他")
        }
    }

    private func name(of kind: JournalEntry.Kind) -> String {
        switch kind {
        case .appropriation: self("appropriation", "拨款")
        case .meal: self("meal", "用餐")
        case .void: self("void", "作废")
        case .settlement: self("settlement", "结算")
        }
    }

    private func name(of thing: DatedThing) -> String {
        switch thing {
        case .meal: self("meal", "用餐")
        case .registration: self("registration", "登记")
        case .appropriation: self("appropriation", "拨款")
        case .categoryChange: self("category change", "类别变更")
        case .deactivation: self("deactivation", "停用")
        case .cashDeclaration: self("cash declaration", "现金申报")
        case .void: self("void", "作废")
        case .settlement: self("settlement", "结算")
        case .price: self("price", "价格")
        case .cardIssue: self("card issue", "发卡")
        case .policy: self("policy", "政策")
        }
    }

    private func name(of field: TextFieldName) -> String {
        switch field {
        case .dinerName: self("a diner's name", "长者姓名")
        case .operatorName: self("an operator's name", "操作员姓名")
        case .siteName: self("a canteen's name", "饭堂名称")
        case .district: self("a district", "区县")
        case .note: self("--note (what the appropriation is)", "--note（拨款说明）")
        case .ref: self("a ref", "参考号")
        case .voidReason: self("--reason (why the meal is voided)", "--reason（作废原因）")
        case .voucher: self("a payment voucher number", "付款凭证号")
        case .keyComment: self("a key's comment", "密钥备注")
        }
    }

    private func name(of problem: CSVError.Problem) -> String {
        switch problem {
        case .invalidUTF8: self("invalid UTF-8 text", "不是有效的 UTF-8 文本")
        case .unclosedQuote: self("a quoted field opened here is never closed: the rest of the file was read as that one field",
                                  "此处开始的引号字段没有闭合：文件其余部分都被当作这一个字段")
        case .quoteInUnquotedField: self("quote inside an unquoted field", "未加引号的字段中有引号")
        case .bareCarriageReturn: self("carriage return not followed by line feed", "回车符后没有换行符")
        case .textAfterClosingQuote: self("text after closing quote", "闭合引号后还有文字")
        }
    }
}
