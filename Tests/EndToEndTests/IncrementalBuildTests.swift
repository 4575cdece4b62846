import Foundation
import Testing

/// A rebuild that reuses the previous build's work writes exactly the site a build from scratch writes.
@Suite(.serialized) struct IncrementalBuildTests {
    /// Builds `root` from scratch into a fresh folder, with no cache, and returns what it wrote.
    private func fromScratch(_ root: URL) throws -> [String: Data] {
        let out = root.appending(path: "scratch-\(UUID().uuidString)")
        let result = try OpsbookProcess.run(["build", "--root", root.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try OpsbookProcess.snapshot(out)
    }

    /// After a page's body changes, after a title changes, after a page is added and after nothing
    /// changed, the rebuilt site equals a build from scratch.
    @Test func rebuildsMatchFullBuilds() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appending(path: "_site")
        func rebuild() throws {
            let result = try OpsbookProcess.run(["build", "--root", root.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try rebuild()
        try rebuild()
        #expect(try OpsbookProcess.snapshot(site) == fromScratch(root))

        let returns = root.appending(path: "content/handbook/after-sales/returns.md")
        try OpsbookProcess.write(try OpsbookProcess.read(returns) + "\n补充:运费险理赔。\n", to: returns)
        try rebuild()
        let afterBody = try OpsbookProcess.snapshot(site)
        #expect(String(decoding: afterBody["after-sales/returns.html"] ?? Data(), as: UTF8.self).contains("运费险理赔"))
        #expect(afterBody == (try fromScratch(root)))
        // The site before (kept as the spare) still has its own copy: files shared by hard links
        // were replaced, not written through.
        let spare = try OpsbookProcess.snapshot(root.appending(path: "._site.spare"))
        #expect(!String(decoding: spare["after-sales/returns.html"] ?? Data(), as: UTF8.self).contains("运费险理赔"))

        let couriers = root.appending(path: "content/handbook/pre-sales/couriers.md")
        try OpsbookProcess.write(
            try OpsbookProcess.read(couriers).replacingOccurrences(of: "title: 快递选择", with: "title: 快递怎么选"), to: couriers)
        try rebuild()
        let afterTitle = try OpsbookProcess.snapshot(site)
        #expect(String(decoding: afterTitle["pre-sales/urging.html"] ?? Data(), as: UTF8.self).contains("快递怎么选"))
        #expect(afterTitle == (try fromScratch(root)))

        try OpsbookProcess.write("# 换货\n\n换货流程。\n", to: root.appending(path: "content/handbook/after-sales/exchange.md"))
        try rebuild()
        #expect(try OpsbookProcess.snapshot(site) == fromScratch(root))

        // Day sheets: a task assigned, then ticked; each rebuild equals a build from scratch.
        let assigned = try OpsbookProcess.run([
            "assign", "核对退货", "--to", "小李", "--by", "王主管", "--root", root.path, "--date", "2026-11-20",
            "--playbook", "after-sales/returns.md#七天无理由退货",
        ])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let id = String(assigned.stdout.split(separator: "\n").last ?? "")
        try rebuild()
        #expect(try OpsbookProcess.snapshot(site) == fromScratch(root))
        let ticked = try OpsbookProcess.run([
            "not-done", id, "--reason", "等仓库", "--as", "小李", "--root", root.path, "--date", "2026-11-20",
        ])
        #expect(ticked.status == 0, "\(ticked.stderr)")
        try rebuild()
        let afterTick = try OpsbookProcess.snapshot(site)
        #expect(String(decoding: afterTick["days/2026-11-20.html"] ?? Data(), as: UTF8.self).contains("等仓库"))
        #expect(afterTick == (try fromScratch(root)))
        // The page the task links to gets a new title: the sheet's link is called by it.
        try OpsbookProcess.write(
            try OpsbookProcess.read(returns).replacingOccurrences(of: "# 退货\n", with: "# 退货须知\n"), to: returns)
        try rebuild()
        let afterRetitle = try OpsbookProcess.snapshot(site)
        #expect(String(decoding: afterRetitle["days/2026-11-20.html"] ?? Data(), as: UTF8.self).contains("退货须知 › 七天无理由退货"))
        #expect(afterRetitle == (try fromScratch(root)))

        // A plan file edited by hand is read again (the cache keeps parsed plans by file fingerprint).
        let plan = root.appending(path: "content/tasks/2026-11-20.yaml")
        try OpsbookProcess.write(
            try OpsbookProcess.read(plan).replacingOccurrences(of: "核对退货", with: "核对退货和换货"), to: plan)
        try rebuild()
        let afterEdit = try OpsbookProcess.snapshot(site)
        #expect(String(decoding: afterEdit["days/2026-11-20.html"] ?? Data(), as: UTF8.self).contains("核对退货和换货"))
        #expect(afterEdit == (try fromScratch(root)))

        try FileManager.default.removeItem(at: root.appending(path: "content/handbook/after-sales/exchange.md"))
        try rebuild()
        let afterRemoval = try OpsbookProcess.snapshot(site)
        #expect(afterRemoval["after-sales/exchange.html"] == nil)
        #expect(afterRemoval == (try fromScratch(root)))

        // Files copied as they are: a handbook image and the templates' stylesheet, added, changed
        // and removed; only changed ones are copied again, and the site still equals a fresh build.
        let image = root.appending(path: "content/handbook/after-sales/label.png")
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: image)
        try rebuild()
        #expect(try OpsbookProcess.snapshot(site)["after-sales/label.png"] == Data([0x89, 0x50, 0x4E, 0x47]))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]).write(to: image)
        let style = root.appending(path: "templates/assets/style.css")
        try OpsbookProcess.write(try OpsbookProcess.read(style) + "\n.refund-note { color: red; }\n", to: style)
        try rebuild()
        let afterAssets = try OpsbookProcess.snapshot(site)
        #expect(afterAssets["after-sales/label.png"] == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]))
        #expect(String(decoding: afterAssets["assets/style.css"] ?? Data(), as: UTF8.self).contains(".refund-note"))
        #expect(afterAssets == (try fromScratch(root)))
        try FileManager.default.removeItem(at: image)
        try rebuild()
        let afterImageRemoval = try OpsbookProcess.snapshot(site)
        #expect(afterImageRemoval["after-sales/label.png"] == nil)
        #expect(afterImageRemoval == (try fromScratch(root)))
    }

    /// A rebuild in a new process after only pages' bodies changed patches the previous site (its
    /// `--timings` show the patch's phases) and still writes what a build from scratch writes, and
    /// reports the same warnings; a new heading, a template or a broken anchor is worked out in full.
    @Test func bodyChangesArePatched() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appending(path: "_site")
        // Folders last changed an hour ago: a patch then states the files it knows without reading
        // the folders again (a folder changed within a second of a build is read again).
        let handbook = root.appending(path: "content/handbook")
        for folder in ["", "after-sales", "pre-sales"] {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: handbook.appending(path: folder).path)
        }
        var statedOnly = 0
        func rebuild(patched: Bool, _ what: Comment) throws {
            let result = try OpsbookProcess.run(["build", "--root", root.path, "--timings"])
            #expect(result.status == 0, "\(what): \(result.stderr)")
            #expect(result.stdout.contains("pages and search index") == patched, what)
            if result.stdout.contains("state the pages") { statedOnly += 1 }
            let scratch = root.appending(path: "scratch-\(UUID().uuidString)")
            let full = try OpsbookProcess.run(["build", "--root", root.path, "--out", scratch.path])
            #expect(result.stderr == full.stderr, what)
            #expect(try OpsbookProcess.snapshot(site) == OpsbookProcess.snapshot(scratch), what)
            #expect(
                result.stdout.split(separator: "\n").first
                    == full.stdout.split(separator: "\n").first.map {
                        $0.replacingOccurrences(of: scratch.path, with: site.path)[...]
                    }, what)
        }
        func append(_ text: String, to path: String) throws {
            let url = root.appending(path: "content/handbook/" + path)
            try OpsbookProcess.write(try OpsbookProcess.read(url) + text, to: url)
        }
        try rebuild(patched: false, "first build")
        try rebuild(patched: false, "second build: the first left no spare")
        try rebuild(patched: true, "nothing changed")
        try append("\n顺丰可以上门取件。\n\n- [ ] 核对面单\n", to: "pre-sales/couriers.md")
        try rebuild(patched: true, "a body changed, with a warning")
        let couriersPage = try OpsbookProcess.snapshot(site)["pre-sales/couriers.html"] ?? Data()
        #expect(String(decoding: couriersPage, as: UTF8.self).contains("上门取件"))
        // A page of the site changed by hand is not copied into the next site: the build works the
        // site out in full instead.
        let live = site.appending(path: "pre-sales/couriers.html")
        try FileManager.default.removeItem(at: live)
        try OpsbookProcess.write("被改过的页面", to: live)
        try append("\n顺丰还能保价。\n", to: "pre-sales/couriers.md")
        try rebuild(patched: false, "the site's copy of a page changed by the last build was changed by hand")
        // The spare still has the old couriers page: it is brought up to the site first.
        try append("\n补充:运费险理赔。\n\n- [x] 已退款\n", to: "after-sales/returns.md")
        try rebuild(patched: true, "another page's body changed, with a warning")
        let warnings = try OpsbookProcess.run(["build", "--root", root.path]).stderr
        #expect(
            warnings.contains("couriers.md") && warnings.contains("returns.md") && warnings.contains("task-list"),
            "\(warnings)")
        try append("\n再补充一句。\n", to: "pre-sales/couriers.md")
        try append("\n首页补充。\n", to: "index.md")
        try rebuild(patched: true, "two bodies changed, one the home page's")
        try append("\n## 新的小节\n\n内容。\n", to: "pre-sales/couriers.md")
        try rebuild(patched: false, "a heading added")
        try append("\n[不存在](urging.md#没有这个小节)\n", to: "pre-sales/couriers.md")
        let broken = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(broken.status != 0 && broken.stderr.contains("broken anchor"), "\(broken.stderr)")
        let couriers = root.appending(path: "content/handbook/pre-sales/couriers.md")
        try OpsbookProcess.write(
            try OpsbookProcess.read(couriers).replacingOccurrences(of: "\n[不存在](urging.md#没有这个小节)\n", with: ""),
            to: couriers)
        try rebuild(patched: true, "the broken anchor taken out again")
        let style = root.appending(path: "templates/page.mustache")
        try OpsbookProcess.write(try OpsbookProcess.read(style) + "\n", to: style)
        try rebuild(patched: false, "a template changed")
        try append("\n最后一句。\n", to: "pre-sales/urging.md")
        try rebuild(patched: true, "a body changed after the template")
        #expect(statedOnly >= 6, "patches that stated the files without reading the folders: \(statedOnly)")
        // A page added changes its folder: the folder is read again and finds it.
        try OpsbookProcess.write("# 新页\n\n新内容。\n", to: handbook.appending(path: "pre-sales/new.md"))
        try rebuild(patched: false, "a page added")
        #expect(try OpsbookProcess.snapshot(site)["pre-sales/new.html"] != nil)
        try append("\n又一句。\n", to: "pre-sales/new.md")
        try rebuild(patched: true, "the new page's body changed")
    }

    /// A file changed twice within one tick of the file system's clock keeps its size and time when
    /// only some letters change (here its time is set back to the nanosecond): the rebuild reads it
    /// again all the same, whether it patches (a page's body), works everything out (the page cache
    /// must not hand back the old page), copies an asset or reads a plan, and the site equals a
    /// build from scratch.
    @Test func changesWithinOneClockTickAreSeen() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appending(path: "_site")
        func rebuild(patched: Bool? = nil, _ what: Comment) throws -> [String: Data] {
            let result = try OpsbookProcess.run(["build", "--root", root.path, "--timings"])
            #expect(result.status == 0, "\(what): \(result.stderr)")
            if let patched { #expect(result.stdout.contains("pages and search index") == patched, what) }
            let built = try OpsbookProcess.snapshot(site)
            #expect(built == (try fromScratch(root)), what)
            return built
        }
        func text(_ site: [String: Data], _ path: String) -> String {
            String(decoding: site[path] ?? Data(), as: UTF8.self)
        }
        func append(_ text: String, to path: String) throws {
            let url = root.appending(path: path)
            try OpsbookProcess.write(try OpsbookProcess.read(url) + text, to: url)
        }
        /// Puts `new` for `old` (as many bytes) in the file at `path`, its size and time left as they were.
        func rewrite(_ path: String, _ old: String, _ new: String) throws {
            let url = root.appending(path: path)
            var before = stat()
            #expect(stat(url.path, &before) == 0)
            let text = try OpsbookProcess.read(url)
            #expect(text.contains(old) && old.utf8.count == new.utf8.count)
            try OpsbookProcess.write(text.replacingOccurrences(of: old, with: new), to: url)
            var times = [before.st_atim, before.st_mtim]
            #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
            var after = stat()
            #expect(stat(url.path, &after) == 0)
            #expect(after.st_size == before.st_size)
            #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        }
        let page = "content/handbook/after-sales/returns.md"
        _ = try rebuild("first build")
        _ = try rebuild("nothing changed")

        try append("\n补充:运费险理赔。\n", to: page)
        _ = try rebuild(patched: true, "a page's body")
        try rewrite(page, "运费险理赔", "运费险赔付")
        let again = try rebuild(patched: true, "the same page again, same size and time")
        #expect(text(again, "after-sales/returns.html").contains("运费险赔付"))

        // Through builds that work everything out: the stylesheet changed beside the page.
        try append("\n再补一句。\n", to: page)
        _ = try rebuild(patched: true, "a page's body")
        for (old, new) in [("再补一句", "再添一句"), ("再添一句", "再加一句")] {
            try rewrite(page, old, new)
            try append("\n.refund-note { color: red; }\n", to: "templates/assets/style.css")
            let built = try rebuild(patched: false, "the page again, and the stylesheet")
            #expect(text(built, "after-sales/returns.html").contains(new))
        }

        try rewrite("templates/assets/style.css", "color: red", "color: tan")
        let restyled = try rebuild("the stylesheet again, same size and time")
        #expect(text(restyled, "assets/style.css").contains("color: tan"))

        let assigned = try OpsbookProcess.run([
            "assign", "核对退货", "--to", "小李", "--by", "王主管", "--root", root.path, "--date", "2026-11-20",
        ])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        _ = try rebuild("a task assigned")
        try rewrite("content/tasks/2026-11-20.yaml", "核对退货", "核对换货")
        let replanned = try rebuild("the plan again, same size and time")
        #expect(text(replanned, "days/2026-11-20.html").contains("核对换货"))
    }

    /// A damaged cache file is ignored, not trusted.
    @Test func damagedCacheIsIgnored() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OpsbookProcess.run(["build", "--root", root.path])
        // Twice: the second time the spare left by the first is rewritten in place.
        for _ in 0..<2 {
            try Data("garbage".utf8).write(to: root.appending(path: "._site.opsbook-cache"))
            let result = try OpsbookProcess.run(["build", "--root", root.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try OpsbookProcess.snapshot(root.appending(path: "_site")) == fromScratch(root))
        }
    }

    /// The build after one without a cache finds a spare it knows nothing of: it writes every file
    /// over the spare's own, in place, rather than deleting the spare's files (deleting a folder of
    /// files cost more than writing them, and slowed every file created in the next minute).
    @Test func unknownSpareIsRewrittenInPlace() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        func build() throws {
            let result = try OpsbookProcess.run(["build", "--root", root.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        func fileNumbers(_ folder: URL) throws -> [String: Int] {
            var numbers: [String: Int] = [:]
            for path in try OpsbookProcess.snapshot(folder).keys {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.appending(path: path).path)
                numbers[path] = (attributes[.systemFileNumber] as? NSNumber)?.intValue
            }
            return numbers
        }
        try build()
        try build()
        try FileManager.default.removeItem(at: root.appending(path: "._site.opsbook-cache"))
        try build()
        let spare = try fileNumbers(root.appending(path: "._site.spare"))
        let live = try fileNumbers(root.appending(path: "_site"))
        #expect(spare.count > 10)
        #expect(Set(spare.values).isDisjoint(with: live.values))
        try build()
        #expect(try fileNumbers(root.appending(path: "_site")) == spare)
        #expect(try OpsbookProcess.snapshot(root.appending(path: "_site")) == fromScratch(root))
    }

    /// A build that fails part-way through writing (here a folder stands where a page goes) leaves
    /// the live site as it was and puts the spare back, rather than deleting it: the next build
    /// writes over the spare's files in place.
    @Test func failedWriteKeepsSpare() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let (site, spare) = (root.appending(path: "_site"), root.appending(path: "._site.spare"))
        for _ in 0..<2 { #expect(try OpsbookProcess.run(["build", "--root", root.path]).status == 0) }
        let before = try OpsbookProcess.snapshot(site)
        let blocked = spare.appending(path: "pre-sales/couriers.html")
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked.appending(path: "in-the-way"), withIntermediateDirectories: true)
        let style = root.appending(path: "templates/assets/style.css")
        try OpsbookProcess.write(try OpsbookProcess.read(style) + "\n.refund-note { color: red; }\n", to: style)
        let failed = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("_site/pre-sales/couriers.html: error: cannot write"), "\(failed.stderr)")
        #expect(try OpsbookProcess.snapshot(site) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // The same folder, not a new one made and filled.
        let kept = try FileManager.default.attributesOfItem(atPath: spare.path)[.systemFileNumber] as? NSNumber
        #expect(kept != nil)

        try FileManager.default.removeItem(at: blocked)
        #expect(try OpsbookProcess.run(["build", "--root", root.path]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: site.path)[.systemFileNumber] as? NSNumber == kept)
        #expect(try OpsbookProcess.snapshot(site) == fromScratch(root))
    }

    /// A build killed while it wrote its cache (Ctrl-C during `build --watch`) leaves a temporary
    /// file beside the site; the next build that writes the cache removes it, and leaves alone the
    /// one of a build still running.
    @Test func abandonedCacheFilesAreRemoved() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        // No process has an id this high (Linux allows 2^22), and this test's own process is running.
        let abandoned = root.appending(path: "._site.opsbook-cache.tmp-2147483000")
        let running = root.appending(path: "._site.opsbook-cache.tmp-\(getpid())")
        let other = root.appending(path: "notes.tmp-2147483000")
        for file in [abandoned, running, other] { try Data("half a cache".utf8).write(to: file) }
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(FileManager.default.fileExists(atPath: running.path))
        #expect(FileManager.default.fileExists(atPath: other.path))
        #expect(FileManager.default.fileExists(atPath: root.appending(path: "._site.opsbook-cache").path))
    }

    /// Lines of the search index are copied from the live site's parts only while those files are as
    /// the last build left them: parts changed by hand are not trusted, the text is indexed again.
    @Test func damagedSearchPartsAreNotTrusted() throws {
        let root = try OpsbookProcess.fixture("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        for _ in 0..<2 { #expect(try OpsbookProcess.run(["build", "--root", root.path]).status == 0) }
        let parts = root.appending(path: "_site/assets/search")
        let names = try FileManager.default.contentsOfDirectory(atPath: parts.path)
        #expect(!names.isEmpty)
        for name in names {
            // Still shaped like a part, every line wrong; written anew (not through a hard link the
            // spare may share).
            let url = parts.appending(path: name)
            let rows = try OpsbookProcess.read(url).split(separator: "\n", omittingEmptySubsequences: false)
            let forged = rows.enumerated().map { index, row in
                index >= 2 && index < rows.count - 2 ? #"["broken","坏",0,""],"# : String(row)
            }
            try FileManager.default.removeItem(at: url)
            try OpsbookProcess.write(forged.joined(separator: "\n"), to: url)
        }
        let returns = root.appending(path: "content/handbook/after-sales/returns.md")
        try OpsbookProcess.write(try OpsbookProcess.read(returns) + "\n补充:运费险理赔。\n", to: returns)
        let result = try OpsbookProcess.run(["build", "--root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        let site = try OpsbookProcess.snapshot(root.appending(path: "_site"))
        #expect(site == (try fromScratch(root)))
        #expect(site.keys.contains { $0.hasPrefix("assets/search/") })
    }
}
