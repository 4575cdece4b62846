import Foundation
import Handbook
import Markdown
import Planner
import Synchronization
import Workspace

extension Handbook {
    /// Every reference a task's `playbook:` may make: `page.md` and `page.md#heading-id`.
    public var playbookReferences: Set<String> {
        var references: Set<String> = []
        for page in pages {
            references.insert(page.sourcePath)
            for heading in page.document.headings { references.insert(page.sourcePath + "#" + heading.id) }
        }
        return references
    }

    /// What a reader sees for each of `references`: the page's title, then the heading's
    /// (`店铺日常检查 › 异常订单`), shorter and plainer than the path. Unknown references are left out.
    public func playbookTitles(for references: some Sequence<String>) -> [String: String] {
        let wanted = Set(references)
        guard !wanted.isEmpty else { return [:] }
        var pageNumbers: [Substring: Int] = [:]
        for (number, page) in pages.enumerated() { pageNumbers[Substring(page.sourcePath)] = number }
        var titles: [String: String] = [:]
        for reference in wanted {
            let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            guard let number = pageNumbers[parts[0]] else { continue }
            let page = pages[number]
            if parts.count == 1 {
                titles[reference] = page.title
            } else if let heading = page.document.headings.first(where: { $0.id == parts[1] }) {
                titles[reference] = page.title + " › " + heading.text
            }
        }
        return titles
    }
}

extension SiteBuilder {
    /// The folder of the day sheets in the site.
    static let daysFolder = "days"

    /// The tasks' playbook references that name no page or heading of `handbook`, given what
    /// `Handbook.playbookTitles(for:)` made of the planbook's references.
    func checkPlaybooks(_ planbook: Planbook, titles: [String: String]) -> [Diagnostic] {
        planbook.checkPlaybooks(against: Set(titles.keys), workspace: workspace)
    }

    /// The sheets of every day the site shows: each day with a plan, a tick or a routine within the
    /// plans' span, and today; oldest first.
    func daySheets(_ planbook: Planbook) -> [DaySheet] {
        planbook.sheetDays(today: today).parallelMap { planbook.sheet(on: $0) }
    }

    /// The output path of a day's sheet.
    static func sheetPath(_ day: Day) -> String { "\(daysFolder)/\(day).html" }

    /// For each sheet's page, the key of everything shown on it: the site's own key (templates,
    /// settings, navigation), what the playbook links are called, the day, its neighbours and
    /// every entry as it stands.
    static func sheetKeys(_ sheets: [DaySheet], site: StableHash, playbookTitles: [String: String]) -> [String: UInt64] {
        // The links' names once for all sheets (a task's reference is part of its own key): looked
        // up for each of a year's 31,000 entries, they cost a fifth of the keys.
        var base = site
        for (reference, title) in playbookTitles.sorted(by: { $0.key < $1.key }) {
            base.combine(reference)
            base.combine(title)
        }
        let hashes = Array(sheets.indices).parallelMap { [base] index -> UInt64 in
            let sheet = sheets[index]
            var hash = base
            hash.combine(sheet.date.number)
            hash.combine(index > 0 ? sheets[index - 1].date.number : nil)
            hash.combine(index + 1 < sheets.count ? sheets[index + 1].date.number : nil)
            hash.combine(sheet.focus.count)
            for part in [sheet.focus, sheet.tasks] {
                // Entries read by position: a copy of one counted a dozen references.
                for index in part.indices {
                    hash.combine(Int(Int64(bitPattern: part[index].task.contentKey)))
                    hash.combine(part[index].status.number)
                    hash.combine(part[index].reason)
                    hash.combine(part[index].reasonBy)
                    hash.combine(part[index].closedBy)
                    hash.combine(part[index].closedAt?.seconds)
                    hash.combine(part[index].closedAt?.offset)
                    hash.combine(part[index].planned.number)
                    hash.combine(part[index].isRoutine ? 1 : 0)
                    hash.combine(part[index].carriedFrom?.number)
                    hash.combine(part[index].daysCarried)
                }
            }
            return hash.value
        }
        var keys: [String: UInt64] = [:]
        for (sheet, hash) in zip(sheets, hashes) { keys[sheetPath(sheet.date)] = hash }
        return keys
    }

    /// The days index's path in the site.
    static let daysIndexPath = "\(daysFolder)/index.html"

