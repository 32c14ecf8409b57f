import CanteenCore

/// A line the counter could not serve, read for a clerk: why, in words they understand, and the exit code
/// `meal record` would have given for the same refusal.
struct CounterRefusal: Equatable {
    /// Why, as a stable name a kiosk screen can switch on and the summary counts by.
    enum Reason: String, CaseIterable {
        case alreadyServed = "already_served", duplicate, inactive, notRegistered = "not_registered"
        case unknownDiner = "unknown_diner", unknownCard = "unknown_card", cardReplaced = "card_replaced"
        case budgetExhausted = "budget_exhausted", underAge = "under_age", beforeRegistration = "before_registration"
        case monthClosed = "month_closed", noPrice = "no_price", noPolicy = "no_policy", unreadable, invalid
        case unknownCommand = "unknown_command", nothingToVoid = "nothing_to_void", alreadyVoided = "already_voided"
        case notAllowed = "not_allowed", busy, databaseError = "database_error", notFound = "not_found", refused
    }

    let reason: Reason
    /// The sentence the clerk reads.
    let message: Message
    let exitCode: ExitCode
    /// The commonest mistake at a counter (the same card twice): said plainly, without the bell or red.
    var quiet: Bool { reason == .alreadyServed }

    init(_ reason: Reason, _ message: Message, exitCode: ExitCode) {
        self.reason = reason
        self.message = message
        self.exitCode = exitCode
    }

    /// A refusal of the core, reworded where the counter says it shorter. A duplicate of a meal served at this
    /// canteen (`site`), by this session or another, an hour ago or a minute, is the same diner at the same counter
    /// again: said plainly. Only a meal at another canteen is the alarm.
    init(_ error: CanteenError, site: String) {
        let values = error.message.values
        let code = ExitCode(error.kind)
        switch error.message.key {
        case .mealDuplicate:
            if case .text(let servedAt)? = values["site"], servedAt == site {
                self.init(.alreadyServed, Message(.counterAlreadyServed, values: values), exitCode: code)
            } else {
                self.init(.duplicate, Message(.counterDuplicate, values: values), exitCode: code)
            }
        case .mealDinerInactive: self.init(.inactive, Message(.counterInactive, values: values), exitCode: code)
        case .dinerIDNotFound: self.init(.notRegistered, Message(.counterNotRegistered, values: values), exitCode: code)
        case .dinerNotFound: self.init(.unknownDiner, error.message, exitCode: code)
        case .cardNotFound: self.init(.unknownCard, error.message, exitCode: code)
        case .cardReplaced: self.init(.cardReplaced, error.message, exitCode: code)
        case .budgetExhausted, .budgetExhaustedForMonth: self.init(.budgetExhausted, error.message, exitCode: code)
        case .mealUnderAge: self.init(.underAge, Message(.counterUnderAge, values: values), exitCode: code)
        case .mealBeforeRegistration: self.init(.beforeRegistration, Message(.counterBeforeRegistration, values: values), exitCode: code)
        case .monthClosedFor: self.init(.monthClosed, error.message, exitCode: code)
        case .mealNoPrice: self.init(.noPrice, error.message, exitCode: code)
        case .mealNoPolicy: self.init(.noPolicy, error.message, exitCode: code)
        case .alreadyVoided: self.init(.alreadyVoided, error.message, exitCode: code)
        default:
            let reason: Reason = switch error.kind {
            case .invalidInput, .usage: .invalid
            case .permission: .notAllowed
            case .busy: .busy
            case .storage: .databaseError
            case .notFound: .notFound
            case .rule: .refused
            }
            self.init(reason, error.message, exitCode: code)
        }
    }
}

extension CounterRefusal.Reason {
    /// The reason as the summary lists it.
    func label(_ l: Lang) -> String {
        switch self {
        case .alreadyServed: l("already served", "已取过餐")
        case .duplicate: l("served at another canteen", "已在其他饭堂用餐")
        case .inactive: l("inactive", "已停用")
        case .notRegistered: l("not registered", "未登记")
        case .unknownDiner: l("no such diner", "无此长者")
        case .unknownCard: l("no such card", "无此卡")
        case .cardReplaced: l("replaced card", "旧卡（已补发）")
        case .budgetExhausted: l("budget exhausted", "预算已用完")
        case .underAge: l("under 60", "未满 60 岁")
        case .beforeRegistration: l("before registration", "早于登记日期")
        case .monthClosed: l("month closed", "月份已结账")
        case .noPrice: l("no price", "无餐价")
        case .noPolicy: l("no policy", "无适用政策")
        case .unreadable: l("unreadable", "无法识别")
        case .invalid: l("invalid input", "输入有误")
        case .unknownCommand: l("unknown command", "未知命令")
        case .nothingToVoid: l("nothing to void", "无可作废")
        case .alreadyVoided: l("already voided", "已作废")
        case .notAllowed: l("not allowed", "无权限")
        case .busy: l("database busy", "数据库忙")
        case .databaseError: l("database error", "数据库错误")
        case .notFound: l("not found", "未找到")
        case .refused: l("other rule", "其他规则")
        }
    }
}
