import Foundation
import Workspace

/// What a manager gives `opsbook assign`; the rest is filled in.
public struct TaskDraft: Sendable {
    public var title: String
    public var owner: String
    public var by: String
    public var quadrant: Quadrant
    /// Nil: after the owner's last task of the day.
    public var priority: Int?
    public var outcome: String
    public var playbook: String?
    public var due: String?
    public var notes: String?

    public init(
        title: String, owner: String, by: String, quadrant: Quadrant = .important, priority: Int? = nil,
        outcome: String = "", playbook: String? = nil, due: String? = nil, notes: String? = nil
    ) {
        self.title = title
        self.owner = owner
        self.by = by
        self.quadrant = quadrant
        self.priority = priority
        self.outcome = outcome
        self.playbook = playbook
        self.due = due
        self.notes = notes
    }
}

extension TaskStore {
    /// Adds a task to `day`'s plan file (creating it when missing) with a fresh `MMDD-N` id that no
    /// task on that day's sheet has, and returns it. Holds the journal's lock while it writes.
    ///
    /// - Throws: the plan file's problems; nothing is written then.
    public func assign(_ draft: TaskDraft, on day: Day) throws(DiagnosticError) -> PlannedTask {
        let name = "\(day).yaml"
        let url = folder.planURL(day)
        let path = folder.displayPath(name)
        if !FileManager.default.fileExists(atPath: folder.url.path) {
            try? FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        }
        return try folder.journal.withLock { _ throws(DiagnosticError) -> PlannedTask in
            let exists = FileManager.default.fileExists(atPath: url.path)
            let text = exists ? try readText(url, path: path) : "# \(day) \(words.daySheet)\n"
            let file = exists ? try readPlan(name, day: day) : PlanFile(date: day, tasks: [], locations: [])
            let sheet = try ledger(for: day).sheet(on: day)
            let taken = Set(file.tasks.map(\.id)).union(sheet.entries.map(\.task.id))
            let mine = file.tasks.filter { $0.owner == draft.owner }.map(\.priority)
            let task = PlannedTask(
                id: PlanFile.nextFreeID(on: day, taken: taken), title: draft.title, owner: draft.owner, by: draft.by,
                quadrant: draft.quadrant, priority: draft.priority ?? ((mine.max() ?? 0) + 1), outcome: draft.outcome,
                playbook: draft.playbook, due: draft.due, notes: draft.notes)
            let updated: String
            do throws(Diagnostic) {
                updated = try PlanFile.appending(task, to: text, path: path, words: words)
            } catch {
                throw DiagnosticError([error])
            }
            let (check, problems) = PlanFile.parse(updated, path: path, date: day, words: words)
            if problems.hasErrors { throw DiagnosticError(problems) }
            guard check.tasks.last == task else {
                throw DiagnosticError([Diagnostic(path: path, message: "the new task did not read back as written; nothing written")])
            }
            do {
                try Data(updated.utf8).write(to: url, options: .atomic)
            } catch {
                throw DiagnosticError([Diagnostic(path: path, message: "cannot write: \(error.localizedDescription)")])
            }
            return task
        }
    }

    private func readText(_ url: URL, path: String) throws(DiagnosticError) -> String {
        do throws(Diagnostic) {
            return try SourceFile.read(url, displayPath: path)
        } catch {
            throw DiagnosticError([error])
        }
    }
}
