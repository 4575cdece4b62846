import Testing
import Workspace

/// The keys the build cache keeps between builds: the same in every process, and different
/// whenever what went into them differs.
struct StableHashTests {
    private func hash(_ parts: String...) -> UInt64 {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash.value
    }

    /// A value worked out once: a cache written by one build is read by the next process, so the
    /// hash must not be seeded per run (as Swift's `Hasher` is). When this changes on purpose,
    /// `BuildCache.format` must change too.
    @Test func isTheSameInEveryProcess() {
        var hash = StableHash()
        hash.combine("售前/退货.md")
        hash.combine(42)
        hash.combine(nil as String?)
        #expect(hash.value == 0x27D1_3548_966D_5167)
    }

    @Test func tellsWhereOneTextEnds() {
        #expect(hash("ab", "c") != hash("a", "bc"))
        #expect(hash("abcdefgh", "") != hash("abcdefg", "h"))
        #expect(hash("", "") != hash(""))
        var none = StableHash()
        none.combine(nil as String?)
        var empty = StableHash()
        empty.combine("")
        #expect(none.value != empty.value)
    }

    /// Every byte counts, on either side of an eight-byte word and in the last, partial one.
    @Test func changesWithAnyByte() {
        let text = Array("退货流程-after-sales-2026/11".utf8)
        var seen: Set<UInt64> = []
        for length in 0...text.count {
            var hash = StableHash()
            hash.combine(bytes: Array(text[..<length]))
            seen.insert(hash.value)
        }
        for position in text.indices {
            var changed = text
            changed[position] ^= 0x01
            var hash = StableHash()
            hash.combine(bytes: changed)
            seen.insert(hash.value)
        }
        #expect(seen.count == text.count + 1 + text.count)
    }
}
