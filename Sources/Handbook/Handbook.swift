import Foundation
import Synchronization
import Markdown
import Workspace

/// The whole handbook: every page rendered, in reading order, with its sections.
public struct Handbook: Sendable {
    /// Pages in reading order (a section's index page first, then its pages, then its sub-sections).
    public var pages: [Page]
    /// The top folder and everything below it.
    public var root: Section
    /// Files other than Markdown under `content/handbook/` (paths relative to it), copied as they are.
    public var files: [String]

    /// The index in `pages` of the page with the given source path.
    public func pageIndex(sourcePath: String) -> Int? {
        pages.firstIndex { $0.sourcePath == sourcePath }
    }
}

extension Handbook {
    /// Reads and renders every page under the workspace's `content/handbook/`.
    ///
    /// - Returns: the handbook (nil when it could not be read at all) and every problem found:
    ///   unreadable files, bad front matter, broken links and anchors.
    public static func load(
        from workspace: Workspace, calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles
    ) -> (Handbook?, [Diagnostic]) {
        let (handbook, diagnostics, _) = load(
            from: workspace, calloutTitles: calloutTitles, cacheOnceListed: { PageCache() })
        return (handbook, diagnostics)
    }

    /// Reads and renders every page, reusing those of an earlier build whose file is unchanged.
    ///
    /// - Parameters:
    ///   - cacheOnceListed: pages from an earlier build, asked for once the files are listed (so the
    ///     caller can be reading them meanwhile); a page whose file is unchanged is taken from them
    ///     instead of being parsed again.
    ///   - progress: told how many pages are read, from several threads at once.
    /// - Returns: the handbook (nil when it could not be read at all), every problem found
    ///   (unreadable files, bad front matter, broken links and anchors) and the cache for the next build.
    public static func load(
        from workspace: Workspace, calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles, listing: Listing? = nil,
        cacheOnceListed: () -> PageCache, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> (Handbook?, [Diagnostic], PageCache) {
        let folder = workspace.handbook
        let folderPath = workspace.displayPath(folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            let missing = Diagnostic(path: folderPath, message: "handbook folder not found: create it and put Markdown pages in it")
            return (nil, [missing], PageCache())
        }
        let listed = listing ?? Listing(of: folder)
        let (markdown, otherFiles) = (listed.markdown, listed.other)
        let markdownPaths = markdown.map(\.path)
        let resolver = LinkResolver(pages: Set(markdownPaths), files: Set(otherFiles))
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)
        let context = cacheContext(options: options, markdown: markdownPaths, other: otherFiles)
        let cache = cacheOnceListed()
        let reusable = cache.context == context ? cache : PageCache()

        let place = Place(workspace)
        let finished = Atomic<Int>(0)
        let loaded = markdown.parallelMap { file -> (PageCache.FileStamp, Page?, [Diagnostic], ArraySlice<UInt8>?) in
            progress?(finished.add(1, ordering: .relaxed).newValue, markdown.count)
            if let entry = reusable.entry(for: file.path, stamp: file.stamp) {
                return (file.stamp, entry.page, entry.diagnostics, entry.encoded)
            }
            let (page, diagnostics) = loadPage(file.path, in: place, resolver: resolver, options: options)
            return (file.stamp, page, diagnostics, nil)
        }
        var diagnostics = loaded.flatMap(\.2)
        let pages = loaded.compactMap(\.1)
        diagnostics += checkAnchors(pages, resolver: resolver, handbookPath: folderPath)
        var entries: [String: PageCache.Entry] = [:]
        entries.reserveCapacity(loaded.count)
        for (stamp, page, pageDiagnostics, encoded) in loaded {
            guard let page else { continue }
            entries[page.sourcePath] = PageCache.Entry(
                stamp: stamp, page: page, diagnostics: pageDiagnostics, encoded: encoded)
        }
        let (root, ordered) = buildSections(pages)
        return (Handbook(pages: ordered, root: root, files: otherFiles), diagnostics, PageCache(context: context, entries: entries))
    }

