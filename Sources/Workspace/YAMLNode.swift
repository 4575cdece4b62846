import Yams

/// A composed YAML value and where it was written: what the readers of the team's files walk.
///
/// Plain data (text, lists, mappings with text keys) is composed by `PlainComposer`, the rest by
/// Yams and then converted, so every reader sees one kind of node either way.
public struct YAMLNode: Sendable {
    public enum Value: Sendable {
        case scalar(String, style: ScalarStyle)
        case mapping([(key: YAMLNode, value: YAMLNode)])
        case sequence([YAMLNode], isFlow: Bool)
    }

    /// How a scalar was written; the numbers are libyaml's (and Yams's).
    public enum ScalarStyle: UInt32, Sendable {
        case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: Value
    /// Where the node starts, counted from 1 (columns in Unicode scalars, as libyaml counts).
    public var line: Int
    public var column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// A scalar's text.
    public var string: String? {
        if case .scalar(let text, _) = value { text } else { nil }
    }

    /// Whether the node is a plain scalar with no text: `key:` with nothing after it.
    public var isEmptyPlain: Bool {
        if case .scalar(let text, .plain) = value { text.isEmpty } else { false }
    }

    public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = value { pairs } else { nil }
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items, _) = value { items } else { nil }
    }

    /// The value of the text key `key` in a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.string == key }?.value
    }

    /// The node as Yams composed it (positions dropped), for `YAMLDecoder`: each scalar's type is
    /// resolved by `resolver` from its text and style, as Yams would.
    func yams(resolver: Resolver) -> Node {
        func convert(_ node: YAMLNode) -> Node {
            // A tag per node: Yams resolves a tag by changing it.
            let tag = Tag(.implicit, resolver, .default)
            return switch node.value {
            case .scalar(let text, let style):
                .scalar(Node.Scalar(text, tag, Node.Scalar.Style(rawValue: style.rawValue) ?? .any))
            case .mapping(let pairs): .mapping(Node.Mapping(pairs.map { (convert($0.key), convert($0.value)) }, tag))
            case .sequence(let items, _): .sequence(Node.Sequence(items.map(convert), tag))
            }
        }
        return convert(self)
    }

    /// A node Yams composed.
    init(_ node: Node) {
        let mark = node.mark
        let value: Value =
            switch node {
            case .scalar(let scalar): .scalar(scalar.string, style: ScalarStyle(rawValue: scalar.style.rawValue) ?? .any)
            case .mapping(let mapping): .mapping(mapping.map { (YAMLNode($0.key), YAMLNode($0.value)) })
            case .sequence(let sequence): .sequence(sequence.map(YAMLNode.init), isFlow: sequence.style == .flow)
            case .alias: .scalar("", style: .plain)
            }
        self.init(value, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
