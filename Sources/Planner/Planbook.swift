import Foundation
import Workspace

/// Every plan file, the routines and the whole journal, read and checked: what `check` and `build`
/// use, and what the open-task index is rebuilt from. Costs time in proportion to the history.
public struct Planbook: Sendable {
    public let words: Words
    var ledger: Ledger
    var files: [Day: PlanFile]
    var routinePlaybookMarks: [(line: Int, column: Int)]
    /// Days on which some tick was made or some ticked task was planned.
    var tickedDays: Set<Day>
    /// How much of the journal was folded: whole lines only.
    var journalBytesRead = 0
    var journalLinesRead = 0

    /// Reads `content/tasks/` of `workspace`. A missing folder is an empty planbook.
    ///
    /// - Returns: the planbook and every problem found (nil when nothing could be read).
    public static func load(from workspace: Workspace) -> (Planbook, [Diagnostic]) {
        let (book, diagnostics, _) = load(from: workspace, reusing: PlanCache())
        return (book, diagnostics)
    }

    /// Reads `content/tasks/` of `workspace`, taking each plan file whose file is unchanged from
    /// `cache` instead of parsing it again.
    ///
    /// - Returns: the planbook, every problem found, and the cache for the next build.
    public static func load(from workspace: Workspace, reusing cache: PlanCache) -> (Planbook, [Diagnostic], PlanCache) {
        let folder = TasksFolder(workspace: workspace)
        let words = Words(workspace.settings.language)
        var book = Planbook(words: words, ledger: Ledger(), files: [:], routinePlaybookMarks: [], tickedDays: [])
        var diagnostics: [Diagnostic] = []
        let listing = folder.list()
        diagnostics += listing.badNames.map { Diagnostic(path: folder.displayPath($0), line: 1, column: 1, message: words.badFileName($0)) }

        let context = words.language.rawValue + "|" + folder.displayPath("")
        let reusable = cache.context == context ? cache.entries : [:]
        // Each file's paths joined as strings: a URL and a display path made per file were an eighth
        // of reading a year of plans.
        let (folderPath, displayFolder) = (folder.url.path, folder.displayPath)
        let parsed = listing.plans.parallelMap { (name, day) -> (file: PlanFile?, problems: [Diagnostic], entry: PlanCache.Entry?) in
            let fingerprint = listing.fingerprints[name]
            if let fingerprint, let entry = reusable[name], entry.fingerprint == fingerprint {
                return (entry.file, entry.diagnostics, entry)
            }
            let path = displayFolder + "/" + name
            // Kept with a fingerprint no file has while the file's time is unsettled: the next
            // build reads it again (as the open-task index does).
            func entry(_ file: PlanFile, _ problems: [Diagnostic]) -> PlanCache.Entry? {
                fingerprint.map { PlanCache.Entry(fingerprint: $0.settled(at: listing.statedAt), file: file, diagnostics: problems) }
            }
            // Nearly every plan file is of the usual shape: read from its bytes. Any other is read
            // again as text, which says what is wrong with it.
            if let bytes = CacheFile.read(path: folderPath + "/" + name), let file = PlanFile.parsePlain(file: bytes, date: day) {
                return (file, [], entry(file, []))
            }
            do throws(Diagnostic) {
                let text = try SourceFile.read(path: folderPath + "/" + name, displayPath: path)
                let (file, problems) = PlanFile.parse(text, path: path, date: day, words: words)
                return (file, problems, entry(file, problems))
            } catch {
                return (nil, [error], nil)
            }
        }
        var entries: [String: PlanCache.Entry] = [:]
        for ((name, _), result) in zip(listing.plans, parsed) {
            diagnostics += result.problems
            if let entry = result.entry { entries[name] = entry }
            if let file = result.file {
                book.files[file.date] = file
                book.ledger.plans[file.date] = file.tasks
            }
        }
        if listing.hasRoutines {
            let path = folder.displayPath(RoutinesFile.fileName)
            do throws(Diagnostic) {
                let text = try SourceFile.read(folder.url.appending(path: RoutinesFile.fileName), displayPath: path)
                let (routines, marks, problems) = RoutinesFile.parse(text, path: path, words: words)
                book.ledger.routines = routines
                book.routinePlaybookMarks = marks
                diagnostics += problems
            } catch {
                diagnostics.append(error)
            }
        }
        diagnostics += book.routineClashes(folder: folder)

        let journal = folder.journal
        var plans = PlanLookup(plans: book.ledger.plans)
        // The journal's events, and the number of each one's plan task (-1: none) for the ledger to
        // gather them by.
        var journalEvents: [JournalEvent] = []
        var tasks: [Int32] = []
        if let data = try? Data(contentsOf: journal.url) {
            var parsedJournal = Journal.parse(data, firstLine: 1, path: journal.displayPath, words: words)
            diagnostics += parsedJournal.diagnostics
            book.journalBytesRead = parsedJournal.consumed
            book.journalLinesRead = parsedJournal.lines
            let routineIDs = Set(book.ledger.routines.map(\.task.id))
            tasks.reserveCapacity(parsedJournal.events.count)
            // Events come in time order, so their days change seldom: added to the ticked days
            // only when they do.
            var lastDays: (Day, Day)?
            // By position: each event taken out of the list was copied (three strings counted).
            for offset in parsedJournal.events.indices {
                let task = parsedJournal.events[offset].task
                let number = plans.number(of: task)
                if number == nil, !routineIDs.contains(task.id) {
                    diagnostics.append(
                        Diagnostic(
                            path: journal.displayPath, line: parsedJournal.lineNumbers[offset], column: 1,
                            severity: .warning, message: words.unknownJournalTask(task)))
                }
                tasks.append(number.map { Int32($0) } ?? -1)
                let days = (parsedJournal.events[offset].day, task.planned)
                if lastDays.map({ $0 != days }) ?? true {
                    book.tickedDays.insert(days.0)
                    book.tickedDays.insert(days.1)
                    lastDays = days
                }
            }
            // Taken out, not shared: the ledger puts them in order in place.
            journalEvents = parsedJournal.events
            parsedJournal.events = []
            if parsedJournal.consumed < data.count {
                diagnostics.append(
                    Diagnostic(
                        path: journal.displayPath, line: parsedJournal.lineNumbers.last.map { $0 + 1 } ?? 1, column: 1,
                        severity: .warning, message: words.badJournalLine("no newline at the end; the line is ignored")))
            }
        }
        book.ledger.record(journal: consume journalEvents, tasks: tasks, numbers: plans.numbers)
        return (book, diagnostics, PlanCache(context: context, entries: entries))
    }

