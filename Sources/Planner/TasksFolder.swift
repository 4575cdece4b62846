import Foundation
import Workspace

/// `content/tasks/`: plan files named by date, `routines.yaml` and the journal.
struct TasksFolder: Sendable {
    let workspace: Workspace
    var url: URL { workspace.tasks }

    var journal: Journal {
        let url = url.appending(path: Journal.fileName)
        return Journal(url: url, displayPath: workspace.displayPath(url))
    }

    func displayPath(_ name: String) -> String { workspace.displayPath(url.appending(path: name)) }

    func planURL(_ day: Day) -> URL { url.appending(path: "\(day).yaml") }

    /// The folder's files: plan files by date, whether routines exist, and YAML files whose names
    /// are not dates.
    func list() -> (plans: [(name: String, day: Day)], hasRoutines: Bool, badNames: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var plans: [(String, Day)] = []
        var badNames: [String] = []
        var hasRoutines = false
        for name in names where !name.hasPrefix(".") {
            if name == RoutinesFile.fileName {
                hasRoutines = true
            } else if let day = PlanFile.date(fromFileName: name) {
                plans.append((name, day))
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                badNames.append(name)
            }
        }
        return (plans.sorted { $0.1 < $1.1 }, hasRoutines, badNames.sorted())
    }
}
