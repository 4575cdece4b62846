import Foundation
import Handbook
import Markdown
import Planner
import Synchronization
import Workspace

/// Builds the static site: handbook pages, home, 404 and assets, written atomically.
public struct SiteBuilder: Sendable {
    public let workspace: Workspace
    public let output: URL
    /// The day that also gets a sheet even without a plan (the build's today); nil for none.
    public var today: Day?
    /// Told how far the build has got, for a progress line on a terminal; nil for none.
    public var progress: (any BuildProgress)?
    /// Keeps each build's cache in memory for the next build of this process (`build --watch`);
    /// nil: every build reads the cache file.
    public var memory: BuildMemory?
    /// With `memory`: what changed since the last build, as `build --watch` hears it from the
    /// system. Templates and plans nothing changed under are taken from the last build, and when
    /// only files' contents changed the handbook is not listed again. Nil: read everything.
    public var changes: Changes?

    /// Paths (absolute) changed since the last build.
    public struct Changes: Sendable {
        public var paths: [String]
        /// Whether the files' contents (or times) are all that changed: nothing added, removed or
        /// renamed.
        public var contentsOnly: Bool

        public init(paths: [String], contentsOnly: Bool) {
            self.paths = paths
            self.contentsOnly = contentsOnly
        }

        /// Whether nothing changed in `folder` or below it.
        func spare(_ folder: URL) -> Bool {
            let base = folder.standardizedFileURL.path
            return !paths.contains { $0 == base || $0.hasPrefix(base + "/") }
        }
    }

    public init(workspace: Workspace, output: URL? = nil) {
        self.workspace = workspace
        self.output = output ?? workspace.defaultOutput
    }

    /// The outcome of a build or a check.
    public struct Result {
        /// Every problem found, sorted by file and line.
        public var diagnostics: [Diagnostic]
        /// The number of HTML pages written (0 when nothing was written).
        public var pagesWritten: Int
        /// How long each phase took, in order, for `build --timings`.
        public var timings: [(phase: String, seconds: Double)] = []
        /// The values a build worked with (a patch's previous cache and pages; a full build's
        /// handbook, plans and sheets, unless its memory is kept for the next build): a command
        /// that exits straight after the build keeps them rather than free thousands of them one
        /// by one (a millisecond of a patch, a few of a year of sheets).
        public var leftovers: (any Sendable)? = nil
    }

    /// Checks everything a build would, without writing.
    public func check() -> Result {
        let previous = BuildCache.read(from: BuildCache.url(for: output))
        let loaded = load { previous }
        return Result(diagnostics: loaded.diagnostics.sortedByLocation(), pagesWritten: 0)
    }

