import Testing
@testable import CanteenCLI
@testable import CanteenCore

/// Every shape of audit detail the program writes reads back exactly from its stored text, and has a Chinese wording
/// with no English left in it but the values themselves.
@Suite struct AuditDetailWordingTests {
    static let fingerprint = "SHA256:" + String(repeating: "A", count: 42) + "E"
    static let head = String(repeating: "0f", count: 32)

    /// One example of every kind, with the action its rows carry.
    static let examples: [(action: String, detail: AuditDetail)] = [
        ("init", .initialized(budget: Money(yuan: 16_100_000), copay: Money(yuan: 10), timeZone: "Asia/Shanghai")),
        ("migrate", .migrated(from: 2, to: 6, forcedPast: 0)),
        ("migrate", .migrated(from: 5, to: 6, forcedPast: 3)),
        ("migrate", .registerBegan),
        ("migrate", .firstCards(diners: 2876)),
        ("operator add", .operatorAdded(role: .finance)),
        ("operator deactivate", .keysRetired(count: 2)),
        ("operator key add", .keyAdded(type: "ssh-ed25519", bits: 256, fingerprint: fingerprint)),
        ("operator key remove", .keyRemoved(fingerprint: fingerprint)),
        ("site add", .siteAdded(name: "风采长者饭堂", price: Money(fen: 1850), from: nil)),
        ("site add", .siteAdded(name: "Site, price 9.00 from always", price: Money(yuan: 18), from: CivilDate(year: 2026, month: 11, day: 1))),
        ("site price", .priceSet(price: Money(yuan: 20), from: CivilDate(year: 2026, month: 12, day: 1)!)),
        ("policy set", .policySet(category: nil, minAge: nil, copay: Money(yuan: 10), cap: nil, from: nil)),
        ("policy set", .policySet(category: .lowIncome, minAge: 80, copay: .zero, cap: Money(yuan: 15), from: CivilDate(year: 2026, month: 11, day: 1))),
        ("budget add", .appropriation(note: "韶财〔2026〕12号")),
        ("diner register", .registered(maskedID: "440203********123X", from: CivilDate(year: 2026, month: 11, day: 2)!)),
        ("diner update", .dinerUpdated([.phone(from: "-", to: "138****5678")])),
        ("diner update", .dinerUpdated([.phone(from: "138****5678", to: "-"), .category(from: .standard, to: .specialCare, on: CivilDate(year: 2026, month: 11, day: 3)!),
                                        .site(from: "-", to: "FC")])),
        ("diner deactivate", .deactivated(reason: .deceased, from: CivilDate(year: 2026, month: 11, day: 20)!, mealsOnOrAfter: 0)),
        ("diner deactivate", .deactivated(reason: .moved, from: CivilDate(year: 2026, month: 11, day: 20)!, mealsOnOrAfter: 4)),
        ("diner card reissue", .cardReissued(retired: "R2HFP2CQR2")),
        ("diner card reissue", .cardReissued(retired: nil)),
        ("meal void", .mealVoided(reason: "typed the wrong diner")),
        ("meal import", .mealsImported(recorded: 120, skipped: 3)),
        ("cash declare", .cashDeclared(amount: Money(fen: 123_450), replaced: nil)),
        ("cash declare", .cashDeclared(amount: Money(fen: 123_450), replaced: Money(fen: 120_000))),
        ("month close", .monthClosed(payable: Money(fen: 9_876_500), chainHead: head, forcedUndeclared: [])),
        ("month close", .monthClosed(payable: Money(fen: -50), chainHead: head, forcedUndeclared: ["GZ01", "FC"])),
        ("settle", .settled(amount: Money(fen: 9_876_500), voucher: "PV-2026-11, voucher 7")),
        ("unmask", .unmaskedList(site: "FC", active: true)),
        ("unmask", .unmaskedList(site: nil, active: false)),
        ("unmask", .unmaskedList(site: "GZ01", active: nil)),
        ("unmask", .unmaskedShow),
        ("unmask", .unmaskedCount(diners: 7)),
        ("backup", .backupToStandardOutput(bytes: 204_800)),
        ("gate", .gateEntered(GateOrigin(fingerprint: fingerprint, address: .client(host: "203.0.113.7", port: "50022")))),
        ("gate", .gateEntered(GateOrigin(fingerprint: nil, address: .unknown))),
        ("gate refused", .gateRefused(GateOrigin(fingerprint: nil, address: .other("odd; exit 3")),
                                      reason: RefusalReason(key: "gateCommandRefused", inner: [RefusalReason(key: "gateWhyKeys")]))),
        ("gate refused", .gateRefused(GateOrigin(fingerprint: fingerprint, address: .client(host: "2001:db8::1", port: "40000")),
                                      reason: RefusalReason(key: "operatorInactive"))),
        ("gate exit", .gateExited(GateOrigin(fingerprint: fingerprint, address: .client(host: "203.0.113.7", port: "50022")), exitCode: 77)),
    ]

