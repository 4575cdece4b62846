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
        var labels: [String] = []
        var labelNumbers: [String: Int] = [:]
        var out = "/* opsbook search index: \(documents.count) documents, \(textBytes) bytes of text. */\n"
        out += "window.opsbookSearchIndex={v:2,docs:[\n"
        for (number, document) in documents.enumerated() {
            let label = labelNumbers[document.sectionLabel] ?? {
                labels.append(document.sectionLabel)
                labelNumbers[document.sectionLabel] = labels.count - 1
                return labels.count - 1
            }()
            var passages = String.UnicodeScalarView()
            var givenAnchors: [(Int, String)] = []
            var derived = DerivedAnchors()
            for (position, passage) in document.passages.enumerated() {
                if position > 0 { passages.append(Self.passageEnd) }
                if let anchor = passage.anchor {
                    // The heading as search.js will read it, from which it derives the anchor.
                    let repeatsTitle = passage.heading == document.title
                    let heading = repeatsTitle ? document.title : Self.collapsingWhitespace(passage.heading)
                    if !derived.next(for: heading, actual: anchor) { givenAnchors.append((position, anchor)) }
                    if repeatsTitle { passages.append(Self.titleHeading) } else { passages += heading.unicodeScalars }
                } else {
                    passages.append(Self.noHeading)
                    passages += Self.collapsingWhitespace(passage.heading).unicodeScalars
                }
                passages.append(Self.headingEnd)
                passages += Self.collapsingWhitespace(passage.text).unicodeScalars
            }
            if number > 0 { out += ",\n" }
            out += "["
            Self.appendLiteral(Self.shortURL(document.url), to: &out)
            out += ","
            Self.appendLiteral(document.title, to: &out)
            out += ",\(label),"
            Self.appendLiteral(String(passages), to: &out)
            if !givenAnchors.isEmpty {
                out += ",{"
                for (index, (position, anchor)) in givenAnchors.enumerated() {
                    out += index > 0 ? ",\"\(position)\":" : "\"\(position)\":"
                    Self.appendLiteral(anchor, to: &out)
                }
                out += "}"
            }
            out += "]"
        }
        out += "],labels:["
        for (number, label) in labels.enumerated() {
            if number > 0 { out += "," }
            Self.appendLiteral(label, to: &out)
        }
        out += "]};\n"
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
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingBreak = false
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            // Control characters go too: the passages string uses some as separators.
            if scalar.properties.isWhitespace || scalar.value < 0x20 {
                pendingSpace = true
                if scalar == "\n" || scalar == "\r" { pendingBreak = true }
                continue
            }
            if pendingSpace, let previous {
                if !(pendingBreak && (isWide(previous) || isWide(scalar))) { result.append(" ") }
            }
            pendingSpace = false
            pendingBreak = false
            result.append(scalar)
            previous = scalar
        }
        return String(result)
    }

    /// Han characters and full-width punctuation, between which a line break is not a space.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0x20000...0x3FFFF: true
        default: false
        }
    }

    /// Appends `text` as a double-quoted JavaScript string literal; U+1C…U+1F stay as they are.
    static func appendLiteral(_ text: String, to out: inout String) {
        out.unicodeScalars.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x1C {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.unicodeScalars.append("\"")
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
