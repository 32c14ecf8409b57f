import CanteenCore

/// The wording of every message key, in English and Chinese. `{name}` stands for a value of the message; the
/// switch is exhaustive, so a new key does not compile until it has both wordings.
enum MessageCatalog {
    /// The English and Chinese templates of a key.
    static func template(_ key: MessageKey) -> (en: String, zh: String) {
        switch key {
        // Values typed by a person.
        case .dateMalformed: ("'{text}' is not a date: use YYYY-MM-DD, such as 2026-11-29", "“{text}”不是日期：请按 YYYY-MM-DD 填写，例如 2026-11-29")
        case .monthMalformed: ("'{text}' is not a month: use YYYY-MM, such as 2026-11", "“{text}”不是月份：请按 YYYY-MM 填写，例如 2026-11")
        case .amountMalformed: ("'{text}' is not an amount in yuan: use digits with at most two decimals, such as 18 or 18.50",
                                "“{text}”不是以元为单位的金额：请填写数字，最多两位小数，例如 18 或 18.50")
        case .amountTooLarge: ("'{text}' is too large an amount: at most {largest} yuan", "金额“{text}”过大：最多 {largest} 元")
        case .slotUnknown: ("unknown slot '{text}': use breakfast, lunch or dinner", "未知餐次“{text}”：请用 breakfast（早餐）、lunch（午餐）或 dinner（晚餐）")
        case .payUnknown: ("unknown payment method '{text}': use cash, wechat, alipay or card", "未知支付方式“{text}”：请用 cash（现金）、wechat（微信）、alipay（支付宝）或 card（刷卡）")
        case .mealNumberMalformed: ("'{text}' is not a meal number (such as M000123)", "“{text}”不是餐号（例如 M000123）")
        case .siteCodeMalformed: ("'{text}' is not a canteen code: 2 to 10 letters and digits, such as GZ01", "“{text}”不是饭堂代码：应为 2 至 10 位字母和数字，例如 GZ01")
        case .roleUnknown: ("unknown role '{text}': use clerk, finance, auditor or admin", "未知角色“{text}”：请用 clerk（收银员）、finance（财务）、auditor（审计）或 admin（管理员）")
        case .textFieldInvalid: ("{field} must be 1 to {limit} visible characters on one line", "{field}须为 1 至 {limit} 个可见字符，且只占一行")
        case .categoryUnknown: ("unknown category '{text}': use one of {categories}", "未知类别“{text}”：请用以下之一：{categories}")
        case .deactivationReasonUnknown: ("unknown reason '{text}': use {reasons}", "未知原因“{text}”：请用 {reasons}")
        case .dinerReferenceMalformed: ("'{text}' is neither a diner number (such as D00042), a card code nor an 18-character ID number",
                                        "“{text}”既不是长者编号（例如 D00042）、卡号，也不是 18 位身份证号")
        case .dinerNumberNotAsPrinted: ("'{text}' is not a diner number as printed: D and five digits, such as D00042",
                                        "“{text}”不是长者编号的写法：D 加五位数字，例如 D00042")
        case .optionRange: ("{option} must be {low} to {high}", "{option} 须在 {low} 至 {high} 之间")
        case .minAgeRange: ("--min-age {age} is out of range: eligibility starts at 60, so use 60 to 150", "--min-age {age} 超出范围：60 岁起方可享受，请用 60 至 150")

        // Resident ID numbers and phone numbers.
        case .idEmpty: ("the ID number is empty: an ID number has 18 characters", "身份证号为空：身份证号为 18 位")
        case .idLength: ("ID number {id} has {count} characters, an ID number has 18", "身份证号 {id} 有 {count} 位，身份证号应为 18 位")
        case .idLastCharacter: ("ID number {id} ends in '{character}': the last character must be a digit or X", "身份证号 {id} 末位为“{character}”：末位须为数字或 X")
        case .idNotDigit: ("ID number {id} contains a character that is not a digit: '{character}' at position {position}",
                           "身份证号 {id} 第 {position} 位“{character}”不是数字")
        case .idProvince: ("ID number {id} has an unknown province code {code}", "身份证号 {id} 的省份代码 {code} 不存在")
        case .idBornBefore1900: ("ID number {id} has a birth date before 1900", "身份证号 {id} 的出生日期早于 1900 年")
        case .idBirthDateImpossible: ("ID number {id} has a birth date that does not exist", "身份证号 {id} 的出生日期不存在")
        case .idBornInFuture: ("ID number {id} has a birth date after today ({today})", "身份证号 {id} 的出生日期晚于今天（{today}）")
        case .idCheckCharacter: ("ID number {id} has a wrong check character: expected {expected}, got {got}", "身份证号 {id} 校验码错误：应为 {expected}，实为 {got}")
        case .phoneEmpty: ("the phone number is empty", "电话号码为空")
        case .phonePlus: ("phone number {phone} has a '+': write it without the +86 country code", "电话号码 {phone} 含“+”：请去掉 +86 国家代码")
        case .phoneCharacter: ("phone number {phone} contains '{character}', which is not a digit, space or '-'", "电话号码 {phone} 含“{character}”，不是数字、空格或“-”")
        case .phoneSeparator: ("phone number {phone} has a space or '-' where a digit should be", "电话号码 {phone} 在应为数字处有空格或“-”")
        case .phoneTrailingHyphen: ("phone number {phone} ends in '-'", "电话号码 {phone} 以“-”结尾")
        case .phoneMobileLength: ("phone number {phone} has {count} digits, a mobile number has 11", "电话号码 {phone} 有 {count} 位数字，手机号应为 11 位")
        case .phoneMobilePrefix: ("phone number {phone} is not a mobile number: mobile numbers start with 13 to 19", "电话号码 {phone} 不是手机号：手机号以 13 至 19 开头")
        case .phoneInternational: ("phone number {phone} starts with 00, an international prefix: give a Chinese number", "电话号码 {phone} 以国际前缀 00 开头：请填写国内号码")
        case .phoneHyphens: ("phone number {phone} has more than one '-': a landline has one, after the area code", "电话号码 {phone} 含多个“-”：固定电话只在区号后有一个")
        case .phoneHyphenPlace: ("phone number {phone} has a '-' that does not follow the area code (such as 010, 020 or 0755)",
                                 "电话号码 {phone} 的“-”不在区号（例如 010、020 或 0755）之后")
        case .phoneLandlineLocal: ("phone number {phone} has {count} digits after the area code, a landline number has 7 or 8",
                                   "电话号码 {phone} 区号后有 {count} 位，固定电话号码应为 7 或 8 位")
        case .phoneLandlineLength: ("phone number {phone} has {count} digits, a landline with its area code has 10 to 12",
                                    "电话号码 {phone} 有 {count} 位数字，含区号的固定电话应为 10 至 12 位")
        case .phoneNeither: ("phone number {phone} is neither a mobile number (11 digits starting 13 to 19) nor a landline (0, area code, number)",
                             "电话号码 {phone} 既不是手机号（以 13 至 19 开头的 11 位），也不是固定电话（0、区号、号码）")

        // The database and files.
        case .timeZoneUnknownHere: ("the database keeps its days in time zone {zone}, which this machine does not know", "数据库按时区 {zone} 计日，本机不认识该时区")
        case .databaseMissing: ("no database at {path}", "{path} 没有数据库")
        case .databaseIsDirectory: ("{path} is a directory, not a database file", "{path} 是文件夹，不是数据库文件")
        case .notSQLite: ("{path} is not an SQLite database", "{path} 不是 SQLite 数据库")
        case .databaseBusy: ("the database is busy: another counter is writing; try again", "数据库正忙：另一个窗口正在写入，请稍后再试")
        case .sqliteBusy: ("another process held the database's lock for longer than the wait allows (CANTEEN_BUSY_TIMEOUT_MS)",
                           "另一个程序占用数据库锁的时间超过了等待上限（CANTEEN_BUSY_TIMEOUT_MS）")
        case .sqliteLocked: ("a table is locked by another statement of this same program", "数据表被本程序的另一条语句锁住")
        case .sqliteSays: ("SQLite says: {text}", "SQLite 提示：{text}")
        case .databaseDamaged: ("the database file is damaged or is not a database (SQLite code {code}): restore it from a backup",
                                "数据库文件已损坏或不是数据库（SQLite 代码 {code}）：请从备份恢复")
        case .refusedByDatabase: ("the database refused the change: it would break one of the rules the books keep", "数据库拒绝了这项修改：它会违反账簿的规则")
        case .databaseError: ("the database could not do what was asked (SQLite code {code})", "数据库无法完成操作（SQLite 代码 {code}）")
        case .unexpectedError: ("unexpected error: {text}", "意外错误：{text}")
        case .notCanteenDatabase: ("{path} is not a canteen database", "{path} 不是长者饭堂数据库")
        case .notCanteenDatabaseBecause: ("{path} is not a canteen database ({text})", "{path} 不是长者饭堂数据库（{text}）")
        case .schemaNewer: ("{path} has schema version {version}, newer than this canteen ({latest})", "{path} 的结构版本为 {version}，比本程序（{latest}）新")
        case .schemaOlder: ("{path} has schema version {version}, older than this canteen ({latest})", "{path} 的结构版本为 {version}，比本程序（{latest}）旧")
        case .timeZoneUnknown: ("unknown time zone '{zone}': use a tz database name such as Asia/Shanghai", "未知时区“{zone}”：请用时区数据库名称，例如 Asia/Shanghai")
        case .openingBudgetZero: ("the opening budget must be above zero", "初始预算须大于零")
        case .initFileExists: ("{path} already exists: init never touches an existing file", "{path} 已存在：init 从不改动已有文件")
        case .cannotCreate: ("cannot create {path}: {reason}", "无法创建 {path}：{reason}")
        case .cannotRead: ("cannot read {path}: {reason}", "无法读取 {path}：{reason}")
        case .cannotReadToEnd: ("cannot read {path} to its end: {reason}", "无法读完 {path}：{reason}")
        case .cannotWrite: ("cannot write {path}: {error}", "无法写入 {path}：{error}")
        case .cannotWriteBecause: ("cannot write {path}: {reason}", "无法写入 {path}：{reason}")
        case .fileNotFound: ("no file {path}", "没有文件 {path}")
        case .databaseReadOnly: ("the database cannot be written from here: the file or its folder is read-only (SQLite code {code})",
                                 "无法在此写入数据库：文件或其所在文件夹为只读（SQLite 代码 {code}）")
        case .databaseFull: ("the disk holding the database is full: nothing was written; free some space and try again (SQLite code {code})",
                             "数据库所在磁盘已满：未写入任何内容；请腾出空间后再试（SQLite 代码 {code}）")
        case .databaseIOError: ("the disk failed to read or write the database file: an input/output error (SQLite code {code})",
                                "磁盘读写数据库文件时出错（SQLite 代码 {code}）")
        case .databaseCannotOpen: ("the database file cannot be opened: its folder is missing or may not be read (SQLite code {code})",
                                   "无法打开数据库文件：所在文件夹不存在或不可读取（SQLite 代码 {code}）")
        case .backupExists: ("{path} already exists: give --force to replace it", "{path} 已存在：如要替换请加 --force")
        case .targetIsDatabase: ("{path} is part of the live database: write to another file", "{path} 是正在使用的数据库的一部分：请写到其他文件")
        case .strayCompanion: ("{path} is there without its database {database}: a new database would take up its log; move it away or choose another path",
                               "{path} 存在，但其数据库 {database} 不在：新数据库会误用这份日志；请先移走它或另选路径")
        case .demoFileNotOurs: ("{path} exists and was not made by the demo: it is left alone", "{path} 已存在且不是演示程序建立的：不予改动")

        // Dates and months.
        case .datedInFuture: ("the {what} date {date} is after today ({today}): nothing may be dated in the future", "{what}日期 {date} 晚于今天（{today}）：不能记在未来的日期")
        case .monthClosedFor: ("{month} is closed (months up to {closed} are sealed): no {what} can be dated {date}", "{month} 已结账（{closed} 及之前的月份已封存）：{what}不能记在 {date}")

        // Operators and roles.
        case .operatorMissing: ("name yourself with --operator NAME (or $CANTEEN_OPERATOR): it is required to {action}", "请用 --operator 姓名（或 $CANTEEN_OPERATOR）说明操作员：{action}需要")
        case .operatorUnknown: ("unknown operator '{name}'", "未知操作员“{name}”")
        case .operatorInactive: ("operator '{name}' is no longer active", "操作员“{name}”已停用")
        case .roleMayNot: ("operator '{name}' is {role}; only {roles} may {action}", "操作员“{name}”是{role}；只有{roles}可以{action}")
        case .operatorExists: ("operator '{name}' already exists", "操作员“{name}”已存在")
        case .operatorNotFound: ("no operator '{name}'", "没有操作员“{name}”")
        case .operatorAlreadyInactive: ("operator '{name}' is already inactive", "操作员“{name}”已经停用")
        case .adminSelfDeactivate: ("an admin cannot deactivate themselves: ask another admin", "管理员不能停用自己：请另一位管理员操作")

        // Canteens, prices and policies.
        case .priceZero: ("a meal price must be above zero", "餐价须大于零")
        case .capacityRange: ("a canteen's capacity must be {low} to {high} seats", "饭堂座位数须在 {low} 至 {high} 之间")
        case .siteExists: ("canteen {site} already exists", "饭堂 {site} 已存在")
        case .priceInClosedMonth: ("{month} is closed: a price change may start in an open month only (after {closed})", "{month} 已结账：调价只能从未结账的月份（{closed} 之后）开始")
        case .priceExists: ("canteen {site} already has a price from {date}", "饭堂 {site} 已有从 {date} 起的价格")
        case .siteNotFound: ("no canteen {site}", "没有饭堂 {site}")
        case .siteIDNotFound: ("no canteen with id {id}", "没有编号为 {id} 的饭堂")
        case .policyInClosedMonth: ("{month} is closed: a policy may start in an open month only (after {closed})", "{month} 已结账：政策只能从未结账的月份（{closed} 之后）开始")

        // Diners.
        case .registerBeforeBirth: ("not eligible: born after the registration date {date}", "不符合条件：出生日期晚于登记日期 {date}")
        case .registerUnderAge: ("not eligible: aged {age} on {date}; diners must be {minimum} or older", "不符合条件：{date} 时 {age} 岁；须年满 {minimum} 岁")
        case .alreadyRegistered: ("already registered as diner {diner}", "已登记，长者编号 {diner}")
        case .findEmpty: ("say what to look for: an ID number, diner number, phone or part of a name", "请说明要查找什么：身份证号、长者编号、电话或姓名的一部分")
        case .updateNothing: ("nothing to change: give a phone, category or home canteen", "没有要修改的内容：请给出电话、类别或所属饭堂")
        case .categoryBeforeRegistration: ("diner {diner} was registered on {registered}: a category can change from then on", "长者 {diner} 于 {registered} 登记：类别只能从该日起变更")
        case .categoryMealsCharged: ("diner {diner} already has meals charged from {date} on ({meals}): change the category from a later date, or void and record them again",
                                     "长者 {diner} 自 {date} 起已有计费用餐（{meals}）：请从更晚的日期变更类别，或作废后重新记录")
        case .alreadyDeactivated: ("diner {diner} was already deactivated from {date} ({reason})", "长者 {diner} 已于 {date} 停用（{reason}）")
        case .deactivateBeforeRegistration: ("diner {diner} was registered on {registered}: deactivate from a later date", "长者 {diner} 于 {registered} 登记：请从更晚的日期停用")
        case .dinerIDNotFound: ("no diner with ID number {id}", "没有身份证号为 {id} 的长者")
        case .dinerIDCorrupt: ("diner {diner} has a malformed ID number in the database: run 'canteen audit verify'", "长者 {diner} 在数据库中的身份证号格式错误：请运行 'canteen audit verify'")
        case .dinerNotFound: ("no diner {diner}", "没有长者 {diner}")

        // Meals.
        case .refUsedOtherwise: ("ref '{ref}' was already used for meal {meal} ({diner}, {site}, {date} {slot}, {pay}) with other details",
                                 "参考号“{ref}”已用于餐号 {meal}（{diner}，{site}，{date} {slot}，{pay}），内容不同")
        case .mealBeforeRegistration: ("diner {diner} was registered on {registered}, after the meal date {date}", "长者 {diner} 于 {registered} 登记，晚于用餐日期 {date}")
        case .mealDinerInactive: ("diner {diner} is inactive from {date} ({reason}): no meals on or after it", "长者 {diner} 自 {date} 起已停用（{reason}）：该日及之后不能用餐")
        case .mealUnderAge: ("diner {diner} is aged {age} on {date}: under {minimum}, not eligible until {from}", "长者 {diner} 于 {date} 为 {age} 岁：未满 {minimum} 岁，{from} 起方可享受")
        case .mealNoPrice: ("canteen {site} has no contracted price on {date} (its first price starts {first})", "饭堂 {site} 在 {date} 没有合同价（最早的价格从 {first} 起）")
        case .mealDuplicate: ("duplicate meal: diner {diner} already had {slot} on {date} at {site} (meal {meal}, recorded {at})", "重复用餐：长者 {diner} 已于 {date} 在 {site} 用过{slot}（餐号 {meal}，记录于 {at}）")
        case .mealNoPolicy: ("no subsidy policy is in force on {date} for a {category} diner aged {age}", "{date} 没有适用于{category}类 {age} 岁长者的补贴政策")
        case .budgetExhausted: ("budget exhausted: {left} yuan left, this meal's subsidy is {subsidy}", "预算已用完：余额 {left} 元，本餐补贴 {subsidy} 元")
        case .alreadyVoided: ("meal {meal} is already voided (reversal posted in {period})", "餐号 {meal} 已作废（冲销计入 {period}）")
        case .mealWithoutEntry: ("meal {meal} has no journal entry: run 'canteen audit verify'", "餐号 {meal} 没有记账分录：请运行 'canteen audit verify'")
        case .mealNotFound: ("no meal {meal}", "没有餐号 {meal}")
        case .budgetExhaustedForMonth: ("budget exhausted for {month}: the fund as of {month} holds {left} yuan, this meal's subsidy is {subsidy}",
                                        "{month} 的预算已用完：截至 {month} 资金余额 {left} 元，本餐补贴 {subsidy} 元")
        case .hintAppropriationReachesBack: ("An appropriation dated after {month} does not reach back into it: finance can date one in {month} with 'canteen budget add --date'.",
                                             "在 {month} 之后日期的拨款不能用于 {month}：财务人员可用 'canteen budget add --date' 在 {month} 内拨款。")
        case .entryBeforeCorrected: ("a {what} cannot be dated {date}, before entry {entry} it corrects ({corrected})", "{what}不能记在 {date}，早于其更正的分录 {entry}（{corrected}）")
        case .settleBeforeMonthEnd: ("{month} cannot be paid on {date}: a settlement is dated after its month has ended", "{month} 的补贴不能在 {date} 结算：结算日期须在该月结束之后")
        case .closeFundNegative: ("{month} cannot close: its fund would close at {closing} yuan, below zero", "{month} 不能结账：期末资金将为 {closing} 元，低于零")
        case .startsBeforeFirstOpenDay: ("a {what} cannot start {date}: months up to {closed} are closed, so it may start on {first} or later", "{what}不能从 {date} 起生效：{closed} 及之前的月份已结账，最早从 {first} 起")

        // Import.
        case .importEmpty: ("{path} is empty: it needs the header {header}", "{path} 为空：需要表头 {header}")
        case .importHeader: ("line 1: the header must be {header}, not {found}", "第 1 行：表头应为 {header}，而不是 {found}")
        case .importRefTwice: ("ref '{ref}' appears twice in the file (first on line {line})", "参考号“{ref}”在文件中出现两次（首次在第 {line} 行）")
        case .importDuplicateInFile: ("duplicate meal: diner {diner} already has {slot} on {date} on line {line} of this file", "重复用餐：长者 {diner} 在本文件第 {line} 行已有 {date} 的{slot}")
        case .csvProblem: ("{problem}", "{problem}")
        case .importFieldCount: ("has {count} fields, expected {expected} ({header})", "有 {count} 个字段，应为 {expected} 个（{header}）")
        case .importRefEmpty: ("the ref is empty: every row needs one, so a re-import can skip it", "参考号为空：每行都需要参考号，重复导入时才能跳过")
        case .importRowProblem: ("line {line}: {error}", "第 {line} 行：{error}")
        case .importMoreRows: ("… and {count} more", "……另有 {count} 行")
        case .importNothingRecorded: ("Nothing was recorded: mend the rows and import the file again.", "未记录任何内容：请修正这些行后重新导入。")
        case .importBadRows: ("{path}: {count:bad row:bad rows}", "{path}：{count} 行有误")

        // The journal, the budget and month end.
        case .unbalancedEntry: ("internal error: an unbalanced {kind} entry was refused", "内部错误：不平衡的{kind}分录被拒绝")
        case .fundWouldOverdraw: ("budget exhausted: this {kind} would overdraw the fund", "预算已用完：此{kind}会使资金透支")
        case .appropriationZero: ("an appropriation must be above zero", "拨款须大于零")
        case .sealMissing: ("month {month} has no seal", "{month} 没有封存记录")
        case .declareMonthNotBegun: ("{month} has not begun (today is {today}): declare takings for a month that has", "{month} 尚未开始（今天是 {today}）：只能申报已开始月份的收入")
        case .closeMonthNotEnded: ("{month} has not ended yet (today is {today}): a month closes after its last day", "{month} 尚未结束（今天是 {today}）：月末之后才能结账")
        case .closeAlreadyClosed: ("{month} is already closed", "{month} 已结账")
        case .closeSealedByLater: ("{month} is before {closed}, which is closed: it is sealed with it", "{month} 早于已结账的 {closed}：已随之封存")
        case .closeEarlierOpen: ("{month} has activity and is still open: close {month} first", "{month} 有业务且尚未结账：请先结 {month}")
        case .closeUndeclared: ("{count:canteen:canteens} with meals in {month} not declared: {sites}", "{month} 有用餐的 {count} 个饭堂未申报自付收入：{sites}")
        case .settleQuietMonth: ("{month} had no activity of its own when {closed} closed: there is nothing to settle", "{closed} 结账时 {month} 没有业务：无需结算")
        case .settleOpenMonth: ("{month} is not closed: settle a month after closing it", "{month} 尚未结账：请结账后再结算")
        case .settleAlreadyPaid: ("{site} was already paid for {month} under voucher {voucher} on {at}", "{site} 的 {month} 补贴已于 {at} 拨付，凭证号 {voucher}")
        case .settleNothingPayable: ("{site} has nothing payable for {month}: it had no meals or adjustments then", "{site} 在 {month} 没有应付补贴：当月没有用餐或调整")

        case .migrateVerifyFailed: ("the books fail audit verify ({count:problem:problems}) once migrated: nothing was migrated", "迁移后账簿未通过 audit verify（{count} 个问题）：未做任何迁移")
        case .verifyProblemLine: ("[{check}] {detail}", "[{check}] {detail}")
        case .hintMigrateForce: ("Find out why with an auditor; 'canteen migrate --force' migrates anyway and records it.", "请与审计员查明原因；'canteen migrate --force' 可强制迁移并记录在案。")

        // Hints.
        case .hintInstallTzdata: ("Install the tz database (apt-get install tzdata).", "请安装时区数据库（apt-get install tzdata）。")
        case .hintInit: ("Create one with 'canteen init --admin NAME', or name another with --db.", "请用 'canteen init --admin 姓名' 新建，或用 --db 指定其他文件。")
        case .hintOtherPath: ("Use another --db path, or remove the file if it is yours to remove.", "请用 --db 指定其他路径；如该文件归你处理，可将其删除。")
        case .hintNewerBinary: ("Use a newer canteen binary; this one will not touch the file.", "请使用更新版本的 canteen；本程序不会改动该文件。")
        case .hintMigrate: ("Run 'canteen migrate --db {path}' first (make a backup before).", "请先运行 'canteen migrate --db {path}'（之前先备份）。")
        case .hintSiteList: ("See 'canteen site list'.", "参见 'canteen site list'。")
        case .hintEligibleFrom: ("Eligible from {date}.", "{date} 起符合条件。")
        case .hintRegister: ("Register them with 'canteen diner register'.", "请用 'canteen diner register' 登记。")
        case .simulationFundTooSmall: ("the simulated city ran out of its fund of {budget} before its last month: nothing was made",
                                       "模拟城市在最后一个月之前就用完了 {budget} 的资金：未建立任何文件")
        case .hintSimulateBudget: ("Give a larger fund with --budget YUAN.", "请用 --budget 元 给出更多资金。")
        case .migrateNotCompacted: ("The books are migrated, but the file could not be rewritten to its new size now ({reason}): run sqlite3 {path} VACUUM when the disk and the counters allow.",
                                    "账本已升级，但文件暂时无法压缩到新的大小（{reason}）：待磁盘空间和各窗口允许时，运行 sqlite3 {path} VACUUM。")
        case .hintBudgetAdd: ("Finance can add an appropriation with 'canteen budget add'.", "财务人员可用 'canteen budget add' 追加拨款。")
        case .hintDeclareOrForce: ("Record them with 'canteen cash declare', or close with --force (recorded as forced).", "请用 'canteen cash declare' 申报，或加 --force 强制结账（会记录为强制）。")
        case .hintDemoOtherPath: ("Name another file with --db, e.g. 'canteen demo --db /tmp/demo.db'.", "请用 --db 指定其他文件，例如 'canteen demo --db /tmp/demo.db'。")

        // audit verify.
        case .verifyEntryMissing: ("entry {entry} is missing: the journal jumps to {next}", "分录 {entry} 缺失：日记账跳到了 {next}")
        case .verifyEntryUnlinked: ("entry {entry} does not link to the entry before it", "分录 {entry} 与前一条分录链接不上")
        case .verifyEntryAltered: ("entry {entry} was altered: its content no longer matches its hash", "分录 {entry} 被改动：内容与哈希不符")
        case .verifyEntryUnbalanced: ("entry {entry} does not balance: its postings sum to {sum}", "分录 {entry} 借贷不平：合计为 {sum}")
        case .verifyFundOverdrawnAt: ("the fund was overdrawn to {amount} at entry {entry}", "资金在分录 {entry} 处透支至 {amount}")
        case .verifyBalanceDiffers: ("the kept balance of {account} is {kept}, its postings sum to {sum}", "{account} 的留存余额为 {kept}，分录合计为 {sum}")
        case .verifyBalanceWithoutPostings: ("the kept balance of {account} is {kept} with no postings behind it", "{account} 的留存余额为 {kept}，但没有对应分录")
        case .verifyFundIdentity: ("appropriated {total} − drawn {drawn} ≠ remaining {remaining}", "拨款 {total} − 已用 {drawn} ≠ 余额 {remaining}")
        case .verifyFundOverdrawn: ("the fund is overdrawn: {amount}", "资金透支：{amount}")
        case .verifyMealWithoutEntry: ("meal {meal} has no journal entry", "餐号 {meal} 没有记账分录")
        case .verifyEntryMealMissing: ("entry {entry} names meal {meal}, which does not exist", "分录 {entry} 指向的餐号 {meal} 不存在")
        case .verifyMealEntries: ("meal {meal} has more than one entry", "餐号 {meal} 有多条分录")
        case .verifyVoidLink: ("meal {meal} and void entry {entry} do not point at each other", "餐号 {meal} 与作废分录 {entry} 互不对应")
        case .verifyMealPostings: ("meal {meal}: its entry's postings do not match its price, copay and subsidy", "餐号 {meal}：分录与其餐价、自付和补贴不符")
        case .verifyMealRowChanged: ("meal {meal} no longer matches its entry: it says {row}, the entry {entry}", "餐号 {meal} 与其分录不再一致：记录为 {row}，分录为 {entry}")
        case .verifyMealSplit: ("meal {meal}: price ≠ copay + subsidy", "餐号 {meal}：餐价 ≠ 自付 + 补贴")
        case .verifySettlementEntry: ("the settlement of {site} for {month} ({amount}) does not match its journal entry", "{site} 的 {month} 结算（{amount}）与其分录不符")
        case .verifySettlementSealed: ("the settlement of {site} for {month} paid {amount}, the sealed payable is {sealed}", "{site} 的 {month} 结算支付 {amount}，封存的应付为 {sealed}")
        case .verifyPaymentWithoutSettlement: ("payment entry {entry} has no settlement record (or more than one): a month may have been paid twice", "支付分录 {entry} 没有（或有多条）结算记录：某月可能被重复支付")
        case .verifySealedHead: ("{month}: the sealed chain head is not entry {entry}'s hash: the journal was rewritten", "{month}：封存的链头不是分录 {entry} 的哈希：日记账被改写")
        case .verifySealHash: ("{month}: the sealed figures no longer match their seal hash", "{month}：封存的数字与封存哈希不符")
        case .verifyPostedAfterClose: ("{month}: entry {entry} was posted into it after it closed", "{month}：结账后又记入了分录 {entry}")
        case .verifyClosedChanged: ("{month}: its meals, voids or declarations changed after it closed: the figures no longer recompute to the seal", "{month}：结账后用餐、作废或申报有改动：重算结果与封存不符")
        case .verifySealedFund: ("{month}: the fund's sealed opening, appropriations or drawn do not match the postings", "{month}：封存的期初、拨款或已用与分录不符")
        case .verifyOpeningClosing: ("{month}: opening {opening} ≠ the previous month's closing {closing}", "{month}：期初 {opening} ≠ 上月期末 {closing}")
        case .verifySiteSplit: ("{month} {site}: meal value ≠ copay + subsidy", "{month} {site}：餐费总额 ≠ 自付 + 补贴")
        case .verifyPayableDrawn: ("{month}: the canteens' payable does not add up to the fund's drawn", "{month}：各饭堂应付合计与资金已用不符")
        case .verifyReportPostings: ("{month} {site}: the report says {account} {report}, the postings {postings}", "{month} {site}：报表中 {account} 为 {report}，分录为 {postings}")
        case .verifyPayableDrawnAmounts: ("{month}: the canteens' payable {payable} does not add up to the fund's drawn {drawn}", "{month}：各饭堂应付 {payable} 与资金已用 {drawn} 不符")
        case .verifyTriggerMissing: ("the trigger {name} is missing: the append-only guard was removed", "触发器 {name} 缺失：只增不改的保护被移除")
        case .verifyTriggerChanged: ("the trigger {name} differs from the schema's: the append-only guard was changed", "触发器 {name} 与结构定义不同：只增不改的保护被改动")
        case .verifyAuditHeadAhead: ("the audit log ends at row {row}, but its kept head is row {head}: the rows after {row} were removed",
                                     "审计日志止于第 {row} 行，但留存的链头为第 {head} 行：第 {row} 行之后的记录被删除")
        case .verifyAuditHeadDiffers: ("the audit log's kept head (row {head}) is not its last row ({row}) as the chain has it",
                                       "审计日志留存的链头（第 {head} 行）与链上最后一行（第 {row} 行）不符")
        case .verifyAuditHeadMissing: ("the audit log's kept head is missing", "审计日志留存的链头缺失")
        case .verifyAuditRowMissing: ("audit log row {row} is missing: the chain jumps to {next}", "审计日志第 {row} 行缺失：链条跳到了第 {next} 行")
        case .verifyAuditFactOrphan: ("audit log row {row} has recorded facts but no row of its own", "审计日志第 {row} 行的事实记录没有对应的日志行")
        case .verifyAuditRowAltered: ("audit log row {row} was altered: its content or facts no longer match its hash", "审计日志第 {row} 行被改动：内容或事实记录与哈希不符")
        case .verifyAuditUnknownTable: ("audit log row {row} records a fact of an unknown table {table}", "审计日志第 {row} 行记录了未知表 {table} 的事实")
        case .verifyFactUnrecorded: ("{table} row {key} is not in the audit chain: it was written behind the program's back", "{table} 表的记录 {key} 不在审计链中：是绕过程序写入的")
        case .verifyFactChanged: ("{table} row {key} was changed behind the program's back: {column} is {now}, the audit chain says {recorded}", "{table} 表的记录 {key} 被绕过程序改动：{column} 现为 {now}，审计链记载为 {recorded}")
        case .verifyFactRemoved: ("{table} row {key} was removed behind the program's back: the audit chain records it", "{table} 表的记录 {key} 被绕过程序删除：审计链中有记载")
        case .verifySchemaMissing: ("the {type} {name} of the schema is missing", "数据库结构中的 {type} {name} 缺失")
        case .verifySchemaChanged: ("the {type} {name} differs from what the migrations made", "{type} {name} 与迁移脚本建立的不同")
        case .verifySchemaExtra: ("the {type} {name} is not part of the schema the migrations made", "{type} {name} 不属于迁移脚本建立的结构")
        case .verifyIntegrity: ("SQLite's integrity check reports: {text}", "SQLite 完整性检查报告：{text}")
        case .verifyMigrationsRecorded: ("the recorded migrations ({versions}) are not this schema's", "记录的迁移版本（{versions}）与本结构不符")
        case .verifyFundPeriod: ("{period}: the fund's kept figures are {keptAppropriated} appropriated and {keptDrawn} drawn, its entries give {appropriated} and {drawn}",
                                 "{period}：留存的资金数为拨款 {keptAppropriated}、支用 {keptDrawn}，按分录应为 {appropriated} 和 {drawn}")
        case .verifyKeptRowWithoutEntries: ("{period} {site}: a kept row of figures for which there are no entries", "{period} {site}：有一行留存汇总，却没有对应的分录")
        case .verifyMealEntryPostings: ("entry {entry} of meal {meal} has postings of its own: a meal's entry never stores any (they are the meal row's)",
                                        "餐号 {meal} 的分录 {entry} 带有自己的明细：用餐分录从不单独保存明细（明细由用餐记录得出）")
        case .verifyPeriodFigures: ("{period} {site} {slot} {pay}: the kept meal figures differ from what the entries add up to", "{period} {site} {slot} {pay}：留存的用餐汇总与分录合计不符")
        case .verifyMealAltered: ("meal {meal} (entry {entry}) was altered: the meal row no longer matches its entry's hash", "餐号 {meal}（分录 {entry}）被改动：用餐记录与其分录的哈希不符")
        case .verifyMealOutOfBounds: ("meal {meal}: its price {price}, copay {copay} or subsidy {subsidy} lies outside 0 to {largest}, which no command makes",
                                      "餐号 {meal}：餐价 {price}、自付 {copay} 或补贴 {subsidy} 超出 0 至 {largest}，任何命令都不会这样记录")
        case .verifyPostingOutOfBounds: ("entry {entry}: its posting of {amount} to {account} lies beyond ±{largest}, which no command makes",
                                         "分录 {entry}：记入 {account} 的 {amount} 超出 ±{largest}，任何命令都不会这样记录")
        case .verifyPeriodOverflow: ("{period}: its figures add up beyond what a 64-bit integer holds", "{period}：其汇总超出 64 位整数的范围")
        case .verifyFundOverflow: ("the fund's running balance leaves the 64-bit integers at entry {entry}", "资金的累计余额在分录 {entry} 处超出 64 位整数的范围")
        case .verifySealedAuditHead: ("{month}: the sealed audit chain head is not row {row}'s hash: the audit log was rewritten", "{month}：封存的审计链头不是第 {row} 行的哈希：审计日志被改写")

        // audit anomalies.
        case .anomalyMealAfterDeactivation: ("meal on {date} but the diner is inactive from {from} ({reason})", "用餐日期 {date}，但该长者自 {from} 起已停用（{reason}）")
        case .anomalyIneligible: ("meal on {date}; registered {registered}, aged {age}", "用餐日期 {date}；登记于 {registered}，{age} 岁")
        case .anomalyOverCapacity: ("{count} {slot} meals at a canteen of {seats} seats", "{seats} 个座位的饭堂一餐{slot}供应了 {count} 份")
        case .anomalySeveralCanteens: ("meals at {sites} on the same day", "同一天在 {sites} 用餐")
        case .anomalyLateBackfill: ("eaten {date}, recorded {recorded} by {by}", "{date} 用餐，{by} 于 {recorded} 补录")
        case .anomalyDatedAhead: ("dated {date} but recorded on {recorded} by {by}", "日期为 {date}，但 {by} 于 {recorded} 录入")
        case .anomalyRegisteredAhead: ("registered as of {date} but entered on {recorded} by {by}", "登记日期为 {date}，但 {by} 于 {recorded} 录入")
        case .anomalyCategoryAhead: ("category {category} from {date} but entered on {recorded} by {by}", "类别{category}自 {date} 起，但 {by} 于 {recorded} 录入")
        case .anomalyClosedEarly: ("{month} was closed on {date} by {by}, before the month ended", "{month} 由 {by} 于 {date} 结账，早于月末")
        case .anomalySharedPhone: ("{count} diners share one phone: {diners}", "{count} 位长者共用一个电话：{diners}")
        case .anomalyVeryOld: ("aged {age} at the first meal, {count} meals: check they are alive", "首次用餐时 {age} 岁，共 {count} 餐：请核实是否健在")
        case .anomalyFrequentVoids: ("{voided} of {count} meals voided", "{count} 餐中作废 {voided} 餐")
        case .anomalyLookAlikeOperators: ("reads as the operator '{existing}' but is another name ({characters}): check who acts under it",
                                          "看起来与操作员“{existing}”相同，实为另一个名字（{characters}）：请核实是谁在使用")
        case .anomalyTakingsBelow: ("declared {declared} against {due} copay due ({variance})", "申报 {declared}，应收自付 {due}（差额 {variance}）")

        // The command line's own.
        case .optionTwice: ("{option} was given twice", "{option} 给了两次")
        case .versionAlone: ("--version stands alone: 'canteen --version'", "--version 须单独使用：'canteen --version'")
        case .optionUnknown: ("unknown option '{option}'", "未知选项“{option}”")
        case .optionUnknownDidYouMean: ("unknown option '{option}'. Did you mean '{suggestion}'?", "未知选项“{option}”。是不是要输入“{suggestion}”？")
        case .subcommandMissing: ("'{command}' needs a subcommand", "“{command}”需要子命令")
        case .flagTakesNoValue: ("{option} takes no value", "{option} 不带值")
        case .optionMissing: ("missing {option}", "缺少 {option}")
        case .argumentMissing: ("missing {argument}", "缺少 {argument}")
        case .argumentUnexpected: ("unexpected argument '{argument}'", "多余的参数“{argument}”")
        case .argumentAndOption: ("give {argument} or {option}, not both: they are the same", "{argument} 与 {option} 是同一项，请只给出一个")
        case .optionValueMissing: ("missing value for {option}", "{option} 缺少值")
        case .commandUnknown: ("unknown command '{command}', and no command is close to it: 'canteen help' lists them all",
                               "未知命令“{command}”，也没有相近的命令：'canteen help' 列出全部命令")
        case .commandUnknownDidYouMean: ("unknown command '{command}'. Did you mean '{suggestion}'?", "未知命令“{command}”。是不是要输入“{suggestion}”？")
        case .subcommandUnknown: ("unknown subcommand '{command}' of '{group}', and none is close to it: its subcommands are {subcommands}",
                                  "“{group}”没有子命令“{command}”，也没有相近的：它的子命令是 {subcommands}")
        case .subcommandUnknownDidYouMean: ("unknown subcommand '{command}' of '{group}'. Did you mean '{suggestion}'?", "“{group}”没有子命令“{command}”。是不是要输入“{suggestion}”？")
        case .excelNeedsCSV: ("--excel goes with --format csv", "--excel 须与 --format csv 一起使用")
        case .statusUnknown: ("--status must be active or inactive, not '{text}'", "--status 须为 active（在用）或 inactive（停用），而不是“{text}”")
        case .updateNothingOptions: ("nothing to change: give --phone, --category or --site", "没有要修改的内容：请给出 --phone、--category 或 --site")
        case .fromNeedsCategory: ("--from dates a category change: give --category with it", "--from 是类别变更的日期：请同时给出 --category")
        case .dateOrMonth: ("give --date or --month, not both", "--date 和 --month 只能给一个")
        case .exportFormat: ("'export journal' writes --format ledger or beancount", "“export journal”只能输出 --format ledger 或 beancount")
        case .formatUnsupported: ("'{command}' cannot write --format {format}", "“{command}”不能输出 --format {format}")
        case .formatUnsupportedUse: ("'{command}' cannot write --format {format}; use {formats}", "“{command}”不能输出 --format {format}；请用 {formats}")
        case .langUnknown: ("--lang must be zh or en, not '{text}'", "--lang 须为 zh 或 en，而不是“{text}”")
        case .formatUnknown: ("--format must be table, csv, json, html, ledger or beancount, not '{text}'", "--format 须为 table、csv、json、html、ledger 或 beancount，而不是“{text}”")
        case .optionValue: ("{option}: {error}", "{option}：{error}")
        case .busyTimeoutMalformed: ("CANTEEN_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not '{text}'", "CANTEEN_BUSY_TIMEOUT_MS 须为整数毫秒，而不是“{text}”")
        case .wholeNumberMalformed: ("{option}: '{text}' is not a whole number", "{option}：“{text}”不是整数")

        // Output files and temporary files.
        case .outputPathEmpty: ("the output file name is empty: name a file, or - for standard output", "输出文件名为空：请给出文件名，或用 - 表示标准输出")
        case .outputNotRegularFile: ("{path} is {kind}, not a regular file: canteen writes only regular files", "{path} 是{kind}，不是普通文件：canteen 只写普通文件")
        case .outputIsOpenDatabase: ("{path} is the open database {database}: no output is ever written over the books; choose another file",
                                     "{path} 就是正在使用的数据库 {database}：任何输出都不会写在账本上，请另选文件")
        case .standardOutputIsDatabase: ("standard output goes into {file}, a file of the open database: nothing was done; send it elsewhere",
                                         "标准输出指向正在使用的数据库文件 {file}：未做任何操作；请改为输出到别处")
        case .outputIsDatabaseCompanion: ("{path} is the {suffix} file SQLite keeps beside the open database {database}: choose another file",
                                          "{path} 是 SQLite 在正在使用的数据库 {database} 旁保存的 {suffix} 文件：请另选文件")
        case .outputFolderUnusable: ("cannot write {path}: its folder {folder} cannot be used: {reason}", "无法写入 {path}：无法使用所在文件夹 {folder}：{reason}")
        case .standardOutputFailed: ("cannot write to standard output: {reason}", "无法写入标准输出：{reason}")
        case .newDatabaseExists: ("{path} already exists: a new database is never written over an existing file", "{path} 已存在：新数据库从不写在已有文件上")
        case .fileKindDirectory: ("a directory", "文件夹")
        case .fileKindFIFO: ("a named pipe (FIFO)", "命名管道")
        case .fileKindCharacterDevice: ("a character device", "字符设备")
        case .fileKindBlockDevice: ("a block device", "块设备")
        case .fileKindSocket: ("a socket", "套接字")
        case .fileKindOther: ("a special file", "特殊文件")

        // Edges: bounds, text and exports.
        case .amountOverflow: ("a sum of amounts in the books goes beyond {largest} yuan: the file may be damaged; run 'canteen audit verify'",
                               "账簿中的金额合计超过 {largest} 元：文件可能已损坏，请运行 'canteen audit verify'")
        case .countOverflow: ("a count or number in the books goes beyond what a 64-bit integer holds: the file may be damaged; run 'canteen audit verify'",
                              "账簿中的计数或编号超出 64 位整数的范围：文件可能已损坏，请运行 'canteen audit verify'")
        case .storedMealDamaged: ("meal {meal} holds a price of {price}, a copay of {copay} and a subsidy of {subsidy}, which no command makes: the file may be damaged; run 'canteen audit verify'",
                                  "餐号 {meal} 记载餐价 {price}、自付 {copay}、补贴 {subsidy}，任何命令都不会这样记录：文件可能已损坏，请运行 'canteen audit verify'")
        case .chargeDamaged: ("the price and the policy in force at {site} on {date} give a price of {price}, a copay of {copay} and a subsidy of {subsidy}, which no command makes: the file may be damaged; run 'canteen audit verify'",
                              "{site} 在 {date} 适用的餐价和政策得出餐价 {price}、自付 {copay}、补贴 {subsidy}，任何命令都不会这样设定：文件可能已损坏，请运行 'canteen audit verify'")
        case .keptFiguresDamaged: ("the books' kept figures are not ones they could make (negative meals or amounts, value ≠ copay + subsidy, or a fund beyond its bounds): the file may be damaged; run 'canteen audit verify'",
                                   "账本留存的汇总不是账本能产生的数字（餐数或金额为负、餐值不等于自付加补贴，或资金超出范围）：文件可能已损坏；请运行 'canteen audit verify'")
        case .sealFiguresDamaged: ("{month}'s kept figures are not what the books could make (negative meals or amounts, or value ≠ copay + subsidy): the file may be damaged; run 'canteen audit verify'",
                                   "{month} 的留存汇总不可能由账簿产生（餐数或金额为负，或餐费 ≠ 自付 + 补贴）：文件可能已损坏，请运行 'canteen audit verify'")
        case .fundLimitExceeded: ("the fund may hold at most {limit} yuan of appropriations: it holds {total}, so {amount} more is refused",
                                  "资金拨款总额最多 {limit} 元：现有 {total} 元，不能再追加 {amount} 元")
        case .priceTooLarge: ("a meal price of {amount} yuan is more than the {largest} yuan a meal may cost", "餐价 {amount} 元超过单餐上限 {largest} 元")
        case .copayTooLarge: ("a copay of {amount} yuan is more than the {largest} yuan a meal may cost", "自付 {amount} 元超过单餐上限 {largest} 元")
        case .capTooLarge: ("a cap of {amount} yuan is more than the {largest} yuan a meal may cost", "补贴上限 {amount} 元超过单餐上限 {largest} 元")
        case .dateOutOfRange: ("'{text}' is outside the dates the books keep: use a date from {earliest} to {latest}",
                               "“{text}”超出账簿的日期范围：请用 {earliest} 至 {latest} 之间的日期")
        case .monthOutOfRange: ("'{text}' is outside the months the books keep: use a month from {earliest} to {latest}",
                                "“{text}”超出账簿的月份范围：请用 {earliest} 至 {latest} 之间的月份")
        case .simulationOpenDay: ("the open month's last simulated day {date} must lie in {month}, the month after the closed ones",
                                  "开放月份的最后模拟日 {date} 须在 {month}（已结账月份之后的那个月）内")
        case .simulationMonthsRange: ("the simulated months {first} to {last} must lie from {earliest} to {latest}",
                                      "模拟月份 {first} 至 {last} 须在 {earliest} 至 {latest} 之间")
        case .findTooLong: ("the search text has {count} characters: search with at most {limit}", "查找内容有 {count} 个字符：最多 {limit} 个")
        case .argumentNotUTF8: ("argument {position} is not valid UTF-8 text", "第 {position} 个参数不是有效的 UTF-8 文本")
        case .optionNotUTF8: ("the value of {option} (argument {position}) is not valid UTF-8 text", "{option} 的值（第 {position} 个参数）不是有效的 UTF-8 文本")
        case .environmentNotUTF8: ("the environment variable {name} is not valid UTF-8 text", "环境变量 {name} 不是有效的 UTF-8 文本")
        case .operatorLooksLike: ("an operator named '{name}' would look the same as the operator '{existing}'", "操作员“{name}”与现有操作员“{existing}”看起来相同")
        case .textFieldCharacter: ("{field} contains {character}, an invisible or control character: type it without", "{field}含有不可见字符或控制字符 {character}：请去掉后重新输入")
        case .textFieldSpace: ("{field} contains {character}, a space that is not the plain one: type an ordinary space (U+0020) instead",
                               "{field}含有 {character}，不是普通空格：请改用普通的半角空格")
        case .textFieldMixedAlphabets: ("{field} mixes alphabets in one word: '{word}' has {character} beside {other}; write each word in one alphabet",
                                        "{field}在同一个词中混用了不同字母：“{word}”中 {character} 与 {other} 并用；每个词请只用一种字母")

        // The gate and operators' keys.
        case .keyEmpty: ("the key text is empty", "密钥内容为空")
        case .keyTooLong: ("the key text is longer than {limit} bytes", "密钥内容超过 {limit} 字节")
        case .keyMultipleLines: ("the key text has more than one line: give one key", "密钥内容不止一行：请只给一个密钥")
        case .keyForbiddenCharacter: ("the key text contains the control character {character}", "密钥内容含有控制字符 {character}")
        case .keyOptionsNotAllowed: ("the key text starts with authorized_keys options (such as command= or from=): give the key alone, the gate writes the options itself",
                                     "密钥内容以 'authorized_keys' 选项（例如 'command=' 或 'from='）开头：请只给密钥本身，选项由网关自己写")
        case .keyUnsupportedType: ("the key type '{type}' is not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least 3072 bits",
                                   "不接受密钥类型“{type}”：请用 'ssh-ed25519'、'ecdsa-sha2-nistp256/384/521' 或至少 3072 位的 'ssh-rsa'")
        case .keyMissingData: ("the key type is not followed by the key's base64 data", "密钥类型后面缺少密钥的 'base64' 数据")
        case .keyBadBase64: ("the key data is not base64 as ssh-keygen writes it", "密钥数据不是 'ssh-keygen' 所写的 'base64' 格式")
        case .keyBlobMalformed: ("the key data does not hold a well-formed key of its type", "密钥数据不是该类型的有效密钥")
        case .keyPointNotOnCurve: ("the ECDSA key's point is not on the {curve} curve, so it is no real key (ssh-keygen refuses it too)",
                                   "该 'ECDSA' 密钥的点不在 {curve} 曲线上，不是真实的密钥（'ssh-keygen' 也会拒绝它）")
        case .keyPointOutsideSSHBounds: ("the ECDSA key's point on {curve} has a coordinate OpenSSH refuses (too short, or not below the curve's order less one)",
                                         "该 'ECDSA' 密钥在 {curve} 上的点有 'OpenSSH' 拒绝的坐标（位数过少，或不小于曲线的阶减一）")
        case .keyRSAMalformed: ("the RSA key's exponent or modulus is not that of a real key", "该 'RSA' 密钥的指数或模数不是真实密钥的")
        case .keyRSATooShort: ("the RSA key has {bits} bits: at least {minimum} are required", "该 'RSA' 密钥只有 {bits} 位：至少需要 {minimum} 位")
        case .keyRSATooLong: ("the RSA key has {bits} bits: sshd accepts at most {maximum}", "该 'RSA' 密钥有 {bits} 位：'sshd' 最多接受 {maximum} 位")
        case .keyRefused: ("not an accepted SSH public key: {reason}", "不是可接受的 'SSH' 公钥：{reason}")
        case .keyOperatorInactive: ("operator '{name}' is no longer active: an inactive operator gets no keys", "操作员“{name}”已停用：停用的操作员不能添加密钥")
        case .keyAlreadyHeld: ("operator '{name}' already has key {fingerprint}", "操作员“{name}”已有密钥 {fingerprint}")
        case .keyHeldByOther: ("key {fingerprint} already belongs to operator '{holder}': one key, one person", "密钥 {fingerprint} 已属于操作员“{holder}”：一把密钥只属于一个人")
        case .fingerprintMalformed: ("'{text}' is not a key fingerprint: give SHA256:… as 'canteen operator key list' or 'ssh-keygen -l' prints it",
                                     "“{text}”不是密钥指纹：请按 'canteen operator key list' 或 'ssh-keygen -l' 显示的 'SHA256:…' 填写")
        case .keyNotFound: ("operator '{name}' has no key {fingerprint} in service", "操作员“{name}”没有在用的密钥 {fingerprint}")
        case .keyRowDamaged: ("the stored key {id} cannot be read: the file may have been edited; run 'canteen audit verify'",
                              "无法读取已存密钥 {id}：文件可能被改动过，请运行 'canteen audit verify'")
        case .keyOrKeyFileMissing: ("give the key with --key 'TYPE BASE64 [COMMENT]' or --key-file PATH (- for standard input)",
                                    "请用 '--key' “类型 数据 [备注]”或 '--key-file' 路径（- 表示标准输入）给出密钥")
        case .keyAndKeyFile: ("give the key with --key or with --key-file, not both", "请只用 '--key' 或 '--key-file' 之一给出密钥")
        case .inputPathEmpty: ("the file name is empty: name a file, or - for standard input", "文件名为空：请给出文件名，或用 - 表示标准输入")
        case .inputTooLarge: ("{path} is larger than {limit} bytes", "{path} 超过 {limit} 字节")
        case .inputNotUTF8: ("{path} is not UTF-8 text", "{path} 不是 UTF-8 文本")
        case .inputNotUTF16: ("{path} starts with UTF-16's byte-order mark but is not UTF-16 text", "{path} 以 'UTF-16' 字节顺序标记开头，却不是 'UTF-16' 文本")
        case .gateKeyNotInService: ("key {fingerprint} is not in service for operator '{name}': it was removed, or never added; ask an admin",
                                    "密钥 {fingerprint} 不是操作员“{name}”在用的密钥：已被移除或从未添加，请联系管理员")
        case .gateDatabaseRefused: ("--db is refused through the gate: it opens the one book it was set up for", "通过网关不能用 '--db'：网关只打开为它设定的那一本账")
        case .gateOperatorRefused: ("through the gate you act as '{name}', whose key you hold: --operator {given} is refused",
                                    "通过网关你以持有密钥的“{name}”身份操作：不能用 '--operator' {given}")
        case .gateTodayRefused: ("--today is refused through the gate: today is the server's date (admins only may set it)",
                                 "通过网关不能用 '--today'：今天以服务器日期为准（只有管理员可以指定）")
        case .gateCommandRefused: ("'{command}' does not run through the gate but for admins: {why}", "“{command}”只有管理员可以通过网关运行：{why}")
        case .gateWhyNewDatabase: ("it makes a database on the server", "它会在服务器上建立数据库")
        case .gateWhySchema: ("it changes the schema of the city's book", "它会改变全市账本的数据结构")
        case .gateWhyGateSetup: ("it manages who the gate lets in", "它管理网关放谁进来")
        case .gateWhyKeys: ("keys decide who the gate lets in", "密钥决定网关放谁进来")
        case .gateNotReentrant: ("'canteen gate NAME' does not run through the gate, for anyone: it would act as another operator",
                                 "任何人都不能通过网关运行 'canteen gate NAME'：那会以另一个操作员的身份操作")
        case .gateInputFileRefused: ("through the gate {argument} must be -: send the file on standard input, nothing is read from a path on the server",
                                     "通过网关 {argument} 只能是 -：请从标准输入发送文件，网关不读取服务器上的任何路径")
        case .gateOutputFileRefused: ("through the gate {argument} must be -: the output comes back on standard output, nothing is written on the server",
                                      "通过网关 {argument} 只能是 -：输出从标准输出返回，网关不在服务器上写任何文件")
        case .gateCommandUnknown: ("unknown command '{command}', and no command is close to it; these are the ones you may run:",
                                   "未知命令“{command}”，也没有相近的命令；你可以运行的命令如下：")
        case .gateCommandMalformed: ("the command cannot be read: {reason}", "无法读取命令：{reason}")
        case .gateUnterminatedQuote: ("a quote is opened and never closed", "引号没有闭合")
        case .gateTrailingBackslash: ("it ends in a backslash", "末尾是反斜杠")
        case .gateForbiddenCharacter: ("it contains the control character {character} (a command is one line)", "含有控制字符 {character}（命令只能占一行）")
        case .gateCommandTooLong: ("it has {count} bytes, at most {limit} are read", "长 {count} 字节，最多读取 {limit} 字节")
        case .gateCommandNotUTF8: ("it is not valid UTF-8 text", "不是有效的 UTF-8 文本")
        case .gateProgramUnknown: ("cannot tell where this program is ({reason}): give --program PATH", "无法确定本程序的位置（{reason}）：请用 '--program' 给出路径")
        case .gatePathRelative: ("{path} is not an absolute path: sshd runs the forced command in the service account's home folder",
                                 "{path} 不是绝对路径：'sshd' 在服务账户的主目录中运行强制命令")
        case .gatePathCharacter: ("{path} contains the control character {character}, which no authorized_keys line can carry",
                                  "{path} 含有控制字符 {character}，'authorized_keys' 的行无法容纳")
        case .gateNameUnusable: ("operator '{name}' cannot have a gate line: a name that starts with - would be read as an option",
                                 "操作员“{name}”不能有网关行：以 - 开头的姓名会被当作选项")
        // Counter mode and cards.
        case .cardNotFound: ("no card {code}: no card was ever issued with this code; check it, or give the diner number or ID number",
                             "没有卡号为 {code} 的卡：从未发放过此卡号；请核对，或改用长者编号或身份证号")
        case .cardReplaced: ("card {code} of {diner} {name} was replaced on {date} by a reissued card: the old card no longer works; ask for the new one",
                             "卡 {code}（{diner} {name}）已于 {date} 补发新卡，旧卡停用：请出示新卡")
        case .cardDinerInactive: ("diner {diner} is inactive from {date} ({reason}): no card is printed or reissued for them",
                                  "长者 {diner} 自 {date} 起已停用（{reason}）：不再打印或补发就餐卡")
        case .cardNone: ("diner {diner} has no card in use: issue one with 'canteen diner card {diner} --reissue'",
                         "长者 {diner} 没有在用的就餐卡：请用 'canteen diner card {diner} --reissue' 发卡")
        case .cardDinersOrSite: ("name the diners or give --site, not both", "请指定长者或给出 --site，二者只能选一")
        case .cardDinersOrSiteMissing: ("name the diners whose cards to print, or give --site for a canteen's diners",
                                        "请指定要打印就餐卡的长者，或用 --site 指定饭堂的全部长者")
        case .cardReissueWithSite: ("--reissue replaces the cards of the diners named, one by one: it does not take --site",
                                    "'--reissue' 只为逐一指定的长者补发新卡：不能与 --site 同用")
        case .counterAlreadyServed: ("already served: {diner} {name} had {slot} here at {time} ({meal})",
                                     "已取过餐：{diner} {name} 今天 {time} 在本饭堂用过{slot}（{meal}）")
        case .counterDuplicate: ("{diner} {name} already had {slot} today at {time}, {siteName} ({meal})",
                                 "{diner} {name} 今天 {time} 已在{siteName}用过{slot}（{meal}）")
        case .counterInactive: ("{diner} {name}: inactive since {date} ({reason})", "{diner} {name}：自 {date} 起已停用（{reason}）")
        case .counterNotRegistered: ("not registered: ID {id}", "未登记：身份证号 {id}")
        case .counterBeforeRegistration: ("{diner} {name}: not registered until {registered}", "{diner} {name}：{registered} 才登记，此前不能用餐")
        case .counterUnderAge: ("{diner} {name}: aged {age}, under {minimum}; eligible from {from}",
                                "{diner} {name}：{age} 岁，未满 {minimum} 岁；{from} 起可享受补贴")
        case .counterLineTooLong: ("unreadable: a line of {count} bytes, more than the {limit} a code or command has; scan again",
                                   "无法识别：该行有 {count} 字节，超过代码或命令的上限 {limit} 字节；请重新扫描")
        case .counterLineControl: ("unreadable: the line holds a control or invisible character ({character}); scan again or type the code",
                                   "无法识别：该行含控制字符或不可见字符（{character}）；请重新扫描或手动输入")
        case .counterLineNotUTF8: ("unreadable: the line is not UTF-8 text; scan again or type the code",
                                   "无法识别：该行不是 UTF-8 文本；请重新扫描或手动输入")
        case .counterUnknown: ("'{text}' is neither a command nor a diner number, card code or ID number",
                               "“{text}”既不是命令，也不是长者编号、卡号或身份证号")
        case .counterNothingToVoid: ("nothing to void: this session has recorded no meal yet", "没有可作废的用餐：本次尚未记录任何用餐")
        case .counterLastVoided: ("nothing to void: the session's last meal {meal} is already voided", "没有可作废的用餐：本次最后一餐 {meal} 已作废")
        }
    }
}
