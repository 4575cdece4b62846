import Foundation
import Planner
import Testing
import Workspace

/// Plan files: what is accepted, what is refused with `path:line:col`, and `assign`'s appends.
struct PlanFileTests {
    let words = Words(.english)

    func problems(_ text: String) -> [String] {
        PlanFile.parse(text, path: "content/tasks/2026-11-26.yaml", date: day4, words: words).1.map(\.description)
    }

    /// A duplicate id, a quadrant outside 1–4, a missing id and a YAML error each point at their line.
    /// Copies of a task share their fields until one is changed; a change shows in that copy only,
    /// and equality and hashing still go by the fields.
    @Test func taskCopiesAreIndependent() {
        let original = PlannedTask(id: "1126-1", title: "核对退货", owner: "小李", by: "王主管", quadrant: .urgentImportant, priority: 1, outcome: "全部回复")
        var copy = original
        copy.title = "核对换货"
        copy.notes = "先看物流"
        #expect(original.title == "核对退货" && original.notes == nil)
        #expect(copy.title == "核对换货" && copy.notes == "先看物流" && copy.id == "1126-1")
        #expect(copy != original)
        copy.title = "核对退货"
        copy.notes = nil
        #expect(copy == original && Set([copy, original]).count == 1)
    }

    /// A task's keys are the stable hashes of its fields in a fixed order (build caches keep them
    /// between builds, so they must not change), worked out again when a field changes.
    @Test func taskKeysAreStableHashesOfTheFields() {
        func key(_ texts: [String], _ quadrant: Int, _ priority: Int, _ optionals: [String?]) -> UInt64 {
            var hash = StableHash()
            for text in texts { hash.combine(text) }
            hash.combine(quadrant)
            hash.combine(priority)
            for text in optionals { hash.combine(text) }
            return hash.value
        }
        var task = PlannedTask(id: "1126-1", title: "核对退货", owner: "小李", by: "王主管", quadrant: .urgentImportant, priority: 2, outcome: "全部回复")
        #expect(task.contentKey == key(["1126-1", "核对退货", "小李", "王主管", "全部回复"], 1, 2, [nil, nil, nil]))
        var idHash = StableHash()
        idHash.combine("1126-1")
        #expect(task.idKey == idHash.value)
        task.id = "1126-2"
        task.notes = "先看物流"
        #expect(task.contentKey == key(["1126-2", "核对退货", "小李", "王主管", "全部回复"], 1, 2, [nil, nil, "先看物流"]))
    }

