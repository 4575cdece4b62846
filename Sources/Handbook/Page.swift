import Markdown

/// One handbook page: a Markdown file rendered, with what navigation and search need.
public struct Page: Sendable {
    /// The fields, shared by every copy until one is changed: the handbook's pages are copied while
    /// they are ordered, looked up and rendered, and a copy of a dozen fields counted a dozen references.
    private final class Fields: @unchecked Sendable {
        var sourcePath: String
        var outputPath: String
        var title: String
        var order: Int?
        var summary: String?
        var tags: [String]
        var document: MarkdownDocument
        var bodyOmitted: Bool

        init(
            sourcePath: String, outputPath: String, title: String, order: Int?, summary: String?, tags: [String],
            document: MarkdownDocument, bodyOmitted: Bool
        ) {
            self.sourcePath = sourcePath
            self.outputPath = outputPath
            self.title = title
            self.order = order
            self.summary = summary
            self.tags = tags
            self.document = document
            self.bodyOmitted = bodyOmitted
        }

        func copy() -> Fields {
            Fields(
                sourcePath: sourcePath, outputPath: outputPath, title: title, order: order, summary: summary, tags: tags,
                document: document, bodyOmitted: bodyOmitted)
        }
    }

    private var fields: Fields

    /// The fields, made unique to this copy before one is changed.
    private var uniqueFields: Fields {
        mutating get {
            if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
            return fields
        }
    }

    public init(
        sourcePath: String, outputPath: String, title: String, order: Int?, summary: String?, tags: [String],
        document: MarkdownDocument, bodyOmitted: Bool = false
    ) {
        fields = Fields(
            sourcePath: sourcePath, outputPath: outputPath, title: title, order: order, summary: summary, tags: tags,
            document: document, bodyOmitted: bodyOmitted)
    }

    /// The file's path under `content/handbook/`, e.g. `after-sales/returns.md`.
    public var sourcePath: String {
        get { fields.sourcePath }
        set { uniqueFields.sourcePath = newValue }
    }
    /// The page's path in the site, e.g. `after-sales/returns.html`.
    public var outputPath: String {
        get { fields.outputPath }
        set { uniqueFields.outputPath = newValue }
    }
    public var title: String {
        get { fields.title }
        set { uniqueFields.title = newValue }
    }
    /// Position among its siblings; pages without one come after those with one.
    public var order: Int? {
        get { fields.order }
        set { uniqueFields.order = newValue }
    }
    public var summary: String? {
        get { fields.summary }
        set { uniqueFields.summary = newValue }
    }
    public var tags: [String] {
        get { fields.tags }
        set { uniqueFields.tags = newValue }
    }
    /// The rendered body and its headings, links and text.
    public var document: MarkdownDocument {
        get { fields.document }
        set { uniqueFields.document = newValue }
    }
    /// True for a page taken from the build cache, which keeps everything but the HTML body, the
    /// text cut per heading and the links without an anchor: `Handbook.renderBodies(of:in:calloutTitles:)`
    /// renders the first two again when needed.
    public var bodyOmitted: Bool {
        get { fields.bodyOmitted }
        set { uniqueFields.bodyOmitted = newValue }
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
