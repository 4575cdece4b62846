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
        #expect(day.contains("<td class=\"col-prio\">2</td>"))
        #expect(day.contains("<span class=\"reason\">原因:3 件在途</span>"))
        #expect(day.contains("<a class=\"playbook\" href=\"../ops/check.html#异常订单\">手册:自检 › 异常订单</a>"))
        // Each task's row can be linked to.
        #expect(day.contains("<tr id=\"task-1124-1\" class=\"task-not-done\">"))
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

    /// A playbook naming a heading that does not exist is an error of check, at the playbook's line.
    @Test func brokenPlaybookIsAnError() throws {
        let root = try Self.fixture(playbook: "ops/check.md#没有这个标题")
        let result = SiteBuilder(workspace: try Workspace(root: root)).check()
        #expect(
            result.diagnostics.map(\.description).contains(
                "content/tasks/2026-11-24.yaml:9:15: error: 手册里没有 'ops/check.md#没有这个标题'(页面或标题不存在)"))
    }
}
