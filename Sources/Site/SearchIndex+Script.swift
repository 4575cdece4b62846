import Foundation
import Markdown
import Workspace


/// Where a document's line is in the index a build wrote, so the next build can take it from there.
public struct SearchLine: Sendable, Equatable {
    /// The part file (`SearchIndex.Part.path`).
    public var part: String
    /// Its place among the part's lines.
    public var number: Int
    public var textBytes: Int
}

extension SearchIndex {
    /// Between a passage's heading and its text, in a document's passages string.
    static let headingEnd: Unicode.Scalar = "\u{1F}"
    /// Between two passages.
    static let passageEnd: Unicode.Scalar = "\u{1E}"
    /// The heading of a passage that repeats the document's title (a page's `# 标题`).
    static let titleHeading: Unicode.Scalar = "\u{1C}"
    /// Starts the heading of a passage without an anchor (the text before a page's first heading).
    static let noHeading: Unicode.Scalar = "\u{1D}"

    /// The folder of the index's parts in the site.
    public static let partsFolder = "assets/search"

    /// One file of the index: a run of documents in reading order, named after what its lines are
    /// made of, so an unchanged part keeps its file (and a browser's cached copy stays right).
    ///
    /// The index is written in parts because a rebuild after one page changed then writes one part
    /// of a few hundred kilobytes, not an index of megabytes (84 MB at 20,000 pages).
    public struct Part: Sendable, Equatable {
        public var documents: Range<Int>
        public var key: UInt64

        /// The part's name: its key in 16 hexadecimal digits.
        public var name: String {
            let digits = String(key, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }

        /// Its file in the site.
        public var path: String { "\(SearchIndex.partsFolder)/\(name).js" }
    }

    /// The index as scripts (no `fetch`, so it works from `file://`): `assets/search-index.js`, which
    /// names the parts in order and holds the section labels, and the parts, each assigning its
    /// documents to `opsbookSearchParts[name]`; search.js loads them with `<script>` tags.
    ///
    /// They are the text itself with as little around it as possible, so that they are no bigger
    /// than the text they cover: one document a line, its passages in one string.
    ///
    ///     /* opsbook search index: 2 documents, 1234 bytes of text. */
    ///     window.opsbookSearchIndex={v:3,parts:["0123456789abcdef"],labels:["售后",…]};
    ///
    ///     /* opsbook search index part: 2 documents */
    ///     (window.opsbookSearchParts=window.opsbookSearchParts||{})["0123456789abcdef"]=[
    ///     ["after-sales/returns","七天无理由退货",0,"␜␟text␞heading␟text␞…"],
    ///     ["x","标题",1,"…",{"2":"seven-days"}],
    ///     ];
    ///
    /// URLs leave out `.html` (see `shortURL`). The third value indexes `labels`. In the passages
    /// string (control characters, which JavaScript strings may hold as they are) ␞ (U+1E) ends a
    /// passage and ␟ (U+1F) ends its heading; a heading ␜ (U+1C) repeats the title, one starting
    /// with ␝ (U+1D) has no anchor (the text before the first heading). search.js derives each
    /// anchor from its heading (`DerivedAnchors`) except those in the optional fifth value, by
    /// passage number. Texts have their white space collapsed.
    ///
    /// - Returns: every file, by its path in the site (every document's text must be there).
    public func scriptFiles() -> [String: [UInt8]] {
        let labels = labelNumbers()
        let lines = documents.indices.map { Self.line(for: documents[$0], label: labels.perDocument[$0]) }
        let parts = parts(lineKeys: [], lines: lines)
        var files: [String: [UInt8]] = [SearchIndex.path: manifest(parts: parts, labels: labels.labels, textBytes: textBytes)]
        for part in parts { files[part.path] = Self.partScript(part, lines: part.documents.map { lines[$0][...] }) }
        return files
    }

    /// For each document, the key of its line: the caller's key for the document (nil: none)
    /// combined with the number of its section label (`labels`, from `labelNumbers()`).
    public func lineKeys(_ keys: [UInt64?], labels numbers: [Int]) -> [UInt64?] {
        documents.indices.map { index -> UInt64? in
            guard index < keys.count, let key = keys[index] else { return nil }
            var hash = StableHash()
            hash.combine(Int(Int64(bitPattern: key)))
            hash.combine(numbers[index])
            return hash.value
        }
    }

