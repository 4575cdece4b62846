import Foundation
import Yams

/// A YAML text from a user's file, decoded with errors that point at `path:line:col`.
public struct YAMLSource {
    /// The file's path as diagnostics show it.
    public let path: String
    /// Lines before the YAML in its file (front matter starts after the opening `---`).
    public let lineOffset: Int
    /// The composed document, nil for an empty one.
    public let node: YAMLNode?
    /// How plain scalars get their types when the document is decoded.
    private let resolver: Resolver

    /// Parses `text`.
    ///
    /// - Parameter resolver: how plain scalars get their types; `.basic` leaves them all text, which
    ///   is much faster for a reader that converts values itself (plan files).
    /// - Throws: a `Diagnostic` at the position of a syntax error.
    public init(_ text: String, path: String, lineOffset: Int = 0, resolver: Resolver = .default) throws(Diagnostic) {
        self.path = path
        self.lineOffset = lineOffset
        self.resolver = resolver
        if case .document(let root) = PlainBlockReader.read(text) ?? PlainComposer.compose(text) {
            node = root
            return
        }
        do {
            // UTF-8 named outright: `.default` reads the whole environment on every call.
            node = try Yams.compose(yaml: text, resolver, .default, .utf8).map(YAMLNode.init)
        } catch let error as YamlError {
            throw Self.diagnostic(for: error, path: path, lineOffset: lineOffset)
        } catch {
            throw Diagnostic(path: path, line: lineOffset + 1, column: 1, message: "\(error)")
        }
    }

    /// Decodes the document as `T`; an empty document decodes from an empty mapping.
    ///
    /// - Throws: a `Diagnostic` at the value that has the wrong type or the mapping that lacks a key.
    public func decode<T: Decodable>(_ type: T.Type) throws(Diagnostic) -> T {
        do {
            return try YAMLDecoder().decode(type, from: node?.yams(resolver: resolver) ?? Node.mapping(Node.Mapping([])))
        } catch let error as DecodingError {
            throw diagnostic(for: error)
        } catch {
            throw Diagnostic(path: path, line: lineOffset + 1, column: 1, message: "\(error)")
        }
    }

    /// A diagnostic at the node found by following `codingPath` from the top.
    public func diagnostic(at codingPath: [any CodingKey], _ message: String, severity: Diagnostic.Severity = .error)
        -> Diagnostic
    {
        let found = Self.node(at: codingPath, in: node) ?? node
        return Diagnostic(
            path: path, line: found.map { $0.line + lineOffset } ?? lineOffset + 1, column: found?.column ?? 1,
            severity: severity, message: message)
    }

    /// The node reached by `codingPath`, or the deepest one on the way.
    public static func node(at codingPath: [any CodingKey], in root: YAMLNode?) -> YAMLNode? {
        var current = root
        for key in codingPath {
            guard let node = current else { return nil }
            let next: YAMLNode?
            if let index = key.intValue, let sequence = node.sequence {
                next = index < sequence.count ? sequence[index] : nil
            } else {
                next = node[key.stringValue]
            }
            guard let next else { return current }
            current = next
        }
        return current
    }

    private func diagnostic(for error: DecodingError) -> Diagnostic {
        switch error {
        case .typeMismatch(let type, let context):
            return diagnostic(
                at: context.codingPath, "\(Self.name(context.codingPath)): expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return diagnostic(
                at: context.codingPath, "\(Self.name(context.codingPath)): expected \(Self.describe(type))")
        case .keyNotFound(let key, let context):
            return diagnostic(at: context.codingPath, "missing required key '\(key.stringValue)'")
        case .dataCorrupted(let context):
            return diagnostic(at: context.codingPath, "\(Self.name(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            return Diagnostic(path: path, line: lineOffset + 1, column: 1, message: "\(error)")
        }
    }

    private static func name(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of text"
        default: "a value of type \(type)"
        }
    }

    static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line + lineOffset))" } ?? ""
            return Diagnostic(
                path: path, line: mark.line + lineOffset, column: mark.column,
                message: "invalid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                path: path, line: context.mark.line + lineOffset, column: context.mark.column,
                message: "invalid YAML: duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return Diagnostic(path: path, line: lineOffset + 1, column: 1, message: "invalid YAML: \(error)")
        }
    }
}