    /// The kind of a detail, by name: exhaustive, so a new kind fails to compile here until it has an example.
    static func kind(_ detail: AuditDetail) -> String {
        switch detail {
        case .initialized: "initialized"
        case .migrated: "migrated"
        case .registerBegan: "registerBegan"
        case .firstCards: "firstCards"
        case .operatorAdded: "operatorAdded"
        case .keysRetired: "keysRetired"
        case .keyAdded: "keyAdded"
        case .keyRemoved: "keyRemoved"
        case .siteAdded: "siteAdded"
        case .priceSet: "priceSet"
        case .policySet: "policySet"
        case .appropriation: "appropriation"
        case .registered: "registered"
        case .dinerUpdated: "dinerUpdated"
        case .deactivated: "deactivated"
        case .cardReissued: "cardReissued"
        case .mealVoided: "mealVoided"
        case .mealsImported: "mealsImported"
        case .cashDeclared: "cashDeclared"
        case .monthClosed: "monthClosed"
        case .settled: "settled"
        case .unmaskedList: "unmaskedList"
        case .unmaskedShow: "unmaskedShow"
        case .unmaskedCount: "unmaskedCount"
        case .backupToStandardOutput: "backupToStandardOutput"
        case .gateEntered: "gateEntered"
        case .gateRefused: "gateRefused"
        case .gateExited: "gateExited"
        }
    }

    static let kinds: Set<String> = [
        "initialized", "migrated", "registerBegan", "firstCards", "operatorAdded", "keysRetired", "keyAdded", "keyRemoved", "siteAdded",
        "priceSet", "policySet", "appropriation", "registered", "dinerUpdated", "deactivated", "cardReissued", "mealVoided",
        "mealsImported", "cashDeclared", "monthClosed", "settled", "unmaskedList", "unmaskedShow", "unmaskedCount",
        "backupToStandardOutput", "gateEntered", "gateRefused", "gateExited",
    ]

    @Test func everyKindHasAnExample() {
        #expect(Set(Self.examples.map { Self.kind($0.detail) }) == Self.kinds)
    }

    @Test(arguments: examples.indices)
    func theStoredTextReadsBackExactly(index: Int) {
        let (action, detail) = Self.examples[index]
        #expect(AuditDetail(action: action, detail: detail.text) == detail, "\(action): '\(detail.text)'")
        #expect(Lang.en.render(detail) == detail.text, "English is the stored text")
    }

    @Test(arguments: examples.indices)
    func theChineseWordingIsChinese(index: Int) {
        let (action, detail) = Self.examples[index]
        let zh = Lang.zh.render(detail)
        #expect(zh.unicodeScalars.contains(where: MessageCatalogTests.isCJK) && zh != detail.text, "\(action): \(zh)")
        // What may stay in Latin letters: the values (codes, keys, fingerprints, hashes, what a person typed) and the
        // names of what a person types (audit verify, diner show).
        var values = Set(MessageCatalogTests.words(Self.values(detail)))
        values.formUnion(["audit", "verify", "diner", "show"])
        let english = MessageCatalogTests.words(MessageCatalogTests.strip(zh)).filter { !values.contains($0) }
        #expect(english.isEmpty, "\(action): English left in '\(zh)': \(english)")
    }

    /// The values a detail holds, as text, for telling them apart from its wording.
    static func values(_ detail: AuditDetail) -> String {
        switch detail {
        case .initialized(_, _, let zone): zone
        case .keyAdded(let type, _, let fingerprint): type + " " + fingerprint
        case .keyRemoved(let fingerprint): fingerprint
        case .siteAdded(let name, _, _): name
        case .appropriation(let note): note
        case .registered(let masked, _): masked
        case .dinerUpdated(let changes): changes.map(\.text).joined(separator: " ")
        case .cardReissued(let code): code ?? ""
        case .mealVoided(let reason): reason
        case .monthClosed(_, let head, let sites): head + " " + sites.joined(separator: " ")
        case .settled(_, let voucher): voucher
        case .unmaskedList(let site, _): site ?? ""
        case .gateEntered(let origin), .gateRefused(let origin, _), .gateExited(let origin, _):
            (origin.fingerprint ?? "") + " " + {
                switch origin.address {
                case .client(let host, let port): host + " " + port
                case .other(let raw): raw
                case .unknown: ""
                }
            }()
        default: ""
        }
    }

    @Test func aGateRefusalIsWordedFromItsMessagesKinds() {
        let detail = AuditDetail.gateRefused(GateOrigin(fingerprint: nil, address: .unknown),
                                             reason: RefusalReason(key: "gateCommandRefused", inner: [RefusalReason(key: "gateWhyKeys")]))
        #expect(Lang.zh.render(detail) == "未指定密钥，来自 未知地址；拒绝：“…”只有管理员可以通过网关运行：…（密钥决定网关放谁进来）")
        // A kind this program no longer knows is shown as kept.
        let gone = AuditDetail.gateRefused(GateOrigin(fingerprint: nil, address: .unknown), reason: RefusalReason(key: "someOldKey"))
        #expect(Lang.zh.render(gone).hasSuffix("；拒绝：someOldKey"))
    }
}
