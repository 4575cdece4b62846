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

    /// The byte-level versions give what joining and splitting parts gives, for every mix of
    /// folders, dots, doubled and leading or trailing slashes.
    @Test func agreeWithPartByPartVersions() {
        let parts = ["a", "b", "售后", ".", "..", "", "x.md", "a.html"]
        func paths(upTo count: Int) -> [String] {
            var all = [[String]()]
            var last = [[String]()]
            for _ in 0..<count {
                last = last.flatMap { prefix in parts.map { prefix + [$0] } }
                all += last
            }
            return all.map { $0.joined(separator: "/") }
        }
        let folders = paths(upTo: 2)
        for a in paths(upTo: 3) {
            for b in folders {
                #expect(RelativePath.resolve(a, from: b) == Self.plainResolve(a, from: b), "resolve(\(a), from: \(b))")
                #expect(RelativePath.link(to: a, fromDirectory: b) == Self.plainLink(to: a, fromDirectory: b), "link(to: \(a), from: \(b))")
            }
        }
    }

    private static func plainResolve(_ path: String, from base: String) -> String? {
        var out: [Substring] = []
        var climbedOut = false
        func add(_ part: Substring) {
            if part == "." { return }
            if part == ".." {
                if out.isEmpty { climbedOut = true } else { out.removeLast() }
                return
            }
            out.append(part)
        }
        for part in base.split(separator: "/") { add(part) }
        for part in path.split(separator: "/") {
            add(part)
            if climbedOut { return nil }
        }
        return out.joined(separator: "/")
    }

    private static func plainLink(to target: String, fromDirectory: String) -> String {
        let from = fromDirectory.split(separator: "/")
        let to = target.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return String(repeating: "../", count: from.count - common) + to[common...].joined(separator: "/")
    }
}
