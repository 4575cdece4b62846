import Foundation
import Testing

/// `opsbook build` run on a small fixture, asserting on the HTML a trainee would open.
@Suite(.serialized) struct BuildCommandTests {
    /// The build writes every page, the home and 404 pages and the assets, and says where to open it.
    @Test func writesTheSite() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("open file://\(root.path)/_site/index.html"))
        #expect(result.stderr == "", "a piped build shows no progress line")
        let site = root.appending(path: "_site")
        for path in [
            "index.html", "404.html", "assets/style.css", "assets/opsbook.js", "pre-sales/index.html",
            "pre-sales/couriers.html", "pre-sales/urging.html", "after-sales/index.html", "after-sales/returns.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: site.appending(path: path).path), "\(path)")
        }
        // after-sales has no summary: its card has no empty paragraph, pre-sales' card has its summary.
        let home = try OpsbookProcess.read(site.appending(path: "index.html"))
        #expect(!home.contains("<p></p>"))
        #expect(home.contains("<p>下单之前的接待。</p>"))
    }

    /// A page has Chinese heading ids, a rewritten link, the sidebar with the current page marked,
    /// breadcrumbs, a table of contents and previous / next links.
    @Test func pageHasNavigationAndAnchors() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let html = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        #expect(html.contains("<title>快递选择 · 测试手册</title>"))
        #expect(html.contains("<h2 id=\"三通一达\">"))
        #expect(html.contains("<h2 id=\"顺丰-加急\">"))
        #expect(html.contains("<h2 id=\"注意事项\">"))
        #expect(html.contains("<h2 id=\"注意事项-1\">"))
        #expect(html.contains("href=\"../after-sales/returns.html#%E4%B8%83%E5%A4%A9%E6%97%A0%E7%90%86%E7%94%B1%E9%80%80%E8%B4%A7\""))
        #expect(html.contains("<li class=\"nav-section\"><a href=\"index.html\" class=\"nav-current-section\">售前客服</a></li>"))
        #expect(html.contains("data-current=\"pre-sales/couriers.html\""))
        #expect(html.contains("<li><a href=\"../index.html\">首页</a></li>\n<li><a href=\"index.html\">售前客服</a></li>\n<li aria-current=\"page\">快递选择</li>"))
        #expect(html.contains("<li><a href=\"#三通一达\">三通一达</a></li>"))
        #expect(html.contains("<a class=\"prev\" href=\"index.html\" rel=\"prev\"><small>← 上一篇</small><span>售前客服</span></a>"))
        #expect(html.contains("<a class=\"next\" href=\"urging.html\" rel=\"next\">"))
        #expect(html.contains("<span class=\"tag\">快递</span>"))
    }

    /// Raw HTML and javascript: links are dropped, and a hostile title is escaped everywhere.
    @Test func escapesAndDropsUnsafeMarkup() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let couriers = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        #expect(!couriers.contains("alert(\"raw\")"))
        #expect(!couriers.contains("javascript:"))
        #expect(!couriers.contains("<script>alert"))
        #expect(couriers.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        let urging = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/urging.html"))
        #expect(urging.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · 测试手册</title>"))
        #expect(!urging.contains("<script>alert(1)</script>"))
    }

    /// `raw_html: true` in site.yaml keeps the author's HTML.
    @Test func rawHTMLWhenAllowed() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write("title: 测试手册\nraw_html: true\n", to: root.appending(path: "content/site.yaml"))
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let html = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        #expect(html.contains("<script>alert(\"raw\")</script>"))
    }

    /// Every URL the site writes is relative, so it works from file:// and any server sub-path.
    @Test func everyURLIsRelative() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        for page in try SiteCrawler(site: root.appending(path: "_site")).pages() {
            let html = try OpsbookProcess.read(page)
            for url in SiteCrawler.urls(in: html) {
                #expect(!url.hasPrefix("/") && !url.hasPrefix("http"), "\(page.lastPathComponent): \(url)")
            }
        }
    }

    /// The home page lists the sections with their summaries; the 404 page links home.
    @Test func homeAndNotFoundPages() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let home = try OpsbookProcess.read(root.appending(path: "_site/index.html"))
        #expect(home.contains("<a class=\"card-title\" href=\"pre-sales/index.html\">售前客服</a>\n<p>下单之前的接待。</p>"))
        #expect(home.contains("给新客服看的手册。"))
        let missing = try OpsbookProcess.read(root.appending(path: "_site/404.html"))
        #expect(missing.contains("<h1>页面不存在</h1>"))
        #expect(missing.contains("<a href=\"index.html\">返回首页</a>"))
    }

    /// `language: en` switches the interface words to English.
    @Test func englishInterface() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write("title: Handbook\nlanguage: en\n", to: root.appending(path: "content/site.yaml"))
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let html = try OpsbookProcess.read(root.appending(path: "_site/after-sales/returns.html"))
        #expect(html.contains("<html lang=\"en\""))
        #expect(html.contains("<p class=\"callout-title\">Warning</p>"))
        #expect(html.contains("<small>← Previous</small>"))
    }

    /// In a browser, the sidebar shows every section's pages, the current one marked and its section open.
    @Test func sidebarTreeInBrowser() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        let dom = try Chromium.dumpDOM(of: root.appending(path: "_site/pre-sales/couriers.html"))
        let sidebar = try #require(dom.range(of: "<ul class=\"nav-tree\">").map { dom[$0.lowerBound...] })
        #expect(sidebar.contains("<details open=\"\"><summary>售前客服</summary>"))
        #expect(sidebar.contains("<li><a href=\"../pre-sales/couriers.html\" aria-current=\"page\">快递选择</a></li>"))
        #expect(sidebar.contains("<details><summary>售后客服</summary><ul><li class=\"nav-overview\"><a href=\"../after-sales/index.html\">本节概览</a></li><li><a href=\"../after-sales/returns.html\">退货</a></li>"))
    }
}
