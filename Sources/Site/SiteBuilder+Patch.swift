import Foundation
import Handbook
import Markdown
import Planner
import Workspace

extension SiteBuilder {
    /// The most pages whose files changed that a patch reads again; beyond that a full build,
    /// spread over the cores, is as quick.
    static let patchLimit = 16

    /// Builds the site by patching the previous one, when its cache shows that nothing changed since
    /// but some pages' bodies (`Handbook.patch` says what that takes; the settings, templates,
    /// plans and today must be the same too): those pages are read and rendered again, and the
    /// part of the search index that holds them. Nil when that does not hold, or the site or its
    /// spare is not as the cache says (then `build()` works everything out).
    ///
    /// The files are written into the spare, as a full build does: the spare is first brought up
    /// to the previous site (the cache lists where they differ), then the changes are made, then
    /// it is swapped in. The site written is the one a full build writes.
    func patch(_ timer: inout PhaseTimer) -> Result? {
        guard memory == nil else { return nil }
        let cacheURL = BuildCache.url(for: output)
        guard access(cacheURL.path, F_OK) == 0 else { return nil }
        let reading = BackgroundWork { BuildCache.read(from: cacheURL, decoding: false) }
        let loadingTemplates = BackgroundWork { [workspace] in
            // Only those a page is rendered with: the rest are as the last build checked them.
            try? Templates(folder: workspace.templates, workspace: workspace, only: ["page"])
        }
        let tasks = tasksKey()
        guard let previous = reading.value, let file = previous.file, let record = previous.patch, record.tasksKey == tasks
        else { return nil }
        // The files as the last build listed them, each stated again, while no folder changed.
        let listed = Handbook.Listing(of: workspace.handbook, as: record.outline)
        let listing = listed ?? Handbook.Listing(of: workspace.handbook)
        guard let templates = loadingTemplates.value, settingsKey(templates) == record.settingsKey,
            AtomicOutput.startsFromSpare(
                destination: output, previousBuildID: previous.siteID,
                spareBuildID: previous.spareKeys.isEmpty ? nil : previous.spareID),
            record.spareDelta.allSatisfy({ file in
                file.stamp.map { PageCache.FileStamp(of: output.appending(path: file.path)) == $0 } ?? true
            }),
            let patched = Handbook.patch(
                record.outline,
                stored: { range in
                    range.upperBound <= previous.storedPages.count
                        ? file.read(offset: previous.storedPages.lowerBound + range.lowerBound, length: range.count) : nil
                }, listing: listing, from: workspace,
                calloutTitles: calloutTitles, limit: Self.patchLimit)
        else { return nil }
        timer.finish(listed == nil ? "read cache and load" : "read cache, state the pages and load")
        // The next cache's start, copied from this one while the pages are rendered.
        let writing = BackgroundWork { [replacements = patched.replacements] in
            CacheFile.Pending(
                for: cacheURL, starting: BuildCache.patchedBody(previous, replacing: replacements), copyingFrom: file,
                reusingSpare: true)
        }
        defer { writing.value?.discard() }

        let handbook = patched.handbook
        guard var changes = Patch(record: record, previous: previous) else { return nil }
        if !patched.changed.isEmpty {
            // The home page (`index.md`) has a template of its own, read only when it changed.
            let homeChanged = patched.changed.contains { handbook.pages[$0].sourcePath == "index.md" }
            guard
                let templates = homeChanged
                    ? try? Templates(folder: workspace.templates, workspace: workspace, only: ["page", "home"]) : templates
            else { return nil }
            let shared = templates.sharing(
                PageContext.shared(settings: workspace.settings, words: Words(workspace.settings.language)))
            let context = PageContext(handbook: handbook, settings: workspace.settings)
            for (index, sourceHash) in zip(patched.changed, patched.sourceHashes) {
                let page = handbook.pages[index]
                let html =
                    page.sourcePath == "index.md"
                    ? shared.renderBytes(context.home(), with: "home")
                    : shared.renderBytes(context.page(at: index), with: "page")
                changes.write(page.outputPath, html, key: Self.pageKey(site: record.site, page.sourcePath, sourceHash.now))
            }
            guard changes.patchSearch(of: handbook, changed: Array(zip(patched.changed, patched.sourceHashes)), site: output)
            else { return nil }
        }
        timer.finish("pages and search index")

        let target: AtomicOutput
        do throws(Diagnostic) {
            target = try AtomicOutput(
                destination: output, displayPath: workspace.displayPath(output), previousBuildID: previous.siteID,
                spareBuildID: previous.spareKeys.isEmpty ? nil : previous.spareID)
        } catch {
            return nil
        }
        guard target.origin == .spare else {
            target.discard()
            return nil
        }
        do throws(Diagnostic) {
            try changes.apply(to: target, site: output)
            try target.commit(removingStale: false)
        } catch {
            target.discard()
            return nil
        }
        timer.finish("swap in")

        var partStamps: [String: PageCache.FileStamp] = [:]
        for part in changes.search.parts {
            partStamps[part.path] = PageCache.FileStamp(of: output.appending(path: part.path))
        }
        var diagnostics = record.diagnostics
        let changedPaths = Set(patched.changed.map { workspace.displayPath(workspace.handbook) + "/" + handbook.pages[$0].sourcePath })
        diagnostics.removeAll { changedPaths.contains($0.path) }
        diagnostics = (diagnostics + patched.diagnostics).sortedByLocation()
        var next = record
        next.diagnostics = diagnostics
        next.outline = patched.outline
        next.search = changes.search
        next.spareDelta = changes.delta(in: output)
        let cache = BuildCache(
            siteID: target.buildID, pages: PageCache(), renderKeys: previous.renderKeys.patched(changes.keys),
            spareID: target.replacedBuildID, spareKeys: previous.renderKeys, searchLines: [:],
            searchPartStamps: partStamps, patch: next, storedSearch: changes.lines)
        writing.value?.finish(with: [cache.tail()[...]])
        timer.finish("write cache")
        return Result(
            diagnostics: diagnostics, pagesWritten: record.pagesWritten, timings: timer.phases,
            leftovers: (previous, patched, listing, changes, next, cache, templates))
    }

