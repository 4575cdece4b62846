import Foundation
import Markdown
import Workspace

extension Handbook {
    /// What a build keeps of the handbook so that the next one, in another process, can take the
    /// handbook as it was and read again only the pages whose files changed (`patch`): the files as
    /// listed, and the pages in reading order with what other pages show of them.
    public struct Outline: Sendable {
        /// The Markdown files in listing order (sorted by bytes), and their stamps. An outline read
        /// from a cache has its paths once `matches(_:)` compared them with a listing's.
        private(set) var paths: [String]
        var stamps: [PageCache.FileStamp]
        /// The other files in listing order, and their stamps (they are copied into the site).
        var other: [String]
        var otherStamps: [PageCache.FileStamp]
        /// The pages in reading order, by their file's index in `paths`, with what the navigation,
        /// section pages and neighbours show of them.
        var pages: [(file: Int, title: String, order: Int?, summary: String?)]
        var root: Section
        /// Where each Markdown file's page is in the page cache's bytes (`PageCache.encodedPiecesLocating()`),
        /// in listing order; empty when not known.
        var entries: [Range<Int>] = []
        /// The listing's folders and when it was made (`Listing.folders`, `Listing.listedAt`).
        var folders: [(path: String, modified: Int)] = []
        var listedAt = 0
        /// What never changes between two builds that a patch joins: the paths, the other files,
        /// the pages and the sections, as a cache held them (written back as they are).
        private var fixed: ArraySlice<UInt8>?
        /// In `fixed`, the Markdown files' paths (their count, then each).
        private var storedPaths: ArraySlice<UInt8> = []

        /// The outline of `handbook`, loaded from the files of `listing`.
        public init(_ handbook: Handbook, listing: Listing) {
            paths = listing.markdown.map(\.path)
            stamps = listing.markdown.map(\.stamp)
            other = listing.other
            otherStamps = listing.otherStamps
            var files: [String: Int] = [:]
            files.reserveCapacity(paths.count)
            for (index, path) in paths.enumerated() { files[path] = index }
            pages = handbook.pages.map { (files[$0.sourcePath] ?? -1, $0.title, $0.order, $0.summary) }
            root = handbook.root
            folders = listing.folders
            listedAt = listing.listedAt
        }

        /// The Markdown files' paths as the cache held them, made strings (for `Listing(of:as:)`).
        func storedPathStrings() -> [String]? {
            guard paths.isEmpty else { return paths }
            var reader = ByteReader(storedPaths)
            return try? reader.readStrings()
        }

        /// Whether `listing` has the outline's Markdown files, in the same order (their bytes
        /// compared, no string made); the outline then takes the listing's paths.
        mutating func matches(_ listing: Listing) -> Bool {
            guard paths.isEmpty, fixed != nil else { return paths == listing.markdown.map(\.path) }
            guard listing.markdown.count == stamps.count else { return false }
            var reader = ByteReader(storedPaths)
            do throws(ByteReader.Malformed) {
                guard try reader.readCount() == listing.markdown.count else { return false }
                for file in listing.markdown {
                    var path = file.path
                    let stored = try reader.readSlice()
                    guard path.withUTF8({ $0.elementsEqual(stored) }) else { return false }
                }
            } catch {
                return false
            }
            paths = listing.markdown.map(\.path)
            return true
        }

        /// The index in `paths` (listing order: sorted by bytes) of `sourcePath`.
        func index(of sourcePath: String) -> Int? {
            var low = 0
            var high = paths.count
            while low < high {
                let middle = (low + high) / 2
                if paths[middle].precedesInByteOrder(sourcePath) { low = middle + 1 } else { high = middle }
            }
            return low < paths.count && paths[low] == sourcePath ? low : nil
        }

        /// Takes where each page's entry is in the page cache the outline is written with; false
        /// when a page has none.
        public mutating func locate(_ ranges: [String: Range<Int>]) -> Bool {
            var located: [Range<Int>] = []
            located.reserveCapacity(paths.count)
            for path in paths {
                guard let range = ranges[path] else { return false }
                located.append(range)
            }
            entries = located
            return true
        }