    @Test func badPlansAreReportedWithTheirPlace() {
        #expect(
            problems("tasks:\n" + Fixture.task("x", "one") + Fixture.task("x", "two"))
                == ["content/tasks/2026-11-26.yaml:9:9: error: duplicate id 'x' (already used on line 2)"])
        #expect(
            problems("tasks:\n" + Fixture.task("x", "one", quadrant: 5))
                == ["content/tasks/2026-11-26.yaml:6:15: error: quadrant must be 1 to 4 (1 urgent and important … 4 neither), not 5"])
        #expect(
            problems("tasks:\n  - title: t\n    owner: o\n    by: b\n    quadrant: 1\n    priority: 1\n")
                == ["content/tasks/2026-11-26.yaml:2:5: error: task has no 'id'; add one never used before, e.g. id: 1126-1"])
        #expect(problems("tasks:\n  - id: [x\n").first?.hasPrefix("content/tasks/2026-11-26.yaml:3:1: error: invalid YAML") == true)
    }

    /// `assign` appends after the last task and keeps every byte before it: comments, blank lines, order.
    @Test func assignKeepsTheFileByteForByte() throws {
        let original = "# 11-26 王主管\ntasks:\n" + Fixture.task("1126-1", "第一件") + "\n  # 下午的事\n"
            + Fixture.task("zz", "第二件", priority: 2) + "# end\n"
        let fixture = try Fixture(files: ["2026-11-26.yaml": original])
        let store = try fixture.store
        let task = try store.assign(
            TaskDraft(title: "核对退货: 七天无理由", owner: "小李", by: "王主管", quadrant: .urgentImportant,
                      outcome: "全部入库", playbook: "after-sales/returns.md#七天无理由退货"), on: day4)
        #expect(task.id == "1126-2")
        #expect(task.priority == 3)
        let text = try fixture.read("content/tasks/2026-11-26.yaml")
        #expect(text.hasPrefix(original))
        #expect(
            String(text.dropFirst(original.count))
                == """
                  - id: 1126-2
                    title: "核对退货: 七天无理由"
                    owner: 小李
                    by: 王主管
                    quadrant: 1
                    priority: 3
                    outcome: 全部入库
                    playbook: after-sales/returns.md#七天无理由退货

                """)
        #expect(try store.sheet(on: day4).tasks.contains { $0.task.id == "1126-2" && $0.task.title == "核对退货: 七天无理由" })
    }

    /// `assign` on a day without a plan creates the file; it refuses a file with errors and writes nothing.
    @Test func assignCreatesOrRefuses() throws {
        let fixture = try Fixture()
        let store = try fixture.store
        let task = try store.assign(TaskDraft(title: "新任务", owner: "小李", by: "王主管"), on: day4)
        #expect(task.id == "1126-1")
        #expect(try fixture.read("content/tasks/2026-11-26.yaml").contains("tasks:\n  - id: 1126-1\n"))
        try fixture.write("content/tasks/2026-11-25.yaml", "tasks:\n" + Fixture.task("x", "t", quadrant: 9))
        let before = try fixture.read("content/tasks/2026-11-25.yaml")
        #expect(throws: DiagnosticError.self) { _ = try store.assign(TaskDraft(title: "t", owner: "o", by: "b"), on: day3) }
        #expect(try fixture.read("content/tasks/2026-11-25.yaml") == before)
    }

    /// A YAML file in content/tasks whose name is not a date is an error.
    @Test func planFileNamesMustBeDates() throws {
        let fixture = try Fixture(files: ["monday.yaml": "tasks: []\n"])
        let (_, diagnostics) = Planbook.load(from: try fixture.workspace)
        #expect(diagnostics.map(\.description) == ["content/tasks/monday.yaml:1:1: error: 任务文件名必须是日期,例如 2026-11-26.yaml,而不是 monday.yaml"])
        #expect(throws: DiagnosticError.self) { _ = try fixture.store.sheet(on: day4) }
    }

    /// A journal line ticking a task no plan has is a warning at its line, however the lines run
    /// (days interleaved, tasks out of plan order, the same task twice); the days the journal
    /// ticks get a sheet.
    @Test func journalTicksOfUnknownTasksAreWarned() throws {
        let line = { (day: String, planned: String, id: String) in
            "\(day)T10:00:00+08:00\t\(day)\tdone\t\(planned)\t\(id)\t小李\t\n"
        }
        let journal = [
            line("2026-11-24", "2026-11-24", "b"), line("2026-11-24", "2026-11-24", "a"),
            line("2026-11-24", "2026-11-24", "x"), line("2026-11-25", "2026-11-23", "c"),
            line("2026-11-25", "2026-11-24", "c"), line("2026-11-25", "2026-11-24", "a"),
            line("2026-11-26", "2026-11-24", "b"), line("2026-11-26", "2026-11-22", "a"),
        ].joined()
        let fixture = try Fixture(files: [
            "2026-11-23.yaml": "tasks:\n" + Fixture.task("c", "三"),
            "2026-11-24.yaml": "tasks:\n" + Fixture.task("a", "一") + Fixture.task("b", "二") + Fixture.task("c", "三"),
            "journal.log": "# opsbook journal: at\tday\tevent\tplanned\tid\twho\treason\n" + journal,
        ])
        let (book, diagnostics) = Planbook.load(from: try fixture.workspace)
        #expect(
            diagnostics.map(\.description) == [
                "content/tasks/journal.log:4:1: warning: 日志记录的任务 x(2026-11-24)在任务文件里找不到",
                "content/tasks/journal.log:9:1: warning: 日志记录的任务 a(2026-11-22)在任务文件里找不到",
            ])
        #expect(book.sheetDays(today: nil).map(\.description) == ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"])
    }

    /// `--json` gives the date and the tasks in sheet order with every documented field.
    @Test func jsonShape() throws {
        let fixture = try Fixture(files: ["2026-11-26.yaml": "tasks:\n" + Fixture.task("1126-1", "写\"周报\"")])
        let store = try fixture.store
        _ = try store.record(.done, id: "1126-1", on: day4, by: "小李", at: at("2026-11-26T09:30:00+08:00"), reason: nil)
        let object = try JSONSerialization.jsonObject(with: Data(try store.sheet(on: day4).json().utf8)) as! [String: Any]
        #expect(object["date"] as? String == "2026-11-26")
        let task = try #require((object["tasks"] as? [[String: Any]])?.first)
        for key in ["id", "title", "owner", "by", "quadrant", "priority", "outcome", "playbook", "status", "reason", "carriedFrom", "doneBy", "doneAt"] {
            #expect(task.keys.contains(key), "missing \(key)")
        }
        #expect(task["title"] as? String == "写\"周报\"")
        #expect(task["status"] as? String == "done")
        #expect(task["doneBy"] as? String == "小李")
        #expect(task["doneAt"] as? String == "2026-11-26T09:30:00+08:00")
        #expect(task["carriedFrom"] is NSNull)
    }
}

/// `assign` refuses a plan whose list is written on one line (`tasks: []`) and leaves it as it was.
@Test func assignRefusesAOneLineList() throws {
    let fixture = try Fixture(files: ["2026-11-26.yaml": "tasks: []\n"])
    let error = #expect(throws: DiagnosticError.self) {
        _ = try fixture.store.assign(TaskDraft(title: "新任务", owner: "小李", by: "王主管"), on: day4)
    }
    #expect(error?.description.contains("content/tasks/2026-11-26.yaml:1:8: error: 'tasks:' 写成了单行列表") == true, "\(String(describing: error))")
    #expect(try fixture.read("content/tasks/2026-11-26.yaml") == "tasks: []\n")
}

/// Ids a tick can name: no spaces (of any script), slashes, `#` or control characters, at most 32 characters.
@Test func validIDs() {
    for id in ["1126-3", "r1", "任务一", String(repeating: "x", count: 32), String(repeating: "单", count: 32), "a\u{7F}b"] {
        #expect(PlannedTask.isValidID(id), "\(id)")
    }
    for id in ["", "a/b", "a#b", "a b", "a\tb", "任务\u{3000}一", String(repeating: "x", count: 33), String(repeating: "单", count: 33), "a\u{1}b"] {
        #expect(!PlannedTask.isValidID(id), "\(id.debugDescription)")
    }
}
