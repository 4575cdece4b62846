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
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpace() == "---" else {
            return (FrontMatter(), source, [])
        }
        guard let close = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingTrailingSpace()
            return line == "---" || line == "..."
        }) else {
            throw Diagnostic(
                path: path, line: 1, column: 1, message: "front matter is not closed: add a line '---' after it")
        }
        let yamlText = lines[1..<close].joined(separator: "\n")
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
                        path: path, line: (key.mark?.line ?? 0) + 1, column: key.mark?.column ?? 1,
                        severity: .warning,
                        message: "unknown front matter key '\(name)' (known: title, order, summary, tags)"))
            }
        }
        let body = String(repeating: "\n", count: close + 1) + lines[(close + 1)...].joined(separator: "\n")
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
