/// The kinds of callout an author writes as `> [!KIND]` on the first line of a blockquote.
public enum CalloutKind: String, Sendable, CaseIterable {
    case note, tip, important, warning, caution

    /// English labels, used when no others are given.
    public static let englishTitles: [CalloutKind: String] = [
        .note: "Note", .tip: "Tip", .important: "Important", .warning: "Warning", .caution: "Caution",
    ]

    /// The kind named by a marker line such as `[!WARNING]`, or nil.
    static func parse(marker: String) -> CalloutKind? {
        let trimmed = marker.trimmingCharacters(in: [" ", "\t"])
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]") else { return nil }
        return CalloutKind(rawValue: trimmed.dropFirst(2).dropLast().lowercased())
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
