import ArgumentParser
import Foundation
import Planner
import Workspace

extension Opsbook {
    struct Today: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "today", abstract: "Print the day's sheet: carried-over focus items, then quadrants 1 to 4 in red-pen order.")

        @OptionGroup var options: PlannerOptions

        @Flag(name: .long, help: "Only my tasks (those whose owner is --as).")
        var mine = false

        @Flag(name: .long, help: "Print JSON: {\"date\": …, \"tasks\": […]} in sheet order.")
        var json = false

        func run() throws {
            let (store, day) = try options.open()
            do throws(DiagnosticError) {
                var sheet = try store.sheet(on: day)
                if mine { sheet = sheet.only(owner: options.who) }
                if json {
                    print(sheet.json())
                } else {
                    let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                    print(sheet.terminalText(words: store.words, color: color), terminator: "")
                }
            } catch {
                try report(error.diagnostics)
            }
        }
    }
}
