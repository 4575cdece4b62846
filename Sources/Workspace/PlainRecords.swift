#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A list of flat records read straight from a text's bytes, with no node for each key and value:
/// the shape of every plan file (`tasks:`, then `- id: …` and more `key: value` lines per task).
///
/// Taken only when the text is exactly that: `KEY:` alone on the first line with content, then
/// entries at one indent, each a mapping of keys among `names` (each once) with plain text on one
/// line, as `PlainBlockReader` reads them (the same lines, rules and places). Anything else gives
/// nil, and the caller reads the text as YAML.
///
/// The lines are read as they come, and every record's fields are kept in one array: a year of
/// plans is 11,000 records, and an array of lines, then of fields, for each was most of reading them.
public struct PlainRecords: Sendable {
    /// A value and where it starts (line and column counted from 1).
    public struct Field: Sendable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    /// How many records there are.
    public var count: Int { places.count }
    /// How many names each record has room for.
    public let width: Int
    /// Each record's fields by their place in `names`, one record after the other.
    @usableFromInline var fields: [Field?] = []
    /// Where each record's first key is.
    private var places: [(line: Int, column: Int)] = []

    /// The field of record `record` named `names[slot]`, if it has one.
    @inlinable public func field(_ record: Int, _ slot: Int) -> Field? { fields[record * width + slot] }

    /// Where record `record`'s first key is (line and column counted from 1).
    public func place(of record: Int) -> (line: Int, column: Int) { places[record] }

    private init(width: Int) { self.width = width }

    /// The records under `key`; nil when the text is not that simple (or has no record).
    public static func read(_ text: String, under key: String, names: [String]) -> PlainRecords? {
        var text = text
        return text.withUTF8 { read($0, under: key, names: names, validating: false) }
    }

    /// The records of a file's bytes, as `read(_:under:names:)` reads its text; nil as well when
    /// the bytes are not valid UTF-8 (each value is checked as its string is made, and each
    /// comment line: the file is not checked as a whole first).
    public static func read(file bytes: UnsafeBufferPointer<UInt8>, under key: String, names: [String]) -> PlainRecords? {
        read(bytes, under: key, names: names, validating: true)
    }

