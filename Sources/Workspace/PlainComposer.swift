// Yams's own copy of libyaml: SwiftPM makes the C modules of a dependency importable, and using
// it keeps one libyaml (headers and code from the same source) in the program.
import CYaml

/// Composes a YAML document of plain data straight from libyaml's events, several times faster
/// than `Yams.compose`: no object per event, no tag per node, no duplicate-key check through hashed
/// nodes (a year of plan files is 11,000 tasks). Anything beyond plain data is left to Yams, so its
/// meaning and its error messages stay Yams's own.
enum PlainComposer {
    enum Result {
        /// The document's root; nil for an empty text.
        case document(YAMLNode?)
        /// Anchors, aliases, explicit tags, keys that are not text, a duplicate key, several
        /// documents, a NUL in a scalar or a syntax error: compose it with Yams.
        case unsupported
    }

    static func compose(_ text: String) -> Result {
        var text = text
        return text.withUTF8 { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return .unsupported }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return withUnsafeMutablePointer(to: &parser) { Events(parser: $0).document() }
        }
    }

    /// Thrown inside the walk when the text needs Yams.
    private struct Unsupported: Error {}

    private struct Events {
        let parser: UnsafeMutablePointer<yaml_parser_t>

        func document() -> Result {
            do throws(Unsupported) {
                try skip(YAML_STREAM_START_EVENT)
                var event = try next()
                let type = event.type
                yaml_event_delete(&event)
                if type == YAML_STREAM_END_EVENT { return .document(nil) }
                guard type == YAML_DOCUMENT_START_EVENT else { throw Unsupported() }
                var first = try next()
                let root = try node(from: &first)
                try skip(YAML_DOCUMENT_END_EVENT)
                try skip(YAML_STREAM_END_EVENT)
                return .document(root)
            } catch {
                return .unsupported
            }
        }

        private func skip(_ type: yaml_event_type_t) throws(Unsupported) {
            var event = try next()
            defer { yaml_event_delete(&event) }
            guard event.type == type else { throw Unsupported() }
        }

        private func next() throws(Unsupported) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { throw Unsupported() }
            return event
        }

        private static func node(_ value: YAMLNode.Value, at event: yaml_event_t) -> YAMLNode {
            YAMLNode(value, line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        }

        /// The node `event` starts (deleting every event it reads, `event` included).
        private func node(from event: inout yaml_event_t) throws(Unsupported) -> YAMLNode {
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil,
                    let style = YAMLNode.ScalarStyle(rawValue: numericCast(scalar.style.rawValue))
                else { throw Unsupported() }
                let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                guard !bytes.contains(0) else { throw Unsupported() }
                return Self.node(.scalar(String(decoding: bytes, as: UTF8.self), style: style), at: event)
            case YAML_SEQUENCE_START_EVENT:
                guard event.data.sequence_start.anchor == nil, event.data.sequence_start.implicit != 0 else {
                    throw Unsupported()
                }
                var nodes: [YAMLNode] = []
                while true {
                    var item = try next()
                    if item.type == YAML_SEQUENCE_END_EVENT {
                        yaml_event_delete(&item)
                        break
                    }
                    nodes.append(try node(from: &item))
                }
                let isFlow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                return Self.node(.sequence(nodes, isFlow: isFlow), at: event)
            case YAML_MAPPING_START_EVENT:
                guard event.data.mapping_start.anchor == nil, event.data.mapping_start.implicit != 0 else {
                    throw Unsupported()
                }
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                var names: Set<String> = []  // filled only for a long mapping
                while true {
                    var keyEvent = try next()
                    if keyEvent.type == YAML_MAPPING_END_EVENT {
                        yaml_event_delete(&keyEvent)
                        break
                    }
                    let key = try node(from: &keyEvent)
                    // Text keys only (`<<` merges are Yams's to do); a repeated key is Yams's error.
                    guard let name = key.string, name != "<<" else { throw Unsupported() }
                    if pairs.count < 16 {
                        guard !pairs.contains(where: { $0.key.string == name }) else { throw Unsupported() }
                    } else {
                        if names.isEmpty { names = Set(pairs.compactMap(\.key.string)) }
                        guard names.insert(name).inserted else { throw Unsupported() }
                    }
                    var valueEvent = try next()
                    pairs.append((key, try node(from: &valueEvent)))
                }
                return Self.node(.mapping(pairs), at: event)
            default:
                throw Unsupported()
            }
        }
    }
}
