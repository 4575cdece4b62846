import Handbook
import Testing

/// Links between pages: a path resolved against a page's folder, and the way back from one folder
/// to a page.
struct RelativePathTests {
    @Test func resolvesDotsAndFolders() {
        #expect(RelativePath.resolve("page.md", from: "pre-sales") == "pre-sales/page.md")
        #expect(RelativePath.resolve("../after-sales/returns.md", from: "pre-sales") == "after-sales/returns.md")
        #expect(RelativePath.resolve("./a/./b/../c.md", from: "x/y") == "x/y/a/c.md")
        #expect(RelativePath.resolve("a//b.md", from: "") == "a/b.md")
        #expect(RelativePath.resolve("..", from: "x") == "")
        #expect(RelativePath.resolve("../售后/退货.md", from: "售前") == "售后/退货.md")
        #expect(RelativePath.resolve("../../z.md", from: "x") == nil)
        #expect(RelativePath.resolve("../z.md", from: "") == nil)
    }

    @Test func linksFromAFolder() {
        #expect(RelativePath.link(to: "after-sales/returns.html", fromDirectory: "pre-sales") == "../after-sales/returns.html")
        #expect(RelativePath.link(to: "pre-sales/a.html", fromDirectory: "pre-sales") == "a.html")
        #expect(RelativePath.link(to: "index.html", fromDirectory: "a/b") == "../../index.html")
        #expect(RelativePath.link(to: "a/b/c.html", fromDirectory: "") == "a/b/c.html")
        #expect(RelativePath.link(to: "a/x.html", fromDirectory: "a/b") == "../x.html")
        #expect(RelativePath.link(to: "a/index.html", fromDirectory: "a") == "index.html")
        #expect(RelativePath.link(to: "售后/退货.html", fromDirectory: "售前") == "../售后/退货.html")
    }
}
