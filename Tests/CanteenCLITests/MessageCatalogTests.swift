import Testing
@testable import CanteenCLI
import CanteenCore

/// Every message the program can show exists in English and Chinese, with the same values in both, and no
/// Chinese wording is left in English.
@Suite struct MessageCatalogTests {
    /// Words that may stay in Latin letters inside a Chinese message: names of commands, options, files,
    /// formats and standards that a person types or reads as such.
    static let allowedLatin: Set<String> = [
        "canteen", "init", "admin", "migrate", "audit", "verify", "diner", "register", "budget", "add", "cash", "declare",
        "site", "list", "demo", "db", "tmp", "apt", "get", "install", "tzdata", "force", "operator", "export", "journal",
        "ledger", "beancount", "format", "csv", "excel", "lang", "zh", "en", "table", "json", "html", "status", "active",
        "inactive", "phone", "category", "from", "date", "month", "min", "age", "note", "reason", "version", "breakfast",
        "lunch", "dinner", "wechat", "alipay", "card", "clerk", "finance", "auditor", "SQLite", "UTF", "YYYY", "MM", "DD",
        "GZ", "CANTEEN", "OPERATOR", "BUSY", "TIMEOUT", "MS", "Asia", "Shanghai", "tz", "X", "M", "D", "init",
        "sqlite", "VACUUM",
    ]

    @Test(arguments: MessageKey.allCases)
    func bothWordingsExistWithTheSameValues(key: MessageKey) {
        let template = MessageCatalog.template(key)
        #expect(!template.en.isEmpty && !template.zh.isEmpty, "\(key)")
        #expect(Lang.placeholders(in: template.en) == Lang.placeholders(in: template.zh),
                "\(key): en names \(Lang.placeholders(in: template.en)), zh \(Lang.placeholders(in: template.zh))")
        #expect(!template.en.unicodeScalars.contains(where: Self.isCJK), "\(key): the English wording has Chinese in it")
    }

    @Test(arguments: MessageKey.allCases)
    func theChineseWordingIsChinese(key: MessageKey) {
        let zh = MessageCatalog.template(key).zh
        let withoutPlaceholders = Self.strip(zh)
        // A wording made only of its values (such as "{problem}") is Chinese exactly when its values are.
        if Lang.placeholders(in: zh).count > 0 && withoutPlaceholders.allSatisfy({ !$0.isLetter }) { return }
        #expect(zh.unicodeScalars.contains(where: Self.isCJK), "\(key): no Chinese in '\(zh)'")
        let latinWords = Self.words(withoutPlaceholders).filter { !Self.allowedLatin.contains($0) }
        #expect(latinWords.isEmpty, "\(key): English left in the Chinese wording: \(latinWords) in '\(zh)'")
    }

    @Test(arguments: MessageKey.allCases)
    func everyPlaceholderIsFilledWhenItsValueIsGiven(key: MessageKey) {
        let names = Lang.placeholders(in: MessageCatalog.template(key).en)
        let message = Message(key, values: Dictionary(uniqueKeysWithValues: names.map { ($0, MessageValue.int(2)) }))
        for lang in [Lang.en, .zh] {
            let text = lang.render(message)
            #expect(!text.contains("{") && !text.contains("}"), "\(key) in \(lang): \(text)")
        }
    }

    @Test func valuesAreWordedInEachLanguage() {
        let message = Message(.mealDuplicate, ["diner": DinerNumber(id: 17), "slot": MealSlot.lunch, "date": CivilDate(year: 2026, month: 11, day: 30)!,
                                               "site": "FC", "meal": MealNumber(id: 5), "at": "2026-11-30T03:42:00Z"])
        #expect(Lang.en.render(message) == "duplicate meal: diner D00017 already had lunch on 2026-11-30 at FC (meal M000005, recorded 2026-11-30T03:42:00Z)")
        #expect(Lang.zh.render(message).contains("午餐"))
        let roles = Message(.roleMayNot, ["name": "小李", "role": Role.clerk, "roles": MessageValue.roles([.finance, .admin]), "action": Action.finance])
        #expect(Lang.en.render(roles) == "operator '小李' is a clerk; only finance officers or admins may manage the budget, declarations, closes and settlements")
        #expect(Lang.zh.render(roles) == "操作员“小李”是收银员；只有财务人员或管理员可以管理预算、申报、结账和结算")
    }

    @Test func englishPluralsAgreeWithTheirNumber() {
        #expect(Message(.importBadRows, ["path": "a.csv", "count": 1]).english == "a.csv: 1 bad row")
        #expect(Message(.importBadRows, ["path": "a.csv", "count": 3]).english == "a.csv: 3 bad rows")
    }

    @Test func personalNumbersAreMaskedInEveryRendering() {
        let id = Message(.dinerIDNotFound, ["id": MessageValue.idNumber("44020319500101123X")])
        for text in [id.english, id.chinese] {
            #expect(text.contains("440203********123X") && !text.contains("19500101"), "\(text)")
        }
        let typo = Message(.idLength, ["id": MessageValue.idNumber("4402031950010112"), "count": 16])
        #expect(!typo.english.contains("19500101"), "\(typo.english)")
        let phone = Message(.phoneMobileLength, ["phone": MessageValue.phone("138123456789"), "count": 12])
        #expect(!phone.english.contains("138123456789") && phone.english.contains("138*****6789"), "\(phone.english)")
        // A number that reached an error line any other way is masked on its way out.
        #expect(CanteenCLI.oneLine("no diner 44020319500101123X or 13812345678") == "no diner 440203********123X or 138****5678")
    }

    @Test func controlCharactersInValuesAreEscaped() {
        let message = Message(.operatorUnknown, ["name": "boss\u{1B}[2J\u{202E}\u{0}x"])
        #expect(message.english == "unknown operator 'boss\\u{1B}[2J\\u{202E}\\0x'")
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
    }

    /// The template without its `{…}` placeholders and without quoted commands ('canteen …').
    static func strip(_ template: String) -> String {
        var out = ""
        var depth = 0
        var quoted = false
        for character in template {
            if character == "{" { depth += 1; continue }
            if character == "}" { depth -= 1; continue }
            if character == "'" { quoted.toggle(); continue }
            if depth == 0 && !quoted { out.append(character) }
        }
        return out
    }

    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init).filter { !$0.isEmpty }
    }
}

extension Message {
    /// The English wording, as stderr shows it with --lang en.
    var english: String { Lang.en.render(self) }
    /// The Chinese wording.
    var chinese: String { Lang.zh.render(self) }
}
