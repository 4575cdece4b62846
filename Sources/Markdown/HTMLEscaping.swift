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
        forEachRun(of: bytes) { run, replacement in
            output.append(contentsOf: run)
            if let replacement {
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            }
        }
    }

    /// Writes `bytes` HTML-escaped at `destination`, which has room for six times as many (the
    /// longest replacement); returns how many bytes were written. The same text as
    /// `appendEscaped(utf8:to:)`, for callers writing a whole row into memory of their own.
    public static func escape(utf8 bytes: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        forEachRun(of: bytes) { run, replacement in
            if let start = run.baseAddress { (destination + written).update(from: start, count: run.count) }
            written += run.count
            if let replacement {
                (destination + written).update(from: replacement.utf8Start, count: replacement.utf8CodeUnitCount)
                written += replacement.utf8CodeUnitCount
            }
        }
        return written
    }

    /// Whether `bytes` holds any of the five characters escaping replaces.
    public static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var found = false
        forEachRun(of: bytes) { _, replacement in found = found || replacement != nil }
        return found
    }

    /// Calls `body` with each run of `bytes` that needs no escaping, in order, and the replacement
    /// of the character after it (nil after the last run).
    ///
    /// Eight bytes are looked at together, and one by one only when one of them is one of the five
    /// (every byte of Chinese text is above them all, which is checked first): a byte-by-byte loop
    /// was most of writing a day sheet's rows, and then the digits, spaces and colons of its ids and
    /// times, which are below `>` too.
    @inline(__always)
    private static func forEachRun(
        of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, StaticString?) -> Void
    ) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        /// 0x80 in each byte of `word` that is zero (exactly: no borrow runs from byte to byte).
        func zeroBytes(_ word: UInt64) -> UInt64 {
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            return ~(((word & lows) &+ lows) | word | lows)
        }
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
                // `"` alone; `&` and `'` as the bytes that are 0x27 with their lowest bit set; `<`
                // and `>` as those that are 0x3E with their second bit set.
                let found = zeroBytes(word ^ (ones &* 0x22)) | zeroBytes((word | ones) ^ (ones &* 0x27))
                    | zeroBytes((word | (ones &* 0x02)) ^ (ones &* 0x3E))
                if found == 0 {
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
                body(UnsafeBufferPointer(start: base + start, count: index - start), replacement)
                index += 1
                start = index
            }
        }
        body(UnsafeBufferPointer(start: base + start, count: count - start), nil)
    }
}
