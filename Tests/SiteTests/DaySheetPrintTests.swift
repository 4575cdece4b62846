import Foundation
import Planner
import Site
import Testing
import Workspace

/// A day sheet printed from the browser (the paper staff carry and tick with a pen), and read on a
/// phone.
struct DaySheetPrintTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A busy day: 30 tasks across the four quadrants, each with a playbook, a third not done with a
    /// long reason, a third done, some with a due time or notes.
    static func busyDay() throws -> URL {
        let titles = ["核对本周退回的商品并办理退款", "丢件先补发再向快递索赔", "回复晒图差评并电话联系买家", "整理活动报名材料提交审核", "检查爆款库存与预售发货时间"]
        let anchors = ["异常订单", "爆款评价", "退款率高的商品"]
        let owners = ["小李", "小王", "阿杰", "小敏", "小周"]
        var plan = "tasks:\n"
        var journal = ""
        for number in 1...30 {
            plan += "  - id: 1130-\(number)\n    title: \(titles[number % 5])(第 \(number) 项)\n    owner: \(owners[number % 5])\n"
            plan += "    by: 王主管\n    quadrant: \(1 + number % 4)\n    priority: \(number)\n"
            plan += "    outcome: 每一单都有处理人,结果记进当天清单\n    playbook: ops/shop-check.md#\(anchors[number % 3])\n"
            if number % 7 == 0 { plan += "    due: \"17:00\"\n" }
            if number % 10 == 0 { plan += "    notes: 照片放共享盘\n" }
            let at = "2026-11-30T1\(number % 9):00:00+08:00\t2026-11-30\t"
            if number % 3 == 1 {
                journal += at + "not-done\t2026-11-30\t1130-\(number)\t\(owners[number % 5])\t等供应商回复,明天上午再跟进并同步主管\n"
            } else if number % 3 == 2 {
                journal += at + "done\t2026-11-30\t1130-\(number)\t\(owners[number % 5])\t\n"
            }
        }
        return try TeamFolder.make(
            "print",
            files: [
                "content/site.yaml": "title: 运营客服手册\nlanguage: zh-CN\n",
                "content/handbook/index.md": "# 手册\n",
                "content/handbook/ops/shop-check.md": "# 店铺自检与数据复盘\n\n## 异常订单\n\n## 爆款评价\n\n## 退款率高的商品\n",
                "content/tasks/2026-11-30.yaml": plan,
                "content/tasks/journal.log": journal,
            ])
    }

    /// The number of pages in a PDF file: its page objects.
    static func pageCount(_ pdf: Data) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        return text.matches(of: /\/Type\s*\/Page(?![A-Za-z])/).count
    }

    /// A day of 30 tasks prints on one A4 page.
    @Test func thirtyTasksPrintOnOneA4Page() throws {
        let chromium = try #require(Self.chromium, "needs Debian's chromium (scripts/install-deps test installs it)")
        let root = try Self.busyDay()
        var builder = SiteBuilder(workspace: try Workspace(root: root))
        builder.today = Day("2026-11-30")
        let result = builder.build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let page = builder.output.appending(path: "days/2026-11-30.html")
        #expect(try String(contentsOf: page, encoding: .utf8).components(separatedBy: "<tr id=\"task-").count - 1 == 30)

        let pdf = root.appending(path: "day.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "timeout", "60", chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=\(root.appending(path: ".chromium").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: pdf)
        #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(Self.pageCount(data) == 1)
    }

    /// On a phone each task is a card, and the cells whose column heading is hidden say what they
    /// are (the stylesheet labels them from the table's words); on a wide screen they do not.
    @Test func phoneCardsLabelTheirCells() throws {
        let chromium = try #require(Self.chromium, "needs Debian's chromium (scripts/install-deps test installs it)")
        let root = try Self.busyDay()
        var builder = SiteBuilder(workspace: try Workspace(root: root))
        builder.today = Day("2026-11-30")
        #expect(!builder.build().diagnostics.hasErrors)
        let days = builder.output.appending(path: "days")
        // The sheet as it is, with a script that writes what the first row's cells show before
        // their text into the page.
        let sheet = try String(contentsOf: days.appending(path: "2026-11-30.html"), encoding: .utf8)
        let probe = """
            <script>document.body.dataset.labels = Array.from(document.querySelector("tbody tr").cells)
              .map(cell => getComputedStyle(cell, "::before").content).join("|");</script>
            """
        try (sheet.replacingOccurrences(of: "</body>", with: probe + "</body>")).write(
            to: days.appending(path: "probe.html"), atomically: true, encoding: .utf8)
        func labels(width: Int) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "timeout", "60", chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=\(root.appending(path: ".chromium-\(width)").path)", "--window-size=\(width),900",
                "--dump-dom", days.appending(path: "probe.html").absoluteString,
            ]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return dom.firstMatch(of: /data-labels="([^"]*)"/).map { String($0.1) } ?? "(no labels read)"
        }
        let quote = "&quot;"
        #expect(
            try labels(width: 390)
                == ["none", "none", "none", "none", "\(quote)负责 \(quote)", "\(quote)安排 \(quote)", "\(quote)结果:\(quote)", "none"]
                .joined(separator: "|"))
        #expect(try labels(width: 1200) == Array(repeating: "none", count: 8).joined(separator: "|"))
    }
}
