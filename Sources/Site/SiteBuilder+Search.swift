import Handbook

extension SiteBuilder {
    /// What the site's search covers: every handbook page in reading order, then the day sheets.
    ///
    /// Other parts of the site join the index here with `index.add(documents)`, each document a
    /// title, a URL, a section label and its text cut at its headings.
    func searchIndex(of handbook: Handbook) -> SearchIndex {
        SearchIndex(handbook: handbook)
    }
}
