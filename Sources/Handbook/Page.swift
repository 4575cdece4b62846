import Markdown
import Workspace

/// One handbook page: a Markdown file rendered, with what navigation and search need.
public struct Page: Sendable {
    private struct Fields: Sendable {
        var sourcePath: String
        var outputPath: String
        var title: String
        var order: Int?
        var summary: String?
        var tags: [String]
        var document: MarkdownDocument
        var bodyOmitted: Bool
        var sourceHash: UInt64 = 0
        /// A cached page's headings as the cache holds them (`document.headings` is then empty):
        /// read when asked for, which a rebuild does for a few pages of thousands.
        var storedHeadings: ArraySlice<UInt8>? = nil
    }

    /// Shared by every copy until one is changed: the handbook's pages are copied while they are
    /// ordered, looked up and rendered, and a copy of a dozen fields counted a dozen references.
    private var fields: CopyOnWrite<Fields>

    public init(
        sourcePath: String, outputPath: String, title: String, order: Int?, summary: String?, tags: [String],
        document: MarkdownDocument, bodyOmitted: Bool = false
    ) {
        fields = CopyOnWrite(
            Fields(
                sourcePath: sourcePath, outputPath: outputPath, title: title, order: order, summary: summary, tags: tags,
                document: document, bodyOmitted: bodyOmitted))
    }

    /// The file's path under `content/handbook/`, e.g. `after-sales/returns.md`.
    public var sourcePath: String {
        get { fields.value.sourcePath }
        set { fields.value.sourcePath = newValue }
    }
    /// The page's path in the site, e.g. `after-sales/returns.html`.
    public var outputPath: String {
        get { fields.value.outputPath }
        set { fields.value.outputPath = newValue }
    }
    public var title: String {
        get { fields.value.title }
        set { fields.value.title = newValue }
    }
    /// Position among its siblings; pages without one come after those with one.
    public var order: Int? {
        get { fields.value.order }
        set { fields.value.order = newValue }
    }
    public var summary: String? {
        get { fields.value.summary }
        set { fields.value.summary = newValue }
    }
    public var tags: [String] {
        get { fields.value.tags }
        set { fields.value.tags = newValue }
    }
    /// The rendered body and its headings, links and text.
    public var document: MarkdownDocument {
        get {
            guard let stored = fields.value.storedHeadings else { return fields.value.document }
            var document = fields.value.document
            document.headings = (try? Self.readHeadings(stored)) ?? []
            return document
        }
        set {
            fields.value.document = newValue
            fields.value.storedHeadings = nil
        }
    }

    /// `document.anchorLinks`, without reading a cached page's headings.
    public var anchorLinks: [LinkReference] { fields.value.document.anchorLinks }

    /// A page read back from the build cache, its headings left as `stored` until asked for.
    init(cached page: Page, storedHeadings stored: ArraySlice<UInt8>) {
        self = page
        fields.value.storedHeadings = stored
    }

    /// True for a page taken from the build cache, which keeps everything but the HTML body, the
    /// text cut per heading and the links without an anchor: `Handbook.renderBodies(of:in:calloutTitles:)`
    /// renders the first two again when needed.
    public var bodyOmitted: Bool {
        get { fields.value.bodyOmitted }
        set { fields.value.bodyOmitted = newValue }
    }

    /// The `StableHash` of the file's text as it was read: what a page's keys are made from, so that
    /// the same files give the same site however their modification times stand (0 for a page
    /// made otherwise).
    public var sourceHash: UInt64 {
        get { fields.value.sourceHash }
        set { fields.value.sourceHash = newValue }
    }

    /// Whether this is a folder's `index.md`, which gives the section its title and order.
    public var isSectionIndex: Bool { sourcePath == "index.md" || sourcePath.hasSuffix("/index.md") }

    /// The folder the page lives in ("" at the top).
    public var directory: String { RelativePath.directory(of: sourcePath) }

    /// The page's output path for a Markdown source path.
    public static func outputPath(for sourcePath: String) -> String {
        String(sourcePath.dropLast(3)) + ".html"
    }
}