    /// The numbers (`Ledger.TaskNumbers`) of the plan tasks of journal events, asked in the
    /// journal's order: most events are for the plan the event before was for, and for a task after
    /// that event's task in it. The plan last looked up is kept, with where in it the last task was
    /// found.
    private struct PlanLookup {
        let plans: [Day: [PlannedTask]]
        let numbers: Ledger.TaskNumbers
        private var last: (day: Day, tasks: [PlannedTask], first: Int, next: Int)?

        init(plans: [Day: [PlannedTask]]) {
            self.plans = plans
            numbers = Ledger.TaskNumbers(plans: plans)
        }

        /// The number of the task of `key`'s day's plan with its id; nil when there is none.
        mutating func number(of key: TaskKey) -> Int? {
            if last?.day != key.planned { last = (key.planned, plans[key.planned] ?? [], numbers.first(on: key.planned) ?? 0, 0) }
            guard let (_, tasks, first, start) = last else { return nil }
            // From where the last one was found, then round from the start.
            for step in 0..<tasks.count {
                let index = (start + step) % tasks.count
                if tasks[index].id == key.id {
                    last?.next = index + 1
                    return first + index
                }
            }
            return nil
        }
    }

    /// The sheet of `day`.
    public func sheet(on day: Day) -> DaySheet { ledger.sheet(on: day) }

    /// The days that get a sheet: every day with a plan or a tick, every day within the span of the
    /// plans (routines fall on them), and `today` when given; oldest first.
    public func sheetDays(today: Day?) -> [Day] {
        var days = Set(files.keys).union(tickedDays)
        if let first = files.keys.min(), let last = files.keys.max(), !ledger.routines.isEmpty {
            for number in first.number...last.number where ledger.routines.contains(where: { $0.falls(on: Day(number: number)) }) {
                days.insert(Day(number: number))
            }
        }
        if let today { days.insert(today) }
        return days.sorted()
    }

    /// Problems with playbook references: `valid` holds every `page.md` and `page.md#heading-id`
    /// of the handbook.
    /// Every playbook reference a plan task or a routine makes.
    public var playbookReferences: Set<String> {
        var references: Set<String> = []
        for file in files.values {
            for task in file.tasks { if let playbook = task.playbook { references.insert(playbook) } }
        }
        for routine in ledger.routines { if let playbook = routine.task.playbook { references.insert(playbook) } }
        return references
    }

    public func checkPlaybooks(against valid: Set<String>, workspace: Workspace) -> [Diagnostic] {
        let folder = TasksFolder(workspace: workspace)
        var diagnostics: [Diagnostic] = []
        for (day, file) in files {
            for (task, location) in zip(file.tasks, file.locations) {
                guard let reference = task.playbook, !valid.contains(reference) else { continue }
                diagnostics.append(
                    Diagnostic(
                        path: folder.displayPath(day.description + ".yaml"), line: location.playbookLine,
                        column: location.playbookColumn, message: words.brokenPlaybook(reference)))
            }
        }
        for (routine, mark) in zip(ledger.routines, routinePlaybookMarks) {
            guard let reference = routine.task.playbook, !valid.contains(reference) else { continue }
            diagnostics.append(
                Diagnostic(
                    path: folder.displayPath(RoutinesFile.fileName), line: mark.line, column: mark.column,
                    message: words.brokenPlaybook(reference)))
        }
        return diagnostics
    }

    /// A plan task whose id is also the id of a routine falling on that day would be ambiguous.
    private func routineClashes(folder: TasksFolder) -> [Diagnostic] {
        guard !ledger.routines.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        for (day, file) in files {
            for (task, location) in zip(file.tasks, file.locations)
            where ledger.routines.contains(where: { $0.task.id == task.id && $0.falls(on: day) }) {
                diagnostics.append(
                    Diagnostic(
                        path: folder.displayPath(day.description + ".yaml"), line: location.line, column: location.column,
                        message: words.duplicateRoutineID(task.id, path: folder.displayPath(RoutinesFile.fileName))))
            }
        }
        return diagnostics
    }
}
