#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Workspace

/// The planner as the commands use it: a day's sheet, ticks and assignments, served from the
/// open-task index so that their cost follows the open tasks, not the history.
public struct TaskStore: Sendable {
    public let workspace: Workspace
    public let words: Words
    let folder: TasksFolder
    /// The settings with `site.yaml`'s fingerprint taken before they were read, for the index to keep.
    let site: OpenIndex.SiteCopy?

    public init(workspace: Workspace) {
        self.init(workspace: workspace, site: nil)
    }

    init(workspace: Workspace, site: OpenIndex.SiteCopy?) {
        self.workspace = workspace
        self.site = site
        words = Words(workspace.settings.language)
        folder = TasksFolder(workspace: workspace)
    }

    /// Opens the team's folder at `root`, taking the site settings from the index when `site.yaml`
    /// has not changed since it was written: a tick then parses no YAML at all.
    ///
    /// - Throws: a diagnostic when `site.yaml` has to be read and is bad.
    public init(root: URL) throws(Diagnostic) {
        let root = root.standardizedFileURL
        let fingerprint = OpenIndex.Fingerprint(path: root.appending(path: "content/site.yaml").path)
        if let fingerprint, let bytes = Self.contents(of: Self.indexURL(root: root).path),
            let copy = OpenIndex.site(in: bytes), copy.fingerprint == fingerprint
        {
            self.init(workspace: Workspace(root: root, settings: copy.settings), site: copy)
        } else {
            let workspace = try Workspace(root: root)
            self.init(workspace: workspace, site: fingerprint.map { OpenIndex.SiteCopy(settings: workspace.settings, fingerprint: $0) })
        }
    }

    static func indexURL(root: URL) -> URL { root.appending(path: "content/tasks/.cache/open-tasks.bin") }
    var indexURL: URL { Self.indexURL(root: workspace.root) }

    /// The sheet of `day`.
    ///
    /// - Throws: the problems in the plan files, routines or journal it had to read.
    public func sheet(on day: Day) throws(DiagnosticError) -> DaySheet {
        try ledger(for: day).sheet(on: day)
    }

    /// Records a tick of the task `id` on `day`'s sheet and returns the entry as it now stands.
    ///
    /// - Throws: when `id` is not on that sheet (the message lists the open ids), when a reason is
    ///   needed and blank, or when a file is bad. Nothing is written then.
    public func record(
        _ action: JournalEvent.Action, id: String, on day: Day, by who: String, at time: Timestamp, reason: String?
    ) throws(DiagnosticError) -> DaySheet.Entry {
        let reason = reason.map { JournalEvent.clean($0) }.flatMap { $0.isEmpty ? nil : $0 }
        if action.needsReason, reason == nil {
            throw DiagnosticError([Diagnostic(path: folder.journal.displayPath, message: words.reasonRequired)])
        }
        var ledger = try ledger(for: day)
        let sheet = ledger.sheet(on: day)
        let matches = sheet.entries.filter { $0.task.id == id }
        guard let entry = matches.first(where: { !$0.status.isClosed && $0.carriedFrom == nil })
            ?? matches.first(where: { !$0.status.isClosed }) ?? matches.first
        else {
            throw DiagnosticError([
                Diagnostic(path: folder.displayPath("\(day).yaml"), message: words.unknownID(id, on: day, open: sheet.openIDs))
            ])
        }
        let event = JournalEvent(at: time, day: day, action: action, task: entry.key, who: who, reason: reason)
        try folder.journal.append(event)
        ledger.record(event)
        return ledger.sheet(on: day).entries.first { $0.key == entry.key } ?? entry
    }

    // MARK: - The index

