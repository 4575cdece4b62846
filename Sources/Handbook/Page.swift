import Markdown

/// One handbook page: a Markdown file rendered, with what navigation and search need.
public struct Page: Sendable {
    /// The file's path under `content/handbook/`, e.g. `after-sales/returns.md`.
    public var sourcePath: String
    /// The page's path in the site, e.g. `after-sales/returns.html`.
    public var outputPath: String
    public var title: String
    /// Position among its siblings; pages without one come after those with one.
    public var order: Int?
    public var summary: String?
    public var tags: [String]
    /// The rendered body and its headings, links and text.
    public var document: MarkdownDocument
    /// True for a page taken from the build cache, which keeps everything but the HTML body, the
    /// text cut per heading and the links without an anchor: `Handbook.renderBodies(of:in:calloutTitles:)`
    /// renders the first two again when needed.
    public var bodyOmitted = false

    /// Whether this is a folder's `index.md`, which gives the section its title and order.
    public var isSectionIndex: Bool { sourcePath == "index.md" || sourcePath.hasSuffix("/index.md") }

    /// The folder the page lives in ("" at the top).
    public var directory: String { RelativePath.directory(of: sourcePath) }

    /// The page's output path for a Markdown source path.
    public static func outputPath(for sourcePath: String) -> String {
        String(sourcePath.dropLast(3)) + ".html"
    }
}
