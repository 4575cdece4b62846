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
/// The lines are read as they come, and every record's fields are kept in one array, as places in
/// the bytes: a value becomes a string only when asked for (a number is read from its bytes), and
/// a year of plans is 11,000 records of seven values.
public struct PlainRecords: Sendable {
    /// Where a value is: its bytes, and where it starts (line and column counted from 1).
    public struct Field: Sendable {
        // 32 bits each: a field takes 16 bytes (20 with its optional tag), not 32.
        @usableFromInline let start: Int32
        @usableFromInline let end: Int32
        @usableFromInline let lineNumber: Int32
        @usableFromInline let columnNumber: Int32

        @inlinable public var line: Int { Int(lineNumber) }
        @inlinable public var column: Int { Int(columnNumber) }
    }

    /// How many records there are.
    public var count: Int { places.count }
    /// How many names each record has room for.
    public let width: Int
    /// The text's bytes, which the fields point into.
    @usableFromInline let bytes: [UInt8]
    /// Each record's fields by their place in `names`, one record after the other.
    @usableFromInline var fields: [Field?] = []
    /// Where each record's first key is.
    private var places: [(line: Int, column: Int)] = []
    /// Each slot's last text made and where its bytes are, to give again when another record has
    /// the same bytes there (an owner, an assigner, an outcome: a string made once, not once per
    /// task). The places apart from the texts: comparing them counts no reference.
    private var lastPlaces: [(start: Int32, end: Int32)]
    private var lastTexts: [String]

    /// The field of record `record` named `names[slot]`, if it has one.
    @inlinable public func field(_ record: Int, _ slot: Int) -> Field? { fields[record * width + slot] }

    /// Where record `record`'s first key is (line and column counted from 1).
    public func place(of record: Int) -> (line: Int, column: Int) { places[record] }

    private init(width: Int, bytes: [UInt8]) {
        self.width = width
        self.bytes = bytes
        lastPlaces = Array(repeating: (0, 0), count: width)
        lastTexts = Array(repeating: "", count: width)
    }

    /// The text of record `record`'s field `names[slot]`; nil when it has none, or when its bytes
    /// are not valid UTF-8 (each value is checked as its string is made: the text is not checked
    /// as a whole first).
    public mutating func text(_ record: Int, _ slot: Int) -> String? {
        guard let field = field(record, slot) else { return nil }
        let (start, end) = (Int(field.start), Int(field.end))
        let last = lastPlaces[slot]
        let same = bytes.withUnsafeBufferPointer { bytes in
            Int(last.end - last.start) == end - start
                && memcmp(bytes.baseAddress! + Int(last.start), bytes.baseAddress! + start, end - start) == 0
        }
        if same { return lastTexts[slot] }
        let made: String? = bytes.withUnsafeBufferPointer { bytes in
            let value = UnsafeBufferPointer(rebasing: bytes[start..<end])
            // Copied in place: up to fifteen bytes of ASCII (an id, a time) are not checked as
            // UTF-8 again, as `String(decoding:as:)` checks them.
            var made = String(unsafeUninitializedCapacity: value.count) { $0.initialize(fromContentsOf: value) }
            // Valid UTF-8 is taken as it is; anything else comes out changed. (Checked so:
            // `String(validating:)` is generic, and took four times as long.)
            let valid = made.withUTF8 {
                $0.count == value.count && memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0
            }
            return valid ? made : nil
        }
        if let made {
            lastPlaces[slot] = (field.start, field.end)
            lastTexts[slot] = made
        }
        return made
    }

