/// HTML escaping for text and attribute values the generator writes itself.
public enum HTMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'`.
    public static func escape(_ text: some StringProtocol) -> String {
        var escaped: [UInt8] = []
        appendEscaped(String(text), to: &escaped)
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Appends `text` as UTF-8 to `output` with `&`, `<`, `>`, `"` and `'` escaped, byte by byte:
    /// those are ASCII, so no other character's bytes can be mistaken for them.
    public static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0, to: &output) }
    }

    /// `appendEscaped` for text already in UTF-8.
    public static func appendEscaped(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var start = 0
        for index in bytes.indices {
            let byte = bytes[index]
            // `>` is the highest of the five: every byte above it (all of Chinese text) needs nothing.
            if byte > UInt8(ascii: ">") { continue }
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            output.append(contentsOf: bytes[start..<index])
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        output.append(contentsOf: bytes[start...])
    }
}
