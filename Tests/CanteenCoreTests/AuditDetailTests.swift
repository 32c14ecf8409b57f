import Testing
@testable import CanteenCore

/// The audit log's stored text is the record under the hash chain: the typed details write it exactly as the
/// program always has, and rows of older shapes or of no known shape are read back as such or not at all.
@Suite struct AuditDetailTests {
    @Test func theStoredTextIsAsTheProgramAlwaysWroteIt() {
        let day = CivilDate(year: 2026, month: 11, day: 2)!
        let expected: [(AuditDetail, String)] = [
            (.initialized(budget: Money(yuan: 16_100_000), copay: Money(yuan: 10), timeZone: "Asia/Shanghai"),
             "budget 16100000.00, copay 10.00, time zone Asia/Shanghai"),
            (.migrated(from: 2, to: 6, forcedPast: 0), "schema 2 → 6"),
            (.migrated(from: 2, to: 6, forcedPast: 3), "schema 2 → 6; forced past 3 audit verify problems"),
            (.registerBegan, "the register begins: every fact recorded as found"),
            (.firstCards(diners: 12), "a card for each of 12 diners registered before cards"),
            (.operatorAdded(role: .clerk), "role clerk"),
            (.keysRetired(count: 2), "keys out of service: 2"),
            (.siteAdded(name: "风采长者饭堂", price: Money(fen: 1850), from: nil), "风采长者饭堂, price 18.50 from always"),
            (.priceSet(price: Money(yuan: 20), from: day), "20.00 from 2026-11-02"),
            (.policySet(category: nil, minAge: nil, copay: Money(yuan: 10), cap: nil, from: nil),
             "category all, min-age any, copay 10.00, cap none, from always"),
            (.policySet(category: .livingAlone, minAge: 80, copay: Money(yuan: 5), cap: Money(yuan: 12), from: day),
             "category living-alone, min-age 80, copay 5.00, cap 12.00, from 2026-11-02"),
            (.registered(maskedID: "440203********123X", from: day), "440203********123X from 2026-11-02"),
            (.dinerUpdated([.phone(from: "-", to: "138****5678"), .category(from: .standard, to: .lowIncome, on: day), .site(from: "GZ01", to: "FC")]),
             "phone - → 138****5678; category standard → low-income from 2026-11-02; site GZ01 → FC"),
            (.deactivated(reason: .deceased, from: day, mealsOnOrAfter: 3), "deceased from 2026-11-02; 3 meals already recorded on or after it"),
            (.cardReissued(retired: "R2HFP2CQR2"), "card R2HFP2CQR2 retired; a new card issued"),
            (.cardReissued(retired: nil), "a new card issued"),
            (.mealsImported(recorded: 5, skipped: 1), "5 recorded, 1 skipped"),
            (.cashDeclared(amount: Money(yuan: 1200), replaced: Money(yuan: 1100)), "1200.00 (was 1100.00)"),
            (.monthClosed(payable: Money(yuan: 80), chainHead: "ab", forcedUndeclared: ["GZ01", "FC"]), "payable 80.00, chain head ab; forced, undeclared: GZ01, FC"),
            (.settled(amount: Money(yuan: 80), voucher: "PV-1"), "80.00, voucher PV-1"),
            (.unmaskedList(site: "FC", active: false), "site FC, inactive"),
            (.unmaskedShow, "diner show"),
            (.unmaskedCount(diners: 3), "3 diners"),
            (.backupToStandardOutput(bytes: 4096), "standard output, 4096 bytes"),
        ]
        for (detail, text) in expected {
            #expect(detail.text == text)
        }
        let call = GateCall(operatorName: "小李", fingerprint: nil, connection: "203.0.113.7 50022 192.0.2.1 22", command: "meal list")
        #expect(AuditDetail.gateExited(call.gateOrigin, exitCode: 77).text == "no key named, from 203.0.113.7 port 50022; exit 77")
        #expect(AuditDetail.gateRefused(call.gateOrigin, reason: RefusalReason(Message(.gateDatabaseRefused))).text
                == "no key named, from 203.0.113.7 port 50022; gateDatabaseRefused")
    }

    @Test func rowsOfOlderShapesReadBack() {
        #expect(AuditDetail(action: "operator deactivate", detail: "2 keys out of service") == .keysRetired(count: 2))
        #expect(AuditDetail(action: "unmask", detail: "12 diners") == .unmaskedCount(diners: 12))
    }

    @Test(arguments: [("init", "budget 1, copay 2, time zone X"), ("migrate", "schema two → 6"), ("operator add", "role boss"),
                      ("site add", "X, price 18 from always"), ("site price", "18.00 from tomorrow"), ("diner update", "phone → x"),
                      ("cash declare", "1200.00 (was)"), ("month close", "payable 1.00, chain head xyz"), ("unmask", "site FC, both"),
                      ("gate", "key nonsense from x port 1"), ("gate refused", "no key named, from an unknown address; not a key!"),
                      ("no such action", "anything"), ("meal void", "")])
    func textOfNoKnownShapeIsLeftAsStored(action: String, detail: String) {
        #expect(AuditDetail(action: action, detail: detail) == nil, "\(action): \(detail)")
    }
}
