import Testing

@testable import Markdown

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

    /// A page with many headings (past the few looked through in order) numbers them the same way:
    /// repeats, headings that look like numbered repeats and authors' own ids, checked against the
    /// rule written plainly.
    @Test func manyHeadingsAreNumberedAlike() {
        var anchors = HeadingAnchors()
        var used: [String: Int] = [:]
        var taken: Set<String> = []
        let texts = ["注意事项", "退货", "注意事项-1", "注意事项", "退货-2", "退货", "section"]
        for number in 0..<200 {
            let base = number % 11 == 0 ? "步骤-\(number % 7)" : texts[number % texts.count]
            var candidate = base
            var counter = used[base, default: 0]
            while taken.contains(candidate) {
                counter += 1
                candidate = "\(base)-\(counter)"
            }
            used[base] = counter
            taken.insert(candidate)
            #expect(anchors.reserve(base) == candidate, "heading \(number): \(base)")
        }
    }

    /// A heading of only punctuation still gets a usable id.
    @Test func emptySlugFallsBack() {
        var anchors = HeadingAnchors()
        #expect(anchors.id(for: "???") == "section")
        #expect(anchors.id(for: "!!!") == "section-1")
    }

    /// The quick scalar-at-a-time slug gives the same id as the character-at-a-time one for every
    /// character it accepts, alone and in headings, and leaves everything else to it.
    @Test func quickSlugAgreesWithFullSlug() {
        let ranges: [ClosedRange<UInt32>] = [0x09...0x09, 0x20...0x7E, 0x2000...0x206F, 0x3000...0x301F, 0xFF01...0xFF65, 0x4E00...0x9FFF]
        var accepted = 0
        for range in ranges {
            for value in range {
                let text = String(Unicode.Scalar(value)!)
                guard let quick = HeadingAnchors.quickSlug(text) else { continue }
                accepted += 1
                #expect(quick == HeadingAnchors.fullSlug(text), "U+\(String(value, radix: 16, uppercase: true))")
            }
        }
        #expect(accepted > 21_000)
        for heading in ["第1节 一个商家或一个品牌,若想", "“七天无理由”退货 — 说明…", "DSR 与店铺评分", "退款、退货(含运费险):怎么办?", "Tab\there_x-Y"] {
            #expect(HeadingAnchors.quickSlug(heading) == HeadingAnchors.fullSlug(heading))
        }
        #expect(HeadingAnchors.quickSlug("Café") == nil)
        #expect(HeadingAnchors.slug("Café") == "café")
        #expect(HeadingAnchors.quickSlug("〇号仓") == nil)
    }
}
