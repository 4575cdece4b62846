/// Percent-encoding of paths in links, without Foundation's round trip through `NSString`, which
/// showed in build profiles: every page links to its sections, neighbours and breadcrumbs.
public enum URLPath {
    /// `path` with every byte outside Foundation's `.urlPathAllowed` set written as `%XX`, exactly
    /// as `addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)` writes it.
    public static func encode(_ path: some StringProtocol) -> String {
        encode(String(path))
    }

    /// `encode` for a `String`, its bytes read in place (every page's links come through here,
    /// from other modules, where a generic version reads each byte through a protocol witness).
    public static func encode(_ path: String) -> String {
        var path = path
        let encoded = path.withUTF8 { bytes -> [UInt8]? in
            guard !bytes.allSatisfy(isAllowed) else { return nil }
            var encoded: [UInt8] = []
            encoded.reserveCapacity(bytes.count * 3)
            for byte in bytes {
                if isAllowed(byte) {
                    encoded.append(byte)
                } else {
                    encoded.append(UInt8(ascii: "%"))
                    encoded.append(hexDigits[Int(byte >> 4)])
                    encoded.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            return encoded
        }
        return encoded.map { String(decoding: $0, as: UTF8.self) } ?? path
    }

    /// `text` with `%XX` sequences decoded; nil when one is malformed or the bytes are not UTF-8,
    /// as `removingPercentEncoding` does.
    public static func decode(_ text: some StringProtocol) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Foundation's `.urlPathAllowed` on Linux: `!$&'()*+,-./`, digits, `=@`, letters, `_~`.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "&")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