    /// The key of everything the days index shows: the site's own key and each sheet's line.
    static func daysIndexKey(_ sheets: [DaySheet], site: StableHash, today: Day?) -> UInt64 {
        var hash = site
        for sheet in sheets {
            hash.combine(sheet.date.number)
            hash.combine(sheet.doneCount)
            hash.combine(sheet.focus.count + sheet.tasks.count)
            hash.combine(sheet.focus.count)
        }
        hash.combine(today?.number)
        return hash.value
    }

    /// What renders the day sheets' pages: `days/YYYY-MM-DD.html` for each sheet and `days/index.html`.
    /// `playbookTitles` is `Handbook.playbookTitles(for:)` of the sheets' playbook references.
    func dayPages(
        _ sheets: [DaySheet], planbook: Planbook, playbookTitles: [String: String], context: PageContext,
        with templates: Templates
    ) -> DayPages {
        DayPages(
            sheets: sheets, words: planbook.words, context: context,
            commonParts: context.commonParts(directory: SiteBuilder.daysFolder), today: today,
            playbookTitles: playbookTitles, playbookHrefs: DaySheetContext.hrefs(for: playbookTitles),
            templates: templates, carriedRows: templates.fillsFrames ? CarriedRows() : nil)
    }
}

/// Renders the day sheets' pages, each on its own (the build spreads them over the cores among the
/// handbook's pages).
struct DayPages: Sendable {
    let sheets: [DaySheet]
    let words: Words
    let context: PageContext
    /// What every page under `days/` shows but its title (`PageContext.commonParts(directory:)`).
    let commonParts: PageContext.CommonParts
    let today: Day?
    let playbookTitles: [String: String]
    let playbookHrefs: [String: String]
    let templates: Templates
    /// Carried tasks' rows, shared by the sheets (nil: each row is rendered).
    let carriedRows: CarriedRows?
    /// What writes the sheets' rows, shared by the sheets.
    let rowWriters = RowWriters()

    /// `days/index.html`: a line for every day, newest first.
    func index() -> [UInt8] {
        var index = context.common(title: context.labels["daySheets"] ?? words.daySheet, parts: commonParts)
        // Each day's line rendered on its own (`days-item`), as a sheet's task rows are: a list of
        // a year of days was a shape of its own, rendered through Mustache in every build.
        var lines: [UInt8] = []
        lines.reserveCapacity(sheets.count * 160)
        let line = RowValues(reserving: 8)
        var nearby = TemplateFrames.Nearby()
        for sheet in sheets.reversed() {
            line.removeAll()
            line.set("date", sheet.date.description)
            line.set("weekday", words.weekday(sheet.date))
            line.set("href", "\(sheet.date).html")
            line.set("progress", words.progress(done: sheet.doneCount, total: sheet.count))
            line.set("isToday", sheet.date == today)
            line.set("hasFocus", !sheet.focus.isEmpty)
            line.set("focusCount", String(sheet.focus.count))
            templates.render(line, with: "days-item", into: &lines, nearby: &nearby)
        }
        if lines.last == UInt8(ascii: "\n") { lines.removeLast() }
        index.set("days", raw: lines)
        index.set("hasDays", !sheets.isEmpty)
        return templates.renderBytes(index, with: "days")
    }

    /// The page of `sheets[index]`.
    func sheet(at index: Int) -> [UInt8] {
        let sheet = sheets[index]
        var page = context.common(title: "\(sheet.date) \(words.daySheet)", parts: commonParts)
        let sheetContext = DaySheetContext(
            sheet: sheet, words: words, playbookTitles: playbookTitles, playbookHrefs: playbookHrefs,
            carriedRows: carriedRows)
        let rows = SheetRows(sheetContext, templates: templates, writers: rowWriters)
        // Rows go straight into the page when frames fill it (a year of sheets is 21 MB of rows).
        let deferring = templates.fillsFrames
        sheetContext.add(to: &page, rows: rows, deferring: deferring)
        func dayLink(_ day: Day) -> TemplateContext {
            var link = TemplateContext()
            link.set("date", day.description)
            link.set("href", "\(day).html")
            return link
        }
        page.set("previousDay", index > 0 ? dayLink(sheets[index - 1].date) : nil)
        page.set("nextDay", index + 1 < sheets.count ? dayLink(sheets[index + 1].date) : nil)
        return templates.renderBytes(page, with: "day") { number, output in rows.write(number, into: &output) }
    }
}