    /// The section labels in order of first use, and each document's label number.
    func labelNumbers() -> (labels: [String], perDocument: [Int]) {
        var labels: [String] = []
        var numbers: [String: Int] = [:]
        // Neighbours mostly share their label (a section's pages, the day sheets): compared before
        // it is hashed.
        var previous: (label: String, number: Int)?
        let perDocument = documents.map { document in
            if let previous, previous.label == document.sectionLabel { return previous.number }
            let number =
                numbers[document.sectionLabel] ?? {
                    labels.append(document.sectionLabel)
                    numbers[document.sectionLabel] = labels.count - 1
                    return labels.count - 1
                }()
            previous = (document.sectionLabel, number)
            return number
        }
        return (labels, perDocument)
    }

    /// The document's line: what a part holds for it.
    func line(for index: Int, labels: [Int]) -> [UInt8] {
        Self.line(for: documents[index], label: labels[index])
    }

    /// The documents cut into parts: a part ends after a document whose URL hashes to a multiple
    /// of a modulus (about one in 32 of the documents, one in 8 at least), so adding, removing or
    /// changing a page moves no cut but at that page. Each part is keyed by its documents' line
    /// keys, or for a document without one (`lineKeys[i]` nil) by its line, which `lines` holds.
    public func parts(lineKeys: [UInt64?], lines: [[UInt8]?]) -> [Part] {
        guard !documents.isEmpty else { return [] }
        var modulus: UInt64 = 8
        while modulus * 32 < UInt64(documents.count) { modulus *= 2 }
        var parts: [Part] = []
        var start = 0
        var key = StableHash()
        for index in documents.indices {
            if index < lineKeys.count, let lineKey = lineKeys[index] {
                key.combine(Int(Int64(bitPattern: lineKey)))
            } else {
                key.combine(bytes: lines[index] ?? [])
            }
            var url = StableHash()
            url.combine(documents[index].url)
            // FNV's low bits alone are weak: its high half is folded in.
            if (url.value ^ url.value >> 32) % modulus == 0 || index == documents.count - 1 {
                parts.append(Part(documents: start..<(index + 1), key: key.value))
                start = index + 1
                key = StableHash()
            }
        }
        return parts
    }

    /// `assets/search-index.js` for `parts`, with the size of the text they cover in a comment.
    public func manifest(parts: [Part], labels: [String], textBytes: Int) -> [UInt8] {
        Self.manifest(documentCount: documents.count, parts: parts, labels: labels, textBytes: textBytes)
    }

    /// `manifest(parts:labels:textBytes:)` for an index of `documentCount` documents.
    static func manifest(documentCount: Int, parts: [Part], labels: [String], textBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out += "/* opsbook search index: \(documentCount) documents, \(textBytes) bytes of text. */\n".utf8
        out += "window.opsbookSearchIndex={v:3,parts:[".utf8
        for (number, part) in parts.enumerated() {
            if number > 0 { out.append(UInt8(ascii: ",")) }
            out += "\"\(part.name)\"".utf8
        }
        out += "],labels:[".utf8
        for (number, label) in labels.enumerated() {
            if number > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendLiteral(Array(label.utf8), to: &out)
        }
        out += "]};\n".utf8
        return out
    }

    /// A part's file, given its documents' lines in order.
    public static func partScript(_ part: Part, lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(256) { $0 + $1.count + 2 })
        out += "/* opsbook search index part: \(lines.count) documents */\n".utf8
        out += "(window.opsbookSearchParts=window.opsbookSearchParts||{})[\"\(part.name)\"]=[\n".utf8
        for line in lines {
            out += line
            out += ",\n".utf8
        }
        out += "];\n".utf8
        return out
    }

