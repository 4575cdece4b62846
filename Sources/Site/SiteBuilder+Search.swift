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
    ///
    /// Its passages (a title, and a reason as text) are written as the index holds them straight
    /// from the entries: 11,000 passages a year made first into `Passage`s cost more than the writing.
    init(daySheet sheet: DaySheet, words: Words, sectionLabel: String) {
        var written = WrittenPassages()
        // Entries read by position: a closure over them copied each one.
        for index in sheet.focus.indices where sheet.focus[index].tickedOnDay {
            written.append(heading: sheet.focus[index].task.title, text: sheet.focus[index].reason)
        }
        for index in sheet.tasks.indices { written.append(heading: sheet.tasks[index].task.title, text: sheet.tasks[index].reason) }
        self.init(
            url: "\(SiteBuilder.daysFolder)/\(sheet.date).html", title: "\(sheet.date) \(words.daySheet)",
            sectionLabel: sectionLabel, written: written)
    }
}
