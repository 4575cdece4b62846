import Foundation
import Handbook
import Markdown
import Testing
import Workspace

/// Loading a handbook folder: order, titles, links and anchors.
struct HandbookLoadingTests {
    /// The handbook's files are listed in the order of their paths' bytes, whatever the folders'
    /// names: a folder whose name another name starts with, punctuation below and above `/`,
    /// Chinese names, files beside folders and deep folders.
    @Test func listsFilesInByteOrder() throws {
        let paths = [
            "a.md", "a/b.md", "a!/c.md", "a-b.md", "a-b/c.md", "a0.md", "a/b/c.md", "a/b!.md", "a/b0.md", "b.png",
            "售后/退货.md", "售后/退货/运费.md", "售后-旧/a.md", "售前.md", "z/a.md", "Z.md", "a/a.md", "a/b-c/d.md",
        ]
        let folder = try TemporaryWorkspace(
            Dictionary(uniqueKeysWithValues: paths.map { ("content/handbook/" + $0, "# 页\n") }))
        defer { folder.remove() }
        let listing = Handbook.Listing(of: folder.workspace.handbook)
        let sorted = paths.sorted { $0.precedesInByteOrder($1) }
        #expect(listing.markdown.map(\.path) == sorted.filter { $0.hasSuffix(".md") })
        #expect(listing.other == ["b.png"])
        #expect(listing.otherStamps.count == 1)
    }

    /// Sections and pages follow `order`, then title; a section's index page comes first.
    @Test func ordersSectionsAndPages() throws {
        let folder = try TemporaryWorkspace([
            "content/handbook/b-second/index.md": "---\ntitle: 售后\norder: 2\n---\n",
            "content/handbook/b-second/z.md": "---\norder: 1\n---\n# 物流异常\n",
            "content/handbook/b-second/a.md": "# 退货\n",
            "content/handbook/a-first/index.md": "---\ntitle: 售前\norder: 1\n---\n",
            "content/handbook/a-first/x.md": "# 催付\n",
            "content/handbook/a-first/y.md": "# 改价\n",
        ])
        defer { folder.remove() }
        let (handbook, diagnostics) = Handbook.load(from: folder.workspace)
        #expect(diagnostics.isEmpty)
        let pages = try #require(handbook).pages
        #expect(pages.map(\.title) == ["售前", "催付", "改价", "售后", "物流异常", "退货"])
        #expect(handbook?.root.subsections.map(\.title) == ["售前", "售后"])
        #expect(pages.map(\.outputPath).first == "a-first/index.html")
    }

    /// The title comes from front matter, then the first heading, then the file name.
    @Test func titleFallbacks() throws {
        let folder = try TemporaryWorkspace([
            "content/handbook/s/a.md": "---\ntitle: 前言标题\n---\n# 标题一\n",
            "content/handbook/s/b.md": "正文\n\n## 小节\n",
            "content/handbook/s/c-name.md": "只有正文\n",
        ])
        defer { folder.remove() }
        let pages = try #require(Handbook.load(from: folder.workspace).0).pages
        #expect(Set(pages.map(\.title)) == ["前言标题", "小节", "c-name"])
    }

    /// Links between Markdown files become links between pages, anchors kept; a link to a folder
    /// leads to its index page, and one written to the page's HTML name to the page.
    @Test func rewritesLinks() throws {
        let folder = try TemporaryWorkspace([
            "content/handbook/pre-sales/couriers.md": "见[退货](../after-sales/returns.md#七天无理由退货)和[本节](./)。\n",
            "content/handbook/pre-sales/index.md": "# 售前\n",
            "content/handbook/after-sales/returns.md": "# 退货\n\n## 七天无理由退货\n\n[售前](../pre-sales)与[快递](../pre-sales/couriers.html)\n",
        ])
        defer { folder.remove() }
        let (handbook, diagnostics) = Handbook.load(from: folder.workspace)
        #expect(diagnostics.isEmpty)
        let page = try #require(handbook?.pages.first { $0.sourcePath == "pre-sales/couriers.md" })
        #expect(page.document.html.contains("href=\"../after-sales/returns.html#%E4%B8%83%E5%A4%A9"))
        #expect(page.document.html.contains("href=\"index.html\""))
        let returns = try #require(handbook?.pages.first { $0.sourcePath == "after-sales/returns.md" })
        #expect(returns.document.html.contains("href=\"../pre-sales/index.html\""))
        #expect(returns.document.html.contains("href=\"../pre-sales/couriers.html\""))
    }

    /// Every broken link and anchor is reported with its file, line and column.
    @Test func reportsBrokenLinksAndAnchors() throws {
        let folder = try TemporaryWorkspace([
            "content/handbook/a.md": "# A\n\n[缺页](missing.md)\n\n[缺锚点](b.md#没有这个标题) [本页](#a) [外部](https://example.com)\n\n[绝对](/b.md)\n",
            "content/handbook/b.md": "# B\n\n## 有这个标题\n",
        ])
        defer { folder.remove() }
        let (_, diagnostics) = Handbook.load(from: folder.workspace)
        #expect(diagnostics.sortedByLocation().map(\.description) == [
            "content/handbook/a.md:3:1: error: broken link: there is no page 'missing.md' in content/handbook/",
            "content/handbook/a.md:5:1: error: broken anchor: 'b.md' has no heading '#没有这个标题' (did you mean '#有这个标题'?)",
            "content/handbook/a.md:7:1: error: link '/b.md' starts with '/', which breaks when the handbook is opened from a folder; write it relative to this file",
        ])
    }

    /// A file that is not UTF-8 is named with the line of the first bad byte.
    @Test func rejectsNonUTF8() throws {
        let folder = try TemporaryWorkspace(["content/handbook/ok.md": "# 好\n"])
        defer { folder.remove() }
        let gbk: [UInt8] = Array("# 标题\n".utf8) + [0xCD, 0xCB, 0xBB, 0xF5, 0x0A]  // 退货 in GBK
        try Data(gbk).write(to: folder.root.appending(path: "content/handbook/gbk.md"))
        let (_, diagnostics) = Handbook.load(from: folder.workspace)
        #expect(diagnostics.map(\.description) == [
            "content/handbook/gbk.md:2:1: error: file is not valid UTF-8 text (save it as UTF-8)"
        ])
    }

    /// A missing handbook folder is one clear error.
    @Test func missingHandbookFolder() throws {
        let folder = try TemporaryWorkspace(["content/site.yaml": "title: x\n"])
        defer { folder.remove() }
        let (handbook, diagnostics) = Handbook.load(from: folder.workspace)
        #expect(handbook == nil)
        #expect(diagnostics.map(\.description) == [
            "content/handbook: error: handbook folder not found: create it and put Markdown pages in it"
        ])
    }
}
