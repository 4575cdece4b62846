/// Makes heading ids the way GitHub does, keeping Chinese characters, unique within one page.
public struct HeadingAnchors: Sendable {
    private var ids = AnchorRegistry()

    public init() {}

    /// The slug of a heading's text: lowercased, spaces become `-`, punctuation other than `-` and
    /// `_` is dropped; letters and digits of every script (七天无理由退货) are kept.
    public static func slug(_ text: String) -> String {
        quickSlug(text) ?? fullSlug(text)
    }

    /// `slug` for headings made only of ASCII, CJK ideographs and general, CJK or full-width punctuation (most
    /// of a Chinese handbook), a scalar at a time: the same result without lowercasing the string
    /// and breaking it into characters, which was a tenth of reading a page. Nil for anything else.
    static func quickSlug(_ text: String) -> String? {
        slugBytes(text) { scalar in
            switch scalar.value {
            case 0x2010...0x2027, 0x3000...0x3004, 0x3008...0x3011, 0x3014...0x301F, 0xFF01...0xFF0F, 0xFF1A...0xFF20,
                0xFF3B...0xFF40, 0xFF5B...0xFF65:
                .drop  // punctuation
            case 0x4E00...0x9FFF: .keep
            default: .refuse
            }
        }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// What a slug does with a character beyond ASCII.
    public enum SlugRule {
        case keep, drop, refuse
        /// Written as this character instead (a full-width capital as its small letter).
        case replace(Unicode.Scalar)
    }

    /// A slug worked out on `text`'s UTF-8 bytes: ASCII letters lowercased, digits, `-` and `_`
    /// kept, space and tab made `-`, other ASCII punctuation dropped, control characters refused;
    /// every other character as `rule` says. Nil when one is refused. (A handbook of 2,000 pages has
    /// 16,000 headings: a `String` per character was a tenth of reading a page.)
    public static func slugBytes(_ text: String, rule: (Unicode.Scalar) -> SlugRule) -> [UInt8]? {
        var text = text
        return text.withUTF8 { bytes -> [UInt8]? in
            var slug: [UInt8] = []
            slug.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    switch byte {
                    case 0x20, 0x09: slug.append(UInt8(ascii: "-"))
                    case 0x30...0x39, 0x61...0x7A, 0x2D, 0x5F: slug.append(byte)
                    case 0x41...0x5A: slug.append(byte + 0x20)
                    case 0x21...0x7E: break  // punctuation: dropped
                    default: return nil
                    }
                    index += 1
                    continue
                }
                // Valid UTF-8: the lead byte gives the length, the continuation bytes six bits each.
                let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for continuation in bytes[(index + 1)..<(index + length)] { value = value << 6 | UInt32(continuation & 0x3F) }
                switch rule(Unicode.Scalar(value)!) {
                case .keep: slug.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                case .drop: break
                case .replace(let other): UTF8.encode(other) { slug.append($0) }
                case .refuse: return nil
                }
                index += length
            }
            return slug
        }
    }

    /// `slug` for any text, a character at a time.
    static func fullSlug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " || character == "\t" {
                slug.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                slug.append(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
                slug.append(character)
            }
        }
        return slug
    }

    /// The id for the next heading: its slug, or the slug with `-1`, `-2` … when already used.
    public mutating func id(for text: String) -> String {
        let slug = Self.slug(text)
        return reserve(slug.isEmpty ? "section" : slug)
    }

    /// Reserves `id` as given by the author (`{#id}`), or its next free variant.
    public mutating func reserve(_ base: String) -> String {
        var candidate = base
        var counter = ids.counter(of: base)
        while ids.isTaken(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        ids.setCounter(counter, of: base)
        ids.take(candidate)
        return candidate
    }
}

/// The ids a page has handed out, and for each base id the last number added to it (`-1`, `-2` …).
///
/// A page has a few headings: its ids are looked through in order, compared as bytes (hashing or
/// comparing a Chinese `String` normalizes it first, and an id in HTML is matched by its exact
/// characters anyway). Tables take over on a page with many headings.
public struct AnchorRegistry: Sendable {
    private var used: [(base: String, counter: Int)] = []
    private var taken: [String] = []
    private var usedTable: [Bytes: Int] = [:]
    private var takenTable: Set<Bytes> = []
    private static let listed = 24

    private struct Bytes: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (a: Bytes, b: Bytes) -> Bool { sameBytes(a.text, b.text) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    public init() {}

    /// Whether `a` and `b` are the same UTF-8 bytes.
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var (a, b) = (a, b)
        return a.withUTF8 { a in b.withUTF8 { b in a.elementsEqual(b) } }
    }

    // The lists until they are long, then the tables (the lists' entries moved into them).

    /// The last number added to `base` (0: none yet).
    public func counter(of base: String) -> Int {
        guard usedTable.isEmpty else { return usedTable[Bytes(base), default: 0] }
        return used.first { Self.sameBytes($0.base, base) }?.counter ?? 0
    }

    public mutating func setCounter(_ counter: Int, of base: String) {
        if !usedTable.isEmpty {
            usedTable[Bytes(base)] = counter
        } else if let index = used.firstIndex(where: { Self.sameBytes($0.base, base) }) {
            used[index].counter = counter
        } else if used.count < Self.listed {
            used.append((base, counter))
        } else {
            for (base, counter) in used { usedTable[Bytes(base)] = counter }
            usedTable[Bytes(base)] = counter
            used = []
        }
    }

    public func isTaken(_ id: String) -> Bool {
        takenTable.isEmpty ? taken.contains { Self.sameBytes($0, id) } : takenTable.contains(Bytes(id))
    }

    public mutating func take(_ id: String) {
        if !takenTable.isEmpty {
            takenTable.insert(Bytes(id))
        } else if taken.count < Self.listed {
            taken.append(id)
        } else {
            takenTable = Set(taken.map(Bytes.init))
            takenTable.insert(Bytes(id))
            taken = []
        }
    }
}