    /// The ledger for sheets of `day`: from the index when it is usable, else rebuilt from the files.
    func ledger(for day: Day) throws(DiagnosticError) -> Ledger {
        let listing = folder.list()
        if !listing.badNames.isEmpty {
            throw DiagnosticError(
                listing.badNames.map { Diagnostic(path: folder.displayPath($0), line: 1, column: 1, message: words.badFileName($0)) })
        }
        let fingerprints = listing.fingerprints

        guard let bytes = Self.contents(of: indexURL.path), var index = try? OpenIndex(bytes: bytes), day >= index.horizon
        else { return try rebuild(for: day, fingerprints: fingerprints) }

        let (recent, older) = OpenIndex.split(fingerprints, horizon: index.horizon)
        guard older == index.olderFiles else { return try rebuild(for: day, fingerprints: fingerprints) }
        var ledger = index.ledger
        var changed = site != nil && site?.fingerprint != index.site?.fingerprint
        for name in Set(recent.keys).union(index.files.keys).sorted() where recent[name] != index.files[name] {
            changed = true
            if name == RoutinesFile.fileName {
                ledger.routines = try readRoutines()
            } else if let planned = PlanFile.date(fromFileName: name) {
                guard planned >= index.horizon else { return try rebuild(for: day, fingerprints: fingerprints) }
                ledger.plans[planned] = recent[name] == nil ? nil : try readPlan(name, day: planned).tasks
            }
        }

        let journalPath = folder.journal.url.path
        let journalPrint = OpenIndex.Fingerprint(path: journalPath)
        if let journalPrint {
            guard index.journal.offset == 0 || journalPrint.inode == index.journal.inode,
                journalPrint.size >= index.journal.offset,
                Self.bytes(of: journalPath, at: index.journal.offset - index.journal.tail.count, count: index.journal.tail.count)
                    == index.journal.tail
            else { return try rebuild(for: day, fingerprints: fingerprints) }
            if journalPrint.size > index.journal.offset {
                let fresh = Self.bytes(of: journalPath, at: index.journal.offset, count: journalPrint.size - index.journal.offset)
                let parsed = Journal.parse(
                    Data(fresh), firstLine: index.journal.lines + 1, path: folder.journal.displayPath, words: words)
                guard parsed.diagnostics.isEmpty else { throw DiagnosticError(parsed.diagnostics) }
                let routineIDs = Set(ledger.routines.map(\.task.id))
                for event in parsed.events {
                    let key = event.task
                    if ledger.plans[key.planned]?.contains(where: { $0.id == key.id }) == true
                        || (key.planned >= index.horizon && routineIDs.contains(key.id))
                    {
                        ledger.record(event)
                    } else if !(key.planned < index.horizon && routineIDs.contains(key.id)) {
                        // A tick on a task the index let go (say, reopening an old one): start afresh.
                        return try rebuild(for: day, fingerprints: fingerprints)
                    }
                }
                let end = index.journal.offset + parsed.consumed
                index.journal = OpenIndex.JournalMark(
                    inode: journalPrint.inode, offset: end, lines: index.journal.lines + parsed.lines,
                    tail: Array(fresh[..<parsed.consumed].suffix(32)))
                if parsed.consumed > 64 * 1024 { changed = true }
            }
        } else if index.journal.offset > 0 {
            return try rebuild(for: day, fingerprints: fingerprints)
        }
        let horizon = max(index.horizon, day.adding(days: -OpenIndex.window))
        if horizon > index.horizon {
            ledger = OpenIndex.pruned(ledger, horizon: horizon)
            changed = true
        }
        if changed {
            save(OpenIndex(ledger: ledger, horizon: horizon, files: fingerprints, journal: index.journal, site: site ?? index.site))
        }
        return ledger
    }

    /// Reads everything, checks it, and writes a fresh index for sheets from a week before `day`.
    private func rebuild(for day: Day, fingerprints: [String: OpenIndex.Fingerprint]) throws(DiagnosticError) -> Ledger {
        let journalPath = folder.journal.url.path
        let journalPrint = OpenIndex.Fingerprint(path: journalPath)
        let (book, diagnostics) = Planbook.load(from: workspace)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticError(errors.sortedByLocation()) }
        var mark = OpenIndex.JournalMark()
        if let journalPrint {
            // The planbook read whole lines up to some length; find where the last one ends.
            let length = book.journalBytesRead
            mark = OpenIndex.JournalMark(
                inode: journalPrint.inode, offset: length, lines: book.journalLinesRead,
                tail: Self.bytes(of: journalPath, at: length - min(32, length), count: min(32, length)))
        }
        let horizon = day.adding(days: -OpenIndex.window)
        let ledger = OpenIndex.pruned(book.ledger, horizon: horizon)
        save(OpenIndex(ledger: ledger, horizon: horizon, files: fingerprints, journal: mark, site: site))
        return book.ledger
    }

    private func save(_ index: OpenIndex) {
        let folder = indexURL.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A cache: losing a race with another writer is harmless, both copies are consistent.
        CacheFile.replace(indexURL, with: index.bytes)
    }

    func readPlan(_ name: String, day: Day) throws(DiagnosticError) -> PlanFile {
        let path = folder.displayPath(name)
        let text: String
        do throws(Diagnostic) {
            text = try SourceFile.read(folder.url.appending(path: name), displayPath: path)
        } catch {
            throw DiagnosticError([error])
        }
        let (file, problems) = PlanFile.parse(text, path: path, date: day, words: words)
        if problems.hasErrors { throw DiagnosticError(problems) }
        return file
    }

    private func readRoutines() throws(DiagnosticError) -> [Routine] {
        let path = folder.displayPath(RoutinesFile.fileName)
        let text: String
        do throws(Diagnostic) {
            text = try SourceFile.read(folder.url.appending(path: RoutinesFile.fileName), displayPath: path)
        } catch {
            throw DiagnosticError([error])
        }
        let (routines, _, problems) = RoutinesFile.parse(text, path: path, words: words)
        if problems.hasErrors { throw DiagnosticError(problems) }
        return routines
    }

    /// The whole file at `path`, or nil when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        guard let size = OpenIndex.Fingerprint(path: path)?.size else { return nil }
        return bytes(of: path, at: 0, count: size)
    }

    /// `count` bytes of the file at `path` from `offset` (fewer at its end).
    static func bytes(of path: String, at offset: Int, count: Int) -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if read <= 0 { break }
            filled += read
        }
        return Array(buffer[..<filled])
    }
}