    /// The documents' lines of a file `partScript` wrote, in order; nil when it is not one.
    public static func partLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        // A line holds no line break of its own: texts are literals, with `\n` escaped. Line
        // breaks found with `memchr`: a part is hundreds of kilobytes of text.
        var rows: [ArraySlice<UInt8>] = []
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start <= buffer.count {
                let found = start < buffer.count ? memchr(base + start, 0x0A, buffer.count - start) : nil
                let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                rows.append(bytes[start..<end])
                start = end + 1
            }
        }
        guard rows.count >= 4, rows[rows.count - 1].isEmpty, rows[rows.count - 2].elementsEqual("];".utf8) else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        for row in rows[2..<(rows.count - 2)] {
            guard row.last == UInt8(ascii: ",") else { return nil }
            lines.append(row.dropLast())
        }
        return lines
    }

    private static func line(for document: SearchDocument, label: Int) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(
            document.passages.reduce(256 + (document.written?.bytes.count ?? 0)) { $0 + $1.heading.utf8.count + $1.textBytes.count + 3 })
        appendLiteral(Array(shortURL(document.url).utf8), to: &out)
        out.append(UInt8(ascii: ","))
        appendLiteral(Array(document.title.utf8), to: &out)
        out += Array(",\(label),".utf8)
        // The passages string is written straight into its literal, collapsed and escaped in one
        // pass: once white space is collapsed, `"` and `\` are all that is left to escape.
        out.append(UInt8(ascii: "\""))
        if let written = document.written { out += written.bytes }
        var givenAnchors: [(Int, String)] = []
        var derived = DerivedAnchors()
        for (position, passage) in document.passages.enumerated() {
            if position > 0 { out.append(UInt8(passageEnd.value)) }
            if let anchor = passage.anchor {
                // The heading as search.js will read it, from which it derives the anchor.
                let repeatsTitle = passage.heading == document.title
                let heading = repeatsTitle ? document.title : collapsingWhitespace(passage.heading)
                if !derived.next(for: heading, actual: anchor) { givenAnchors.append((position, anchor)) }
                if repeatsTitle {
                    out.append(UInt8(titleHeading.value))
                } else {
                    var heading = heading
                    heading.withUTF8 { appendQuoteEscaped($0, to: &out) }
                }
            } else {
                out.append(UInt8(noHeading.value))
                appendCollapsed(passage.heading, to: &out, escapingQuotes: true)
            }
            out.append(UInt8(headingEnd.value))
            passage.textBytes.withUnsafeBufferPointer { appendCollapsed(utf8: $0, to: &out, escapingQuotes: true) }
        }
        out.append(UInt8(ascii: "\""))
        if !givenAnchors.isEmpty {
            out += Array(",{".utf8)
            for (index, (position, anchor)) in givenAnchors.enumerated() {
                out += Array((index > 0 ? ",\"\(position)\":" : "\"\(position)\":").utf8)
                appendLiteral(Array(anchor.utf8), to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// Appends `bytes` with `"` and `\` escaped for a JavaScript string literal: all a collapsed
    /// text needs (its control characters and line separators are gone).
    private static func appendQuoteEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            out.append(UInt8(ascii: "\\"))
            run = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
    }

    /// `url` without `.html`, which search.js adds back to a path whose last part has no dot.
    static func shortURL(_ url: String) -> String {
        guard url.hasSuffix(".html") else { return url }
        if let short = shortASCII(url) { return short }
        let short = url.dropLast(5)
        guard let last = short.split(separator: "/", omittingEmptySubsequences: false).last,
            !last.isEmpty, !last.contains(".")
        else { return url }
        return String(short)
    }

    /// `shortURL` for an ASCII `url` ending in `.html`, read as bytes (each is a character then):
    /// splitting the path as characters cost more than the rest of a day sheet's line. Nil when
    /// `url` is not ASCII.
    private static func shortASCII(_ url: String) -> String? {
        var copy = url
        return copy.withUTF8 { bytes -> String? in
            let short = bytes.count - 5
            var lastStart = 0
            for index in 0..<short {
                let byte = bytes[index]
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: "/") { lastStart = index + 1 }
            }
            let last = UnsafeBufferPointer(rebasing: bytes[lastStart..<short])
            guard !last.isEmpty, !last.contains(UInt8(ascii: ".")) else { return url }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<short]), as: UTF8.self)
        }
    }

    /// `text` with each run of white space made one space, and dropped where a line break falls
    /// next to a Chinese character (authors wrap long lines; 退货\n退款 must match 退货退款).
    static func collapsingWhitespace(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendCollapsed(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` collapsed as `collapsingWhitespace` says, as UTF-8; works on bytes because
    /// an index holds megabytes of text.
    static func appendCollapsed(_ text: String, to out: inout [UInt8], escapingQuotes: Bool = false) {
        // A native string's bytes are read in place: a copy to make them contiguous is rarely needed.
        if text.utf8.withContiguousStorageIfAvailable({ appendCollapsed(utf8: $0, to: &out, escapingQuotes: escapingQuotes) }) == nil {
            var text = text
            text.withUTF8 { appendCollapsed(utf8: $0, to: &out, escapingQuotes: escapingQuotes) }
        }
    }

    /// `appendCollapsed` for text given as its UTF-8 bytes (valid UTF-8).
    static func appendCollapsed(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], escapingQuotes: Bool = false) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        // Leading bytes that need no look are one run; a text that is nothing else (most titles)
        // is copied whole.
        var index = plainPrefix(utf8, quotes: escapingQuotes)
        if index == count {
            if count > 0 { out.append(contentsOf: utf8) }
            return
        }
        var pendingSpace = false
        var pendingBreak = false
        var previousIsWide: Bool?
        // The start of the text read but not yet appended: -1 between runs of characters other
        // than white space, which are copied whole.
        var runStart = index > 0 ? 0 : -1
        func scalar(at index: Int) -> (value: UInt32, end: Int) {
            let lead = utf8[index]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            let end = min(index + length, count)
            var value = UInt32(lead)
            if length > 1 {
                value &= lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07
                for continuation in utf8[(index + 1)..<end] { value = value << 6 | UInt32(continuation & 0x3F) }
            }
            return (value, end)
        }
        func beginRun(at index: Int) {
            if pendingSpace, let previousIsWide, !(pendingBreak && (previousIsWide || isWide(scalar(at: index).value))) {
                out.append(0x20)
            }
            pendingSpace = false
            pendingBreak = false
            runStart = index
        }
        while index < count {
            if runStart >= 0 {
                // Inside a run, eight bytes at a time while none of them needs a look (most of
                // a Chinese text).
                while index + 8 <= count,
                    !Self.needsLook(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self), quotes: escapingQuotes)
                {
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = utf8[index]
            if byte >= 0x21 && byte < 0x7F {
                if runStart < 0 { beginRun(at: index) }
                if escapingQuotes, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    out.append(UInt8(ascii: "\\"))
                    runStart = index
                }
                index += 1
            } else if byte >= 0x80 && byte < 0xC0 {
                index += 1  // a continuation byte, inside a run
            } else if byte >= 0x80 && byte != 0xC2 && !(byte >= 0xE1 && byte <= 0xE3) {
                // The lead of a character that is never white space; its continuation bytes follow.
                if runStart < 0 { beginRun(at: index) }
                index += 1
            } else {
                // Control characters go too: the passages string uses some as separators.
                let (value, next) = scalar(at: index)
                if value == 0x0A || value == 0x0D { pendingBreak = true }
                if value < 0x21 || value == 0x7F || (value >= 0x80 && isWhitespace(value)) {
                    if runStart >= 0 {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                        // The run's last character, found back from its end.
                        var last = index - 1
                        while last > runStart, utf8[last] & 0xC0 == 0x80 { last -= 1 }
                        previousIsWide = isWide(scalar(at: last).value)
                        runStart = -1
                    }
                    pendingSpace = true
                } else if runStart < 0 {
                    beginRun(at: index)
                }
                index = next
            }
        }
        if runStart >= 0 { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
    }

    /// How many of the first bytes of `utf8` surely need no look (see `needsLook`): whole words
    /// of eight, and the rest when it is the end of the text.
    @inline(__always)
    private static func plainPrefix(_ utf8: UnsafeBufferPointer<UInt8>, quotes: Bool) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        let count = utf8.count
        var index = 0
        while index + 8 <= count {
            guard !needsLook(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self), quotes: quotes) else { return index }
            index += 8
        }
        guard index < count else { return index }
        // The tail: the last eight bytes (read again in part), or the text padded with letters,
        // which need no look.
        var tail: UInt64 = 0x4141_4141_4141_4141
        if count >= 8 {
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            withUnsafeMutableBytes(of: &tail) { tail in
                for offset in 0..<count { tail[offset] = utf8[offset] }
            }
        }
        return needsLook(tail, quotes: quotes) ? index : count
    }

    /// Whether one of the eight bytes in `word` may be white space or the start of it (below
    /// U+0021, U+007F, a lead of U+0080…U+00BF or of U+0800…U+3FFF), or a quote or backslash to
    /// escape when `quotes`; exact for none, as the bit tricks for "a byte below n" are.
    private static func needsLook(_ word: UInt64, quotes: Bool) -> Bool {
        func hasByteBelow(_ word: UInt64, _ limit: UInt64) -> Bool {
            (word &- 0x0101_0101_0101_0101 &* limit) & ~word & 0x8080_8080_8080_8080 != 0
        }
        func hasByte(_ word: UInt64, _ byte: UInt64) -> Bool { hasByteBelow(word ^ (0x0101_0101_0101_0101 &* byte), 1) }
        if hasByteBelow(word, 0x21) || hasByte(word, 0x7F) || hasByte(word, 0xC2)
            || hasByteBelow(word ^ 0xE0E0_E0E0_E0E0_E0E0, 4)
        {
            return true
        }
        return quotes && (hasByte(word, 0x22) || hasByte(word, 0x5C))
    }

    private static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Han characters and full-width punctuation, beside which a line break is not a space.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0x20000...0x3FFFF: true
        default: false
        }
    }

    /// Appends `text` as a double-quoted JavaScript string literal; U+1C…U+1F stay as they are.
    static func appendLiteral(_ text: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendLiteral(Array(text.utf8), to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends UTF-8 `text` as a double-quoted JavaScript string literal.
    static func appendLiteral(_ text: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        text.withUnsafeBufferPointer { text in
            // Bytes that need nothing are copied a run at a time.
            var run = 0
            var index = 0
            func escape(_ replacement: StaticString, skipping extra: Int = 0) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index]))
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += extra
                run = index + 1
            }
            while index < text.count {
                let byte = text[index]
                // Nearly every byte is text: one comparison each for those.
                if byte >= 0x1C, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0xE2 {
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): escape("\\\"")
                case UInt8(ascii: "\\"): escape("\\\\")
                case 0x0A: escape("\\n")
                case 0..<0x1C:
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index]))
                    out.append(contentsOf: String(format: "\\u%04x", byte).utf8)
                    run = index + 1
                // U+2028 and U+2029 end a line in older JavaScript engines.
                case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && text[index + 2] == 0xA8:
                    escape("\\u2028", skipping: 2)
                case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && text[index + 2] == 0xA9:
                    escape("\\u2029", skipping: 2)
                default: break
                }
                index += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The heading ids search.js can work out from the heading texts, so the index need not carry them.
///
/// It mirrors, for the characters where Swift and JavaScript agree, what `HeadingAnchors` does and
/// what search.js does for a heading whose anchor the index leaves out: the slug (lowercased; space and tab become `-`;
/// letters, digits, `-` and `_` kept; the rest dropped), `section` when empty, then `-1`, `-2` …
/// when the page already has that id. Any other heading keeps its id in the index.
struct DerivedAnchors {
    private var ids = AnchorRegistry()

    /// Whether search.js derives `actual` for the next heading; records the id either way, as
    /// search.js does.
    mutating func next(for heading: String, actual: String) -> Bool {
        guard let slug = Self.slug(heading) else {
            ids.take(actual)
            return false
        }
        let base = slug.isEmpty ? "section" : slug
        var candidate = base
        var counter = ids.counter(of: base)
        while ids.isTaken(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        guard AnchorRegistry.sameBytes(candidate, actual) else {
            ids.take(actual)
            return false
        }
        ids.setCounter(counter, of: base)
        ids.take(candidate)
        return true
    }

    /// The slug of `heading`, or nil when it holds a character whose case or class JavaScript's
    /// `\p{L}` / `\p{N}` might see differently from Swift.
    static func slug(_ heading: String) -> String? {
        slugBytes(heading).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `slug` as UTF-8.
    private static func slugBytes(_ heading: String) -> [UInt8]? {
        HeadingAnchors.slugBytes(heading) { scalar in
            switch scalar.value {
            // Full-width capitals become full-width small letters.
            case 0xFF21...0xFF3A: .replace(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF10...0xFF19, 0xFF41...0xFF5A: .keep
            // Punctuation both drop: general (—, “”, …), CJK (、。《》【】) and full-width (,:!).
            case 0xB7, 0x2010...0x2027, 0x3000...0x3004, 0x3008...0x3011, 0x3014...0x301F, 0xFF01...0xFF5E: .drop
            default: .refuse
            }
        }
    }
}
