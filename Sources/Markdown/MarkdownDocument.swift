import CCmark

#if canImport(Glibc)
    import Glibc
#endif

/// Markdown rendered by libcmark, with everything the handbook needs copied out into Swift values.
///
/// No cmark pointer outlives `render(_:options:rewriteLink:)`: the tree is parsed, walked, adjusted
/// (heading anchors, callouts, `table` blocks, rewritten links), rendered and freed inside it.
public struct MarkdownDocument: Sendable {
    /// The HTML body cmark produced, as UTF-8: it goes into the page as it is (making a `String` of
    /// it checked every byte again, a few per cent of a build).
    public var htmlBytes: [UInt8]
    /// `htmlBytes` as text.
    public var html: String {
        get { String(decoding: htmlBytes, as: UTF8.self) }
        set { htmlBytes = Array(newValue.utf8) }
    }
    /// Every heading, in document order, with its unique anchor id.
    public var headings: [Heading]
    /// Every link and image destination as the author wrote it.
    public var links: [LinkReference] {
        didSet { anchorLinks = Self.withFragment(links) }
    }
    /// The links whose destination names a fragment (`#…`): all that the anchor check reads, found
    /// once rather than in every build (a handbook has tens of thousands of links).
    public private(set) var anchorLinks: [LinkReference]
    /// The plain text of the document, cut at each heading (for search).
    public var sections: [TextSection]
    /// Places where the author wrote syntax that plain CommonMark shows as text.
    public var syntaxWarnings: [SyntaxWarning]

    /// A document from parts already rendered (e.g. read back from the build cache).
    public init(
        html: String, headings: [Heading] = [], links: [LinkReference] = [], sections: [TextSection] = [],
        syntaxWarnings: [SyntaxWarning] = []
    ) {
        self.init(
            htmlBytes: Array(html.utf8), headings: headings, links: links, sections: sections,
            syntaxWarnings: syntaxWarnings)
    }

    public init(
        htmlBytes: [UInt8], headings: [Heading] = [], links: [LinkReference] = [], sections: [TextSection] = [],
        syntaxWarnings: [SyntaxWarning] = []
    ) {
        self.htmlBytes = htmlBytes
        self.headings = headings
        self.links = links
        anchorLinks = Self.withFragment(links)
        self.sections = sections
        self.syntaxWarnings = syntaxWarnings
    }

    private static func withFragment(_ links: [LinkReference]) -> [LinkReference] {
        links.filter { $0.destination.utf8.contains(UInt8(ascii: "#")) }
    }

    /// Parses and renders `source`.
    ///
    /// - Parameter rewriteLink: called with every link and image destination; a non-nil result
    ///   replaces the destination in the output.
    public static func render(
        _ source: String,
        options: MarkdownOptions = MarkdownOptions(),
        rewriteLink: (LinkReference) -> String? = { _ in nil }
    ) -> MarkdownDocument {
        // No CMARK_OPT_VALIDATE_UTF8: a Swift string is valid UTF-8 already (pages are checked when
        // they are read), and cmark's own pass over every byte of the handbook was wasted.
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.allowRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        // Parsed from the string's own bytes (cmark takes a length, not a NUL-terminated copy).
        var source = source
        let root: OpaquePointer = source.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return cmark_parse_document("", 0, cmarkOptions) }
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parse_document($0, buffer.count, cmarkOptions)
            }
        }
        defer { cmark_node_free(root) }

        var walker = TreeWalker(options: options, lines: SourceLines(source))
        walker.walk(root, rewriteLink: rewriteLink)
        walker.applyChanges()

        let html = takeBytes(cmark_render_html(root, cmarkOptions))
        return MarkdownDocument(
            htmlBytes: html,
            headings: walker.headings,
            links: walker.links,
            sections: walker.sections.filter { !$0.textBytes.isEmpty || $0.headingID != nil },
            syntaxWarnings: walker.syntaxWarnings
        )
    }
}

/// Settings for one rendering.
public struct MarkdownOptions: Sendable {
    /// Keep raw HTML and unsafe links instead of cmark's safe mode.
    public var allowRawHTML: Bool
    /// The label shown at the top of each kind of callout (`> [!WARNING]`).
    public var calloutTitles: [CalloutKind: String]

    public init(allowRawHTML: Bool = false, calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles) {
        self.allowRawHTML = allowRawHTML
        self.calloutTitles = calloutTitles
    }
}

/// A heading with the anchor id the output gives it.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var line: Int

    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
    }
}

/// A link or image destination and where it was written.
public struct LinkReference: Sendable, Equatable {
    public var destination: String
    public var line: Int
    public var column: Int
    public var isImage: Bool

    public init(destination: String, line: Int, column: Int, isImage: Bool) {
        self.destination = destination
        self.line = line
        self.column = column
        self.isImage = isImage
    }
}

/// The text under one heading (or before the first one, where `headingID` is nil).
public struct TextSection: Sendable, Equatable {
    public var headingID: String?
    public var heading: String
    /// The text as UTF-8, as cmark gave it: the search index takes it as it is.
    public var textBytes: [UInt8]
    public var text: String {
        get { String(decoding: textBytes, as: UTF8.self) }
        set { textBytes = Array(newValue.utf8) }
    }

    public init(headingID: String?, heading: String, text: String) {
        self.init(headingID: headingID, heading: heading, textBytes: Array(text.utf8))
    }

    public init(headingID: String?, heading: String, textBytes: [UInt8]) {
        self.headingID = headingID
        self.heading = heading
        self.textBytes = textBytes
    }
}

/// Syntax that plain CommonMark renders as literal text, e.g. a GFM pipe table.
public struct SyntaxWarning: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Takes ownership of a string cmark allocated: its bytes, and it is freed.
func takeBytes(_ pointer: UnsafeMutablePointer<CChar>?) -> [UInt8] {
    guard let pointer else { return [] }
    defer { free(pointer) }
    return Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
}

/// Reads a string cmark owns (not to be freed by the caller).
func borrowedString(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}
