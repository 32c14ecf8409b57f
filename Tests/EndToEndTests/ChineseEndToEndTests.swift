import Foundation
import Testing

/// The binary as a Chinese-reading clerk or auditor runs it, with LANG=zh_CN.UTF-8 or --lang zh: help, usage
/// errors and what the books say are worded in Chinese, and only what is typed or scripted stays in Latin letters.
@Suite struct ChineseEndToEndTests {
    @Test func helpAndUsageErrorsAreInChinese() throws {
        var canteen = try Canteen.initialized()
        canteen.environment["LANG"] = "zh_CN.UTF-8"
        let help = try canteen.succeed("help", "meal", "record")
        #expect(help.stdout.hasPrefix("概述：记录一份补贴用餐并打印小票（收银员）。"), "\(help)")
        #expect(help.stdout.contains("\n用法：canteen meal record <diner> --site <code>") && help.stdout.contains("\n全局选项：\n"), "\(help)")
        let overview = try canteen.succeed("--help")
        #expect(overview.stdout.hasPrefix("概述：") && overview.stdout.contains("\n命令：\n") && !overview.stdout.contains("OVERVIEW"), "\(overview)")

        let wrong = try canteen.run("meal", "record", "D00001")
        #expect(wrong.exitCode == 64, "\(wrong)")
        #expect(wrong.stderr == """
            Error: 缺少 --site <code>
            用法：canteen meal record <diner> --site <code> [--date <date>] [--slot <slot>] [--pay <method>] [--ref <key>]
              详细说明请见 'canteen meal record --help'。

            """, "\(wrong)")
        // --lang wins over $LANG, both ways.
        let english = try canteen.run("meal", "record", "D00001", "--lang", "en")
        #expect(english.stderr.contains("\nUsage: canteen meal record") && english.stderr.contains("  See 'canteen meal record --help' for more information."),
                "\(english)")
    }
}
