import Foundation
import Planner
import Site
import Testing
import Workspace

/// The day sheets the site build writes under `days/`.
struct DaySheetPageTests {
    /// A team folder with one handbook page, the repository's templates, and two days of plans.
    static func fixture(playbook: String = "ops/check.md#异常订单") throws -> URL {
        try TeamFolder.make(
            "days",
            files: [
                "content/site.yaml": "title: 手册\nlanguage: zh-CN\n",
                "content/handbook/index.md": "# 手册\n",
                "content/handbook/ops/check.md": "# 自检\n\n## 异常订单\n\n看一看。\n",
                "content/tasks/2026-11-24.yaml":
                    "tasks:\n  - id: 1124-1\n    title: 退货核对\n    owner: 小李\n    by: 王主管\n    quadrant: 1\n    priority: 2\n"
                    + "    outcome: 全部入库\n    playbook: \(playbook)\n  - id: 1124-2\n    title: <b>竞品</b>\n    owner: 阿杰\n"
                    + "    by: 王主管\n    quadrant: 2\n    priority: 1\n",
                "content/tasks/2026-11-25.yaml": "tasks: []\n",
                "content/tasks/journal.log":
                    "2026-11-24T18:00:00+08:00\t2026-11-24\tnot-done\t2026-11-24\t1124-1\t小李\t3 件在途\n"
                    + "2026-11-24T11:00:00+08:00\t2026-11-24\tdone\t2026-11-24\t1124-2\t阿杰\t\n",
            ])
    }

    /// Each day's page shows the red priority numbers, reasons, carried items and playbook links.
    @Test func dayPagesShowTheSheet() throws {
        let root = try Self.fixture()
        var builder = SiteBuilder(workspace: try Workspace(root: root))
        builder.today = Day("2026-11-26")
        let result = builder.build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let site = builder.output
        let day = try String(contentsOf: site.appending(path: "days/2026-11-24.html"), encoding: .utf8)
        // The red-pen number in the second cell, after the mark (the stylesheet finds cells by place).
        #expect(day.contains("<tr id=\"task-1124-1\" class=\"task-not-done\">\n<td>✗</td>\n<td>2</td>"))
        #expect(day.contains("<span class=\"reason\">原因:3 件在途</span>"))
        #expect(day.contains("<a class=\"playbook\" href=\"../ops/check.html#异常订单\">手册:自检 › 异常订单</a>"))
        // Each task's row can be linked to.
        #expect(day.contains("<a href=\"#task-1124-1\"><code>1124-1</code></a>"))
        #expect(day.contains("&lt;b&gt;竞品&lt;/b&gt;"))
        #expect(day.contains("阿杰 11:00 完成"))
        #expect(day.contains("href=\"../index.html\""))

        let next = try String(contentsOf: site.appending(path: "days/2026-11-25.html"), encoding: .utf8)
        #expect(next.contains("重点:之前遗留的任务"))
        #expect(next.contains("遗留 1 天,2026-11-24 安排"))

        let index = try String(contentsOf: site.appending(path: "days/index.html"), encoding: .utf8)
        let order = ["2026-11-26", "2026-11-25", "2026-11-24"].map { index.range(of: "href=\"\($0).html\"")!.lowerBound }
        #expect(order == order.sorted())
        #expect(index.contains("完成 1/2"))
        // The handbook links to the day sheets.
        let home = try String(contentsOf: site.appending(path: "index.html"), encoding: .utf8)
        #expect(home.contains("href=\"days/index.html\""))
    }

