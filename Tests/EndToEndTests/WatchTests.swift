import Foundation
import Testing

/// `opsbook build --watch`: a page saved while it runs is in the site a moment later, exactly as a
/// build from scratch writes it; a save with an error is reported and leaves the site alone.
@Suite(.serialized) struct WatchTests {
    /// A running `build --watch` whose output is collected as it comes.
    final class Watcher: @unchecked Sendable {
        let process = Process()
        let root: URL
        private let lock = NSLock()
        private var output = ""
        private var errors = ""

        init(root: URL) throws {
            self.root = root
            process.executableURL = OpsbookProcess.binary
            process.arguments = ["build", "--watch", "--root", root.path]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read on threads of their own, with plain read(2): Foundation's readabilityHandler
            // deadlocked `terminate()` here.
            collect(out.fileHandleForReading.fileDescriptor) { text in self.output += text }
            collect(err.fileHandleForReading.fileDescriptor) { text in self.errors += text }
        }

        private func collect(_ descriptor: Int32, into append: @escaping @Sendable (String) -> Void) {
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    guard count > 0 else { return }
                    let text = String(decoding: buffer[0..<count], as: UTF8.self)
                    self.lock.withLock { append(text) }
                }
            }
        }

        var stdout: String { lock.withLock { output } }
        var stderr: String { lock.withLock { errors } }

        /// `build --watch` started in `root`, once it says it is watching.
        static func started(in root: URL) throws -> Watcher {
            let watcher = try Watcher(root: root)
            try #require(watcher.waitFor("watching content/ and templates/"), "\(watcher.stdout)\(watcher.stderr)")
            return watcher
        }

        /// Waits (30 s at most) until `condition` holds; whether it did.
        private func wait(until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return false
        }

        /// Waits until standard output holds `text`; false after 30 s.
        func waitFor(_ text: String) -> Bool { wait { stdout.contains(text) } }

        /// Waits until standard error holds `text`; false after 30 s.
        func waitForError(_ text: String) -> Bool { wait { stderr.contains(text) } }

        /// Waits (30 s at most) until the built page at `path` passes `test`.
        func waitForPage(_ path: String, _ test: (String) -> Bool) -> Bool {
            wait { (try? OpsbookProcess.read(root.appending(path: "_site/" + path))).map(test) ?? false }
        }

        /// The site as it is now, and as a build from scratch into `name` writes it.
        func siteAndFreshBuild(into name: String) throws -> (site: [String: Data], fresh: [String: Data]) {
            let site = try OpsbookProcess.snapshot(root.appending(path: "_site"))
            let scratch = root.appending(path: name)
            let fresh = try OpsbookProcess.run(["build", "--root", root.path, "--out", scratch.path])
            #expect(fresh.status == 0, "\(fresh.stderr)")
            return (site, try OpsbookProcess.snapshot(scratch))
        }

        func stop() {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    @Test func rebuildsWhatIsSaved() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let watcher = try Watcher.started(in: root)
        defer { watcher.stop() }


        let returns = root.appending(path: "content/handbook/after-sales/returns.md")
        let original = try OpsbookProcess.read(returns)
        try OpsbookProcess.write(original + "\n补充:运费险理赔。\n", to: returns)
        try #require(watcher.waitForPage("after-sales/returns.html") { $0.contains("运费险理赔") }, "\(watcher.stdout)\(watcher.stderr)")
        #expect(watcher.waitFor("rebuilt in"))
        #expect(watcher.stdout.contains("(content/handbook/after-sales/returns.md)"))
        let (site, fresh) = try watcher.siteAndFreshBuild(into: "scratch")
        #expect(String(decoding: site["after-sales/returns.html"] ?? Data(), as: UTF8.self).contains("运费险理赔"))
        #expect(site == fresh)

        // A broken link is reported and the site stays as it was; fixing it rebuilds.
        try OpsbookProcess.write(original + "\n见[不存在的页](missing.md)。\n", to: returns)
        _ = watcher.waitForError("broken link")
        #expect(watcher.stderr.contains("after-sales/returns.md:"))
        #expect(watcher.stderr.contains("the site was left as it was"))
        #expect(try OpsbookProcess.snapshot(root.appending(path: "_site")) == site)
        try OpsbookProcess.write(original, to: returns)
        #expect(watcher.waitForPage("after-sales/returns.html") { !$0.contains("运费险理赔") }, "\(watcher.stdout)\(watcher.stderr)")

        // A new section's folder is watched too: a page saved in it later is rebuilt.
        let page = root.appending(path: "content/handbook/reviews/replies.md")
        try OpsbookProcess.write("# 评价回复\n\n先感谢。\n", to: page)
        #expect(watcher.waitForPage("reviews/replies.html") { $0.contains("先感谢。") }, "\(watcher.stdout)\(watcher.stderr)")
        try OpsbookProcess.write("# 评价回复\n\n先感谢,再说明。\n", to: page)
        #expect(watcher.waitForPage("reviews/replies.html") { $0.contains("先感谢,再说明。") }, "\(watcher.stdout)\(watcher.stderr)")

        // Saved through a temporary file renamed over it (what many editors do), and removed.
        try Data("# 评价回复\n\n换个说法。\n".utf8).write(to: page, options: .atomic)
        #expect(watcher.waitForPage("reviews/replies.html") { $0.contains("换个说法。") }, "\(watcher.stdout)\(watcher.stderr)")
        try FileManager.default.removeItem(at: page)
        let gone = Date().addingTimeInterval(30)
        while FileManager.default.fileExists(atPath: root.appending(path: "_site/reviews/replies.html").path), Date() < gone {
            usleep(20_000)
        }
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "_site/reviews/replies.html").path))

        // After all that, the site is still exactly what a build from scratch writes.
        #expect(watcher.waitFor("rebuilt in"))
        usleep(300_000)
        let (final, again) = try watcher.siteAndFreshBuild(into: "scratch-2")
        #expect(final == again)
    }

    /// A tick, a template edited and a page saved while watching: each shows in the site, and the
    /// parts nothing changed under (plans, templates) are taken from the last build rightly.
    @Test func ticksAndTemplatesWhileWatching() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write(
            "tasks:\n  - id: 1126-1\n    title: 核对退款\n    owner: 小李\n    by: 王主管\n    quadrant: 1\n    priority: 1\n",
            to: root.appending(path: "content/tasks/2026-11-26.yaml"))
        let watcher = try Watcher.started(in: root)
        defer { watcher.stop() }
        let sheet = "days/2026-11-26.html"
        try #require(watcher.waitForPage(sheet) { $0.contains("核对退款") && !$0.contains("task-done") })

        let tick = try OpsbookProcess.run(["done", "1126-1", "--root", root.path, "--date", "2026-11-26", "--as", "小李"])
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(watcher.waitForPage(sheet) { $0.contains("task-done") }, "\(watcher.stdout)\(watcher.stderr)")

        let template = root.appending(path: "templates/day.mustache")
        try OpsbookProcess.write(try OpsbookProcess.read(template) + "<!-- 模板改过 -->\n", to: template)
        #expect(watcher.waitForPage(sheet) { $0.contains("模板改过") }, "\(watcher.stdout)\(watcher.stderr)")

        let returns = root.appending(path: "content/handbook/after-sales/returns.md")
        try OpsbookProcess.write(try OpsbookProcess.read(returns) + "\n补充:先核对订单号。\n", to: returns)
        #expect(watcher.waitForPage("after-sales/returns.html") { $0.contains("先核对订单号") }, "\(watcher.stdout)\(watcher.stderr)")
        #expect(watcher.waitForPage(sheet) { $0.contains("task-done") && $0.contains("模板改过") })

        usleep(300_000)
        let (site, fresh) = try watcher.siteAndFreshBuild(into: "scratch")
        #expect(site == fresh)
    }

    /// While watching, a saved page is read again on its own; but a new title reaches every page's
    /// navigation and the home page, and a heading taken away breaks the links to it from other
    /// pages, as a build from scratch says.
    @Test func titlesAndHeadingsReachOtherPages() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        // Two pages without an order, so their titles decide which comes first (换货 before 退货).
        try OpsbookProcess.write("# 换货\n\n先确认库存。\n", to: root.appending(path: "content/handbook/after-sales/exchange.md"))
        let watcher = try Watcher.started(in: root)
        defer { watcher.stop() }

        // A new title that puts the page first: the home page lists it by that title, before 换货.
        let returns = root.appending(path: "content/handbook/after-sales/returns.md")
        let original = try OpsbookProcess.read(returns)
        let renamed = original.replacingOccurrences(of: "# 退货\n", with: "# A 退货须知\n")
        try OpsbookProcess.write(renamed, to: returns)
        #expect(
            watcher.waitForPage("index.html") { html in
                guard let first = html.range(of: "A 退货须知"), let second = html.range(of: "换货") else { return false }
                return first.lowerBound < second.lowerBound
            }, "\(watcher.stdout)\(watcher.stderr)")

        // The heading another page links to, taken away: that page's link is reported broken, and
        // the site is left alone; put back, the site is built again.
        try OpsbookProcess.write(renamed.replacingOccurrences(of: "## 七天无理由退货", with: "## 无理由"), to: returns)
        _ = watcher.waitForError("broken anchor")
        #expect(watcher.stderr.contains("pre-sales/couriers.md:"), "\(watcher.stderr)")
        try OpsbookProcess.write(renamed + "\n补充:先核对订单号。\n", to: returns)
        #expect(watcher.waitForPage("after-sales/returns.html") { $0.contains("先核对订单号") }, "\(watcher.stdout)\(watcher.stderr)")

        usleep(300_000)
        let (site, fresh) = try watcher.siteAndFreshBuild(into: "scratch")
        #expect(site == fresh)
    }
}
