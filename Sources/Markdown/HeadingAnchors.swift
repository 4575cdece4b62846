/// Makes heading ids the way GitHub does, keeping Chinese characters, unique within one page.
public struct HeadingAnchors: Sendable {
    // Keyed by the ids' bytes: hashing a Chinese `String` normalizes it first, which showed in
    // profiles, and an id in HTML is matched by its exact characters anyway.
    private var used: [Bytes: Int] = [:]
    private var taken: Set<Bytes> = []

    private struct Bytes: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (a: Bytes, b: Bytes) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    public init() {}

    /// The slug of a heading's text: lowercased, spaces become `-`, punctuation other than `-` and
    /// `_` is dropped; letters and digits of every script (七天无理由退货) are kept.
    public static func slug(_ text: String) -> String {
        quickSlug(text) ?? fullSlug(text)
    }

    /// `slug` for headings made only of ASCII, CJK ideographs and CJK or full-width punctuation (most
    /// of a Chinese handbook), a scalar at a time: the same result without lowercasing the string
    /// and breaking it into characters, which was a tenth of reading a page. Nil for anything else.
    static func quickSlug(_ text: String) -> String? {
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x20, 0x09:
                slug.append(UInt8(ascii: "-"))
            case 0x30...0x39, 0x61...0x7A, 0x2D, 0x5F:
                slug.append(UInt8(value))
            case 0x41...0x5A:
                slug.append(UInt8(value + 0x20))
            case 0x21...0x7E, 0x3000...0x3004, 0x3008...0x3011, 0x3014...0x301F, 0xFF01...0xFF0F, 0xFF1A...0xFF20,
                0xFF3B...0xFF40, 0xFF5B...0xFF65:
                continue  // punctuation: dropped
            case 0x4E00...0x9FFF:
                slug.append(contentsOf: String(scalar).utf8)
            default:
                return nil
            }
        }
        return String(decoding: slug, as: UTF8.self)
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
        var counter = used[Bytes(base), default: 0]
        while taken.contains(Bytes(candidate)) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used[Bytes(base)] = counter
        taken.insert(Bytes(candidate))
        return candidate
    }
}
