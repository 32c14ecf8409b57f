/// Every command the CLI knows, in the order help lists them.
enum CommandRegistry {
    static let all: [any Command.Type] = [
        InitCommand.self, MigrateCommand.self,
        OperatorAddCommand.self, OperatorDeactivateCommand.self, OperatorListCommand.self,
        OperatorKeyAddCommand.self, OperatorKeyListCommand.self, OperatorKeyRemoveCommand.self,
        SiteAddCommand.self, SitePriceCommand.self, SiteListCommand.self, SiteShowCommand.self,
        PolicySetCommand.self, PolicyListCommand.self,
        DinerRegisterCommand.self, DinerFindCommand.self, DinerShowCommand.self, DinerListCommand.self,
        DinerUpdateCommand.self, DinerDeactivateCommand.self,
        DinerCardCommand.self,
        MealRecordCommand.self, MealVoidCommand.self, MealListCommand.self, MealImportCommand.self,
        CounterCommand.self,
        BudgetShowCommand.self, BudgetAddCommand.self, BudgetForecastCommand.self,
        CashDeclareCommand.self, MonthCloseCommand.self, MonthListCommand.self, SettleCommand.self,
        ReportMonthCommand.self,
        AuditVerifyCommand.self, AuditAnomaliesCommand.self, AuditLogCommand.self,
        ExportJournalCommand.self, BackupCommand.self,
        DemoCommand.self, SimulateCommand.self,
        GateKeysCommand.self, GateCheckCommand.self, GateEntryCommand.self,
    ]
}
