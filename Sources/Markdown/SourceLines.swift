/// The source split into lines, to turn cmark's byte columns into character columns.
struct SourceLines {
    private let lines: [Substring.UTF8View]

    init(_ source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8 }
    }

    /// The 1-based character column of the 1-based byte `column` on `line`.
    func characterColumn(line: Int, byteColumn column: Int) -> Int {
        guard line >= 1, line <= lines.count, column > 1 else { return max(column, 1) }
        let bytes = lines[line - 1]
        let end = bytes.index(bytes.startIndex, offsetBy: min(column - 1, bytes.count))
        return String(Substring(bytes[bytes.startIndex..<end])).count + 1
    }

    /// The text of the 1-based `line`, or "" outside the source.
    func text(of line: Int) -> Substring {
        guard line >= 1, line <= lines.count else { return "" }
        return Substring(lines[line - 1])
    }
}
