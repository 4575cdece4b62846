import Workspace
import Yams

/// The YAML block at the top of a page, between `---` lines.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var order: Int?
    public var summary: String?
    public var tags: [String] = []

    public init(title: String? = nil, order: Int? = nil, summary: String? = nil, tags: [String] = []) {
        self.title = title
        self.order = order
        self.summary = summary
        self.tags = tags
    }

    /// Splits `source` into its front matter and its Markdown body.
    ///
    /// The body keeps the front matter's lines as blank lines, so line numbers in the body are
    /// line numbers in the file.
    /// - Returns: the front matter, the body and warnings (unknown keys).
    public static func split(_ source: String, path: String) throws(Diagnostic)
        -> (FrontMatter, body: String, warnings: [Diagnostic])
    {
        // Only the block's own lines are scanned: the body is handed on untouched.
        let utf8 = source.utf8
        var lineStart = utf8.startIndex
        var lines: [Substring] = []
        var close: Int?
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = source[lineStart..<lineEnd].trimmingTrailingSpace()
            if lines.isEmpty, line != "---" { return (FrontMatter(), source, []) }
            if !lines.isEmpty, line == "---" || line == "..." {
                close = lines.count
                lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
                break
            }
            lines.append(line)
            lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        guard !lines.isEmpty else { return (FrontMatter(), source, []) }
        guard let close else {
            throw Diagnostic(
                path: path, line: 1, column: 1, message: "front matter is not closed: add a line '---' after it")
        }
        let yamlText = lines[1...].joined(separator: "\n")
        let yaml = try YAMLSource(yamlText, path: path, lineOffset: 1)
        if let node = yaml.node, node.mapping == nil {
            throw yaml.diagnostic(at: [], "front matter must be a mapping of keys such as 'title:' and 'order:'")
        }
        let file = try yaml.decode(File.self)
        var warnings: [Diagnostic] = []
        if let mapping = yaml.node?.mapping {
            for (key, _) in mapping {
                guard let name = key.string, File.CodingKeys(rawValue: name) == nil else { continue }
                warnings.append(
                    Diagnostic(
                        path: path, line: key.line + 1, column: key.column,
                        severity: .warning,
                        message: "unknown front matter key '\(name)' (known: title, order, summary, tags)"))
            }
        }
        let body = String(repeating: "\n", count: close + 1) + source[lineStart...]
        let matter = FrontMatter(
            title: file.title?.trimmingSpaces().nilIfEmpty, order: file.order,
            summary: file.summary?.trimmingSpaces().nilIfEmpty, tags: file.tags ?? [])
        return (matter, body, warnings)
    }

    private struct File: Decodable {
        var title: String?
        var order: Int?
        var summary: String?
        var tags: [String]?

        enum CodingKeys: String, CodingKey {
            case title, order, summary, tags
        }
    }
}

extension StringProtocol {
    func trimmingTrailingSpace() -> Substring {
        var slice = self[...]
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return Substring(slice)
    }

    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
