import ArgumentParser
import Foundation
import Planner
import Workspace

/// Options of the planner's commands: the folder, the day and who is acting.
struct PlannerOptions: ParsableArguments {
    @OptionGroup var root: RootOptions

    @Option(name: .long, help: "The day's sheet, YYYY-MM-DD (default: today in the site's time zone).")
    var date: String?

    @Option(name: .customLong("as"), help: "Who is acting (default: $OPSBOOK_USER, then $USER).")
    var actor: String?

    /// The acting person's name.
    var who: String {
        let environment = ProcessInfo.processInfo.environment
        return actor ?? environment["OPSBOOK_USER"] ?? environment["USER"] ?? "unknown"
    }

    /// The clock, read only here; `OPSBOOK_NOW` (an ISO 8601 time) pins it for tests and examples.
    var now: Date {
        if let pinned = ProcessInfo.processInfo.environment["OPSBOOK_NOW"], let time = Timestamp(pinned) {
            return Date(timeIntervalSince1970: TimeInterval(time.seconds))
        }
        return Date()
    }

    /// The store of the workspace at `--root`, and the day asked for.
    func open() throws -> (TaskStore, Day) {
        let store = try openTaskStore(root)
        guard let text = date else { return (store, Day.today(in: store.workspace.settings.timeZone, now: now)) }
        guard let day = Day(text) else { throw ValidationError("--date must be YYYY-MM-DD, not '\(text)'") }
        return (store, day)
    }

    /// Records one tick and prints what happened.
    func tick(_ action: JournalEvent.Action, id: String, reason: String?) throws {
        let (store, day) = try open()
        do throws(DiagnosticError) {
            let time = Timestamp(now, in: store.workspace.settings.timeZone)
            let entry = try store.record(action, id: id, on: day, by: who, at: time, reason: reason)
            print(store.words.recorded(action, id: entry.task.id, title: entry.task.title))
        } catch {
            try report(error.diagnostics)
        }
    }
}

extension Opsbook {
    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Tick tasks off: they are done.")
        @OptionGroup var options: PlannerOptions
        @Argument(help: "The tasks' ids, as the sheet shows them.") var ids: [String]

        func run() throws {
            for id in ids { try options.tick(.done, id: id, reason: nil) }
        }
    }

    struct NotDone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "not-done", abstract: "Mark a task not done, with the reason; it becomes a focus item tomorrow.")
        @OptionGroup var options: PlannerOptions
        @Argument(help: "The task's id.") var id: String
        @Option(name: .long, help: "Why it is not done (required).") var reason: String

        func run() throws { try options.tick(.notDone, id: id, reason: reason) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", abstract: "Undo a done, not-done or drop: the task is open again.")
        @OptionGroup var options: PlannerOptions
        @Argument(help: "The task's id.") var id: String

        func run() throws { try options.tick(.reopen, id: id, reason: nil) }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop", abstract: "Cancel a task, with the reason; it stops carrying over.")
        @OptionGroup var options: PlannerOptions
        @Argument(help: "The task's id.") var id: String
        @Option(name: .long, help: "Why it is cancelled (required).") var reason: String

        func run() throws { try options.tick(.drop, id: id, reason: reason) }
    }
}