    /// The key of a handbook page's HTML: the site's part and the page's text (`Page.sourceHash`).
    /// Made from the text, not the file's stamp: the keys name the search index's parts, and the
    /// same files give the same site however their modification times stand.
    static func pageKey(site: StableHash, _ sourcePath: String, _ sourceHash: UInt64) -> UInt64 {
        var key = site
        key.combine(sourcePath)
        key.combine(Int(Int64(bitPattern: sourceHash)))
        return key.value
    }

    /// What a build's settings, templates and the templates' assets are, for a patch to know they
    /// are unchanged.
    func settingsKey(_ templates: Templates) -> UInt64 {
        var key = StableHash()
        key.combine(BuildCache.format)
        key.combine(Int(Int64(bitPattern: templates.fingerprint)))
        var settings = ByteWriter()
        workspace.settings.write(to: &settings)
        key.combine(bytes: settings.bytes)
        // What the pages are rendered with (the outline's pages were rendered with the same).
        let titles = calloutTitles
        for kind in CalloutKind.allCases { key.combine(titles[kind]) }
        // The assets by their contents, not their times: a few small files, and a key that does not
        // change when their times settle (`FileTime`) keeps the next patch possible.
        let assets = workspace.templates.appending(path: "assets", directoryHint: .isDirectory).standardizedFileURL.path
        for entry in FolderWalk.entries(under: assets).sorted(by: { $0.path.precedesInByteOrder($1.path) }) {
            key.combine(entry.path)
            guard !entry.isDirectory else { continue }
            key.combine(bytes: FileManager.default.contents(atPath: assets + "/" + entry.path).map { Array($0) })
        }
        return key.value
    }

    /// What the plans are (every file under `content/tasks/` but hidden ones) and the build's today:
    /// while they are the same, so are the day sheets.
    func tasksKey() -> UInt64 {
        var key = StableHash()
        key.combine(today?.number)
        let folder = workspace.tasks.standardizedFileURL.path
        for entry in FolderWalk.entries(under: folder, skipHidden: true, stamps: true)
            .sorted(by: { $0.path.precedesInByteOrder($1.path) })
        {
            key.combine(entry.path)
            key.combine(entry.isDirectory ? -1 : entry.size)
            key.combine(entry.isDirectory ? 0 : entry.modified)
            key.combine(entry.contents)
        }
        return key.value
    }

    /// The files a patch writes and removes, the keys they change and the search index's new
    /// layout.
    private struct Patch {
        let record: PatchRecord
        let previous: BuildCache
        var files: [(path: String, bytes: [UInt8])] = []
        /// Files of the previous site the new one does not have.
        var removed: [String] = []
        /// New keys (nil: the file is gone).
        var keys: [String: UInt64?] = [:]
        var search: SearchOutline
        var lines: BuildCache.SearchRecords

        init?(record: PatchRecord, previous: BuildCache) {
            guard let lines = previous.storedSearch else { return nil }
            self.record = record
            self.previous = previous
            search = record.search
            self.lines = lines
        }

        mutating func write(_ path: String, _ bytes: [UInt8], key: UInt64) {
            files.append((path, bytes))
            keys[path] = key
        }

        /// The spare's differences from the site after the swap (`site`): every file written, with
        /// its stamp there, or removed.
        func delta(in site: URL) -> [(path: String, stamp: PageCache.FileStamp?)] {
            files.map { ($0.path, PageCache.FileStamp(of: site.appending(path: $0.path))) } + removed.map { ($0, nil) }
        }

