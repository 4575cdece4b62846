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
            // Tabs and carriage returns are among the controls refused here.
            for index in bytes.indices {
                let byte = bytes[index]
                if byte < 0x20 && byte != newline || byte == 0x7F { return nil }
                // C1 controls and U+0085, a line break to libyaml.
                if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] < 0xA0 { return nil }
                guard byte == 0xE2 || byte == 0xEF, index + 2 < bytes.count else { continue }
                let (second, third) = (bytes[index + 1], bytes[index + 2])
                // U+2028 and U+2029, line breaks too; the byte order mark, U+FFFE and U+FFFF.
                if byte == 0xE2 && second == 0x80 && (third == 0xA8 || third == 0xA9)
                    || byte == 0xEF && (second == 0xBB && third == 0xBF || second == 0xBF && third >= 0xBE)
                {
                    return nil
                }
            }
            var number = 0
            var start = 0
            while start < bytes.count {
                number += 1
                var end = start
                while end < bytes.count, bytes[end] != newline { end += 1 }
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
        guard !indicators.contains(text[0]), !text.contains(0) else { return false }
        // `: ` and ` #` end plain text; a `:` at its end makes it a key.
        for index in text.indices.dropLast() where (text[index] == colon && text[index + 1] == space) || (text[index] == space && text[index + 1] == hash) {
            return false
        }
        return text[text.count - 1] != colon
    }

    /// Bytes that cannot start plain text (`-`, `?` and `:` can, before a non-space, but are left
    /// to libyaml).
    private static let indicators: [UInt8] = Array("-?:,[]{}#&*!|>'\"%@`".utf8)

    private static func isNameByte(_ byte: UInt8) -> Bool {
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
