import Markdown
import Testing

/// Heading ids as a reader sees them in the address bar.
struct HeadingAnchorsTests {
    /// Chinese characters are kept as they are.
    @Test func keepsChineseCharacters() {
        #expect(HeadingAnchors.slug("七天无理由退货") == "七天无理由退货")
    }

    /// Latin letters are lowercased, spaces become hyphens, punctuation goes.
    @Test func dropsPunctuationAndLowercases() {
        #expect(HeadingAnchors.slug("DSR 与店铺评分") == "dsr-与店铺评分")
        #expect(HeadingAnchors.slug("1. 先冲回收入") == "1-先冲回收入")
        #expect(HeadingAnchors.slug("退款、退货(含运费险):怎么办?") == "退款退货含运费险怎么办")
        #expect(HeadingAnchors.slug("snake_case and-dash!") == "snake_case-and-dash")
    }

    /// Repeated headings get -1, -2 … and never collide with a real heading of that name.
    @Test func duplicatesAreNumbered() {
        var anchors = HeadingAnchors()
        #expect(anchors.id(for: "注意事项") == "注意事项")
        #expect(anchors.id(for: "注意事项") == "注意事项-1")
        #expect(anchors.id(for: "注意事项-2") == "注意事项-2")
        #expect(anchors.id(for: "注意事项") == "注意事项-3")
    }

    /// A heading of only punctuation still gets a usable id.
    @Test func emptySlugFallsBack() {
        var anchors = HeadingAnchors()
        #expect(anchors.id(for: "???") == "section")
        #expect(anchors.id(for: "!!!") == "section-1")
    }
}
