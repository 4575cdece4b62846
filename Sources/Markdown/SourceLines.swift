import Foundation

/// The source's text with the offset of each line, to find a line's text and turn cmark's byte
/// columns into character columns without splitting the whole document into strings.
struct SourceLines {
    private let text: String
    private let starts: [Int]

    init(_ text: String) {
        var text = text
        // Newlines found with `memchr` (a page's bytes one at a time were a few per cent of a build).
        starts = text.withUTF8 { bytes in
            var starts = [0]
            guard let base = bytes.baseAddress else { return starts }
            var offset = 0
            while offset < bytes.count, let newline = memchr(base + offset, 0x0A, bytes.count - offset) {
                offset = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
            return starts
        }
        self.text = text
    }

    /// `body` with the bytes of the 1-based `line`, without its newline; empty outside the source.
    private func withBytes<Result>(of line: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8 { bytes in
            guard line >= 1, line <= starts.count else { return body(UnsafeBufferPointer(rebasing: bytes[0..<0])) }
            let start = starts[line - 1]
            var end = line < starts.count ? starts[line] - 1 : bytes.count
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            return body(UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)]))
        }
    }

    /// The 1-based character column of the 1-based byte `column` on `line`.
    func characterColumn(line: Int, byteColumn column: Int) -> Int {
        withBytes(of: line) { text in
            guard column > 1, !text.isEmpty else { return max(column, 1) }
            return String(decoding: text.prefix(column - 1), as: UTF8.self).count + 1
        }
    }

    /// Whether `line` looks like the delimiter row of a GFM pipe table: `|---|:--:|`.
    func isPipeTableDelimiter(_ line: Int) -> Bool {
        withBytes(of: line) { text in
            var pipes = 0
            var dashes = 0
            for byte in text {
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
}
