#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the simplest YAML there is, a line at a time: block mappings and sequences whose keys are
/// plain names and whose values are plain text on one line, or quoted text without escapes. Plan
/// files and front matter are written so (a year of plans is 11,000 tasks), and libyaml's
/// scanner, which takes every byte through a general state machine, cost several times more.
///
/// Anything else (flow collections, block scalars, anchors, tags, comments after a value, tabs,
/// text running onto the next line, repeated keys, several documents) gives nil, and
/// `PlainComposer` reads the text as before: the result is the same either way, positions
/// included (a test compares the two).
enum PlainBlockReader {
    /// The document's root (`.document(nil)` for a text of comments and blank lines only), or nil
    /// when the text needs a real YAML parser.
    static func read(_ text: String) -> PlainComposer.Result? {
        var text = text
        return text.withUTF8 { bytes -> PlainComposer.Result? in
            guard let lines = Lines(bytes) else { return nil }
            var reader = Reader(bytes: bytes, lines: lines.items)
            guard !reader.atEnd else { return .document(nil) }
            guard reader.current.indent == 0, let root = reader.block(), reader.atEnd else { return nil }
            return .document(root)
        }
    }

    /// A line with content: where it is and how it starts.
    struct Line {
        /// Counted from 1.
        var number: Int
        /// Spaces before the content (or, for a line read past its `- `, before what follows it).
        var indent: Int
        /// The content's bytes: `start..<end`, trailing spaces left out.
        var start: Int
        var end: Int
        var isEntry: Bool
    }

    /// The lines with content; nil for a text with tabs, carriage returns, characters libyaml
    /// refuses or treats apart (controls, a byte order mark), directives or document markers.
    struct Lines {
        var items: [Line] = []

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard Self.isReadable(bytes) else { return nil }
            var number = 0
            var start = 0
            while start < bytes.count {
                number += 1
                let end =
                    memchr(bytes.baseAddress! + start, Int32(newline), bytes.count - start)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
                defer { start = end + 1 }
                var first = start
                while first < end, bytes[first] == space { first += 1 }
                var last = end
                while last > first, bytes[last - 1] == space { last -= 1 }
                if first == last || bytes[first] == hash { continue }
                if first == start, bytes[first] == percent || bytes[first] == dash && bytes[start..<end].starts(with: "---".utf8)
                    || bytes[start..<end].starts(with: "...".utf8)
                {
                    return nil
                }
                let isEntry = bytes[first] == dash && (first + 1 == last || bytes[first + 1] == space)
                items.append(Line(number: number, indent: first - start, start: first, end: last, isEntry: isEntry))
            }
        }