    /// Builds the site; writes nothing when an error was found.
    ///
    /// Pages parsed and rendered by the previous build are reused when nothing that went into them
    /// changed (see `BuildCache`); the site written is the same as a build from scratch writes.
    public func build() -> Result {
        defer { progress?.finish() }
        var timer = PhaseTimer()
        if let patched = patch(&timer) { return patched }
        let cacheURL = BuildCache.url(for: output)
        // The cache file is read on another thread while the handbook's files are listed.
        let remembered = memory?.takeCache()
        let reading = remembered == nil ? BackgroundWork { BuildCache.read(from: cacheURL) } : nil
        // The spare folder, which a rebuild starts from, listed meanwhile too.
        let spareFiles = BackgroundWork { [output] in AtomicOutput.spareFiles(of: output) }
        let loaded = load { remembered ?? reading?.value }
        let previous = remembered ?? reading?.value
        timer.finish("read cache and load")
        var diagnostics = loaded.diagnostics
        guard let loadedTemplates = loaded.templates, var handbook = loaded.handbook, !diagnostics.hasErrors else {
            return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: 0)
        }
        // The pages' part of the next cache is encoded while the site is written.
        let pageCache = loaded.pageCache
        let encoded = BackgroundWork {
            let (pages, entries) = pageCache.encodedPiecesLocating()
            return BuildCache.Encoded(pages: pages, pageEntries: entries)
        }
        // And, unless the cache is kept in memory, written into the start of the next cache file:
        // the build adds the rest once it has written the site.
        let pending = memory == nil
            ? BackgroundWork { CacheFile.Pending(for: cacheURL, starting: BuildCache.body(encoded.value), reusingSpare: true) } : nil
        let templates = loadedTemplates.sharing(
            PageContext.shared(settings: workspace.settings, words: loaded.planbook.words))
        do throws(Diagnostic) {
            let target = try AtomicOutput(
                destination: output, displayPath: workspace.displayPath(output), previousBuildID: previous?.siteID,
                spareBuildID: previous?.spareKeys.isEmpty == false ? previous?.spareID : nil, spareFiles: spareFiles)
            // Listed while the keys are worked out.
            let existingFiles = BackgroundWork { target.existingFiles() }
            // The search index is made beside the pages, on a thread of its own (started now, given
            // its input below): its steps that run on one core then share the cores with the pages
            // instead of leaving one idle.
            let searching = WaitingWork { [self] (input: SearchInput) in
                Swift.Result { () throws(Diagnostic) in
                    var handbook = input.handbook
                    return try writeSearchIndex(
                        &handbook, sheets: input.sheets, words: input.words, keys: input.keys, into: target,
                        previous: previous, reusable: input.reusable)
                }
            }
            defer { searching.cancel() }
            do throws(Diagnostic) {
                timer.finish("stage output")
                let sheets = daySheets(loaded.planbook)
                let (siteKey, pageKeys) = renderKeys(handbook, templates: templates, pages: loaded.pageCache)
                let playbookTitles = loaded.playbookTitles
                var sheetKeys = Self.sheetKeys(sheets, site: siteKey, playbookTitles: playbookTitles)
                sheetKeys[Self.daysIndexPath] = Self.daysIndexKey(sheets, site: siteKey, today: today)
                let assets = assetFiles(handbook)
                // Merged in place: each `merging` copied every page's key again.
                var keys = pageKeys
                keys.merge(sheetKeys) { $1 }
                for (path, asset) in assets { keys[path] = asset.key }
                keys[NavigationScript.path] = siteKey.value
                let reusable = Reusable(target: target, existingFiles: existingFiles, previous: previous)
                let unchanged = Set(keys.compactMap { path, key in reusable.holds(path, key: key) ? path : nil })
                handbook.renderBodies(
                    of: handbook.pages.indices.filter { !unchanged.contains(handbook.pages[$0].outputPath) },
                    in: workspace, calloutTitles: calloutTitles)
                searching.start(
                    with: SearchInput(
                        handbook: handbook, sheets: sheets, words: loaded.planbook.words, keys: keys, reusable: reusable))
                let count: Int
                do throws(Diagnostic) {
                    count = try writeSite(
                        handbook, sheets: sheets, planbook: loaded.planbook, playbookTitles: playbookTitles,
                        assets: assets, with: templates, into: target, reusing: unchanged)
                } catch {
                    // Nothing may be writing into the staging folder once it is discarded.
                    _ = searching.value
                    throw error
                }
                timer.finish("pages, day sheets and assets")
                let search = try searching.value!.get()
                timer.finish("search index")
                try target.commit()
                timer.finish("swap in")
                keys.merge(search.keys) { $1 }
                // What a patch of this site needs, worked out beside writing the cache.
                let (known, finalKeys) = (target.replacesKnownSite ? previous : nil, keys)
                let makeRecord = { @Sendable [self, diagnostics, handbook] in
                    patchRecord(
                        loaded, handbook: handbook, keys: finalKeys, search: search.outline,
                        siteKey: siteKey, pagesWritten: count, diagnostics: diagnostics, previous: known,
                        pageEntries: encoded.value.pageEntries)
                }
                var partStamps: [String: PageCache.FileStamp] = [:]
                for part in search.keys.keys where part != SearchIndex.path {
                    partStamps[part] = PageCache.FileStamp(of: output.appending(path: part))
                }
                let cache = BuildCache(
                    siteID: target.buildID, pages: loaded.pageCache, renderKeys: KeyTable(keys),
                    spareID: target.replacedBuildID,
                    spareKeys: target.replacesKnownSite ? previous?.renderKeys ?? KeyTable() : KeyTable(),
                    searchLines: search.lines, searchPartStamps: partStamps, plans: loaded.planCache)
                if let memory {
                    memory.keep(cache, handbook: handbook, writingTo: cacheURL, encoded: encoded, patch: makeRecord)
                } else {
                    var cache = cache
                    cache.patch = makeRecord()
                    if let file = pending?.value {
                        file.finish(with: [cache.tail()[...]])
                    } else {
                        cache.write(to: cacheURL, encoded: encoded.value)
                    }
                }
                timer.finish("write cache")
                // A build kept in memory frees what it no longer needs; a one-off build's process
                // exits straight after, and freeing a year of sheets task by task is a few
                // milliseconds on one core.
                let leftovers: (any Sendable)? = memory == nil ? Leftovers(loaded, sheets, handbook, keys, cache) : nil
                return Result(
                    diagnostics: diagnostics.sortedByLocation(), pagesWritten: count, timings: timer.phases,
                    leftovers: leftovers)
            } catch {
                target.discard()
                throw error
            }
        } catch {
            pending?.value?.discard()
            diagnostics.append(error)
            return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: 0)
        }
    }

    /// A build's values handed to the caller for the system to reclaim (`Result.leftovers`).
    private struct Leftovers: @unchecked Sendable {
        let values: Any
        init(_ values: Any...) { self.values = values }
    }

    /// What the search index is made from.
    private struct SearchInput {
        var handbook: Handbook
        var sheets: [DaySheet]
        var words: Words
        var keys: [String: UInt64]
        var reusable: Reusable
    }

    /// What the staging folder already holds as it would be written now: the files whose key is the
    /// same as when the staging folder's files were written.
    private struct Reusable {
        let baseline: [String: UInt64]
        let existing: Set<String>

        init(target: AtomicOutput, existingFiles: BackgroundWork<Set<String>>, previous: BuildCache?) {
            baseline =
                switch target.origin {
                case .spare: previous?.spareKeys.keys ?? [:]
                case .previousSite: previous?.renderKeys.keys ?? [:]
                case .empty, .recycled: [:]
                }
            // Without a baseline nothing is reused: the listing is not waited for.
            existing = baseline.isEmpty ? [] : existingFiles.value
        }

        /// Whether the file at `path` is there with `key`.
        func holds(_ path: String, key: UInt64) -> Bool {
            baseline[path] == key && existing.contains(path)
        }
    }

    /// Writes the search index: its parts that are not in the staging folder already (each line
    /// taken from the live site's parts when it is unchanged, else made from the text), and
    /// `assets/search-index.js`.
    ///
    /// - Returns: the key of each file of the index, and where every keyed line is now.
    private func writeSearchIndex(
        _ handbook: inout Handbook, sheets: [DaySheet], words: Words, keys: [String: UInt64],
        into target: AtomicOutput, previous: BuildCache?, reusable: Reusable
    ) throws(Diagnostic) -> (keys: [String: UInt64], lines: [UInt64: SearchLine], outline: SearchOutline) {
        let (old, readPart) =
            target.replacesKnownSite
            ? previous?.searchLines(in: output) ?? ([:], { _ in nil }) : ([:], { _ in nil })
        var index = searchIndex(of: handbook, sheets: sheets, words: words)
        let labelNumbers = index.labelNumbers()
        let labels = labelNumbers.perDocument
        let lineKeys = index.lineKeys(handbook.pages.map { keys[$0.outputPath] }, labels: labels)
        // A document without a key (a day sheet) is known by its line: made now.
        var lines = [[UInt8]?](repeating: nil, count: index.documents.count)
        let unkeyed = index.documents.indices.filter { lineKeys[$0] == nil }
        let first = index
        for (document, line) in zip(unkeyed, unkeyed.parallelMap { first.line(for: $0, labels: labels) }) {
            lines[document] = line
        }
        let parts = index.parts(lineKeys: lineKeys, lines: lines)
        let toWrite = parts.filter { !reusable.holds($0.path, key: $0.key) }
        // The other lines of the parts to write: copied from the live site's parts, else made again.
        var oldParts: [String: [ArraySlice<UInt8>]] = [:]
        var unreadable: Set<String> = []
        var copied: [Int: ArraySlice<UInt8>] = [:]
        var missing: [Int] = []
        for part in toWrite {
            for document in part.documents where lines[document] == nil {
                if let key = lineKeys[document], let at = old[key], !unreadable.contains(at.part) {
                    if oldParts[at.part] == nil {
                        if let read = readPart(at.part) { oldParts[at.part] = read } else { unreadable.insert(at.part) }
                    }
                    if let partLines = oldParts[at.part], at.number < partLines.count {
                        copied[document] = partLines[at.number]
                        continue
                    }
                }
                missing.append(document)
            }
        }
        if !missing.isEmpty {
            // A cached page has no text: render it again for its line.
            let pages = missing.filter { $0 < handbook.pages.count }
            handbook.renderBodies(
                of: pages.filter { handbook.pages[$0].bodyOmitted }, in: workspace, calloutTitles: calloutTitles)
            index.addPassages(of: pages, from: handbook)
            let withText = index
            let made = missing.parallelMap { withText.line(for: $0, labels: labels) }
            for (document, line) in zip(missing, made) { lines[document] = line }
        }
        let (made, copies) = (lines, copied)
        let files = toWrite.parallelMap { part in
            (part.path, SearchIndex.partScript(part, lines: part.documents.map { made[$0]?[...] ?? copies[$0]! }))
        }
        try write(files, into: target)
        var searchKeys: [String: UInt64] = [:]
        var located: [UInt64: SearchLine] = [:]
        located.reserveCapacity(index.documents.count)
        var textBytes = 0
        for part in parts {
            searchKeys[part.path] = part.key
            if !toWrite.contains(part) { target.keep(part.path) }
            for (number, document) in part.documents.enumerated() {
                // A page's line with the same key as before has the same text: its count is taken
                // as it was (a page from the cache has no text to count).
                let key = lineKeys[document]
                let bytes =
                    if document >= handbook.pages.count {
                        index.documents[document].textBytes
                    } else if let known = key.flatMap({ old[$0]?.textBytes }) {
                        known
                    } else {
                        handbook.pages[document].bodyOmitted ? 0 : SearchIndex.textBytes(of: handbook.pages[document])
                    }
                textBytes += bytes
                if let key { located[key] = SearchLine(part: part.path, number: number, textBytes: bytes) }
            }
        }
        let manifest = index.manifest(parts: parts, labels: labelNumbers.labels, textBytes: textBytes)
        var manifestKey = StableHash()
        manifestKey.combine(bytes: manifest)
        searchKeys[SearchIndex.path] = manifestKey.value
        if reusable.holds(SearchIndex.path, key: manifestKey.value) {
            target.keep(SearchIndex.path)
        } else {
            try write([(SearchIndex.path, manifest)], into: target)
        }
        let outline = SearchOutline(
            documentCount: index.documents.count, labels: labelNumbers.labels,
            pageLabels: Array(labels.prefix(handbook.pages.count)), parts: parts, textBytes: textBytes)
        return (searchKeys, located, outline)
    }

    /// Everything a build reads, and every problem found in it.
    private struct Loaded {
        var templates: Templates?
        var handbook: Handbook?
        var planbook: Planbook
        var diagnostics: [Diagnostic]
        var pageCache: PageCache
        var planCache: PlanCache
        /// What each playbook reference of the plans is called (`Handbook.playbookTitles(for:)`);
        /// only the references that name a page or heading are there.
        var playbookTitles: [String: String]
        /// The handbook's files as listed for this build.
        var listing: Handbook.Listing
        /// `tasksKey()` and `settingsKey(_:)` as the plans and templates were read.
        var tasksKey: UInt64
        var settingsKey: UInt64?
    }

    /// Everything the build reads, reusing what the previous build's cache holds (asked for when it
    /// is needed, so it can still be being read). The pages are read on one side, the templates and
    /// the plans on the other: neither waits for the other.
    private func load(previous: @escaping @Sendable () -> BuildCache?) -> Loaded {
        let progress = progress
        let ((handbookLoad, listing), (templatesLoad, planbookLoad, tasks, settings)) = concurrently {
            let listing =
                memory?.listing(after: changes.flatMap { $0.contentsOnly ? $0.paths : nil }, in: workspace.handbook)
                ?? Handbook.Listing(of: workspace.handbook)
            memory?.keep(listing)
            if let (handbook, pages) = memory?.handbook,
                let reloaded = Handbook.reload(
                    handbook, pages: pages, from: workspace, listing: listing, calloutTitles: calloutTitles)
            {
                return (reloaded, listing)
            }
            let loaded = Handbook.load(
                from: workspace, calloutTitles: calloutTitles, listing: listing,
                cacheOnceListed: { previous()?.pages ?? PageCache() }
            ) { done, total in progress?.update(phase: "reading", done: done, total: total) }
            return (loaded, listing)
        } _: { [self, workspace, memory, changes] in
            let kept = memory?.loaded(
                templates: changes?.spare(workspace.templates) == true,
                plans: changes?.spare(workspace.tasks) == true)
            // The keys a later patch checks, taken before what they stand for is read: a file
            // changed meanwhile then shows as changed.
            let tasks = tasksKey()
            let templates = kept?.templates ?? Swift.Result { () throws(DiagnosticError) in
                try Templates(folder: workspace.templates, workspace: workspace)
            }
            let settings = (try? templates.get()).map(settingsKey)
            let plans = kept?.plans ?? Planbook.load(from: workspace, reusing: previous()?.plans ?? PlanCache())
            memory?.keep(templates: templates, plans: plans)
            return (templates, plans, tasks, settings)
        }
        var diagnostics: [Diagnostic] = []
        var templates: Templates?
        switch templatesLoad {
        case .success(let loaded): templates = loaded
        case .failure(let error): diagnostics += error.diagnostics
        }
        let (handbook, handbookDiagnostics, newCache) = handbookLoad
        diagnostics += handbookDiagnostics
        let (planbook, planDiagnostics, planCache) = planbookLoad
        diagnostics += planDiagnostics
        // Only the references the tasks make are looked up: a big handbook has many headings.
        let playbookTitles = handbook?.playbookTitles(for: planbook.playbookReferences) ?? [:]
        if handbook != nil { diagnostics += checkPlaybooks(planbook, titles: playbookTitles) }
        return Loaded(
            templates: templates, handbook: handbook, planbook: planbook, diagnostics: diagnostics,
            pageCache: newCache, planCache: planCache, playbookTitles: playbookTitles, listing: listing,
            tasksKey: tasks, settingsKey: settings)
    }

    /// The callouts' labels in the site's language.
    var calloutTitles: [CalloutKind: String] {
        let labels = Labels.table(for: workspace.settings.language)
        var titles: [CalloutKind: String] = [:]
        for kind in CalloutKind.allCases { titles[kind] = labels[kind.rawValue] }
        return titles
    }

    /// Renders and writes everything but the search index as one list of jobs spread over the
    /// cores, so that no kind of file waits for another's slowest: the handbook's pages, the home,
    /// 404 and search pages, the day sheets and their index, the assets and the navigation script.
    /// A file in `unchanged` keeps the previous build's copy. Returns the number of pages.
    private func writeSite(
        _ handbook: Handbook, sheets: [DaySheet], planbook: Planbook, playbookTitles: [String: String],
        assets: [String: (key: UInt64, source: String, display: String)], with templates: Templates,
        into target: AtomicOutput, reusing unchanged: Set<String>
    ) throws(Diagnostic) -> Int {
        enum Job: Sendable {
            case navigation, daysIndex, home, page(Int), notFound, search, daySheet(Int), asset(String)
        }
        // The longest single jobs first, while the other core has plenty left to do: the navigation
        // script lists every page, the days index every day, the home page every page again.
        var jobs: [(path: String, job: Job)] = [(NavigationScript.path, .navigation), (Self.daysIndexPath, .daysIndex)]
        if handbook.pageIndex(sourcePath: "index.md") == nil { jobs.append(("index.html", .home)) }
        jobs += handbook.pages.indices.map { index in
            let page = handbook.pages[index]
            return (page.outputPath, page.sourcePath == "index.md" ? .home : .page(index))
        }
        jobs += [("404.html", .notFound), ("search.html", .search)]
        jobs += sheets.indices.map { (Self.sheetPath(sheets[$0].date), .daySheet($0)) }
        jobs += assets.keys.sorted().map { ($0, .asset($0)) }
        target.keep(all: jobs.lazy.map(\.path).filter(unchanged.contains))
        let toRender = jobs.filter { !unchanged.contains($0.path) }
        // Made only when some page is rendered: a rebuild often renders none.
        let context = toRender.isEmpty ? nil : PageContext(handbook: handbook, settings: workspace.settings)
        let days = context.map {
            dayPages(sheets, planbook: planbook, playbookTitles: playbookTitles, context: $0, with: templates)
        }
        @Sendable func render(_ job: Job) throws(Diagnostic) -> [UInt8] {
            switch job {
            case .navigation: return NavigationScript.script(for: handbook)
            case .daysIndex: return days!.index()
            case .home: return templates.renderBytes(context!.home(), with: "home")
            case .page(let index): return templates.renderBytes(context!.page(at: index), with: "page")
            case .notFound: return templates.renderBytes(context!.notFound(), with: "404")
            case .search: return templates.renderBytes(context!.search(), with: "search")
            case .daySheet(let index): return days!.sheet(at: index)
            case .asset(let path):
                let asset = assets[path]!
                guard let data = FileManager.default.contents(atPath: asset.source) else {
                    throw Diagnostic(path: asset.display, message: "cannot copy into the site: cannot read the file")
                }
                return Array(data)
            }
        }
        let finished = Atomic<Int>(0)
        let total = toRender.count
        let progress = progress
        let failures = toRender.parallelMap { path, job -> Diagnostic? in
            let done = finished.add(1, ordering: .relaxed).newValue
            progress?.update(phase: "pages", done: done, total: total)
            do throws(Diagnostic) {
                try target.write(render(job), to: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return jobs.count - assets.count - 1
    }

    /// What the next build needs to patch this build's site (`patch()`); nil when the spare it
    /// leaves is not known (`previous` is the cache of the site this build replaces, if known).
    private func patchRecord(
        _ loaded: Loaded, handbook: Handbook, keys: [String: UInt64], search: SearchOutline,
        siteKey: StableHash, pagesWritten: Int, diagnostics: [Diagnostic], previous: BuildCache?,
        pageEntries: [String: Range<Int>]
    ) -> PatchRecord? {
        guard let previous, let settingsKey = loaded.settingsKey else { return nil }
        var outline = Handbook.Outline(handbook, listing: loaded.listing)
        guard outline.locate(pageEntries) else { return nil }
        let old = previous.renderKeys.keys
        var delta: [(path: String, stamp: PageCache.FileStamp?)] = []
        for (path, key) in keys where old[path] != key {
            guard delta.count < PatchRecord.spareDeltaLimit,
                let stamp = PageCache.FileStamp(of: output.appending(path: path))
            else { return nil }
            delta.append((path, stamp))
        }
        for path in old.keys where keys[path] == nil { delta.append((path, nil)) }
        guard delta.count <= PatchRecord.spareDeltaLimit else { return nil }
        return PatchRecord(
            settingsKey: settingsKey, site: siteKey, tasksKey: loaded.tasksKey, pagesWritten: pagesWritten,
            diagnostics: diagnostics.sortedByLocation(), outline: outline,
            search: search, spareDelta: delta)
    }

    /// The key of everything that goes into each handbook page's HTML: the templates, the settings,
    /// every page's place and title (the navigation), and the page's own file; and the site's part
    /// of it, which the day sheets' keys start from.
    private func renderKeys(_ handbook: Handbook, templates: Templates, pages: PageCache)
        -> (site: StableHash, pages: [String: UInt64])
    {
        var site = StableHash()
        site.combine(BuildCache.format)
        site.combine(Int(Int64(bitPattern: templates.fingerprint)))
        let settings = workspace.settings
        site.combine(settings.title)
        site.combine(settings.language.rawValue)
        site.combine(settings.allowRawHTML ? 1 : 0)
        for page in handbook.pages {
            site.combine(page.sourcePath)
            site.combine(page.title)
            site.combine(page.order)
            site.combine(page.summary)
        }
        for file in handbook.files { site.combine(file) }
        var keys: [String: UInt64] = ["404.html": site.value, "search.html": site.value]
        keys.reserveCapacity(handbook.pages.count + 3)
        // `pages` holds every page of the handbook (`Handbook.load` made it).
        pages.forEachPage { sourcePath, outputPath, sourceHash in
            keys[outputPath] = Self.pageKey(site: site, sourcePath, sourceHash)
        }
        if keys["index.html"] == nil { keys["index.html"] = site.value }
        return (site, keys)
    }

    private func write(_ files: [(path: String, html: [UInt8])], into target: AtomicOutput) throws(Diagnostic) {
        let failures = files.map { ($0.path, $0.html) }.parallelMap { path, html -> Diagnostic? in
            do throws(Diagnostic) {
                try target.write(html, to: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }

    /// The templates' assets and the handbook's own files (images, PDFs): each file's path in the
    /// site, where it comes from, and a key of its size and modification time.
    private func assetFiles(_ handbook: Handbook) -> [String: (key: UInt64, source: String, display: String)] {
        var files: [String: (key: UInt64, source: String, display: String)] = [:]
        func add(_ folder: URL, into prefix: String) {
            let base = folder.standardizedFileURL.path
            for entry in FolderWalk.entries(under: base, stamps: true) where entry.isRegularFile {
                var key = StableHash()
                key.combine(entry.size)
                key.combine(entry.modified)
                key.combine(entry.contents)
                let source = base + "/" + entry.path
                files[prefix + entry.path] = (key.value, source, workspace.displayPath(URL(fileURLWithPath: source)))
            }
        }
        add(workspace.templates.appending(path: "assets", directoryHint: .isDirectory), into: "assets/")
        let handbookFolder = workspace.handbook.standardizedFileURL.path
        for file in handbook.files {
            var key = StableHash()
            if let stamp = PageCache.FileStamp(ofSource: URL(fileURLWithPath: handbookFolder + "/" + file)) {
                key.combine(stamp.size)
                key.combine(stamp.modified)
                key.combine(stamp.contents)
            }
            let source = handbookFolder + "/" + file
            files[file] = (key.value, source, workspace.displayPath(URL(fileURLWithPath: source)))
        }
        return files
    }
}
