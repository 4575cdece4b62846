import Foundation
import Workspace


/// Where a document's line is in a written index script, so the next build can take it from there.
public struct SearchSpan: Sendable, Equatable {
    public var offset: Int
    public var length: Int
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

    /// The index as a script that assigns the global `opsbookSearchIndex`, loaded with a `<script>`
    /// tag (no `fetch`, so it works from `file://`).
    ///
    /// It is the text itself with as little around it as possible, so that it is no bigger than the
    /// text it covers: one document a line, its passages in one string.
    ///
    ///     window.opsbookSearchIndex={v:2,docs:[
    ///     ["after-sales/returns","七天无理由退货",0,"␜␟text␞heading␟text␞…"],
    ///     ["x","标题",1,"…",{"2":"seven-days"}],
    ///     …],labels:["售后",…]};
    ///
    /// URLs leave out `.html` (see `shortURL`). The third value indexes `labels`. In the passages string (control characters, which
    /// JavaScript strings may hold as they are) ␞ (U+1E) ends a passage and ␟ (U+1F) ends its
    /// heading; a heading ␜ (U+1C) repeats the title, one starting with ␝ (U+1D) has no anchor
    /// (the text before the first heading). search.js derives each anchor from its heading (`DerivedAnchors`) except those in
    /// the optional fifth value, by passage number. Texts have their white space collapsed.
    public var script: String {
        let pieces = scriptPieces().pieces
        return String(decoding: pieces.flatMap { piece -> [UInt8] in
            if case .bytes(let bytes) = piece { return bytes }
            return []
        }, as: UTF8.self)
    }

    /// For each document, the key of its line: the caller's key for the document (nil: none)
    /// combined with the number of its section label.
    public func lineKeys(_ keys: [UInt64?]) -> [UInt64?] {
        let numbers = labelNumbers().perDocument
        return documents.indices.map { index -> UInt64? in
            guard index < keys.count, let key = keys[index] else { return nil }
            var hash = StableHash()
            hash.combine(Int(Int64(bitPattern: key)))
            hash.combine(numbers[index])
            return hash.value
        }
    }

    /// The section labels in order of first use, and each document's label number.
    private func labelNumbers() -> (labels: [String], perDocument: [Int]) {
        var labels: [String] = []
        var numbers: [String: Int] = [:]
        let perDocument = documents.map { document in
            numbers[document.sectionLabel] ?? {
                labels.append(document.sectionLabel)
                numbers[document.sectionLabel] = labels.count - 1
                return labels.count - 1
            }()
        }
        return (labels, perDocument)
    }