        /// Whether `bytes` holds none of the characters refused: controls other than line feeds
        /// (tabs and carriage returns among them), DEL, C1 controls and U+0085 (a line break to
        /// libyaml), U+2028 and U+2029 (line breaks too), the byte order mark, U+FFFE and U+FFFF.
        ///
        /// Controls are looked for eight bytes at a time (one by one only in eight that hold a byte
        /// below 0x20 other than a line feed); the bytes that start the others (0x7F, 0xC2, 0xE2,
        /// 0xEF) with `memchr`, each then looked at with what follows it. Eight bytes tested for
        /// all five kinds at once cost a year of plans more than reading their fields.
        static func isReadable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            let count = bytes.count
            func refused(_ index: Int) -> Bool {
                let byte = base[index]
                if byte < 0x20 && byte != newline || byte == 0x7F { return true }
                if byte == 0xC2, index + 1 < count, base[index + 1] < 0xA0 { return true }
                guard byte == 0xE2 || byte == 0xEF, index + 2 < count else { return false }
                let (second, third) = (base[index + 1], base[index + 2])
                return byte == 0xE2 && second == 0x80 && (third == 0xA8 || third == 0xA9)
                    || byte == 0xEF && (second == 0xBB && third == 0xBF || second == 0xBF && third >= 0xBE)
            }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            /// 0x80 in the bytes of the eight at `index` that are below 0x20 and no line feed.
            func controls(at index: Int) -> UInt64 {
                var word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                // Line feeds made 0x2A, which is not looked for.
                word |= zeroBytes(word ^ (ones &* UInt64(newline))) >> 2
                return (word &- ones &* 0x20) & ~word & highs
            }
            var index = 0
            // Sixteen at a time: one test, one branch.
            while index + 16 <= count {
                if controls(at: index) | controls(at: index + 8) != 0 {
                    for at in index..<(index + 16) where refused(at) { return false }
                }
                index += 16
            }
            while index + 8 <= count {
                if controls(at: index) != 0 {
                    for at in index..<(index + 8) where refused(at) { return false }
                }
                index += 8
            }
            for at in index..<count where refused(at) { return false }
            for start in [0x7F, 0xC2, 0xE2, 0xEF] as [Int32] {
                var from = 0
                while from < count, let found = memchr(base + from, start, count - from) {
                    let at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                    if refused(at) { return false }
                    from = at + 1
                }
            }
            return true
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var lines: [Line]
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>, lines: [Line]) {
            self.bytes = bytes
            self.lines = lines
        }

        var atEnd: Bool { position == lines.count }
        var current: Line { lines[position] }

        /// The mapping or sequence starting at the current line, at its indent.
        mutating func block() -> YAMLNode? {
            current.isEntry ? sequence() : mapping()
        }

        private mutating func sequence() -> YAMLNode? {
            let first = current
            var items: [YAMLNode] = []
            while !atEnd, current.indent == first.indent, current.isEntry {
                var line = current
                var content = line.start + 1
                while content < line.end, bytes[content] == space { content += 1 }
                // `-` alone, or `- - x`: left to libyaml.
                guard content < line.end, !(bytes[content] == dash && (content + 1 == line.end || bytes[content + 1] == space))
                else { return nil }
                line.indent += content - line.start
                line.start = content
                line.isEntry = false
                if key(in: line) != nil {
                    // `- key: value`: a mapping at the column of its first key.
                    lines[position] = line
                    guard let mapping = mapping() else { return nil }
                    items.append(mapping)
                } else {
                    guard let scalar = scalar(in: line, from: line.start) else { return nil }
                    items.append(scalar)
                    position += 1
                }
            }
            // A line further in: not this simple. (A mapping line at the entries' indent goes on
            // the mapping this sequence is the value of, or is an error the caller leaves to libyaml.)
            if !atEnd, current.indent > first.indent { return nil }
            return YAMLNode(.sequence(items, isFlow: false), line: first.number, column: first.indent + 1)
        }

        private mutating func mapping() -> YAMLNode? {
            let first = current
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while !atEnd, current.indent == first.indent, !current.isEntry {
                let line = current
                guard let colon = key(in: line) else { return nil }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.start..<colon]), as: UTF8.self)
                // A repeated key is libyaml's and Yams's to report.
                guard !pairs.contains(where: { $0.key.string == name }) else { return nil }
                let keyNode = YAMLNode(.scalar(name, style: .plain), line: line.number, column: line.indent + 1)
                var valueStart = colon + 1
                while valueStart < line.end, bytes[valueStart] == space { valueStart += 1 }
                position += 1
                if valueStart < line.end {
                    guard let value = scalar(in: line, from: valueStart) else { return nil }
                    pairs.append((keyNode, value))
                } else {
                    // `key:` opens a block further in, or a sequence at the key's own indent.
                    guard !atEnd, current.indent > first.indent || (current.indent == first.indent && current.isEntry),
                        let value = block()
                    else { return nil }
                    pairs.append((keyNode, value))
                }
            }
            if !atEnd, current.indent > first.indent { return nil }
            return YAMLNode(.mapping(pairs), line: first.number, column: first.indent + 1)
        }

        private func key(in line: Line) -> Int? {
            PlainBlockReader.key(in: line, of: bytes)
        }

        /// The scalar from `start` to the line's end: plain text, or text in quotes without escapes.
        private func scalar(in line: Line, from start: Int) -> YAMLNode? {
            let column = line.indent + (start - line.start) + 1
            let text = UnsafeBufferPointer(rebasing: bytes[start..<line.end])
            let quote = text[0]
            if quote == doubleQuote || quote == singleQuote {
                guard text.count >= 2, text[text.count - 1] == quote else { return nil }
                let inside = UnsafeBufferPointer(rebasing: text[1..<(text.count - 1)])
                guard !inside.contains(quote), quote == singleQuote || !inside.contains(backslash) else { return nil }
                let style: YAMLNode.ScalarStyle = quote == doubleQuote ? .doubleQuoted : .singleQuoted
                return YAMLNode(.scalar(String(decoding: inside, as: UTF8.self), style: style), line: line.number, column: column)
            }
            guard PlainBlockReader.isPlain(text) else { return nil }
            return YAMLNode(.scalar(String(decoding: text, as: UTF8.self), style: .plain), line: line.number, column: column)
        }
    }

    /// Where the `:` of `line`'s `name: …` is, for a name of letters, digits, `_` and `-`.
    static func key(in line: Line, of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = line.start
        while index < line.end, isNameByte(bytes[index]) { index += 1 }
        guard index > line.start, bytes[line.start] != dash, index < line.end, bytes[index] == colon,
            index + 1 == line.end || bytes[index + 1] == space
        else { return nil }
        return index
    }

    /// Whether `text` (not empty, no line break) reads as plain text, the same to libyaml.
    static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isIndicator(text[0]) else { return false }
        // `: ` and ` #` end plain text; a `:` at its end makes it a key. Eight bytes are looked at
        // together, and one by one only when they hold a NUL, a `:` or a space, or start with `#`
        // after a space (the only pair a word without them can make with the byte before it).
        var previous = text[0]
        guard previous != 0, let base = text.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        var index = 1
        while index < text.count {
            if index + 8 <= text.count, previous != space || base[index] != hash {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                if zeroBytes(word) | zeroBytes(word ^ (ones &* UInt64(colon))) | zeroBytes(word ^ (ones &* UInt64(space))) == 0 {
                    previous = base[index + 7]
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, text.count)
            while index < end {
                let byte = base[index]
                if byte == 0 || (previous == colon && byte == space) || (previous == space && byte == hash) { return false }
                previous = byte
                index += 1
            }
        }
        return previous != colon
    }

    /// 0x80 in each byte of `word` that is zero, 0 in the others (exactly: no byte is flagged for
    /// a borrow from another).
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & lows) &+ lows) | word | lows)
    }

    /// Whether `byte` cannot start plain text (`-`, `?` and `:` can, before a non-space, but are
    /// left to libyaml).
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
            UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            true
        default: false
        }
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == dash
    }
}

private let newline = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let hash = UInt8(ascii: "#")
private let dash = UInt8(ascii: "-")
private let colon = UInt8(ascii: ":")
private let percent = UInt8(ascii: "%")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let backslash = UInt8(ascii: "\\")
