import Foundation
import Planner
import Workspace

/// A throwaway team folder with `content/tasks/` files written by the test.
struct Fixture {
    let root: URL

    init(language: String = "zh-CN", files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appending(path: "planner-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root.appending(path: "content/tasks"), withIntermediateDirectories: true)
        try write("content/site.yaml", "title: t\nlanguage: \(language)\ntimezone: Asia/Shanghai\n")
        for (path, text) in files { try write("content/tasks/" + path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appending(path: path))
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appending(path: path), encoding: .utf8)
    }

    var workspace: Workspace { get throws { try Workspace(root: root) } }
    var store: TaskStore { get throws { TaskStore(workspace: try workspace) } }

    /// A plan task in YAML, indented as a list item.
    static func task(_ id: String, _ title: String, owner: String = "小李", quadrant: Int = 1, priority: Int = 1) -> String {
        "  - id: \(id)\n    title: \(title)\n    owner: \(owner)\n    by: 王主管\n    quadrant: \(quadrant)\n    priority: \(priority)\n    outcome: 做完\n"
    }
}

let day1 = Day("2026-11-23")!
let day2 = Day("2026-11-24")!
let day3 = Day("2026-11-25")!
let day4 = Day("2026-11-26")!

func at(_ text: String) -> Timestamp { Timestamp(text)! }