    /// `script` as UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - lineKeys: from `lineKeys(_:)`; a document whose key is in `reusable` is not written again
    ///     but copied from where that span is in the previous index file.
    /// - Returns: the script as pieces to write (new bytes, or ranges of the previous file; lines
    ///   that followed each other there are copied as one range), and where each keyed document's
    ///   line is in it, for the next build.
    public func scriptPieces(lineKeys: [UInt64?] = [], reusable: [UInt64: SearchSpan] = [:])
        -> (pieces: [FilePiece], spans: [UInt64: SearchSpan])
    {
        let (labels, documentLabels) = labelNumbers()
        let lineKeys = documents.indices.map { $0 < lineKeys.count ? lineKeys[$0] : nil }
        // Documents are written apart, in parallel: a 2,000-page handbook is megabytes of text.
        let lines = Array(documents.indices).parallelMap { index -> [UInt8]? in
            if let key = lineKeys[index], reusable[key] != nil { return nil }
            return Self.line(for: documents[index], label: documentLabels[index])
        }
        var pieces: [FilePiece] = []
        var pending: [UInt8] = []
        // Sized once: growing it line by line copied the whole index over and over (84 MB at 20,000 pages).
        pending.reserveCapacity(lines.reduce(4096) { $0 + ($1?.count ?? 0) + 2 })
        var offset = 0
        func add(_ bytes: some Collection<UInt8>) {
            pending.append(contentsOf: bytes)
            offset += bytes.count
        }
        let separator = [UInt8(ascii: ","), UInt8(ascii: "\n")]
        var textBytes = 0
        for number in documents.indices {
            textBytes += lineKeys[number].flatMap { reusable[$0]?.textBytes } ?? documents[number].textBytes
        }
        add("/* opsbook search index: \(documents.count) documents, \(textBytes) bytes of text. */\n".utf8)
        add("window.opsbookSearchIndex={v:2,docs:[\n".utf8)
        var spans: [UInt64: SearchSpan] = [:]
        for number in documents.indices {
            let key = lineKeys[number]
            guard let old = key.flatMap({ reusable[$0] }) else {
                if number > 0 { add(separator) }
                if let key { spans[key] = SearchSpan(offset: offset, length: lines[number]!.count, textBytes: documents[number].textBytes) }
                add(lines[number]!)
                continue
            }
            if number > 0, pending.isEmpty, case .range(let start, let length)? = pieces.last, start + length + 2 == old.offset {
                // The line followed the last one copied in the old file, after the same separator.
                pieces[pieces.count - 1] = .range(offset: start, length: length + 2 + old.length)
                offset += 2
            } else {
                if number > 0 { add(separator) }
                if !pending.isEmpty { pieces.append(.bytes(pending)) }
                pending = []
                pieces.append(.range(offset: old.offset, length: old.length))
            }
            spans[key!] = SearchSpan(offset: offset, length: old.length, textBytes: old.textBytes)
            offset += old.length
        }
        add("],labels:[".utf8)
        for (number, label) in labels.enumerated() {
            if number > 0 { add([UInt8(ascii: ",")]) }
            var literal: [UInt8] = []
            Self.appendLiteral(Array(label.utf8), to: &literal)
            add(literal)
        }
        add("]};\n".utf8)
        if !pending.isEmpty { pieces.append(.bytes(pending)) }
        return (pieces, spans)
    }

