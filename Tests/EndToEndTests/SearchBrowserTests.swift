import Foundation
import Testing

/// Search as a trainee uses it: the `Fixtures/search` handbook built by the real binary, opened from
/// `file://` in headless Chromium, queries typed in Chinese and Latin, results read off the page.
@Suite(.serialized) struct SearchBrowserTests {
    /// One result as search.html shows it: where it links (percent-decoded) and the HTML of its
    /// title, place and snippet, `<mark>` included.
    struct Shown: Equatable, CustomStringConvertible {
        var href: String
        var title: String
        var place: String
        var snippet: String

        var description: String { "\(href) | \(title) | \(place) | \(snippet)" }
    }

    struct BuildFailed: Error {
        var stderr: String
    }

    /// The fixture handbook built into a temporary folder, removed with the test.
    final class BuiltSite {
        let root: URL
        var site: URL { root.appending(path: "_site") }

        init() throws {
            root = try OpsbookProcess.fixture("search")
            let result = try OpsbookProcess.run(["build", "--root", root.path])
            guard result.status == 0 else { throw BuildFailed(stderr: result.stderr) }
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    let built: BuiltSite

    init() throws {
        built = try BuiltSite()
    }

    /// search.html?q=`query` after its script ran: the status line and the results.
    func search(_ query: String) throws -> (status: String, results: [Shown]) {
        let site = built.site
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let dom = try Chromium.dumpDOM(of: site.appending(path: "search.html"), query: "q=" + encoded)
        let status = try #require(dom.firstMatch(of: /<p class="search-status"[^>]*>(.*?)<\/p>/)).1
        let list = try #require(dom.firstMatch(of: /<ol class="search-results">(.*?)<\/ol>/.dotMatchesNewlines())).1
        #expect(!list.contains("<img"), "markup from the text must be shown as text")
        let results = list.matches(of: /<li class="search-result"><a href="([^"]*)">(.*?)<\/a><\/li>/).map { match in
            let inner = match.2
            return Shown(
                href: String(match.1).removingPercentEncoding ?? String(match.1),
                title: String(inner.firstMatch(of: /<span class="search-result-title">(.*?)<\/span>/)?.1 ?? ""),
                place: String(inner.firstMatch(of: /<span class="search-result-where">(.*?)<\/span>/)?.1 ?? ""),
                snippet: String(inner.firstMatch(of: /<span class="search-result-snippet">(.*?)<\/span>/)?.1 ?? ""))
        }
        return (String(status), results)
    }

