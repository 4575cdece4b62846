import CCmark
import Foundation

/// One pass over a cmark tree that records headings, links and text, then applies the changes the
/// handbook makes to plain CommonMark: heading ids, callouts and `table` blocks.
struct TreeWalker {
    let options: MarkdownOptions
    let lines: SourceLines

    private(set) var headings: [Heading] = []
    private(set) var links: [LinkReference] = []
    private(set) var sections: [TextSection] = [TextSection(headingID: nil, heading: "", text: "")]
    private(set) var syntaxWarnings: [SyntaxWarning] = []

    private var anchors = HeadingAnchors()
    /// The text of the heading being walked, as UTF-8 (cmark has checked it), while inside one.
    private var headingText: [UInt8]?
    /// The text of the current section so far, as UTF-8: made a `String` once, when the section
    /// ends (a `String` per text node, each checked and appended, was half of the walk).
    private var sectionText: [UInt8] = []
    private var headingNodes: [(node: OpaquePointer, heading: Heading)] = []
    private var callouts: [(node: OpaquePointer, kind: CalloutKind, marker: OpaquePointer)] = []
    private var tables: [(node: OpaquePointer, rows: [[String]])] = []
    private var skippedText: Set<OpaquePointer> = []

    init(options: MarkdownOptions, lines: SourceLines) {
        self.options = options
        self.lines = lines
    }