        /// About how many bytes `write(to:)` writes.
        public var byteCount: Int { (fixed?.count ?? 128 * pages.count) + 32 * stamps.count + 64 * folders.count + 64 }

        public func write(to writer: inout ByteWriter) {
            if let fixed {
                writer.write(fixed.count)
                writer.append(encoded: fixed)
            } else {
                writer.writeCounted { writer in
                    writer.write(paths)
                    writer.write(other.count)
                    for (path, stamp) in zip(other, otherStamps) {
                        writer.write(path)
                        stamp.write(to: &writer)
                    }
                    writer.write(pages.count)
                    for page in pages {
                        writer.write(page.file)
                        writer.write(page.title)
                        writer.write(page.order)
                        writer.write(page.summary)
                    }
                    root.write(to: &writer)
                }
            }
            writer.write(stamps.count)
            for stamp in stamps { stamp.write(to: &writer) }
            writer.write(entries.count)
            for entry in entries {
                writer.write(entry.lowerBound)
                writer.write(entry.upperBound)
            }
            writer.write(folders.count)
            for folder in folders {
                writer.write(folder.path)
                writer.write(folder.modified)
            }
            writer.write(listedAt)
        }

        /// Reads what `write(to:)` wrote; the paths stay as bytes until `matches(_:)`.
        public init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
            let fixed = try reader.readSlice()
            var inner = ByteReader(fixed)
            let start = inner.position
            let count = try inner.readCount()
            for _ in 0..<count { _ = try inner.readSlice() }
            storedPaths = fixed[start..<inner.position]
            paths = []
            other = []
            otherStamps = []
            for _ in 0..<(try inner.readCount()) {
                other.append(try inner.readString())
                otherStamps.append(try PageCache.FileStamp(from: &inner))
            }
            let pageCount = try inner.readCount()
            pages = []
            pages.reserveCapacity(pageCount)
            for _ in 0..<pageCount {
                let file = try inner.readInt()
                guard file >= 0, file < count else { throw ByteReader.Malformed() }
                pages.append((file, try inner.readString(), try inner.readOptionalInt(), try inner.readOptionalString()))
            }
            root = try Section(from: &inner)
            guard inner.isAtEnd else { throw ByteReader.Malformed() }
            self.fixed = fixed
            stamps = []
            let stampCount = try reader.readCount()
            guard stampCount == count else { throw ByteReader.Malformed() }
            stamps.reserveCapacity(stampCount)
            for _ in 0..<stampCount { stamps.append(try PageCache.FileStamp(from: &reader)) }
            let located = try reader.readCount()
            guard located == 0 || located == count else { throw ByteReader.Malformed() }
            entries.reserveCapacity(located)
            for _ in 0..<located {
                let lower = try reader.readInt()
                let upper = try reader.readInt()
                guard lower >= 8, lower <= upper else { throw ByteReader.Malformed() }
                entries.append(lower..<upper)
            }
            for _ in 0..<(try reader.readCount()) { folders.append((try reader.readString(), try reader.readInt())) }
            listedAt = try reader.readInt()
        }
    }

    /// `patch`'s result.
    public struct Patched: Sendable {
        /// The handbook: the pages read again in full; the others as the outline has them, with
        /// neither body nor headings (`Page.bodyOmitted`).
        public var handbook: Handbook
        /// The indices in `handbook.pages` of the pages read again, with the hashes of their text
        /// before and now (`Page.sourceHash`).
        public var changed: [Int]
        public var sourceHashes: [(before: UInt64, now: UInt64)]
        /// Their problems (warnings: a page with an error is not patched).
        public var diagnostics: [Diagnostic]
        /// The entries of the page cache to replace for the next build: where they are in its
        /// bytes, and their new bytes (`KeyedEntries.replacing` writes them in).
        public var replacements: [(entry: Range<Int>, new: [UInt8])]
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
    /// - Parameter stored: the bytes at a range of the page cache the outline was written with
    ///   (nil when they cannot be read).
    public static func patch(
        _ outline: Outline, stored: (Range<Int>) -> [UInt8]?, listing: Listing, from workspace: Workspace,
        calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles, limit: Int
    ) -> Patched? {
        var outline = outline
        guard listing.other == outline.other, listing.otherStamps == outline.otherStamps, outline.matches(listing),
            outline.entries.count == outline.paths.count
        else { return nil }
        var changedFiles: [(index: Int, stamp: PageCache.FileStamp)] = []
        for (index, file) in listing.markdown.enumerated() {
            if file.stamp != outline.stamps[index] {
                changedFiles.append((index, file.stamp))
                guard changedFiles.count <= limit else { return nil }
            }
        }
        // The rendering options need no check: they come from the settings, which the caller
        // compared with those the outline was written with.
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)

        var pages = outline.pages.map { summary in
            let sourcePath = outline.paths[summary.file]
            return Page(
                sourcePath: sourcePath, outputPath: Page.outputPath(for: sourcePath), title: summary.title,
                order: summary.order, summary: summary.summary, tags: [], document: MarkdownDocument(html: ""),
                bodyOmitted: true)
        }
        var changed: [Int] = []
        var sourceHashes: [(before: UInt64, now: UInt64)] = []
        var diagnostics: [Diagnostic] = []
        var replacements: [(entry: Range<Int>, new: [UInt8])] = []
        var newOutline = outline
        newOutline.folders = listing.folders
        newOutline.listedAt = listing.listedAt
        /// The page cache's entry of the file at `index` in the listing, decoded.
        func storedEntry(_ index: Int) -> PageCache.Entry? {
            stored(outline.entries[index]).flatMap { KeyedEntries.decode($0[...]) }
        }
        if !changedFiles.isEmpty {
            let resolver = LinkResolver(sorted: listing)
            let place = Place(workspace)
            for (file, stamp) in changedFiles {
                let path = outline.paths[file]
                guard let index = outline.pages.firstIndex(where: { $0.file == file }), let old = storedEntry(file)
                else { return nil }
                let (read, problems) = loadPage(path, in: place, resolver: resolver, options: options)
                guard let page = read, !problems.hasErrors, page.title == old.page.title, page.order == old.page.order,
                    page.summary == old.page.summary, page.tags == old.page.tags,
                    Self.sameHeadings(page.document.headings, old.page.document.headings)
                else { return nil }
                pages[index] = page
                changed.append(index)
                sourceHashes.append((old.page.sourceHash, page.sourceHash))
                diagnostics += problems
                var writer = ByteWriter()
                PageCache.Entry(stamp: stamp, page: page, diagnostics: problems).write(to: &writer)
                replacements.append((outline.entries[file], writer.bytes))
                newOutline.stamps[file] = stamp
            }
            // The changed pages' anchors: every other page's headings are as they were, and so are
            // the changed pages' own, so only the changed pages' links can have broken.
            for index in changed {
                let page = pages[index]
                for link in page.anchorLinks {
                    guard let (target, fragment) = anchorTarget(of: link, in: page, resolver: resolver) else { continue }
                    let headings: [Heading]
                    if let targetIndex = changed.first(where: { pages[$0].sourcePath == target }) {
                        headings = pages[targetIndex].document.headings
                    } else if let file = outline.index(of: target), let entry = storedEntry(file) {
                        headings = entry.page.document.headings
                    } else {
                        return nil
                    }
                    guard headings.contains(where: { $0.id == fragment }) else { return nil }
                }
            }
            // Every entry after a replaced one moves by the difference in their lengths.
            func moved(_ offset: Int) -> Int {
                replacements.reduce(offset) { $1.entry.lowerBound < offset ? $0 + $1.new.count - $1.entry.count : $0 }
            }
            for (file, entry) in outline.entries.enumerated() {
                let length = replacements.first { $0.entry == entry }?.new.count ?? entry.count
                newOutline.entries[file] = moved(entry.lowerBound)..<(moved(entry.lowerBound) + length)
            }
        }
        let handbook = Handbook(pages: pages, root: outline.root, files: listing.other)
        return Patched(
            handbook: handbook, changed: changed, sourceHashes: sourceHashes, diagnostics: diagnostics,
            replacements: replacements,
            outline: newOutline)
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