    /// Chinese substrings are found without a dictionary; the page with the words in its title
    /// comes first; each result links to the heading above its match and marks the match.
    @Test func chineseSubstring() throws {
        let (status, results) = try search("无理由")
        #expect(status == "找到 2 篇")
        #expect(
            results == [
                Shown(
                    href: "after-sales/returns.html#商品不完好", title: "七天<mark>无理由</mark>退货", place: "售后客服 › 商品不完好",
                    snippet: "吊牌剪掉的商品不支持<mark>无理由</mark>退货。"),
                Shown(
                    href: "after-sales/couriers.html#顺丰", title: "快递选择", place: "售后客服 › 顺丰",
                    snippet: "…生鲜商品不适用七天<mark>无理由</mark>退货。"),
            ], "\(results)")
    }

    /// 退货退款 is found where the author wrapped the line between 退货 and 退款.
    @Test func acrossAWrappedLine() throws {
        let (_, results) = try search("退货退款")
        #expect(results.map(\.href) == ["after-sales/returns.html#办理流程"])
        #expect(results.first?.snippet == "买家申请<mark>退货退款</mark>后,客服在后台核对退回的商品。")
    }

    /// A heading match ranks above a match in the text only.
    @Test func titleAndHeadingRankFirst() throws {
        let (_, results) = try search("快递")
        #expect(results.map(\.href) == ["after-sales/couriers.html#顺丰", "after-sales/returns.html#七天无理由退货"])
        #expect(results.first?.title == "<mark>快递</mark>选择")
        let (_, heading) = try search("三通一达")
        #expect(heading.map(\.href) == ["after-sales/couriers.html#三通一达"])
        #expect(heading.first?.place == "售后客服 › <mark>三通一达</mark>")
    }

    /// Latin words match whatever their case, and are shown as written.
    @Test func latinIgnoresCase() throws {
        for query in ["DSR", "dsr", "Dsr"] {
            let (_, results) = try search(query)
            #expect(results.map(\.href) == ["pre-sales/metrics.html#dsr-是什么"], "\(query)")
            #expect(results.first?.title == "店铺评分 <mark>DSR</mark>", "\(query)")
        }
    }

    /// Several words narrow the results to pages holding all of them.
    @Test func severalWordsNarrow() throws {
        let (_, results) = try search("uv 转化")
        #expect(
            results == [
                Shown(
                    href: "pre-sales/metrics.html#流量指标", title: "店铺评分 DSR", place: "售前客服 › 流量指标",
                    snippet: "<mark>UV</mark> 指访客数,PV 指浏览量。<mark>uv</mark> 高而<mark>转化</mark>低,说明详情页有问题。")
            ], "\(results)")
        let (status, none) = try search("顺丰 吊牌")
        #expect(none == [])
        #expect(status == "没有找到包含“顺丰 吊牌”的内容。")
    }

    /// Titles and text holding `<` and `&` are shown as text, never as markup.
    @Test func everythingShownIsEscaped() throws {
        let (_, results) = try search("onerror")
        #expect(
            results == [
                Shown(
                    href: "pre-sales/freight.html#特殊字符", title: "运费险 &lt;说明&gt; &amp; 例外", place: "售前客服 › 特殊字符",
                    snippet: "后台显示 &lt;img src=x <mark>onerror</mark>=alert(1)&gt; 时不要点击,A&amp;B 两个仓库都要核对运费险。")
            ], "\(results)")
    }

    /// One character would match nearly every page: it searches titles and headings only, and says so.
    @Test func oneCharacter() throws {
        let (status, results) = try search("退")
        #expect(status == "找到 1 篇 只搜索了标题和小标题;输入两个或更多字可搜索正文。")
        #expect(results.map(\.title) == ["七天无理由<mark>退</mark>货"])
    }

    /// On any page, `/` focuses the box, typing lists results under it, arrow keys move through
    /// them, and Enter opens the chosen one.
    @Test func keyboard() throws {
        let site = built.site
        let page = try OpsbookProcess.read(site.appending(path: "pre-sales/metrics.html"))
        let harness = try OpsbookProcess.read(
            OpsbookProcess.repository.appending(path: "Tests/EndToEndTests/Fixtures/search/keyboard-harness.js"))
        let keys = site.appending(path: "pre-sales/keys.html")
        try OpsbookProcess.write(
            page.replacingOccurrences(of: "</body>", with: "<script>\(harness)</script>\n</body>"), to: keys)

        let dom = try Chromium.dumpDOM(of: keys)
        let report = try #require(dom.firstMatch(of: /<pre id="harness-report">(.*?)<\/pre>/.dotMatchesNewlines())).1
        #expect(
            report == """
                slash: focus=box expanded=false selected=none
                typed: focus=box expanded=true selected=none
                down: focus=box expanded=true selected=快递选择
                down: focus=box expanded=true selected=七天无理由退货
                up: focus=box expanded=true selected=快递选择
                escape: focus=box expanded=false selected=快递选择
                """)
        let options = dom.matches(of: /<li id="search-option-\d+" role="option"[^>]*><a href="([^"]*)">/).map {
            String($0.1).removingPercentEncoding ?? ""
        }
        #expect(options == ["../after-sales/couriers.html#顺丰", "../after-sales/returns.html#七天无理由退货"])

        let opened = try Chromium.dumpDOM(of: keys, query: "enter=1")
        #expect(opened.contains("<title>快递选择 · 搜索测试手册</title>"))
    }
}
