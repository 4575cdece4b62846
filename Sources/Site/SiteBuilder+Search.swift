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
    init(daySheet sheet: DaySheet, words: Words, sectionLabel: String) {
        self.init(
            url: "\(SiteBuilder.daysFolder)/\(sheet.date).html", title: "\(sheet.date) \(words.daySheet)",
            sectionLabel: sectionLabel,
            // The two lists mapped one after the other: joining them first copied every entry.
            passages: sheet.focus.map(Self.passage) + sheet.tasks.map(Self.passage))
    }

    private static func passage(_ entry: DaySheet.Entry) -> Passage {
        Passage(anchor: nil, heading: entry.task.title, text: entry.reason ?? "")
    }
}
