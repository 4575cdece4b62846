/// The source's bytes with the offset of each line, to find a line's text and turn cmark's byte
/// columns into character columns without splitting the whole document into strings.
struct SourceLines {
    private let bytes: [UInt8]
    private let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        self.starts = starts
    }

    /// The bytes of the 1-based `line`, without its newline; empty outside the source.
    func bytes(of line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= starts.count else { return [] }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    /// The 1-based character column of the 1-based byte `column` on `line`.
    func characterColumn(line: Int, byteColumn column: Int) -> Int {
        let text = bytes(of: line)
        guard column > 1, !text.isEmpty else { return max(column, 1) }
        let prefix = text.prefix(column - 1)
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    /// Whether `line` looks like the delimiter row of a GFM pipe table: `|---|:--:|`.
    func isPipeTableDelimiter(_ line: Int) -> Bool {
        var pipes = 0
        var dashes = 0
        for byte in bytes(of: line) {
            switch byte {
            case UInt8(ascii: "|"): pipes += 1
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"): continue
            default: return false
            }
        }
        return pipes > 0 && dashes >= 3
    }
}
