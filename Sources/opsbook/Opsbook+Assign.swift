import ArgumentParser
import Foundation
import Handbook
import Planner
import Site
import Workspace

extension Opsbook {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: "Add a task to the day's plan file; prints the new id alone on the last line.")

        @OptionGroup var options: PlannerOptions
        @Argument(help: "What to do.") var title: String
        @Option(name: .customLong("to"), help: "Who does it.") var owner: String
        @Option(name: .long, help: "Who assigns it (default: --as).") var by: String?
        @Option(name: .long, help: "1 urgent and important, 2 important, 3 urgent, 4 neither.") var quadrant: Int = 2
        @Option(name: .long, help: "The red-pen number, 1 first (default: after the owner's last task).") var priority: Int?
        @Option(name: .long, help: "What result counts as done.") var outcome: String = ""
        @Option(name: .long, help: "A handbook page, e.g. after-sales/returns.md#七天无理由退货.") var playbook: String?
        @Option(name: .long, help: "A time of day, e.g. 11:00.") var due: String?
        @Option(name: .long, help: "Anything else the owner should know.") var notes: String?

        func validate() throws {
            guard Quadrant(rawValue: quadrant) != nil else { throw ValidationError("--quadrant must be 1 to 4") }
            if let priority, priority < 1 { throw ValidationError("--priority must be 1 or more") }
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the title is empty") }
        }

        func run() throws {
            let (store, day) = try options.open()
            if let playbook {
                let (handbook, _) = Handbook.load(from: store.workspace)
                if let handbook, !handbook.playbookReferences.contains(playbook) {
                    try report([Diagnostic(path: "--playbook", message: store.words.brokenPlaybook(playbook))])
                }
            }
            let draft = TaskDraft(
                title: title, owner: owner, by: by ?? options.who, quadrant: Quadrant(rawValue: quadrant)!,
                priority: priority, outcome: outcome, playbook: playbook, due: due, notes: notes)
            do throws(DiagnosticError) {
                let task = try store.assign(draft, on: day)
                print(store.words.assigned(task, on: day))
                print(task.id)
            } catch {
                try report(error.diagnostics)
            }
        }
    }
}