    mutating func walk(_ root: OpaquePointer, rewriteLink: (LinkReference) -> String?) {
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let entering = event == CMARK_EVENT_ENTER
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                if entering { headingText = [] } else { finishHeading(node) }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if skippedText.isEmpty || !skippedText.contains(node) { appendText(cString: cmark_node_get_literal(node)) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                appendText(headingText == nil ? "\n" : " ")
            case CMARK_NODE_CODE_BLOCK:
                visitCodeBlock(node)
            case CMARK_NODE_PARAGRAPH:
                if entering { checkPlainCommonMark(node) } else { appendText("\n") }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if entering { visitLink(node, rewriteLink: rewriteLink) }
            case CMARK_NODE_BLOCK_QUOTE:
                if entering { detectCallout(node) }
            default:
                break
            }
        }
        endSection()
    }

    /// Replaces headings, callouts and table blocks by custom blocks carrying the generator's HTML.
    mutating func applyChanges() {
        // Every heading's markup written as bytes into two buffers, handed to cmark as they are.
        var enter: [UInt8] = []
        var exit: [UInt8] = []
        for (node, heading) in headingNodes {
            let level = UInt8(ascii: "0") + UInt8(heading.level)  // 1 to 6
            enter.removeAll(keepingCapacity: true)
            enter += "<h".utf8
            enter.append(level)
            enter += " id=\"".utf8
            HTMLEscaping.appendEscaped(heading.id, to: &enter)
            enter += "\">\0".utf8
            exit.removeAll(keepingCapacity: true)
            exit += "<a class=\"heading-anchor\" href=\"#".utf8
            HTMLEscaping.appendEscaped(heading.id, to: &exit)
            exit += "\" aria-label=\"#\">#</a></h".utf8
            exit.append(level)
            exit += ">\0".utf8
            wrap(node, enter: enter, exit: exit)
        }
        for (node, kind, marker) in callouts {
            if let softbreak = cmark_node_next(marker), cmark_node_get_type(softbreak) == CMARK_NODE_SOFTBREAK {
                cmark_node_free(softbreak)
            }
            let paragraph = cmark_node_parent(marker)
            cmark_node_free(marker)
            if let paragraph, cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
            let title = HTMLEscaping.escape(options.calloutTitles[kind] ?? kind.rawValue)
            wrap(
                node,
                enter: "<div class=\"callout callout-\(kind.rawValue)\"><p class=\"callout-title\">\(title)</p>",
                exit: "</div>"
            )
        }
        for (node, rows) in tables {
            wrap(node, enter: Self.tableHTML(rows), exit: "")
        }
    }

    // MARK: - Visiting nodes

    private mutating func appendText(_ text: String) {
        if headingText != nil {
            headingText! += text.utf8
        } else {
            sectionText += text.utf8
        }
    }

    /// Appends text cmark owns, as its bytes.
    private mutating func appendText(cString: UnsafePointer<CChar>?) {
        guard let cString else { return }
        let bytes = UnsafeRawBufferPointer(start: cString, count: strlen(cString))
        if headingText != nil {
            headingText! += bytes
        } else {
            sectionText += bytes
        }
    }

    /// Gives the current section its text.
    private mutating func endSection() {
        // Copied at its size (an `Array` of the whole buffer would share it, with its spare
        // capacity, and the next section would grow a new one); the buffer stays for the next.
        sections[sections.count - 1].textBytes = sectionText.withUnsafeBufferPointer { Array($0) }
        sectionText.removeAll(keepingCapacity: true)
    }

    private mutating func finishHeading(_ node: OpaquePointer) {
        var text = String(decoding: headingText ?? [], as: UTF8.self).trimmingSpaces()
        headingText = nil
        let id: String
        if let (explicit, rest) = Self.explicitID(in: text) {
            text = rest
            id = anchors.reserve(explicit)
            if let last = cmark_node_last_child(node), cmark_node_get_type(last) == CMARK_NODE_TEXT {
                let literal = borrowedString(cmark_node_get_literal(last))
                if let range = literal.range(of: "{#", options: .backwards) {
                    cmark_node_set_literal(last, String(literal[..<range.lowerBound]).trimmingSpaces())
                }
            }
        } else {
            id = anchors.id(for: text)
        }
        let heading = Heading(
            level: Int(cmark_node_get_heading_level(node)), text: text, id: id,
            line: Int(cmark_node_get_start_line(node)))
        headings.append(heading)
        headingNodes.append((node, heading))
        endSection()
        sections.append(TextSection(headingID: id, heading: text, textBytes: []))
    }

    /// `Title {#custom-id}` → ("custom-id", "Title").
    private static func explicitID(in text: String) -> (String, String)? {
        guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return nil }
        let id = text[open.upperBound..<text.index(before: text.endIndex)]
        guard !id.isEmpty, !id.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) else {
            return nil
        }
        return (String(id), String(text[..<open.lowerBound]).trimmingSpaces())
    }

    private mutating func visitCodeBlock(_ node: OpaquePointer) {
        let literal = borrowedString(cmark_node_get_literal(node))
        let info = borrowedString(cmark_node_get_fence_info(node)).trimmingSpaces()
        if info == "table" {
            let rows = literal.split(separator: "\n").map { line in
                line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            }.map { cells in
                // A row written with outer pipes (`| a | b |`) has empty first and last cells.
                var cells = cells
                if cells.count > 1, cells.first == "" { cells.removeFirst() }
                if cells.count > 1, cells.last == "" { cells.removeLast() }
                return cells
            }.filter { !$0.allSatisfy(\.isEmpty) }
            tables.append((node, rows))
            appendText(rows.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n")
        } else {
            appendText(literal)
        }
    }

    private mutating func visitLink(_ node: OpaquePointer, rewriteLink: (LinkReference) -> String?) {
        let line = Int(cmark_node_get_start_line(node))
        let reference = LinkReference(
            destination: borrowedString(cmark_node_get_url(node)),
            line: line,
            column: lines.characterColumn(line: line, byteColumn: Int(cmark_node_get_start_column(node))),
            isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE
        )
        links.append(reference)
        if let rewritten = rewriteLink(reference) {
            cmark_node_set_url(node, rewritten)
        }
    }

    private mutating func detectCallout(_ node: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(node),
            cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
            let marker = cmark_node_first_child(paragraph),
            cmark_node_get_type(marker) == CMARK_NODE_TEXT,
            let kind = CalloutKind.parse(marker: borrowedString(cmark_node_get_literal(marker)))
        else { return }
        if let next = cmark_node_next(marker), cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK { return }
        callouts.append((node, kind, marker))
        skippedText.insert(marker)
    }

    /// Warns where an author wrote GitHub syntax that plain CommonMark leaves as text.
    private mutating func checkPlainCommonMark(_ node: OpaquePointer) {
        let start = Int(cmark_node_get_start_line(node))
        let end = Int(cmark_node_get_end_line(node))
        guard start <= end else { return }
        for line in start...end {
            if lines.isPipeTableDelimiter(line) {
                syntaxWarnings.append(
                    SyntaxWarning(
                        line: line, column: 1,
                        message: "pipe tables are not CommonMark and show as text; write a ```table block"))
                return
            }
        }
        if let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_ITEM,
            let first = cmark_node_first_child(node), cmark_node_get_type(first) == CMARK_NODE_TEXT
        {
            let literal = borrowedString(cmark_node_get_literal(first))
            if literal.hasPrefix("[ ]") || literal.hasPrefix("[x]") || literal.hasPrefix("[X]") {
                syntaxWarnings.append(
                    SyntaxWarning(
                        line: start, column: 1,
                        message: "task-list boxes are not CommonMark and show as text"))
            }
        }
    }

    // MARK: - Building HTML

    /// Moves `node`'s children into a custom block with the given HTML around them, in its place.
    private func wrap(_ node: OpaquePointer, enter: String, exit: String) {
        wrap(node, enter: Array(enter.utf8) + [0], exit: Array(exit.utf8) + [0])
    }

    /// `wrap` with the markup as NUL-terminated UTF-8.
    private func wrap(_ node: OpaquePointer, enter: [UInt8], exit: [UInt8]) {
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        enter.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_enter(block, $0.baseAddress) }
        }
        exit.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_exit(block, $0.baseAddress) }
        }
        while let child = cmark_node_first_child(node) {
            cmark_node_append_child(block, child)
        }
        cmark_node_replace(node, block)
        cmark_node_free(node)
    }

    private static func tableHTML(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var html = "<div class=\"table-wrap\"><table>\n<thead><tr>"
        for cell in header { html += "<th>\(HTMLEscaping.escape(cell))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows.dropFirst() {
            html += "<tr>"
            for index in header.indices {
                html += "<td>\(HTMLEscaping.escape(index < row.count ? row[index] : ""))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>"
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        // Most text (every heading) neither starts nor ends with a space: its first and last
        // scalars tell, without breaking it into characters.
        if let first = unicodeScalars.first, let last = unicodeScalars.last, first.isPlainlyNotSpace,
            last.isPlainlyNotSpace
        {
            return String(self)
        }
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Unicode.Scalar {
    /// Printable ASCII, a CJK ideograph, CJK or full-width punctuation: no space, and never the tail
    /// of a character that starts with one (no combining mark).
    fileprivate var isPlainlyNotSpace: Bool {
        switch value {
        case 0x21...0x7E, 0x3001...0x3029, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
        default: false
        }
    }
}
