/// A wrong command line: printed with the usage line and a pointer to help, exit 64.
struct UsageError: Error, Equatable {
    let message: String
    /// The command whose usage to print, when known.
    let command: [String]

    init(_ message: String, command: [String] = []) {
        self.message = message
        self.command = command
    }
}
