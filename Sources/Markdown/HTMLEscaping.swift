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
    ///
    /// Eight bytes are looked at together, and one by one only when one of them is `>` or below
    /// (every byte of Chinese text is above it): a byte-by-byte loop was most of writing a day
    /// sheet's rows.
    public static func appendEscaped(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var start = 0
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                // A byte below 0x3F sets its high bit here (exact for whether any byte is).
                if (word &- 0x3F3F_3F3F_3F3F_3F3F) & ~word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                let replacement: StaticString
                switch base[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += 1
                start = index
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// Writes `bytes` HTML-escaped at `destination`, which has room for six times as many (the
    /// longest replacement); returns how many bytes were written. The same text as
    /// `appendEscaped(utf8:to:)`, for callers writing a whole row into memory of their own.
    public static func escape(utf8 bytes: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var written = 0
        var start = 0
        var index = 0
        func copy(_ from: UnsafePointer<UInt8>, _ length: Int) {
            (destination + written).update(from: from, count: length)
            written += length
        }
        while index < count {
            if index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                if (word &- 0x3F3F_3F3F_3F3F_3F3F) & ~word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                let replacement: StaticString
                switch base[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                copy(base + start, index - start)
                copy(replacement.utf8Start, replacement.utf8CodeUnitCount)
                index += 1
                start = index
            }
        }
        copy(base + start, count - start)
        return written
    }

    /// Whether `bytes` holds any of the five characters escaping replaces. Eight bytes are looked
    /// at together, and one by one only when one of them is `>` or below.
    public static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        func special(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            if (word &- 0x3F3F_3F3F_3F3F_3F3F) & ~word & 0x8080_8080_8080_8080 != 0 {
                for at in index..<(index + 8) where special(base[at]) { return true }
            }
            index += 8
        }
        for at in index..<bytes.count where special(base[at]) { return true }
        return false
    }
}
