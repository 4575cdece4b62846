import Foundation
import Markdown
import Workspace

extension Handbook {
    /// What a build keeps of the handbook so that the next one, in another process, can take the
    /// handbook as it was and read again only the pages whose files changed (`patch`): the files as
    /// listed, and the pages in reading order with what other pages show of them.
    public struct Outline: Sendable {
        /// The Markdown files in listing order, with their stamps.
        var files: [(path: String, stamp: PageCache.FileStamp)]
        /// The other files in listing order, with their stamps (they are copied into the site).
        var other: [(path: String, stamp: PageCache.FileStamp)]
        /// The pages in reading order: what the navigation, section pages and neighbours show of them.
        var pages: [(sourcePath: String, title: String, order: Int?, summary: String?)]
        var root: Section

        /// The outline of `handbook`, loaded from the files of `listing`.
        public init(_ handbook: Handbook, listing: Listing) {
            files = listing.markdown
            other = Array(zip(listing.other, listing.otherStamps))
            pages = handbook.pages.map { ($0.sourcePath, $0.title, $0.order, $0.summary) }
            root = handbook.root
        }

        /// The stamp the outline has for the page at `sourcePath`, nil when it has no such page.
        public func stamp(of sourcePath: String) -> PageCache.FileStamp? {
            // `files` is in listing order: sorted by bytes.
            var low = 0
            var high = files.count
            while low < high {
                let middle = (low + high) / 2
                if files[middle].path.precedesInByteOrder(sourcePath) { low = middle + 1 } else { high = middle }
            }
            return low < files.count && files[low].path == sourcePath ? files[low].stamp : nil
        }

        public func write(to writer: inout ByteWriter) {
            for list in [files, other] {
                writer.write(list.count)
                for file in list {
                    writer.write(file.path)
                    writer.write(file.stamp.size)
                    writer.write(file.stamp.modified)
                }
            }
            writer.write(pages.count)
            for page in pages {
                writer.write(page.sourcePath)
                writer.write(page.title)
                writer.write(page.order)
                writer.write(page.summary)
            }
            root.write(to: &writer)
        }