    private static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, under key: String, names: [String], validating: Bool
    ) -> PlainRecords? {
        guard PlainBlockReader.Lines.isReadable(bytes) else { return nil }
        var reader = LineReader(bytes, validating: validating)
        guard let first = reader.next(), first.indent == 0,
            let colon = PlainBlockReader.key(in: first, of: bytes), colon + 1 == first.end,
            bytes[first.start..<colon].elementsEqual(key.utf8), var line = reader.next(), line.isEntry
        else { return nil }
        let nameWords = names.map(NameWord.init)
        // Each slot's last value, to take again when the next record has the same bytes there
        // (an owner, an assigner, an outcome: a string made once, not once per task).
        var lastValues = [(start: Int, end: Int, text: String)](repeating: (0, 0, ""), count: names.count)
        var records = PlainRecords(width: names.count)
        records.fields.reserveCapacity(names.count * 32)
        records.places.reserveCapacity(32)
        let entryIndent = line.indent
        while true {
            guard line.isEntry, line.indent == entryIndent else { return nil }
            var content = line.start + 1
            while content < line.end, bytes[content] == space { content += 1 }
            guard content < line.end, bytes[content] != dash else { return nil }
            line.indent += content - line.start
            line.start = content
            let fieldIndent = line.indent
            let base = records.fields.count
            // One at a time: appending a repeated element went through a generic path, a few
            // hundred instructions a record.
            for _ in 0..<names.count { records.fields.append(nil) }
            records.places.append((line.number, fieldIndent + 1))
            while true {
                guard let colon = PlainBlockReader.key(in: line, of: bytes),
                    let slot = NameWord.slot(of: bytes, line.start..<colon, in: nameWords),
                    records.fields[base + slot] == nil
                else { return nil }
                var start = colon + 1
                while start < line.end, bytes[start] == space { start += 1 }
                let value = UnsafeBufferPointer(rebasing: bytes[start..<line.end])
                guard !value.isEmpty, PlainBlockReader.isPlain(value) else { return nil }
                let last = lastValues[slot]
                let text: String
                if last.end - last.start == value.count,
                    memcmp(bytes.baseAddress! + last.start, value.baseAddress!, value.count) == 0
                {
                    text = last.text
                } else {
                    var made = String(decoding: value, as: UTF8.self)
                    // Valid UTF-8 is taken as it is; anything else comes out changed. (Checked so:
                    // `String(validating:)` is generic, and took four times as long.)
                    if validating {
                        let same = made.withUTF8 {
                            $0.count == value.count && memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0
                        }
                        guard same else { return nil }
                    }
                    text = made
                    lastValues[slot] = (start, line.end, text)
                }
                records.fields[base + slot] = Field(
                    text: text, line: line.number, column: line.indent + (start - line.start) + 1)
                guard let next = reader.next() else { return reader.failed ? nil : records }
                guard !next.isEntry, next.indent == fieldIndent else {
                    line = next
                    break
                }
                line = next
            }
        }
    }

    /// A name of up to eight bytes as one number, to be compared with a key's bytes at once.
    private struct NameWord {
        let length: Int
        let word: UInt64

        init(_ name: String) {
            var name = name
            length = name.utf8.count
            word = name.withUTF8 { Self.word($0) }
        }

        private static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var word: UInt64 = 0
            for index in 0..<min(bytes.count, 8) { word |= UInt64(bytes[index]) << (8 * index) }
            return word
        }

        /// The place in `names` of the name at `range` of `bytes` (names longer than eight bytes
        /// are never found: keys of records are short).
        static func slot(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, in names: [NameWord]) -> Int? {
            let length = range.count
            guard length <= 8 else { return nil }
            let key = word(UnsafeBufferPointer(rebasing: bytes[range]))
            return names.firstIndex { $0.length == length && $0.word == key }
        }
    }

    /// The lines with content one after the other, as `PlainBlockReader.Lines` reads them
    /// (`failed` once a line needs a real YAML parser).
    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Whether a comment line's bytes must be valid UTF-8 (its values are checked by the caller).
        let validating: Bool
        var start = 0
        var number = 0
        private(set) var failed = false

        init(_ bytes: UnsafeBufferPointer<UInt8>, validating: Bool) {
            self.bytes = bytes
            self.validating = validating
        }

        mutating func next() -> PlainBlockReader.Line? {
            guard let base = bytes.baseAddress else { return nil }
            while start < bytes.count {
                number += 1
                let end = memchr(base + start, Int32(newline), bytes.count - start)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
                let lineStart = start
                start = end + 1
                var first = lineStart
                while first < end, base[first] == space { first += 1 }
                var last = end
                while last > first, base[last - 1] == space { last -= 1 }
                if first == last { continue }
                if base[first] == hash {
                    let comment = UnsafeBufferPointer(rebasing: bytes[first..<last])
                    if validating, comment.contains(where: { $0 >= 0x80 }),
                        !String(decoding: comment, as: UTF8.self).utf8.elementsEqual(comment)
                    {
                        failed = true
                        start = bytes.count
                        return nil
                    }
                    continue
                }
                if first == lineStart,
                    base[first] == percent || bytes[lineStart..<end].starts(with: "---".utf8)
                        || bytes[lineStart..<end].starts(with: "...".utf8)
                {
                    failed = true
                    start = bytes.count
                    return nil
                }
                let isEntry = base[first] == dash && (first + 1 == last || base[first + 1] == space)
                return PlainBlockReader.Line(
                    number: number, indent: first - lineStart, start: first, end: last, isEntry: isEntry)
            }
            return nil
        }
    }
}

private let newline = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let hash = UInt8(ascii: "#")
private let dash = UInt8(ascii: "-")
private let percent = UInt8(ascii: "%")
