import CanteenCore

/// A wrong command line: printed with the usage line and a pointer to help, exit 64.
struct UsageError: Error, Equatable {
    /// What is wrong, worded by the CLI in the language asked for.
    let message: Message
    /// The command whose usage to print, when known.
    let command: [String]

    init(_ key: MessageKey, _ values: KeyValuePairs<String, any MessageArgument> = [:], command: [String] = []) {
        self.message = Message(key, values)
        self.command = command
    }

    init(_ message: Message, command: [String] = []) {
        self.message = message
        self.command = command
    }
}