/// A sheet's rows, group by group, written when asked for: the row storage and the frames of the
/// rows' shapes are kept from row to row (hence a class: the page's filling asks for the groups).
final class SheetRows {
    let context: DaySheetContext
    let groups: [DaySheetContext.Group]
    let anchors: [String]
    private let templates: Templates
    private let writers: RowWriters
    private let writer: RowWriters.Writer

    init(_ context: DaySheetContext, templates: Templates, writers: RowWriters) {
        self.context = context
        groups = context.groups
        anchors = context.anchors
        self.templates = templates
        self.writers = writers
        writer = writers.take()
    }

    deinit { writers.give(writer) }

    /// Appends the rows of `groups[number]` to `output`.
    func write(_ number: Int, into output: inout [UInt8]) {
        // Taken out of `self` once: read from it in the closure, the templates were copied per row.
        let (templates, writer) = (templates, writer)
        context.writeRows(of: groups[number], anchors: anchors, row: writer.row, into: &output) { row, output in
            templates.render(row, with: "day-task", into: &output, nearby: &writer.nearby)
        }
    }
}

/// What writes a sheet's rows (a row's storage, the frames of the shapes it met), handed from sheet
/// to sheet: made for each sheet, the first row of each shape on every sheet was rendered through
/// Mustache's values again.
final class RowWriters: @unchecked Sendable {
    /// Used by one sheet at a time (taken and given under the lock).
    final class Writer: @unchecked Sendable {
        let row = RowValues(reserving: 20)
        var nearby = TemplateFrames.Nearby()
    }

    private let idle = Mutex<[Writer]>([])

    func take() -> Writer { idle.withLock { $0.popLast() } ?? Writer() }

    func give(_ writer: Writer) { idle.withLock { $0.append(writer) } }
}

/// The values `templates/day.mustache` sees for one sheet.
struct DaySheetContext {
    let sheet: DaySheet
    let words: Words
    /// What each playbook reference is called (`Handbook.playbookTitles(for:)`).
    var playbookTitles: [String: String] = [:]
    /// Each playbook reference's link (`href(_:)`), made once for all the sheets: a year of them
    /// links the same few pages thousands of times.
    var playbookHrefs: [String: String] = [:]
    /// Where carried tasks' rows are kept from sheet to sheet; nil: every row is rendered.
    var carriedRows: CarriedRows?

    /// `href(_:)` of every reference in `playbookTitles`.
    static func hrefs(for playbookTitles: [String: String]) -> [String: String] {
        var hrefs: [String: String] = [:]
        for reference in playbookTitles.keys { hrefs[reference] = href(reference) }
        return hrefs
    }

    static func wordValues(_ words: Words) -> [String: String] {
        [
            "focus": words.focus, "routine": words.routine, "owner": words.owner, "by": words.assigner,
            "outcome": words.outcome, "playbook": words.playbook, "due": words.due, "reason": words.reason,
            "notes": words.notes, "nothingPlanned": words.nothingPlanned, "daySheet": words.daySheet,
            "priority": words.priorityColumn, "id": words.idColumn, "task": words.taskColumn,
            "status": words.statusColumn, "today": words.todayWord, "colon": words.colon,
            "backToHandbook": words.backToHandbook,
        ]
    }

    /// A group of the sheet's rows: the focus items (`quadrant` nil), or the day's tasks of one quadrant.
    struct Group {
        let title: String
        let kind: String
        let quadrant: Quadrant?
        /// How many rows it has.
        let count: Int
    }

    /// The groups that have rows, in the order the page shows them.
    var groups: [Group] {
        var groups: [Group] = []
        if !sheet.focus.isEmpty {
            groups.append(Group(title: words.focus, kind: "focus", quadrant: nil, count: sheet.focus.count))
        }
        // The day's tasks counted by quadrant number, read by position (a closure over the entries
        // copied each one).
        var counts = [Int](repeating: 0, count: Quadrant.allCases.count + 1)
        sheet.tasks.withUnsafeBufferPointer { tasks in
            for index in tasks.indices { counts[tasks[index].task.quadrant.rawValue] += 1 }
        }
        for quadrant in Quadrant.allCases where counts[quadrant.rawValue] > 0 {
            groups.append(
                Group(
                    title: words.quadrantTitle(quadrant), kind: "q\(quadrant.rawValue)", quadrant: quadrant,
                    count: counts[quadrant.rawValue]))
        }
        return groups
    }