    private static func line(for document: SearchDocument, label: Int) -> [UInt8] {
        var passages: [UInt8] = []
        passages.reserveCapacity(document.passages.reduce(0) { $0 + $1.heading.utf8.count + $1.text.utf8.count + 3 })
        var givenAnchors: [(Int, String)] = []
        var derived = DerivedAnchors()
        for (position, passage) in document.passages.enumerated() {
            if position > 0 { passages.append(UInt8(passageEnd.value)) }
            if let anchor = passage.anchor {
                // The heading as search.js will read it, from which it derives the anchor.
                let repeatsTitle = passage.heading == document.title
                let heading = repeatsTitle ? document.title : collapsingWhitespace(passage.heading)
                if !derived.next(for: heading, actual: anchor) { givenAnchors.append((position, anchor)) }
                if repeatsTitle { passages.append(UInt8(titleHeading.value)) } else { passages += Array(heading.utf8) }
            } else {
                passages.append(UInt8(noHeading.value))
                appendCollapsed(passage.heading, to: &passages)
            }
            passages.append(UInt8(headingEnd.value))
            appendCollapsed(passage.text, to: &passages)
        }
        var out: [UInt8] = [UInt8(ascii: "[")]
        appendLiteral(Array(shortURL(document.url).utf8), to: &out)
        out.append(UInt8(ascii: ","))
        appendLiteral(Array(document.title.utf8), to: &out)
        out += Array(",\(label),".utf8)
        appendLiteral(passages, to: &out)
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

    /// `url` without `.html`, which search.js adds back to a path whose last part has no dot.
    static func shortURL(_ url: String) -> String {
        guard url.hasSuffix(".html") else { return url }
        let short = url.dropLast(5)
        guard let last = short.split(separator: "/", omittingEmptySubsequences: false).last,
            !last.isEmpty, !last.contains(".")
        else { return url }
        return String(short)
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
    static func appendCollapsed(_ text: String, to out: inout [UInt8]) {
        var pendingSpace = false
        var pendingBreak = false
        var previousIsWide: Bool?
        var text = text
        text.withUTF8 { utf8 in
            // Runs of characters other than white space are copied whole; a character is decoded
            // only where it might be white space or where its width decides a space.
            func scalar(at index: Int) -> (value: UInt32, end: Int) {
                let lead = utf8[index]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let end = min(index + length, utf8.count)
                var value = UInt32(lead)
                if length > 1 {
                    value &= lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07
                    for continuation in utf8[(index + 1)..<end] { value = value << 6 | UInt32(continuation & 0x3F) }
                }
                return (value, end)
            }
            var runStart = -1
            var lastStart = 0
            var index = 0
            while index < utf8.count {
                let lead = utf8[index]
                let isSpace: Bool
                let end: Int
                if lead >= 0x21 && lead < 0x7F {
                    (isSpace, end) = (false, index + 1)
                } else if lead < 0x80 || lead == 0xC2 || (lead >= 0xE1 && lead <= 0xE3) {
                    // Control characters go too: the passages string uses some as separators.
                    let (value, next) = scalar(at: index)
                    (isSpace, end) = (value < 0x21 || value == 0x7F || (value >= 0x80 && isWhitespace(value)), next)
                    if value == 0x0A || value == 0x0D { pendingBreak = true }
                } else {
                    (isSpace, end) = (false, scalar(at: index).end)
                }
                if isSpace {
                    if runStart >= 0 {
                        out.append(contentsOf: utf8[runStart..<index])
                        previousIsWide = isWide(scalar(at: lastStart).value)
                        runStart = -1
                    }
                    pendingSpace = true
                } else {
                    if runStart < 0 {
                        if pendingSpace, let previousIsWide,
                            !(pendingBreak && (previousIsWide || isWide(scalar(at: index).value)))
                        {
                            out.append(0x20)
                        }
                        pendingSpace = false
                        pendingBreak = false
                        runStart = index
                    }
                    lastStart = index
                }
                index = end
            }
            if runStart >= 0 { out.append(contentsOf: utf8[runStart..<utf8.count]) }
        }
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
        // Bytes that need nothing are copied a run at a time.
        var run = 0
        var index = 0
        func escape(_ replacement: StaticString, skipping extra: Int = 0) {
            out.append(contentsOf: text[run..<index])
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            index += extra
            run = index + 1
        }
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\""): escape("\\\"")
            case UInt8(ascii: "\\"): escape("\\\\")
            case 0x0A: escape("\\n")
            case 0..<0x1C:
                out.append(contentsOf: text[run..<index])
                out.append(contentsOf: String(format: "\\u%04x", text[index]).utf8)
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
        out.append(contentsOf: text[run...])
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
    private var used: [String: Int] = [:]
    private var taken: Set<String> = []

    /// Whether search.js derives `actual` for the next heading; records the id either way, as
    /// search.js does.
    mutating func next(for heading: String, actual: String) -> Bool {
        guard let slug = Self.slug(heading) else {
            taken.insert(actual)
            return false
        }
        let base = slug.isEmpty ? "section" : slug
        var candidate = base
        var counter = used[base, default: 0]
        while taken.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        guard candidate == actual else {
            taken.insert(actual)
            return false
        }
        used[base] = counter
        taken.insert(candidate)
        return true
    }

    /// The slug of `heading`, or nil when it holds a character whose case or class JavaScript's
    /// `\p{L}` / `\p{N}` might see differently from Swift.
    static func slug(_ heading: String) -> String? {
        var slug = String.UnicodeScalarView()
        for scalar in heading.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0xFF21...0xFF3A:
                slug.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x20, 0x09:
                slug.append("-")
            case 0x30...0x39, 0x61...0x7A, 0x2D, 0x5F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF10...0xFF19, 0xFF41...0xFF5A:
                slug.append(scalar)
            // Punctuation both drop: ASCII, general (—, “”, …), CJK (、。《》【】) and full-width (,:!).
            case 0x21...0x7E, 0xB7, 0x2010...0x2027, 0x3000...0x3004, 0x3008...0x3011, 0x3014...0x301F,
                0xFF01...0xFF5E:
                break
            default:
                return nil
            }
        }
        return String(slug)
    }
}