    /// `load` for a handbook loaded earlier in this process (`build --watch`), when no file was
    /// added, removed or renamed since and no page whose file changed has a new title, order or
    /// summary: only those pages are read again, and the rest, their order and sections are taken
    /// as `previous` has them. Nil when that does not hold (then `load` reads the handbook).
    ///
    /// - Parameter pages: the page cache `previous` was loaded with (`load`'s third result).
    public static func reload(
        _ previous: Handbook, pages cache: PageCache, from workspace: Workspace, listing: Listing,
        calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles
    ) -> (Handbook?, [Diagnostic], PageCache)? {
        let markdownPaths = listing.markdown.map(\.path)
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)
        let context = cacheContext(options: options, markdown: markdownPaths, other: listing.other)
        guard cache.context == context, cache.entries.count == listing.markdown.count else { return nil }
        let changed = listing.markdown.filter { cache.entries[$0.path]?.stamp != $0.stamp }
        var handbook = previous
        var entries = cache.entries
        let resolver = LinkResolver(pages: Set(markdownPaths), files: Set(listing.other))
        if !changed.isEmpty {
            let place = Place(workspace)
            for file in changed {
                guard let index = handbook.pageIndex(sourcePath: file.path) else { return nil }
                let old = handbook.pages[index]
                let (page, diagnostics) = loadPage(file.path, in: place, resolver: resolver, options: options)
                guard let page, page.title == old.title, page.order == old.order, page.summary == old.summary else {
                    return nil
                }
                handbook.pages[index] = page
                entries[file.path] = PageCache.Entry(stamp: file.stamp, page: page, diagnostics: diagnostics)
            }
        }
        let folder = workspace.displayPath(workspace.handbook)
        var diagnostics = entries.values.flatMap(\.diagnostics)
        // A heading gone from a changed page breaks the links to it from every other page.
        diagnostics += checkAnchors(handbook.pages, resolver: resolver, handbookPath: folder)
        return (handbook, diagnostics, PageCache(context: context, entries: entries))
    }

    /// Renders again the bodies of the pages at `indices` that came from the cache without one.
    public mutating func renderBodies(
        of indices: [Int], in workspace: Workspace, calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles
    ) {
        let missing = indices.filter { pages[$0].bodyOmitted }
        guard !missing.isEmpty else { return }
        let resolver = LinkResolver(pages: Set(pages.map(\.sourcePath)), files: Set(files))
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)
        let paths = missing.map { pages[$0].sourcePath }
        let place = Place(workspace)
        let rendered = paths.parallelMap { Self.loadPage($0, in: place, resolver: resolver, options: options).page }
        for (index, page) in zip(missing, rendered) {
            guard let page else { continue }
            pages[index].document.htmlBytes = page.document.htmlBytes
            pages[index].document.sections = page.document.sections
            pages[index].bodyOmitted = false
        }
    }

    /// What, besides a page's own file, shapes its rendering: the options and the handbook's files.
    private static func cacheContext(options: MarkdownOptions, markdown: [String], other: [String]) -> String {
        var context = "raw=\(options.allowRawHTML)"
        for kind in CalloutKind.allCases { context += "|\(kind.rawValue)=\(options.calloutTitles[kind] ?? "")" }
        context += "|" + markdown.joined(separator: "\u{0}") + "|" + other.joined(separator: "\u{0}")
        return context
    }

    /// Where the handbook's files are, and how messages name them: worked out once, not per page.
    struct Place: Sendable {
        let path: String
        let displayPath: String

        init(_ workspace: Workspace) {
            path = workspace.handbook.standardizedFileURL.path
            displayPath = workspace.displayPath(workspace.handbook)
        }
    }

    static func loadPage(
        _ sourcePath: String, in place: Place, resolver: LinkResolver, options: MarkdownOptions
    ) -> (page: Page?, diagnostics: [Diagnostic]) {
        let displayPath = place.displayPath + "/" + sourcePath
        do {
            let source = try SourceFile.read(path: place.path + "/" + sourcePath, displayPath: displayPath)
            let (matter, body, warnings) = try FrontMatter.split(source, path: displayPath)
            var diagnostics = warnings
            let document = MarkdownDocument.render(body, options: options) { link in
                do throws(LinkProblem) {
                    if case .page(_, _, let href) = try resolver.resolve(link.destination, from: sourcePath) {
                        return href
                    }
                } catch {
                    diagnostics.append(
                        Diagnostic(path: displayPath, line: link.line, column: link.column, message: error.message))
                }
                return nil
            }
            for warning in document.syntaxWarnings {
                diagnostics.append(
                    Diagnostic(
                        path: displayPath, line: warning.line, column: warning.column, severity: .warning,
                        message: warning.message))
            }
            let fileName = sourcePath.split(separator: "/").last ?? Substring(sourcePath)
            var page = Page(
                sourcePath: sourcePath, outputPath: Page.outputPath(for: sourcePath),
                title: matter.title ?? document.headings.first?.text ?? String(fileName.dropLast(3)),
                order: matter.order, summary: matter.summary, tags: matter.tags, document: document)
            var hash = StableHash()
            hash.combine(source)
            page.sourceHash = hash.value
            return (page, diagnostics)
        } catch {
            return (nil, [error])
        }
    }

    /// The page a link of `page` leads to and the heading it names, when it names one.
    static func anchorTarget(of link: LinkReference, in page: Page, resolver: LinkResolver) -> (
        page: String, fragment: String
    )? {
        switch try? resolver.resolve(link.destination, from: page.sourcePath) {
        case .samePage(let anchor)?: anchor.isEmpty ? nil : (page.sourcePath, anchor)
        case .page(let path, let anchor?, _)? where !anchor.isEmpty: (path, anchor)
        default: nil
        }
    }

    /// Reports every link whose `#anchor` names no heading of the page it points to.
    private static func checkAnchors(_ pages: [Page], resolver: LinkResolver, handbookPath: String) -> [Diagnostic] {
        // Heading ids are gathered only for the pages some link's anchor names.
        var pageNumbers: [String: Int] = [:]
        for (number, page) in pages.enumerated() { pageNumbers[page.sourcePath] = number }
        var headingIDs: [String: Set<String>] = [:]
        func ids(of path: String) -> Set<String>? {
            if let known = headingIDs[path] { return known }
            guard let number = pageNumbers[path] else { return nil }
            let ids = Set(pages[number].document.headings.map(\.id))
            headingIDs[path] = ids
            return ids
        }
        var diagnostics: [Diagnostic] = []
        for page in pages {
            // Only a link with a fragment can name a missing heading.
            for link in page.anchorLinks {
                guard let (target, fragment) = anchorTarget(of: link, in: page, resolver: resolver),
                    let ids = ids(of: target), !ids.contains(fragment)
                else { continue }
                let nearest = ids.filter { $0.contains(fragment) || fragment.contains($0) }.sorted().first
                let hint = nearest.map { " (did you mean '#\($0)'?)" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        path: handbookPath + "/" + page.sourcePath, line: link.line, column: link.column,
                        message: "broken anchor: '\(target)' has no heading '#\(fragment)'\(hint)"))
            }
        }
        return diagnostics
    }
}