    /// Each entry's anchor's name (`Anchors`: the anchor without its `task-`), focus items first,
    /// worked out before any row is written: the rows get the same ones in whatever order the page
    /// template places them.
    var anchors: [String] {
        var anchors = Anchors(reserving: sheet.count)
        func add(_ entries: UnsafeBufferPointer<DaySheet.Entry>) {
            for index in entries.indices {
                _ = anchors.anchor(id: entries[index].task.id, key: entries[index].task.idKey, planned: entries[index].planned)
            }
        }
        sheet.focus.withUnsafeBufferPointer(add)
        sheet.tasks.withUnsafeBufferPointer(add)
        return anchors.names
    }

    /// Sets the sheet's values on `page`. Each group's `rows` is its tasks' rows as `rows` writes
    /// them (`SheetRows.write`, from the values `templates/day-task.mustache` sees), placed as
    /// markup made already; when `deferring`, they are written only as the page is
    /// (`set(_:deferred:size:)`, numbered by group): into the page in place, not copied into it.
    func add(to page: inout TemplateContext, rows: SheetRows, deferring: Bool) {
        page.set("date", sheet.date.description)
        page.set("weekday", words.weekday(sheet.date))
        page.set("progress", words.progress(done: sheet.doneCount, total: sheet.count))
        // Set in the page in place: a context of their own for each group was a few arrays made,
        // grown and copied into the page.
        page.set("groups", count: rows.groups.count) { number, values in
            let group = rows.groups[number]
            values.set("title", group.title)
            values.set("kind", group.kind)
            if deferring {
                values.set("rows", deferred: number, size: group.count * 768)
            } else {
                var html: [UInt8] = []
                rows.write(number, into: &html)
                values.set("rows", raw: html)
            }
        }
        page.set("isEmpty", sheet.count == 0)
    }