    /// A task left open is on every later sheet; its row there is rendered once and copied (only
    /// the days it has been carried change). The sheets equal those Mustache renders row by row
    /// (templates holding a frame marker, here in a comment, are rendered that way): the same anchors when a task's
    /// changes from one day to the next, the same reasons, the right number of days, and a title
    /// holding the very text that stands for the carried days.
    @Test func carriedRowsEqualRowsRenderedOneByOne() throws {
        let marker = "\(Unicode.Scalar(0xFDD2)!)carried\(Unicode.Scalar(0xFDD3)!)"
        func task(_ id: String, _ title: String, quadrant: Int = 1, playbook: String? = nil) -> String {
            "  - id: \(id)\n    title: \(title)\n    owner: 小李\n    by: 王主管\n    quadrant: \(quadrant)\n    priority: 1\n"
                + (playbook.map { "    playbook: \($0)\n" } ?? "")
        }
        var files = [
            "content/site.yaml": "title: 手册\nlanguage: zh-CN\n",
            "content/handbook/index.md": "# 手册\n",
            // Day 1's `1` is done on day 3, so day 2's `1` has a dated anchor on day 3 and the plain
            // one from day 4; `2` carries a reason; `3`'s title holds the marker, and so does the
            // title of the page `4` links to.
            "content/handbook/ops/marked.md": "# 页面\(marker)\n",
            "content/tasks/2026-11-01.yaml": "tasks:\n" + task("1", "核对订单") + task("2", "回复差评", quadrant: 2)
                + task("3", "标题里有\(marker)") + task("4", "看手册", playbook: "ops/marked.md"),
            "content/tasks/2026-11-02.yaml": "tasks:\n" + task("1", "补发赠品"),
            "content/tasks/journal.log":
                "2026-11-01T18:00:00+08:00\t2026-11-01\tnot-done\t2026-11-01\t2\t小李\t等 <供应商> 回复\n"
                + "2026-11-03T10:00:00+08:00\t2026-11-03\tdone\t2026-11-01\t1\t小李\t\n",
        ]
        for day in 3...9 { files["content/tasks/2026-11-0\(day).yaml"] = "tasks:\n" + task("9", "日常巡店") }
        // In English (one day, more days) with a row template showing the carried text twice too.
        func sheets(oneByOne: Bool, english: Bool = false) throws -> [String: String] {
            var files = files
            if english { files["content/site.yaml"] = "title: Handbook\nlanguage: en\n" }
            let root = try TeamFolder.make("carried", files: files)
            let row = root.appending(path: "templates/day-task.mustache")
            var text = try String(contentsOf: row, encoding: .utf8)
            if english { text = text.replacingOccurrences(of: "</tr>", with: "<td>{{carried}}</td></tr>") }
            if oneByOne { text = "{{! \(Unicode.Scalar(0xFDD0)!) }}\n" + text }
            try Data(text.utf8).write(to: row)
            var builder = SiteBuilder(workspace: try Workspace(root: root))
            builder.today = Day("2026-11-10")
            let result = builder.build()
            #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
            let days = builder.output.appending(path: "days")
            var pages: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: days.path) {
                pages[name] = try String(contentsOf: days.appending(path: name), encoding: .utf8)
            }
            return pages
        }
        let copied = try sheets(oneByOne: false)
        let rendered = try sheets(oneByOne: true)
        #expect(copied.count == 11)
        for (name, page) in rendered.sorted(by: { $0.key < $1.key }) { #expect(copied[name] == page, "\(name)") }
        let copiedInEnglish = try sheets(oneByOne: false, english: true)
        for (name, page) in try sheets(oneByOne: true, english: true) { #expect(copiedInEnglish[name] == page, "\(name)") }
        let secondInEnglish = try #require(copiedInEnglish["2026-11-02.html"])
        #expect(secondInEnglish.contains("<td>carried 1 day, planned 2026-11-01</td></tr>"))
        #expect(try #require(copiedInEnglish["2026-11-05.html"]).contains("<td>carried 4 days, planned 2026-11-01</td></tr>"))
        let fourth = try #require(copied["2026-11-04.html"])
        #expect(fourth.contains("<tr id=\"task-1\" class=\"task-todo\">"))
        #expect(fourth.contains("遗留 3 天,2026-11-01 安排"))
        #expect(fourth.contains("原因:等 &lt;供应商&gt; 回复"))
        #expect(try #require(copied["2026-11-03.html"]).contains("<tr id=\"task-1-2026-11-02\" class=\"task-todo\">"))
        #expect(try #require(copied["2026-11-09.html"]).contains("标题里有\(marker)<br><span class=\"carried\">遗留 8 天"))
        #expect(try #require(copied["2026-11-09.html"]).contains("手册:页面\(marker)</a><br><span class=\"carried\">遗留 8 天"))
    }

    /// The search index finds a task on the sheet of the day it was planned and of each day it was
    /// ticked, not on every sheet it was carried onto meanwhile.
    @Test func carriedTasksAreFoundWhereTheyWereTicked() throws {
        func task(_ id: String, _ title: String) -> String {
            "  - id: \(id)\n    title: \(title)\n    owner: 小李\n    by: 王主管\n    quadrant: 1\n    priority: 1\n"
        }
        let root = try TeamFolder.make(
            "searched",
            files: [
                "content/site.yaml": "title: 手册\nlanguage: zh-CN\n",
                "content/handbook/index.md": "# 手册\n",
                "content/tasks/2026-11-01.yaml": "tasks:\n" + task("1", "核对订单") + task("2", "回复差评"),
                "content/tasks/2026-11-05.yaml": "tasks:\n" + task("1", "盘点库存"),
                "content/tasks/journal.log":
                    "2026-11-01T18:00:00+08:00\t2026-11-01\tnot-done\t2026-11-01\t2\t小李\t等供应商回复\n"
                    + "2026-11-03T10:00:00+08:00\t2026-11-03\tnot-done\t2026-11-01\t1\t小李\t仓库盘点中\n"
                    + "2026-11-04T10:00:00+08:00\t2026-11-04\tdone\t2026-11-01\t1\t小李\t\n",
            ])
        let builder = SiteBuilder(workspace: try Workspace(root: root))
        #expect(!builder.build().diagnostics.hasErrors)
        // Each day sheet's line of the index, by its date.
        var lines: [String: String] = [:]
        let parts = builder.output.appending(path: "assets/search")
        for name in try FileManager.default.contentsOfDirectory(atPath: parts.path) {
            for line in try String(contentsOf: parts.appending(path: name), encoding: .utf8).split(separator: "\n")
            where line.hasPrefix("[\"days/") {
                lines[String(line.dropFirst(7).prefix(10))] = String(line)
            }
        }
        #expect(lines.keys.sorted() == ["2026-11-01", "2026-11-03", "2026-11-04", "2026-11-05"])
        func days(holding text: String) -> [String] { lines.keys.filter { lines[$0]!.contains(text) }.sorted() }
        #expect(days(holding: "回复差评") == ["2026-11-01"])
        #expect(days(holding: "等供应商回复") == ["2026-11-01"])
        #expect(days(holding: "核对订单") == ["2026-11-01", "2026-11-03", "2026-11-04"])
        #expect(days(holding: "仓库盘点中") == ["2026-11-03"])
        #expect(days(holding: "盘点库存") == ["2026-11-05"])
    }

    /// A playbook naming a heading that does not exist is an error of check, at the playbook's line.
    @Test func brokenPlaybookIsAnError() throws {
        let root = try Self.fixture(playbook: "ops/check.md#没有这个标题")
        let result = SiteBuilder(workspace: try Workspace(root: root)).check()
        #expect(
            result.diagnostics.map(\.description).contains(
                "content/tasks/2026-11-24.yaml:9:15: error: 手册里没有 'ops/check.md#没有这个标题'(页面或标题不存在)"))
    }
}
