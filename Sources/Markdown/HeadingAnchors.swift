/// Makes heading ids the way GitHub does, keeping Chinese characters, unique within one page.
public struct HeadingAnchors: Sendable {
    private var used: [String: Int] = [:]
    private var taken: Set<String> = []

    public init() {}

    /// The slug of a heading's text: lowercased, spaces become `-`, punctuation other than `-` and
    /// `_` is dropped; letters and digits of every script (七天无理由退货) are kept.
    public static func slug(_ text: String) -> String {
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
        reserve(Self.slug(text).isEmpty ? "section" : Self.slug(text))
    }

    /// Reserves `id` as given by the author (`{#id}`), or its next free variant.
    public mutating func reserve(_ base: String) -> String {
        var candidate = base
        var counter = used[base, default: 0]
        while taken.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used[base] = counter
        taken.insert(candidate)
        return candidate
    }
}
