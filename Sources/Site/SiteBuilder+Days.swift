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
                for entry in part {
                    let task = entry.task
                    hash.combine(Int(Int64(bitPattern: task.contentKey)))
                    hash.combine(entry.status.rawValue)
                    hash.combine(entry.reason)
                    hash.combine(entry.reasonBy)
                    hash.combine(entry.closedBy)
                    hash.combine(entry.closedAt?.seconds)
                    hash.combine(entry.closedAt?.offset)
                    hash.combine(task.playbook.flatMap { playbookTitles[$0] })
                    hash.combine(entry.planned.number)
                    hash.combine(entry.isRoutine ? 1 : 0)
                    hash.combine(entry.carriedFrom?.number)
                    hash.combine(entry.daysCarried)
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
            sheets: sheets, words: planbook.words, context: context, today: today, playbookTitles: playbookTitles, playbookHrefs: DaySheetContext.hrefs(for: playbookTitles),
            templates: templates)
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
            sheet: sheet, words: words, playbookTitles: playbookTitles, playbookHrefs: playbookHrefs)
        var nearby = TemplateFrames.Nearby()
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
    func add(to page: inout TemplateContext, renderRow: (TemplateContext, inout [UInt8]) -> Void) {
        var anchors = Anchors()
        // Entries are read in place, by position: a copy of one counted a dozen references, and
        // a carried task's are shared with the sheets other threads render at the same time.
        func group(title: String, kind: String, _ entries: [DaySheet.Entry], where belongs: (Int) -> Bool) -> TemplateContext? {
            var html: [UInt8] = []
            var isEmpty = true
            for index in entries.indices where belongs(index) {
                if isEmpty { html.reserveCapacity(entries.count * 1024) }
                isEmpty = false
                renderRow(row(entries[index], anchors: &anchors), &html)
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
        if let focus = group(title: words.focus, kind: "focus", sheet.focus, where: { _ in true }) { groups.append(focus) }
        for quadrant in Quadrant.allCases {
            let tasks = sheet.tasks
            guard
                let group = group(
                    title: words.quadrantTitle(quadrant), kind: "q\(quadrant.rawValue)", tasks,
                    where: { tasks[$0].task.quadrant == quadrant })
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

        mutating func anchor(for entry: DaySheet.Entry) -> String {
            let anchor = "task-" + entry.task.id
            if used.insert(anchor).inserted { return anchor }
            let dated = anchor + "-\(entry.planned)"
            used.insert(dated)
            return dated
        }
    }

    private func row(_ entry: DaySheet.Entry, anchors: inout Anchors) -> TemplateContext {
        let task = entry.task
        var row = TemplateContext(reserving: 20)
        row.set("root", "../")
        row.set("id", task.id)
        row.set("title", task.title)
        row.set("owner", task.owner)
        row.set("by", task.by)
        row.set("priority", String(task.priority))
        row.set("outcome", task.outcome)
        row.set("status", entry.status.rawValue)
        row.set("routine", entry.isRoutine)
        row.set("anchor", anchors.anchor(for: entry))
        row.set("due", task.due)
        row.set("notes", task.notes)
        if let playbook = task.playbook {
            row.set("playbook", playbook)
            row.set("playbookLabel", playbookTitles[playbook] ?? playbook)
            row.set("playbookHref", playbookHrefs[playbook] ?? Self.href(playbook))
        }
        if let from = entry.carriedFrom { row.set("carried", words.carried(days: entry.daysCarried, from: from)) }
        switch entry.status {
        case .todo:
            row.set("mark", "☐")
            row.set("statusText", words.status(.todo))
            if entry.carriedFrom != nil { row.set("reason", entry.reason ?? words.noReason) }
        case .done:
            row.set("mark", "✓")
            if let who = entry.closedBy, let at = entry.closedAt {
                row.set("statusText", words.doneBy(who, at: at.day == sheet.date ? at.timeOfDay : "\(at.day) \(at.timeOfDay)"))
            } else {
                row.set("statusText", words.status(.done))
            }
        case .notDone, .dropped:
            row.set("mark", entry.status == .dropped ? "–" : "✗")
            row.set("statusText", words.status(entry.status) + (entry.reasonBy.map { "(\($0))" } ?? ""))
            row.set("reason", entry.reason ?? words.noReason)
        }
        return row
    }

    /// A playbook reference as a link from `days/`: `../section/page.html#anchor`.
    static func href(_ playbook: String) -> String {
        let parts = playbook.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let page = RelativePath.link(to: Page.outputPath(for: String(parts[0])), fromDirectory: SiteBuilder.daysFolder)
        let encoded = URLPath.encode(page)
        return parts.count > 1 ? encoded + "#" + parts[1] : encoded
    }
}
