/// One command of the CLI: its declared shape and how it turns an invocation into output.
protocol Command: SendableMetatype {
    static var spec: CommandSpec { get }
    static func run(_ invocation: Invocation) throws -> Output
}
