import Handbook
import Markdown

/// A document the search covers: a handbook page, or anything else the site renders (a day sheet).
public struct SearchDocument: Sendable, Equatable {
    /// The document's file in the site, from its top (`after-sales/returns.html`); it has an
    /// extension, as every file of a site opened from `file://` does.
    public var url: String
    public var title: String
    /// Where the document sits, shown under its title in the results (`售后`, `每日任务单`).
    public var sectionLabel: String
    /// The text, cut at each heading so a result can link to the heading nearest its match.
    public var passages: [Passage]
    /// Instead of `passages`, the passages string as the document's line holds it: a day sheet's
    /// is written straight from its entries (see `init(daySheet:words:sectionLabel:)`).
    var written: WrittenPassages?

    public init(url: String, title: String, sectionLabel: String, passages: [Passage]) {
        self.url = url
        self.title = title
        self.sectionLabel = sectionLabel
        self.passages = passages
    }

    init(url: String, title: String, sectionLabel: String, written: WrittenPassages) {
        self.init(url: url, title: title, sectionLabel: sectionLabel, passages: [])
        self.written = written
    }

    /// The UTF-8 bytes of the document's title, headings and text.
    public var textBytes: Int {
        if let written { title.utf8.count + written.textBytes } else { Self.textBytes(title: title, passages: passages) }
    }

    /// The UTF-8 bytes of `title` and the passages' headings and text.
    static func textBytes(title: String, passages: [Passage]) -> Int {
        passages.reduce(title.utf8.count) { $0 + $1.heading.utf8.count + $1.textBytes.count }
    }

    /// The text under one heading of a document: a page's sections as the walk made them, or a
    /// day sheet's task title and reason.
    public typealias Passage = TextSection

    /// Passages without anchors, already in the form `SearchIndex.scriptFiles()` writes them.
    struct WrittenPassages: Sendable, Equatable {
        /// The passages string's contents, collapsed and escaped (without its quotes).
        private(set) var bytes: [UInt8] = []
        /// The UTF-8 bytes of the headings and texts, as given.
        private(set) var textBytes = 0

        /// Adds a passage without an anchor.
        mutating func append(heading: String, text: String?) {
            if !bytes.isEmpty { bytes.append(UInt8(SearchIndex.passageEnd.value)) }
            bytes.append(UInt8(SearchIndex.noHeading.value))
            SearchIndex.appendCollapsed(heading, to: &bytes, escapingQuotes: true)
            bytes.append(UInt8(SearchIndex.headingEnd.value))
            textBytes += heading.utf8.count
            if let text {
                SearchIndex.appendCollapsed(text, to: &bytes, escapingQuotes: true)
                textBytes += text.utf8.count
            }
        }
    }
}

extension TextSection {
    /// The heading's id in the page (`headingID`), or nil for the text before the first heading.
    public var anchor: String? { headingID }

    public init(anchor: String?, heading: String, text: String) {
        self.init(headingID: anchor, heading: heading, text: text)
    }
}

/// The site's search index: every document's title, headings and text, shipped as they are.
///
/// The browser scans the texts with `indexOf`, so any Chinese substring is found without a
/// dictionary or an n-gram table, and the index is no bigger than the text it covers
/// (see `SearchIndex.script`).
public struct SearchIndex: Sendable {
    /// The file the site loads with a `<script>` tag, so search works from `file://`.
    public static let path = "assets/search-index.js"

    public private(set) var documents: [SearchDocument]

    /// An index of `documents`, searched in this order when results score the same.
    public init(documents: [SearchDocument] = []) {
        self.documents = documents
    }

    /// An index of every handbook page, in reading order. Without `passages` the documents have no
    /// text yet: a rebuild gives it (`addPassages(of:from:)`) only to the few whose line it makes,
    /// not to the thousands whose lines it copies.
    public init(handbook: Handbook, passages: Bool = true) {
        let labels = Self.sectionLabels(handbook.root)
        documents = handbook.pages.map { page in
            SearchDocument(
                url: page.outputPath, title: page.title, sectionLabel: labels[page.directory] ?? "",
                passages: passages ? page.document.sections : [])
        }
    }

    /// Gives the documents at `indices` (handbook pages) their text from `handbook`.
    public mutating func addPassages(of indices: some Sequence<Int>, from handbook: Handbook) {
        for index in indices { documents[index].passages = handbook.pages[index].document.sections }
    }

    /// The UTF-8 bytes of a page's title, headings and text, as its document would count them.
    public static func textBytes(of page: Page) -> Int {
        SearchDocument.textBytes(title: page.title, passages: page.document.sections)
    }

    /// Adds documents after those already indexed (e.g. the day sheets).
    public mutating func add(_ more: [SearchDocument]) {
        documents += more
    }

    /// The UTF-8 bytes of the text the index covers: titles, headings and body text, as extracted.
    public var textBytes: Int {
        documents.reduce(0) { $0 + $1.textBytes }
    }

    /// The folder path → "售后 › 退货" titles of every section.
    private static func sectionLabels(_ root: Section) -> [String: String] {
        var labels: [String: String] = [:]
        func visit(_ section: Section, parent: String) {
            let label = parent.isEmpty ? section.title : parent + " › " + section.title
            labels[section.path] = label
            for subsection in section.subsections { visit(subsection, parent: label) }
        }
        labels[root.path] = ""
        for section in root.subsections { visit(section, parent: "") }
        return labels
    }
}