    /// Appends the rows of `group` to `output` (`anchors`: `anchors` of this sheet), each rendered by
    /// `renderRow` from `row` (storage kept from row to row). Without a last line feed.
    func writeRows(
        of group: Group, anchors: [String], row: RowValues, into output: inout [UInt8],
        renderRow: (RowValues, inout [UInt8]) -> Void
    ) {
        // Entries are read in place, by position: a copy of one counted a dozen references, and
        // a carried task's are shared with the sheets other threads render at the same time.
        let (entries, first) = group.quadrant == nil ? (sheet.focus, 0) : (sheet.tasks, sheet.focus.count)
        let start = output.count
        // Unwrapped for each row, the optional was copied through its type's metadata.
        let keepsRows = carriedRows != nil
        entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where group.quadrant.map({ entries[index].task.quadrant == $0 }) ?? true {
                let entry = entries.baseAddress! + index
                let anchor = anchors[first + index]
                if keepsRows, CarriedRows.isKept(entry) {
                    let carriedRows = carriedRows.unsafelyUnwrapped
                    if carriedRows.append(entry, anchor: anchor, to: &output, scratch: row) { continue }
                    let (days, from) = (entry.pointee.daysCarried, entry.pointee.carriedFrom!)
                    let label = entry.pointee.task.playbook.flatMap { playbookTitles[$0] }
                    if CarriedRows.isPlain(words.carried(days: days, from: from)),
                        !CarriedRows.holdsMarker(entry, playbookLabel: label)
                    {
                        set(entry, anchor: anchor, carried: CarriedRows.marker, on: row)
                        var rendered: [UInt8] = []
                        renderRow(row, &rendered)
                        carriedRows.keep(
                            CarriedRows.Key(entry, anchor: anchor), rendered: rendered, days: days, words: words,
                            into: &output, scratch: row)
                        continue
                    }
                }
                set(entry, anchor: anchor, on: row)
                renderRow(row, &output)
            }
        }
        if output.count > start, output.last == UInt8(ascii: "\n") { output.removeLast() }
    }

    /// The `id` of each task's row, `task-<id>`, so a link can point at a task. A task carried from
    /// an earlier day may share its id with one of the day's own: it gets its planned date as well.
    ///
    /// The anchors given are kept (without their `task-`) in a table of their own: open addressing
    /// over a stable 64-bit hash, strings compared only when hashes are equal. A `Set<String>`
    /// hashed each of a year's 31,000 ids with SipHash and cost a tenth of writing the sheets.
    struct Anchors {
        private var slots: HashSlots
        /// The name of every anchor given, in order: the sheet's anchors (a name given twice is
        /// there twice, and found at its first place).
        private(set) var names: [String] = []

        /// Room for `count` anchors without growing.
        init(reserving count: Int = 0) {
            slots = HashSlots(reserving: count)
            names.reserveCapacity(count)
        }

        /// The name of the anchor of task `id` planned on `planned` (its anchor is `task-` and the
        /// name, which the row puts together as it writes it). `key` is `PlannedTask.idKey(id)`.
        mutating func anchor(id: String, key: UInt64, planned: Day) -> String {
            if !contains(id, key: key) {
                add(id, key: key)
                return id
            }
            let dated = id + "-\(planned)"
            add(dated, key: PlannedTask.idKey(dated))
            return dated
        }

        /// Whether `name`, whose `PlannedTask.idKey` is `key`, was given.
        private func contains(_ name: String, key: UInt64) -> Bool {
            names.withUnsafeBufferPointer { names in slots.find(key) { names[$0] == name } != nil }
        }

        private mutating func add(_ name: String, key: UInt64) {
            slots.add(key)
            names.append(name)
        }
    }

    /// Sets `row` to the values of `entry`'s row (what it held before is cleared), with `task-` and
    /// `anchor` as its id and `carried` (when given) as its carried text. The entry is read where it is: given as a
    /// value, it was copied for each row.
    private func set(
        _ entry: UnsafePointer<DaySheet.Entry>, anchor: String, carried: String? = nil, on row: RowValues
    ) {
        row.removeAll()
        row.set("root", "../")
        row.set("id", entry.pointee.task.id)
        row.set("title", entry.pointee.task.title)
        row.set("owner", entry.pointee.task.owner)
        row.set("by", entry.pointee.task.by)
        row.set("priority", number: entry.pointee.task.priority)
        row.set("outcome", entry.pointee.task.outcome)
        row.set("status", entry.pointee.status.rawValue)
        row.set("routine", entry.pointee.isRoutine)
        row.set("anchor", prefix: "task-", anchor)
        row.set("due", entry.pointee.task.due)
        row.set("notes", entry.pointee.task.notes)
        if let playbook = entry.pointee.task.playbook {
            row.set("playbook", playbook)
            row.set("playbookLabel", playbookTitles[playbook] ?? playbook)
            row.set("playbookHref", playbookHrefs[playbook] ?? Self.href(playbook))
        }
        if let from = entry.pointee.carriedFrom {
            row.set("carried", carried ?? words.carried(days: entry.pointee.daysCarried, from: from))
        }
        switch entry.pointee.status {
        case .todo:
            row.set("mark", "☐")
            row.set("statusText", words.status(.todo))
            if entry.pointee.carriedFrom != nil { row.set("reason", entry.pointee.reason ?? words.noReason) }
        case .done:
            row.set("mark", "✓")
            if let who = entry.pointee.closedBy, let at = entry.pointee.closedAt {
                row.set("statusText", parts: words.doneByParts(who, at: at.day == sheet.date ? at.timeOfDay : "\(at.day) \(at.timeOfDay)"))
            } else {
                row.set("statusText", words.status(.done))
            }
        case .notDone, .dropped:
            row.set("mark", entry.pointee.status == .dropped ? "–" : "✗")
            row.set("statusText", words.status(entry.pointee.status) + (entry.pointee.reasonBy.map { "(\($0))" } ?? ""))
            row.set("reason", entry.pointee.reason ?? words.noReason)
        }
    }

    /// A playbook reference as a link from `days/`: `../section/page.html#anchor`.
    static func href(_ playbook: String) -> String {
        let parts = playbook.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let page = RelativePath.link(to: Page.outputPath(for: String(parts[0])), fromDirectory: SiteBuilder.daysFolder)
        let encoded = URLPath.encode(page)
        return parts.count > 1 ? encoded + "#" + parts[1] : encoded
    }
}
