/// Every command the CLI knows, in the order help lists them.
enum CommandRegistry {
    static let all: [any Command.Type] = [
        InitCommand.self, MigrateCommand.self,
        OperatorAddCommand.self, OperatorListCommand.self,
        SiteAddCommand.self, SitePriceCommand.self, SiteListCommand.self, SiteShowCommand.self,
        PolicySetCommand.self, PolicyListCommand.self,
    ]
}
