import Foundation
import Markdown
import Testing

/// What the rendered body of a page looks like.
struct MarkdownDocumentTests {
    /// Headings carry their id on the element, and emphasis or code inside counts as text.
    @Test func headingsGetIDsWithInlineMarkup() {
        let document = MarkdownDocument.render("# 退货\n\n## 顺丰 *加急* `SF`\n\n## 顺丰 *加急* `SF`\n")
        #expect(document.headings.map(\.id) == ["退货", "顺丰-加急-sf", "顺丰-加急-sf-1"])
        #expect(document.headings.map(\.text) == ["退货", "顺丰 加急 SF", "顺丰 加急 SF"])
        #expect(document.headings.map(\.line) == [1, 3, 5])
        #expect(document.html.contains("<h2 id=\"顺丰-加急-sf\">\n顺丰 <em>加急</em> <code>SF</code>\n"))
        #expect(document.html.contains("<h2 id=\"顺丰-加急-sf-1\">"))
    }

    /// `{#id}` sets the anchor and is not shown.
    @Test func explicitHeadingID() {
        let document = MarkdownDocument.render("## 七天无理由 {#seven-days}\n")
        #expect(document.headings == [Heading(level: 2, text: "七天无理由", id: "seven-days", line: 1)])
        #expect(document.html.contains("<h2 id=\"seven-days\">\n七天无理由\n<a class=\"heading-anchor\" href=\"#seven-days\""))
        #expect(!document.html.contains("{#"))
    }

    /// Raw HTML and javascript: links are dropped unless raw HTML is allowed.
    @Test func safeModeByDefault() {
        let source = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>bold</b>\n"
        let safe = MarkdownDocument.render(source)
        #expect(!safe.html.contains("<script>"))
        #expect(!safe.html.contains("javascript:"))
        #expect(!safe.html.contains("<b>"))
        let raw = MarkdownDocument.render(source, options: MarkdownOptions(allowRawHTML: true))
        #expect(raw.html.contains("<script>alert(1)</script>"))
        #expect(raw.html.contains("<b>bold</b>"))
    }

    /// A NUL byte (valid UTF-8, so a page with one is read) comes out as U+FFFD, not as a NUL in the
    /// HTML: cmark replaces it without being asked to validate the text.
    @Test func nulBecomesReplacementCharacter() {
        let document = MarkdownDocument.render("退货\u{0}说明\n")
        #expect(document.html == "<p>退货\u{FFFD}说明</p>\n")
    }

    /// Links are reported with their line and character column, and can be rewritten.
    @Test func linksAreReportedAndRewritten() {
        let source = "第一行\n退货见[规则](../after-sales/returns.md#七天无理由退货)。\n"
        let document = MarkdownDocument.render(source) { link in
            link.destination.replacingOccurrences(of: ".md", with: ".html")
        }
        #expect(
            document.links == [
                LinkReference(
                    destination: "../after-sales/returns.md#七天无理由退货", line: 2, column: 4, isImage: false)
            ])
        #expect(document.html.contains("href=\"../after-sales/returns.html#"))
    }

    /// A `> [!WARNING]` blockquote becomes a labelled callout box.
    @Test func calloutsAreBoxes() {
        let options = MarkdownOptions(calloutTitles: [.warning: "警告"])
        let document = MarkdownDocument.render("> [!WARNING]\n> 不要引导买家线下交易。\n", options: options)
        #expect(
            document.html
                == "<div class=\"callout callout-warning\"><p class=\"callout-title\">警告</p>\n<p>不要引导买家线下交易。</p>\n</div>\n"
        )
    }

    /// A fenced `table` block becomes an HTML table with escaped cells.
    @Test func tableBlocks() {
        let document = MarkdownDocument.render("```table\n象限 | 含义\n1 | 重要<且>紧急\n```\n")
        #expect(document.html.contains("<thead><tr><th>象限</th><th>含义</th></tr></thead>"))
        #expect(document.html.contains("<tr><td>1</td><td>重要&lt;且&gt;紧急</td></tr>"))
    }

    /// Text is cut per heading for the search index.
    @Test func textSections() {
        let document = MarkdownDocument.render("引言。\n\n## 催付\n\n下单未付款的买家。\n")
        #expect(document.sections.map(\.headingID) == [nil, "催付"])
        #expect(document.sections[1].text.contains("下单未付款的买家"))
    }

    /// A GitHub pipe table is flagged, since cmark shows it as text.
    @Test func warnsAboutPipeTables() {
        let document = MarkdownDocument.render("正文\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(document.syntaxWarnings.map(\.line) == [4])
    }
}
