import Foundation
import Testing

/// What a user sees when the input is wrong: a message naming the file, exit 1, the old site untouched.
@Suite(.serialized) struct BadInputTests {
    /// Builds the fixture once so that a later failing build has a previous site to keep.
    private func builtFixture() throws -> URL {
        let root = try OpsbookProcess.fixture("basic")
        let first = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(first.status == 0, "\(first.stderr)")
        return root
    }

    /// The previous site is exactly as it was and no staging folder is left behind.
    private func expectPreviousSiteKept(_ root: URL, before: String) throws {
        let after = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        #expect(after == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            $0.hasPrefix(".") && !$0.hasSuffix(".opsbook-cache") && !$0.hasSuffix(".spare")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// `check` names one broken link and one broken anchor with path:line:col and exits 1.
    @Test func checkReportsBrokenLinkAndAnchor() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let clean = try OpsbookProcess.run(["check", "--root", root.path])
        #expect(clean.status == 0)
        #expect(clean.stdout == "no problems found\n")
        try OpsbookProcess.write(
            "# 催付\n\n见[改价](change-price.md)。\n\n见[顺丰](couriers.md#顺丰快递)。\n",
            to: root.appending(path: "content/handbook/pre-sales/urging.md"))
        let broken = try OpsbookProcess.run(["check", "--root", root.path])
        #expect(broken.status == 1)
        #expect(
            broken.stderr == """
                content/handbook/pre-sales/urging.md:3:2: error: broken link: there is no page 'pre-sales/change-price.md' in content/handbook/
                content/handbook/pre-sales/urging.md:5:2: error: broken anchor: 'pre-sales/couriers.md' has no heading '#顺丰快递'
                2 error(s)

                """)
    }

    /// A broken link stops the build and the previous site stays whole.
    @Test func brokenLinkKeepsPreviousSite() throws {
        let root = try builtFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        try OpsbookProcess.write("# 快递\n\n[缺](nowhere.md)\n", to: root.appending(path: "content/handbook/pre-sales/couriers.md"))
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/handbook/pre-sales/couriers.md:3:1: error: broken link"))
        #expect(result.stderr.hasSuffix("2 error(s); nothing written\n"))
        try expectPreviousSiteKept(root, before: before)
    }

    /// A page saved in GBK instead of UTF-8 is named with its line.
    @Test func nonUTF8Page() throws {
        let root = try builtFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        let gbk: [UInt8] = Array("# 标题\n\n".utf8) + [0xCD, 0xCB, 0xBB, 0xF5, 0x0A]
        try Data(gbk).write(to: root.appending(path: "content/handbook/after-sales/gbk.md"))
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("content/handbook/after-sales/gbk.md:3:1: error: file is not valid UTF-8 text"))
        try expectPreviousSiteKept(root, before: before)
    }

    /// Malformed front matter is reported at its line and column.
    @Test func malformedFrontMatter() throws {
        let root = try builtFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        try OpsbookProcess.write("---\ntitle: 退货\norder: [2\n---\n# 退货\n", to: root.appending(path: "content/handbook/after-sales/returns.md"))
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("content/handbook/after-sales/returns.md:"))
        #expect(result.stderr.contains("error: invalid YAML"))
        try expectPreviousSiteKept(root, before: before)
    }

    /// A missing template and a missing templates folder are named.
    @Test func missingTemplates() throws {
        let root = try builtFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try OpsbookProcess.read(root.appending(path: "_site/pre-sales/couriers.html"))
        try FileManager.default.removeItem(at: root.appending(path: "templates/page.mustache"))
        let one = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(one.status == 1)
        #expect(one.stderr.hasPrefix("templates/page.mustache: error: missing template 'page'\n"))
        try OpsbookProcess.write("{{<layout}}{{$main}}\n{{> footer}}{{/main}}{{/layout}}\n", to: root.appending(path: "templates/home.mustache"))
        let partial = try OpsbookProcess.run(["check", "--root", root.path])
        #expect(partial.stderr.contains("templates/home.mustache:2:1: error: template names a partial 'footer' but templates/footer.mustache does not exist"))
        try FileManager.default.removeItem(at: root.appending(path: "templates"))
        let all = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(all.status == 1)
        #expect(all.stderr.hasPrefix("templates: error: templates folder not found\n"))
        try expectPreviousSiteKept(root, before: before)
    }

    /// An output folder that cannot be created is named, and nothing is left half-written.
    @Test func unwritableOutput() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write("a file, not a folder", to: root.appending(path: "blocker"))
        let result = try OpsbookProcess.run(["build", "--root", root.path, "--out", root.appending(path: "blocker/site").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot write the output folder"))
    }

    /// A folder opsbook did not write is never replaced.
    @Test func refusesToReplaceForeignFolder() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write("precious", to: root.appending(path: "docs/notes.txt"))
        let result = try OpsbookProcess.run(["build", "--root", root.path, "--out", root.appending(path: "docs").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing to replace a folder opsbook did not write"))
        #expect(try OpsbookProcess.read(root.appending(path: "docs/notes.txt")) == "precious")
        // The cache file begun while the build ran is gone with it, and no cache is left.
        let beside = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(!beside.contains { $0.hasPrefix(".docs.opsbook-cache") }, "\(beside)")
    }

    /// A bad time zone in site.yaml is reported at its line.
    @Test func badSettings() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        try OpsbookProcess.write("title: x\ntimezone: Mars/Olympus\n", to: root.appending(path: "content/site.yaml"))
        let result = try OpsbookProcess.run(["check", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("content/site.yaml:2:11: error: unknown time zone 'Mars/Olympus'"))
    }
}
