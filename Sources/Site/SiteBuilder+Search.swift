import Handbook
import Planner
import Workspace

extension SiteBuilder {
    /// What the site's search covers: every handbook page in reading order, then the day sheets.
    ///
    /// Other parts of the site join the index here with `index.add(documents)`, each document a
    /// title, a URL, a section label and its text cut at its headings.
    /// The pages come without their text: the build gives it (`SearchIndex.addPassages(of:from:)`)
    /// to those whose line it makes.
    func searchIndex(of handbook: Handbook, sheets: [DaySheet], words: Words) -> SearchIndex {
        var index = SearchIndex(handbook: handbook, passages: false)
        let label = Labels.table(for: workspace.settings.language)["daySheets"] ?? ""
        index.add(sheets.map { SearchDocument(daySheet: $0, words: words, sectionLabel: label) })
        return index
    }
}

extension SearchDocument {
    /// A day sheet (`days/YYYY-MM-DD.html`): each task's title, and the reason given when it was
    /// not done, so a search for 退款 finds the day a refund task was left undone and why.
    ///
    /// A task carried over from an earlier day is there only on the sheets of the days it was
    /// ticked: on the others it repeats what its own day's sheet says, and a task left open for
    /// months filled the results with as many copies of itself (and the index with 20,000 of them
    /// for a year). Each title is found on the day it was planned, each reason on the day it was given.
    init(daySheet sheet: DaySheet, words: Words, sectionLabel: String) {
        var passages: [Passage] = []
        passages.reserveCapacity(sheet.tasks.count)
        // Entries read by position: a closure over them copied each one.
        for index in sheet.focus.indices where sheet.focus[index].tickedOnDay { passages.append(Self.passage(sheet.focus[index])) }
        for index in sheet.tasks.indices { passages.append(Self.passage(sheet.tasks[index])) }
        self.init(
            url: "\(SiteBuilder.daysFolder)/\(sheet.date).html", title: "\(sheet.date) \(words.daySheet)",
            sectionLabel: sectionLabel, passages: passages)
    }

    private static func passage(_ entry: DaySheet.Entry) -> Passage {
        Passage(anchor: nil, heading: entry.task.title, text: entry.reason ?? "")
    }
}
