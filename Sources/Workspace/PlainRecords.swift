/// A list of flat records read straight from a text's bytes, with no node for each key and value:
/// the shape of every plan file (`tasks:`, then `- id: …` and more `key: value` lines per task).
///
/// Taken only when the text is exactly that: `KEY:` alone on the first line with content, then
/// entries at one indent, each a mapping of keys among `names` (each once) with plain text on one
/// line, as `PlainBlockReader` reads them (the same lines, rules and places). Anything else gives
/// nil, and the caller reads the text as YAML.
public enum PlainRecords {
    /// A value and where it starts (line and column counted from 1).
    public struct Field: Sendable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    /// An entry: where its first key is, and its values by their place in `names`.
    public struct Record: Sendable {
        public var line: Int
        public var column: Int
        public var fields: [Field?]
    }

    /// The records under `key`; nil when the text is not that simple (or has no record).
    public static func read(_ text: String, under key: String, names: [String]) -> [Record]? {
        var text = text
        return text.withUTF8 { bytes -> [Record]? in
            guard let lines = PlainBlockReader.Lines(bytes)?.items, lines.count > 1, lines[0].indent == 0,
                let colon = PlainBlockReader.key(in: lines[0], of: bytes), colon + 1 == lines[0].end,
                bytes[lines[0].start..<colon].elementsEqual(key.utf8), lines[1].isEntry
            else { return nil }
            let nameBytes = names.map { Array($0.utf8) }
            let entryIndent = lines[1].indent
            var records: [Record] = []
            var index = 1
            while index < lines.count {
                var line = lines[index]
                guard line.isEntry, line.indent == entryIndent else { return nil }
                var content = line.start + 1
                while content < line.end, bytes[content] == space { content += 1 }
                guard content < line.end, bytes[content] != dash else { return nil }
                line.indent += content - line.start
                line.start = content
                let fieldIndent = line.indent
                var record = Record(
                    line: line.number, column: fieldIndent + 1, fields: [Field?](repeating: nil, count: names.count))
                while true {
                    guard let colon = PlainBlockReader.key(in: line, of: bytes),
                        let slot = nameBytes.firstIndex(where: { bytes[line.start..<colon].elementsEqual($0) }),
                        record.fields[slot] == nil
                    else { return nil }
                    var start = colon + 1
                    while start < line.end, bytes[start] == space { start += 1 }
                    let value = UnsafeBufferPointer(rebasing: bytes[start..<line.end])
                    guard !value.isEmpty, PlainBlockReader.isPlain(value) else { return nil }
                    record.fields[slot] = Field(
                        text: String(decoding: value, as: UTF8.self), line: line.number,
                        column: line.indent + (start - line.start) + 1)
                    index += 1
                    guard index < lines.count, !lines[index].isEntry, lines[index].indent == fieldIndent else { break }
                    line = lines[index]
                }
                records.append(record)
            }
            return records
        }
    }
}

private let space = UInt8(ascii: " ")
private let dash = UInt8(ascii: "-")