        public init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
            func readFiles() throws(ByteReader.Malformed) -> [(path: String, stamp: PageCache.FileStamp)] {
                var list: [(path: String, stamp: PageCache.FileStamp)] = []
                let count = try reader.readCount()
                list.reserveCapacity(count)
                for _ in 0..<count {
                    list.append(
                        (try reader.readString(), PageCache.FileStamp(size: try reader.readInt(), modified: try reader.readInt())))
                }
                return list
            }
            files = try readFiles()
            other = try readFiles()
            let count = try reader.readCount()
            pages = []
            pages.reserveCapacity(count)
            for _ in 0..<count {
                pages.append(
                    (try reader.readString(), try reader.readString(), try reader.readOptionalInt(),
                        try reader.readOptionalString()))
            }
            root = try Section(from: &reader)
        }
    }

    /// `patch`'s result.
    public struct Patched: Sendable {
        /// The handbook: the pages read again in full; the others as the outline has them, with
        /// neither body nor headings (`Page.bodyOmitted`).
        public var handbook: Handbook
        /// The indices in `handbook.pages` of the pages read again.
        public var changed: [Int]
        /// Their problems (warnings: a page with an error is not patched).
        public var diagnostics: [Diagnostic]
        /// The page cache for the next build, as the pieces of bytes `PageCache.encodedPieces()` gives.
        public var cache: [ArraySlice<UInt8>]
        /// The outline for the next build.
        public var outline: Outline
    }

    /// The handbook `outline` describes, with the pages whose files changed since read again, when
    /// that is all that changed: the same files (no page or other file added, removed, renamed or,
    /// for other files, changed), the same options, and each changed page with the same title,
    /// order, summary, tags and headings as before, no error and no broken anchor. Then every other
    /// page renders as it did. Nil when that does not hold, or more than `limit` pages changed
    /// (then `load` reads the handbook).
    ///
    /// - Parameter stored: the page cache the outline was written with, as its bytes.
    public static func patch(
        _ outline: Outline, stored: ArraySlice<UInt8>, listing: Listing, from workspace: Workspace,
        calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles, limit: Int
    ) -> Patched? {
        guard listing.markdown.count == outline.files.count, listing.other.count == outline.other.count else { return nil }
        var changedFiles: [(path: String, stamp: PageCache.FileStamp)] = []
        for (file, known) in zip(listing.markdown, outline.files) {
            guard file.path == known.path else { return nil }
            if file.stamp != known.stamp {
                changedFiles.append(file)
                guard changedFiles.count <= limit else { return nil }
            }
        }
        for (index, known) in outline.other.enumerated() {
            guard listing.other[index] == known.path, listing.otherStamps[index] == known.stamp else { return nil }
        }
        let markdownPaths = listing.markdown.map(\.path)
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)
        var contextReader = ByteReader(stored)
        guard (try? contextReader.readString()) == cacheContext(options: options, markdown: markdownPaths, other: listing.other)
        else { return nil }

        var pages = outline.pages.map { summary in
            Page(
                sourcePath: summary.sourcePath, outputPath: Page.outputPath(for: summary.sourcePath), title: summary.title,
                order: summary.order, summary: summary.summary, tags: [], document: MarkdownDocument(html: ""),
                bodyOmitted: true)
        }
        var changed: [Int] = []
        var diagnostics: [Diagnostic] = []
        var replacements: [String: [UInt8]] = [:]
        var newOutline = outline
        if !changedFiles.isEmpty {
            let resolver = LinkResolver(pages: Set(markdownPaths), files: Set(listing.other))
            let place = Place(workspace)
            var readingIndex: [String: Int] = [:]
            for (index, page) in outline.pages.enumerated() { readingIndex[page.sourcePath] = index }
            for (path, stamp) in changedFiles {
                guard let index = readingIndex[path], let bytes = KeyedEntries.storedEntry(path, in: stored),
                    let old = KeyedEntries.decode(bytes, as: PageCache.Entry.self)
                else { return nil }
                let (read, problems) = loadPage(path, in: place, resolver: resolver, options: options)
                guard let page = read, !problems.hasErrors, page.title == old.page.title, page.order == old.page.order,
                    page.summary == old.page.summary, page.tags == old.page.tags,
                    Self.sameHeadings(page.document.headings, old.page.document.headings)
                else { return nil }
                pages[index] = page
                changed.append(index)
                diagnostics += problems
                var writer = ByteWriter()
                PageCache.Entry(stamp: stamp, page: page, diagnostics: problems).write(to: &writer)
                replacements[path] = writer.bytes
            }
            // The changed pages' anchors: every other page's headings are as they were, and so are
            // the changed pages' own, so only the changed pages' links can have broken.
            for index in changed {
                let page = pages[index]
                for link in page.anchorLinks {
                    guard let (target, fragment) = anchorTarget(of: link, in: page, resolver: resolver) else { continue }
                    let headings: [Heading]
                    if let targetIndex = readingIndex[target], changed.contains(targetIndex) {
                        headings = pages[targetIndex].document.headings
                    } else if let bytes = KeyedEntries.storedEntry(target, in: stored),
                        let entry = KeyedEntries.decode(bytes, as: PageCache.Entry.self)
                    {
                        headings = entry.page.document.headings
                    } else {
                        return nil
                    }
                    guard headings.contains(where: { $0.id == fragment }) else { return nil }
                }
            }
            for (index, file) in listing.markdown.enumerated() { newOutline.files[index].stamp = file.stamp }
        }
        guard let cache = KeyedEntries.replacing(replacements, in: stored) else { return nil }
        let handbook = Handbook(pages: pages, root: outline.root, files: listing.other)
        return Patched(handbook: handbook, changed: changed, diagnostics: diagnostics, cache: cache, outline: newOutline)
    }

    /// Whether two pages' headings read the same and have the same ids (their lines may differ).
    private static func sameHeadings(_ a: [Heading], _ b: [Heading]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.level == $1.level && $0.text == $1.text && $0.id == $1.id }
    }
}

extension Section {
    func write(to writer: inout ByteWriter) {
        writer.write(path)
        writer.write(title)
        writer.write(order)
        writer.write(summary)
        writer.write(indexPage)
        writer.write(pages.count)
        for page in pages { writer.write(page) }
        writer.write(subsections.count)
        for subsection in subsections { subsection.write(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        path = try reader.readString()
        title = try reader.readString()
        order = try reader.readOptionalInt()
        summary = try reader.readOptionalString()
        indexPage = try reader.readOptionalInt()
        pages = []
        for _ in 0..<(try reader.readCount()) { pages.append(try reader.readInt()) }
        subsections = []
        for _ in 0..<(try reader.readCount()) { subsections.append(try Section(from: &reader)) }
    }
}