extension Handbook {
    /// The handbook's files: its Markdown pages with their stamps and its other files, as sorted
    /// paths relative to the handbook folder (hidden files left out).
    public struct Listing: Sendable {
        public var markdown: [(path: String, stamp: PageCache.FileStamp)]
        public var other: [String]
        /// The stamps of `other`'s files, in the same order.
        public var otherStamps: [PageCache.FileStamp]
        /// Every folder listed ("" the handbook's own) and its modification time: while none changes,
        /// no file was added, removed or renamed (`init(of:as:)`).
        public var folders: [(path: String, modified: Int)] = []
        /// When the folders were listed (nanoseconds since 1970).
        public var listedAt = 0

        /// Lists `folder` (a missing folder lists nothing).
        public init(of folder: URL) {
            markdown = []
            listedAt = FileTime.now
            let base = folder.standardizedFileURL.path
            var info = stat()
            if stat(base, &info) == 0 { folders.append(("", Self.nanoseconds(info.st_mtim))) }
            var others: [(path: String, stamp: PageCache.FileStamp)] = []
            for entry in FolderWalk.entries(under: base, skipHidden: true, stamps: true) {
                if entry.isDirectory { folders.append((entry.path, entry.modified)) }
                guard entry.isRegularFile else { continue }
                let stamp = PageCache.FileStamp(size: entry.size, modified: entry.modified, contents: entry.contents)
                if entry.path.hasSuffix(".md") {
                    markdown.append((entry.path, stamp))
                } else {
                    others.append((entry.path, stamp))
                }
            }
            // In the order of the paths' bytes (code point order), as the walk gives them.
            other = others.map(\.path)
            otherStamps = others.map(\.stamp)
        }

        /// The listing of `folder` as `outline` has it, every file stated again, when no folder's
        /// modification time changed since the outline's listing, so no file was added, removed or
        /// renamed: reading the folders again was half of a patch's listing. Nil when one did, or
        /// changed too close to that listing to tell (within a second: file systems keep coarse
        /// times), or a file cannot be stated.
        public init?(of folder: URL, as outline: Outline) {
            let base = folder.standardizedFileURL.path
            let start = FileTime.now
            guard !outline.folders.isEmpty, let paths = outline.storedPathStrings() else { return nil }
            for (path, modified) in outline.folders {
                var info = stat()
                guard stat(path.isEmpty ? base : base + "/" + path, &info) == 0,
                    (info.st_mode & S_IFMT) == S_IFDIR, Self.nanoseconds(info.st_mtim) == modified,
                    modified < outline.listedAt - 1_000_000_000
                else { return nil }
            }
            var stamps: [PageCache.FileStamp] = []
            stamps.reserveCapacity(paths.count + outline.other.count)
            for stated in FolderWalk.state(paths + outline.other, under: base) {
                guard let (isRegular, size, modified, contents) = stated, isRegular else { return nil }
                stamps.append(PageCache.FileStamp(size: size, modified: modified, contents: contents))
            }
            markdown = Array(zip(paths, stamps.prefix(paths.count)))
            other = outline.other
            otherStamps = Array(stamps.dropFirst(paths.count))
            folders = outline.folders
            listedAt = start
        }

        private static func nanoseconds(_ time: timespec) -> Int {
            Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec)
        }

        /// This listing once the files at `changed` (paths relative to `folder`) have had only their
        /// contents changed: their pages' stamps read again. Nil when a path is not a page of the
        /// listing or cannot be stated (it was added or removed: list the folder again).
        public func updating(_ changed: some Sequence<String>, in folder: URL) -> Listing? {
            var updated = self
            var positions: [String: Int] = [:]
            for (index, file) in markdown.enumerated() { positions[file.path] = index }
            var otherPositions: [String: Int] = [:]
            for (index, path) in other.enumerated() { otherPositions[path] = index }
            for path in changed {
                guard let stamp = PageCache.FileStamp(ofSource: folder.appending(path: path)) else { return nil }
                if let index = otherPositions[path] {
                    updated.otherStamps[index] = stamp
                } else if let index = positions[path] {
                    updated.markdown[index].stamp = stamp
                } else {
                    return nil
                }
            }
            return updated
        }
    }
}