    /// `body` of the bytes of record `record`'s field `names[slot]` (not empty); nil when it has none.
    @inlinable public func withBytes<Result>(
        _ record: Int, _ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard let field = field(record, slot) else { return nil }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(field.start)..<Int(field.end)])) }
    }

    /// Continues `hash` as `hash.combine(text(record, slot))` does when the text is valid UTF-8,
    /// from the bytes in place: a task's content hash, without its strings.
    public func combine(_ record: Int, _ slot: Int, into hash: inout StableHash) {
        guard let field = field(record, slot) else {
            hash.combine(nil as String?)
            return
        }
        bytes.withUnsafeBufferPointer { hash.combine(Int(field.start), count: Int(field.end - field.start), within: $0) }
    }

    /// Record `record`'s field `names[slot]` as `Int(text)` reads its text; nil when it has none or
    /// it is not a number. Up to four ASCII digits (a quadrant, a priority) are read from the
    /// bytes, without a string.
    public mutating func integer(_ record: Int, _ slot: Int) -> Int? {
        guard let field = field(record, slot) else { return nil }
        let (start, end) = (Int(field.start), Int(field.end))
        if end - start <= 4 {
            var number = 0
            var index = start
            while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            if index == end { return number }
        }
        return text(record, slot).flatMap { Int($0) }
    }

    /// The records under `key`; nil when the text is not that simple (or has no record).
    public static func read(_ text: String, under key: String, names: [String]) -> PlainRecords? {
        read(file: Array(text.utf8), under: key, names: names)
    }

    /// The records of a file's bytes, as `read(_:under:names:)` reads its text; nil as well when
    /// a comment's bytes are not valid UTF-8 (a value's are checked when its text is made).
    public static func read(file bytes: [UInt8], under key: String, names: [String]) -> PlainRecords? {
        guard bytes.count < Int(Int32.max) else { return nil }
        var records = PlainRecords(width: names.count, bytes: bytes)
        let read = bytes.withUnsafeBufferPointer { records.read($0, under: key, names: names) }
        return read ? records : nil
    }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, under key: String, names: [String]) -> Bool {
        guard PlainBlockReader.Lines.isReadable(bytes) else { return false }
        var reader = LineReader(bytes)
        guard let first = reader.next(), first.indent == 0,
            let colon = PlainBlockReader.key(in: first, of: bytes), colon + 1 == first.end,
            bytes[first.start..<colon].elementsEqual(key.utf8), var line = reader.next(), line.isEntry
        else { return false }
        let nameWords = names.map(NameWord.init)
        fields.reserveCapacity(names.count * 32)
        places.reserveCapacity(32)
        let entryIndent = line.indent
        while true {
            guard line.isEntry, line.indent == entryIndent else { return false }
            var content = line.start + 1
            while content < line.end, bytes[content] == space { content += 1 }
            guard content < line.end, bytes[content] != dash else { return false }
            line.indent += content - line.start
            line.start = content
            let fieldIndent = line.indent
            let base = fields.count
            // One at a time: appending a repeated element went through a generic path, a few
            // hundred instructions a record.
            for _ in 0..<names.count { fields.append(nil) }
            places.append((line.number, fieldIndent + 1))
            // Keys are mostly written in the order of `names`: the one after the last is tried first.
            var expected = 0
            while true {
                guard let (slot, colon) = NameWord.key(in: line, of: bytes, names: nameWords, expected: expected),
                    fields[base + slot] == nil
                else { return false }
                var start = colon + 1
                while start < line.end, bytes[start] == space { start += 1 }
                let value = UnsafeBufferPointer(rebasing: bytes[start..<line.end])
                guard !value.isEmpty, PlainBlockReader.isPlain(value) else { return false }
                expected = slot + 1
                fields[base + slot] = Field(
                    start: Int32(start), end: Int32(line.end), lineNumber: Int32(line.number),
                    columnNumber: Int32(line.indent + (start - line.start) + 1))
                guard let next = reader.next() else { return !reader.failed }
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
        /// The name's bytes, the first in the lowest byte; 0 for a name that is never found (longer
        /// than eight bytes, or not a name `PlainBlockReader.key(in:of:)` reads). Names have no
        /// zero byte, so two of different lengths differ.
        let word: UInt64

        init(_ name: String) {
            var name = name
            let isKey = name.withUTF8 { utf8 in
                (1...8).contains(utf8.count) && utf8[0] != dash
                    && utf8.allSatisfy { PlainBlockReader.isNameByte($0) }
            }
            word = isKey ? name.withUTF8 { Self.word($0) } : 0
        }

        private static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var word: UInt64 = 0
            for index in 0..<min(bytes.count, 8) { word |= UInt64(bytes[index]) << (8 * index) }
            return word
        }

        /// The place in `names` of the key of `line` (`name: …` or `name:` at its end) and where its
        /// `:` is, as `PlainBlockReader.key(in:of:)` finds it; nil when the line has no such key or
        /// its name is not among `names`. The name's bytes are read as one word, its `:` found in
        /// it at once (byte by byte, the key and its name were a fifth of reading a year of plans).
        /// `names[expected]` is compared first.
        @inline(__always) static func key(
            in line: PlainBlockReader.Line, of bytes: UnsafeBufferPointer<UInt8>, names: [NameWord], expected: Int
        ) -> (slot: Int, colon: Int)? {
            let start = line.start
            let inLine = min(8, line.end - start)
            var word =
                start + 8 <= bytes.count
                ? UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
                : Self.word(UnsafeBufferPointer(rebasing: bytes[start..<min(start + 8, bytes.count)]))
            // Bytes past the line left out (`<<` by 64 gives 0: all are kept).
            word &= (1 << (8 * UInt64(inLine))) &- 1
            let colons = PlainBlockReader.zeroBytes(word ^ (0x0101_0101_0101_0101 &* UInt64(colon)))
            // No `:` in the word gives 8: a name of eight bytes has its `:` just after it.
            let length = colons.trailingZeroBitCount / 8
            guard length > 0, length < 8 || (start + 8 < line.end && bytes[start + 8] == colon) else { return nil }
            let key = word & ((1 << (8 * UInt64(length))) &- 1)
            guard let slot = expected < names.count && names[expected].word == key
                ? expected : names.firstIndex(where: { $0.word == key })
            else { return nil }
            let at = start + length
            guard at + 1 == line.end || bytes[at + 1] == space else { return nil }
            return (slot, at)
        }
    }

    /// The lines with content one after the other, as `PlainBlockReader.Lines` reads them
    /// (`failed` once a line needs a real YAML parser, or a comment's bytes are not valid UTF-8).
    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var start = 0
        var number = 0
        private(set) var failed = false

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        // Inlined into the loop over the lines: a call returning the line was a sixth of reading them.
        @inline(__always) mutating func next() -> PlainBlockReader.Line? {
            guard let base = bytes.baseAddress else { return nil }
            while start < bytes.count {
                number += 1
                let end = memchr(base + start, Int32(newline), bytes.count - start)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
                let lineStart = start
                start = end + 1
                var first = lineStart
                // The indent's spaces counted eight at a time (a task's fields are four in).
                if lineStart + 8 <= bytes.count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + lineStart).loadUnaligned(as: UInt64.self))
                    first += min((word ^ 0x2020_2020_2020_2020).trailingZeroBitCount / 8, end - lineStart)
                }
                while first < end, base[first] == space { first += 1 }
                var last = end
                while last > first, base[last - 1] == space { last -= 1 }
                if first == last { continue }
                if base[first] == hash {
                    let comment = UnsafeBufferPointer(rebasing: bytes[first..<last])
                    if comment.contains(where: { $0 >= 0x80 }),
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
private let colon = UInt8(ascii: ":")