        /// Makes the changed pages' lines again and the parts that hold them, copying the other
        /// lines from the site's parts; false when a part cannot be read as the cache says.
        mutating func patchSearch(
            of handbook: Handbook, changed: [(page: Int, sourceHash: (before: UInt64, now: UInt64))], site: URL
        ) -> Bool {
            let (_, readPart) = previous.searchLines(in: site)
            // The changed pages' lines by document: their new key, line and text, and their record.
            var newLines: [Int: (key: UInt64, line: [UInt8], textBytes: Int, record: Int)] = [:]
            var oldKeys: [UInt64: Int] = [:]
            var textBytes = search.textBytes
            for (index, sourceHash) in changed {
                let page = handbook.pages[index]
                guard index < search.pageLabels.count else { return false }
                let label = search.pageLabels[index]
                let oldKey = Self.lineKey(SiteBuilder.pageKey(site: record.site, page.sourcePath, sourceHash.before), label)
                let newKey = Self.lineKey(SiteBuilder.pageKey(site: record.site, page.sourcePath, sourceHash.now), label)
                let document = SearchDocument(
                    url: page.outputPath, title: page.title, sectionLabel: search.labels[label],
                    passages: page.document.sections)
                let line = SearchIndex(documents: [document]).line(for: 0, labels: [label])
                newLines[index] = (newKey, line, SearchIndex.textBytes(of: page), -1)
                oldKeys[oldKey] = index
            }
            // One pass over the records: the changed pages' own, and the keys of the other lines
            // of their parts (by part file and number).
            let partNumbers = Set(changed.map(\.page).compactMap { index in
                search.parts.firstIndex { $0.documents.contains(index) }.flatMap { lines.parts.firstIndex(of: search.parts[$0].path) }
            })
            var keyed: [Int: [Int: UInt64]] = [:]
            lines.forEach { recordIndex, key, part, number in
                if let document = oldKeys[key] { newLines[document]?.record = recordIndex }
                if partNumbers.contains(part) { keyed[part, default: [:]][number] = key }
            }
            for new in newLines.values {
                guard new.record >= 0 else { return false }
                textBytes += new.textBytes - lines.textBytes(of: new.record)
                lines.set(new.record, key: new.key, textBytes: new.textBytes)
            }
            for layoutNumber in Set(changed.compactMap { index, _ in search.parts.firstIndex { $0.documents.contains(index) } }) {
                let oldPart = search.parts[layoutNumber]
                guard let fileNumber = lines.parts.firstIndex(of: oldPart.path), let old = readPart(oldPart.path),
                    old.count == oldPart.documents.count
                else { return false }
                var hash = StableHash()
                var made: [ArraySlice<UInt8>] = []
                for (number, document) in oldPart.documents.enumerated() {
                    if let new = newLines[document] {
                        hash.combine(Int(Int64(bitPattern: new.key)))
                        made.append(new.line[...])
                    } else if let key = keyed[fileNumber]?[number] {
                        hash.combine(Int(Int64(bitPattern: key)))
                        made.append(old[number])
                    } else {
                        hash.combine(bytes: Array(old[number]))
                        made.append(old[number])
                    }
                }
                let part = SearchIndex.Part(documents: oldPart.documents, key: hash.value)
                search.parts[layoutNumber] = part
                lines.parts[fileNumber] = part.path
                guard part.path != oldPart.path else { continue }
                files.append((part.path, SearchIndex.partScript(part, lines: made)))
                keys[part.path] = part.key
                removed.append(oldPart.path)
                keys[oldPart.path] = .some(nil)
            }
            search.textBytes = textBytes
            let manifest = SearchIndex.manifest(
                documentCount: search.documentCount, parts: search.parts, labels: search.labels, textBytes: textBytes)
            var manifestKey = StableHash()
            manifestKey.combine(bytes: manifest)
            write(SearchIndex.path, manifest, key: manifestKey.value)
            return true
        }

        /// `SearchIndex.lineKeys` for one page.
        static func lineKey(_ pageKey: UInt64, _ label: Int) -> UInt64 {
            var hash = StableHash()
            hash.combine(Int(Int64(bitPattern: pageKey)))
            hash.combine(label)
            return hash.value
        }

        /// Brings the staging folder (the spare) up to the previous site, then makes the changes.
        func apply(to target: AtomicOutput, site: URL) throws(Diagnostic) {
            let written = Set(files.map(\.path))
            let gone = Set(removed)
            for (path, stamp) in record.spareDelta where !written.contains(path) && !gone.contains(path) {
                if stamp != nil {
                    guard let bytes = CacheFile.read(path: site.appending(path: path).path) else {
                        throw Diagnostic(path: path, message: "cannot read the previous site's copy")
                    }
                    try target.write(bytes, to: path)
                } else {
                    target.remove(path)
                }
            }
            for path in removed { target.remove(path) }
            for (path, bytes) in files { try target.write(bytes, to: path) }
        }
    }
}
