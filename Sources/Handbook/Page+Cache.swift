import Markdown
import Workspace

extension Page {
    /// Appends the page, as `init(from:)` reads it back, to a build cache.
    func encode(to writer: inout ByteWriter) {
        writer.write(sourcePath)
        writer.write(outputPath)
        writer.write(title)
        writer.write(order)
        writer.write(summary)
        writer.write(tags)
        writer.write(Int(Int64(bitPattern: sourceHash)))
        // The body and its text are left out: they are the bulk of a page, and a page that did not
        // change keeps the previous build's output file and search entry anyway. The headings are
        // counted, so that a reader can leave them as they are (`Page.document` reads them).
        let headings = document.headings
        writer.writeCounted { writer in
            writer.write(headings.count)
            for heading in headings {
                writer.write(heading.level)
                writer.write(heading.text)
                writer.write(heading.id)
                writer.write(heading.line)
            }
        }
        // Only links with an anchor: the anchor check is all a cached page's links are read for.
        writer.write(document.anchorLinks.count)
        for link in document.anchorLinks {
            writer.write(link.destination)
            writer.write(link.line)
            writer.write(link.column)
            writer.write(link.isImage)
        }
        writer.write(document.syntaxWarnings.count)
        for warning in document.syntaxWarnings {
            writer.write(warning.line)
            writer.write(warning.column)
            writer.write(warning.message)
        }
    }

    /// Reads a page `encode(to:)` wrote.
    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        let sourcePath = try reader.readString()
        let outputPath = try reader.readString()
        let title = try reader.readString()
        let order = try reader.readOptionalInt()
        let summary = try reader.readOptionalString()
        let tags = try reader.readStrings()
        let sourceHash = UInt64(bitPattern: Int64(try reader.readInt()))
        var document = MarkdownDocument(html: "")
        // Checked now (a malformed cache is not used at all), read when asked for.
        let headings = try reader.readSlice()
        try Self.skipHeadings(headings)
        var links: [LinkReference] = []
        for _ in 0..<(try reader.readCount()) {
            links.append(
                LinkReference(
                    destination: try reader.readString(), line: try reader.readInt(), column: try reader.readInt(),
                    isImage: try reader.readBool()))
        }
        document.links = links
        for _ in 0..<(try reader.readCount()) {
            document.syntaxWarnings.append(
                SyntaxWarning(line: try reader.readInt(), column: try reader.readInt(), message: try reader.readString()))
        }
        var page = Page(
            sourcePath: sourcePath, outputPath: outputPath, title: title, order: order, summary: summary,
            tags: tags, document: document, bodyOmitted: true)
        page.sourceHash = sourceHash
        self.init(cached: page, storedHeadings: headings)
    }

    /// The headings `encode(to:)` wrote.
    static func readHeadings(_ bytes: ArraySlice<UInt8>) throws(ByteReader.Malformed) -> [Heading] {
        var reader = ByteReader(bytes)
        var headings: [Heading] = []
        for _ in 0..<(try reader.readCount()) {
            headings.append(
                Heading(
                    level: try reader.readInt(), text: try reader.readString(), id: try reader.readString(),
                    line: try reader.readInt()))
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
        return headings
    }

    /// Goes over the headings `encode(to:)` wrote without making their texts; throws where
    /// `readHeadings` would.
    private static func skipHeadings(_ bytes: ArraySlice<UInt8>) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        for _ in 0..<(try reader.readCount()) {
            _ = try reader.readInt()
            _ = try reader.readSlice()
            _ = try reader.readSlice()
            _ = try reader.readInt()
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }
}
