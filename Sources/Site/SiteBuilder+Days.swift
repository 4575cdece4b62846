import Foundation
import Handbook
import Markdown
import Planner
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
    /// settings, navigation), the day, its neighbours, every entry as it stands and what its
    /// playbook link is called.
    static func sheetKeys(_ sheets: [DaySheet], site: StableHash, playbookTitles: [String: String]) -> [String: UInt64] {
        let hashes = Array(sheets.indices).parallelMap { index -> UInt64 in
            let sheet = sheets[index]
            var hash = site
            hash.combine(sheet.date.number)
            hash.combine(index > 0 ? sheets[index - 1].date.number : nil)
            hash.combine(index + 1 < sheets.count ? sheets[index + 1].date.number : nil)
            hash.combine(sheet.focus.count)
            for part in [sheet.focus, sheet.tasks] {
                // Entries read by position: a copy of one counted a dozen references.
                for index in part.indices {
                    hash.combine(Int(Int64(bitPattern: part[index].task.contentKey)))
                    hash.combine(part[index].status.rawValue)
                    hash.combine(part[index].reason)
                    hash.combine(part[index].reasonBy)
                    hash.combine(part[index].closedBy)
                    hash.combine(part[index].closedAt?.seconds)
                    hash.combine(part[index].closedAt?.offset)
                    hash.combine(part[index].task.playbook.flatMap { playbookTitles[$0] })
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
            sheets: sheets, words: planbook.words, context: context, today: today, playbookTitles: playbookTitles,
            playbookHrefs: DaySheetContext.hrefs(for: playbookTitles), templates: templates,
            carriedRows: templates.fillsFrames ? CarriedRows() : nil)
    }
}

/// Renders the day sheets' pages, each on its own (the build spreads them over the cores among the
/// handbook's pages).
struct DayPages: Sendable {
    let sheets: [DaySheet]
    let words: Words
    let context: PageContext
    let today: Day?
    let playbookTitles: [String: String]
    let playbookHrefs: [String: String]
    let templates: Templates
    /// Carried tasks' rows, shared by the sheets (nil: each row is rendered).
    let carriedRows: CarriedRows?

    /// `days/index.html`: a line for every day, newest first.
    func index() -> [UInt8] {
        var index = context.common(
            title: context.labels["daySheets"] ?? words.daySheet, directory: SiteBuilder.daysFolder, currentPage: "")
        index.set(
            "days",
            list: sheets.reversed().map { sheet in
                var day = TemplateContext()
                day.set("date", sheet.date.description)
                day.set("weekday", words.weekday(sheet.date))
                day.set("href", "\(sheet.date).html")
                day.set("progress", words.progress(done: sheet.doneCount, total: sheet.count))
                day.set("isToday", sheet.date == today)
                day.set("hasFocus", !sheet.focus.isEmpty)
                day.set("focusCount", number: sheet.focus.count)
                return day
            })
        index.set("hasDays", !sheets.isEmpty)
        return templates.renderBytes(index, with: "days")
    }

    /// The page of `sheets[index]`.
    func sheet(at index: Int) -> [UInt8] {
        let sheet = sheets[index]
        var page = context.common(
            title: "\(sheet.date) \(words.daySheet)", directory: SiteBuilder.daysFolder, currentPage: "")
        let sheetContext = DaySheetContext(
            sheet: sheet, words: words, playbookTitles: playbookTitles, playbookHrefs: playbookHrefs,
            carriedRows: carriedRows)
        var nearby = TemplateFrames.Nearby()
        // Taken out of `self` once: read from it in the closure, the templates were copied per row.
        let templates = templates
        sheetContext.add(to: &page) { templates.render($0, with: "day-task", into: &$1, nearby: &nearby) }
        func dayLink(_ day: Day) -> TemplateContext {
            var link = TemplateContext()
            link.set("date", day.description)
            link.set("href", "\(day).html")
            return link
        }
        page.set("previousDay", index > 0 ? dayLink(sheets[index - 1].date) : nil)
        page.set("nextDay", index + 1 < sheets.count ? dayLink(sheets[index + 1].date) : nil)
        return templates.renderBytes(page, with: "day")
    }
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

    /// Sets the sheet's values on `page`; each group's `rows` is its tasks' rows, each appended by
    /// `renderRow` from the values `templates/day-task.mustache` sees (placed as markup made already).
    func add(to page: inout TemplateContext, renderRow: (RowValues, inout [UInt8]) -> Void) {
        var anchors = Anchors(reserving: sheet.count)
        // One row's values at a time, in storage kept from row to row.
        var row = RowValues(reserving: 20)
        // Entries are read in place, by position: a copy of one counted a dozen references, and
        // a carried task's are shared with the sheets other threads render at the same time.
        // The group of `entries` in `quadrant` (all of them for nil); nil when none is.
        func group(title: String, kind: String, _ entries: [DaySheet.Entry], in quadrant: Quadrant?) -> TemplateContext? {
            var html: [UInt8] = []
            var isEmpty = true
            entries.withUnsafeBufferPointer { entries in
                for index in entries.indices where quadrant.map({ entries[index].task.quadrant == $0 }) ?? true {
                    if isEmpty { html.reserveCapacity(entries.count * 1024) }
                    isEmpty = false
                    let entry = entries.baseAddress! + index
                    let anchor = anchors.anchor(id: entry.pointee.task.id, planned: entry.pointee.planned)
                    if let carriedRows, let key = CarriedRows.key(of: entry, anchor: anchor) {
                        let days = entry.pointee.daysCarried
                        if carriedRows.append(key, days: days, words: words, to: &html) { continue }
                        let label = entry.pointee.task.playbook.flatMap { playbookTitles[$0] }
                        if CarriedRows.isPlain(words.carried(days: days, from: key.carriedFrom)),
                            !CarriedRows.holdsMarker(entry, playbookLabel: label)
                        {
                            set(entry, anchor: anchor, carried: CarriedRows.marker, on: &row)
                            var rendered: [UInt8] = []
                            renderRow(row, &rendered)
                            carriedRows.keep(key, rendered: rendered, days: days, words: words, into: &html)
                            continue
                        }
                    }
                    set(entry, anchor: anchor, on: &row)
                    renderRow(row, &html)
                }
            }
            guard !isEmpty else { return nil }
            if html.last == UInt8(ascii: "\n") { html.removeLast() }
            var group = TemplateContext()
            group.set("title", title)
            group.set("kind", kind)
            group.set("rows", raw: html)
            return group
        }
        var groups: [TemplateContext] = []
        if let focus = group(title: words.focus, kind: "focus", sheet.focus, in: nil) { groups.append(focus) }
        for quadrant in Quadrant.allCases {
            guard let group = group(title: words.quadrantTitle(quadrant), kind: "q\(quadrant.rawValue)", sheet.tasks, in: quadrant)
            else { continue }
            groups.append(group)
        }
        page.set("date", sheet.date.description)
        page.set("weekday", words.weekday(sheet.date))
        page.set("progress", words.progress(done: sheet.doneCount, total: sheet.count))
        page.set("groups", list: groups)
        page.set("isEmpty", sheet.count == 0)
    }

    /// The `id` of each task's row, `task-<id>`, so a link can point at a task. A task carried from
    /// an earlier day may share its id with one of the day's own: it gets its planned date as well.
    struct Anchors {
        private var used: Set<String> = []

        /// Room for `count` anchors: a set grown one task at a time was hashed again at each doubling.
        init(reserving count: Int = 0) { used.reserveCapacity(count) }

        mutating func anchor(id: String, planned: Day) -> String {
            let anchor = "task-" + id
            if used.insert(anchor).inserted { return anchor }
            let dated = anchor + "-\(planned)"
            used.insert(dated)
            return dated
        }
    }

    /// Sets `row` to the values of `entry`'s row (what it held before is cleared), with `anchor` as its
    /// id and `carried` (when given) as its carried text. The entry is read where it is: given as a
    /// value, it was copied for each row.
    private func set(
        _ entry: UnsafePointer<DaySheet.Entry>, anchor: String, carried: String? = nil, on row: inout RowValues
    ) {
        row.removeAll()
        row.set("root", "../")
        row.set("id", entry.pointee.task.id)
        row.set("title", entry.pointee.task.title)
        row.set("owner", entry.pointee.task.owner)
        row.set("by", entry.pointee.task.by)
        row.set("priority", String(entry.pointee.task.priority))
        row.set("outcome", entry.pointee.task.outcome)
        row.set("status", entry.pointee.status.rawValue)
        row.set("routine", entry.pointee.isRoutine)
        row.set("anchor", anchor)
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
                row.set("statusText", words.doneBy(who, at: at.day == sheet.date ? at.timeOfDay : "\(at.day) \(at.timeOfDay)"))
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
