import Foundation
import Planner
import Testing
import Workspace

/// Carry-over across days, reasons, and the open-task index agreeing with a full read.
struct CarryOverTests {
    static let routines = """
        routines:
          - id: inbox
            title: 查看站内信
            owner: 阿杰
            by: 王主管
            quadrant: 1
            priority: 1
            every: daily

        """

    func fixture() throws -> Fixture {
        try Fixture(files: [
            "2026-11-23.yaml": "tasks:\n" + Fixture.task("a", "已完成") + Fixture.task("b", "有原因", priority: 2)
                + Fixture.task("c", "没勾", priority: 3) + Fixture.task("d", "会取消", quadrant: 2),
            "2026-11-24.yaml": "tasks:\n" + Fixture.task("e", "第二天的任务"),
            "routines.yaml": Self.routines,
        ])
    }

    /// done, not-done with a reason, never ticked, dropped and a routine, followed over four days.
    @Test func carriesUnfinishedWorkWithItsReason() throws {
        let fixture = try fixture()
        let store = try fixture.store
        _ = try store.record(.done, id: "a", on: day1, by: "小李", at: at("2026-11-23T10:00:00+08:00"), reason: nil)
        _ = try store.record(.notDone, id: "b", on: day1, by: "小李", at: at("2026-11-23T18:00:00+08:00"), reason: "等供应商回复")
        _ = try store.record(.notDone, id: "inbox", on: day1, by: "阿杰", at: at("2026-11-23T18:01:00+08:00"), reason: "系统维护")
        _ = try store.record(.drop, id: "d", on: day2, by: "王主管", at: at("2026-11-24T09:00:00+08:00"), reason: "活动取消")

        let first = try store.sheet(on: day1)
        #expect(first.focus.isEmpty)
        #expect(first.entries.first { $0.task.id == "inbox" }?.reason == "系统维护")

        let second = try store.sheet(on: day2)
        #expect(second.focus.map(\.task.id) == ["b", "c", "d"])
        #expect(second.focus[0].reason == "等供应商回复")
        #expect(second.focus[0].carriedFrom == day1)
        #expect(second.focus[1].reason == nil)  // shown as 未填写原因
        #expect(second.focus[2].status == .dropped)
        // Yesterday's routine is not carried; today's instance is fresh.
        #expect(second.tasks.map(\.task.id) == ["e", "inbox"])
        #expect(second.tasks[1].status == .todo)

        let third = try store.sheet(on: day3)
        #expect(third.focus.map(\.task.id) == ["b", "c", "e"])
        #expect(third.focus[0].daysCarried == 2)
        _ = try store.record(.done, id: "b", on: day3, by: "小李", at: at("2026-11-25T11:00:00+08:00"), reason: nil)

        let fourth = try store.sheet(on: day4)
        #expect(fourth.focus.map(\.task.id) == ["c", "e"])
        // The day the task was done it still shows there, ticked.
        #expect(try store.sheet(on: day3).focus.first { $0.task.id == "b" }?.status == .done)
        // History is kept: on its own day b stays not done with its reason.
        #expect(try store.sheet(on: day1).tasks.first { $0.task.id == "b" }?.status == .notDone)

        // The index and a full read of every file give the same sheets.
        let (book, diagnostics) = Planbook.load(from: try fixture.workspace)
        #expect(!diagnostics.hasErrors)
        for day in [day1, day2, day3, day4] {
            #expect(book.sheet(on: day).json() == (try store.sheet(on: day)).json())
        }
    }

    /// not-done and drop refuse a blank reason and write nothing.
    @Test func reasonsAreRequired() throws {
        let fixture = try fixture()
        let store = try fixture.store
        #expect(throws: DiagnosticError.self) {
            _ = try store.record(.notDone, id: "b", on: day1, by: "小李", at: at("2026-11-23T18:00:00+08:00"), reason: "   ")
        }
        #expect(throws: DiagnosticError.self) {
            _ = try store.record(.drop, id: "b", on: day1, by: "小李", at: at("2026-11-23T18:00:00+08:00"), reason: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appending(path: "content/tasks/journal.log").path))
    }

    /// An unknown id is refused with the ids still open that day.
    @Test func unknownIDListsOpenIDs() throws {
        let fixture = try fixture()
        let store = try fixture.store
        _ = try store.record(.done, id: "a", on: day1, by: "小李", at: at("2026-11-23T10:00:00+08:00"), reason: nil)
        do {
            _ = try store.record(.done, id: "zz", on: day1, by: "小李", at: at("2026-11-23T10:00:00+08:00"), reason: nil)
            Issue.record("accepted an unknown id")
        } catch {
            #expect(
                error.description
                    == "content/tasks/2026-11-23.yaml: error: 2026-11-23 的任务单上没有编号 'zz';当天未完成的编号:inbox, b, c, d")
        }
    }

    /// Editing titles and reordering a plan file keeps each task's id and its ticks.
    @Test func idsSurviveEditsAndReordering() throws {
        let fixture = try fixture()
        let store = try fixture.store
        _ = try store.record(.done, id: "c", on: day1, by: "小李", at: at("2026-11-23T10:00:00+08:00"), reason: nil)
        try fixture.write(
            "content/tasks/2026-11-23.yaml",
            "# reordered\ntasks:\n" + Fixture.task("d", "会取消", quadrant: 2) + Fixture.task("c", "改了标题", priority: 3)
                + Fixture.task("b", "有原因", priority: 2) + Fixture.task("a", "已完成"))
        let sheet = try store.sheet(on: day1)
        let c = try #require(sheet.entries.first { $0.task.id == "c" })
        #expect(c.task.title == "改了标题")
        #expect(c.status == .done)
        #expect(try store.sheet(on: day2).focus.map(\.task.id) == ["a", "b", "d"])
    }

    /// Reopening a task closed long ago (which the index let go) rebuilds the index and carries it again.
    @Test func reopeningAnOldTaskRebuildsTheIndex() throws {
        let fixture = try fixture()
        let store = try fixture.store
        _ = try store.record(.done, id: "a", on: day1, by: "小李", at: at("2026-11-23T10:00:00+08:00"), reason: nil)
        let later = Day("2026-12-20")!
        #expect(!(try store.sheet(on: later)).focus.contains { $0.task.id == "a" })
        _ = try store.record(.reopen, id: "a", on: day1, by: "王主管", at: at("2026-12-20T09:00:00+08:00"), reason: nil)
        #expect(try store.sheet(on: later).focus.contains { $0.task.id == "a" })
    }
}
