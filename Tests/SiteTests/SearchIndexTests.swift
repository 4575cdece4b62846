import Foundation
import Handbook
import Markdown
import Testing
import Workspace

@testable import Site

/// What the search index holds and how it is written for the browser.
struct SearchIndexTests {
    typealias Passage = SearchDocument.Passage

    /// The script is the text with as little around it as possible: `.html` left out, a heading
    /// that repeats the title written as U+1C, anchors search.js can derive left out.
    @Test func scriptFormat() throws {
        let index = SearchIndex(documents: [
            SearchDocument(
                url: "after-sales/returns.html", title: "七天无理由退货", sectionLabel: "售后客服",
                passages: [
                    Passage(anchor: "七天无理由退货", heading: "七天无理由退货", text: "买家签收后\n七天内可以退货。"),
                    Passage(anchor: "顺丰-加急-sf", heading: "顺丰 加急 SF", text: "发 \"顺丰\"  C:\\路径"),
                    Passage(anchor: "seven-days", heading: "七天", text: ""),
                ]),
            SearchDocument(
                url: "days/2026-11-25.html", title: "2026-11-25 任务单", sectionLabel: "每日任务单",
                passages: [Passage(anchor: nil, heading: "核对退货", text: "仓库\n未到")]),
        ])
        let files = index.scriptFiles()
        let parts = index.parts(lineKeys: [], lines: index.documents.indices.map { index.line(for: $0, labels: [0, 1]) })
        #expect(files.count == parts.count + 1)
        #expect(
            text(files[SearchIndex.path]) == """
                /* opsbook search index: 2 documents, 172 bytes of text. */
                window.opsbookSearchIndex={v:3,parts:[\(parts.map { "\"\($0.name)\"" }.joined(separator: ","))],labels:["售后客服","每日任务单"]};

                """)
        let lines = parts.flatMap { SearchIndex.partLines(files[$0.path] ?? []) ?? [] }.map { String(decoding: $0, as: UTF8.self) }
        #expect(
            lines == [
                #"["after-sales/returns","七天无理由退货",0,"\#u{1C}\#u{1F}买家签收后七天内可以退货。\#u{1E}顺丰 加急 SF\#u{1F}发 \"顺丰\" C:\\路径\#u{1E}七天\#u{1F}",{"2":"seven-days"}]"#,
                #"["days/2026-11-25","2026-11-25 任务单",1,"\#u{1D}核对退货\#u{1F}仓库未到"]"#,
            ])
        let first = try #require(parts.first)
        #expect(
            text(files[first.path]).hasPrefix("""
                /* opsbook search index part: \(first.documents.count) documents */
                (window.opsbookSearchParts=window.opsbookSearchParts||{})["\(first.name)"]=[
                ["after-sales/returns",
                """))
        #expect(text(files[first.path]).hasSuffix(",\n];\n"))
        #expect(index.textBytes == 172)
    }

    /// A line break inside Chinese text (authors wrap long lines) disappears, so 退货退款 is found in
    /// 退货\n退款; between Latin words it stays a space; runs of white space become one space.
    @Test func whitespaceCollapses() {
        #expect(SearchIndex.collapsingWhitespace("申请退货\n退款后") == "申请退货退款后")
        #expect(SearchIndex.collapsingWhitespace("查看 DSR\n评分") == "查看 DSR评分")
        #expect(SearchIndex.collapsingWhitespace("UV\nPV") == "UV PV")
        #expect(SearchIndex.collapsingWhitespace("  借:收入  100.00\t贷 \n") == "借:收入 100.00 贷")
        #expect(SearchIndex.collapsingWhitespace("顺丰 快递") == "顺丰 快递")
        #expect(SearchIndex.collapsingWhitespace("a\u{1E}b\u{1F}c") == "a b c")
    }

    /// Strings that would end a JavaScript literal or line are escaped; `<` and `&` stay text.
    @Test func literalsAreEscaped() {
        var out = ""
        SearchIndex.appendLiteral("a\"b\\c\nd\u{2028}e\u{1}</script>&", to: &out)
        #expect(out == "\"a\\\"b\\\\c\\nd\\u2028e\\u0001</script>&\"")
    }

    /// Every anchor left out of the index is the one the page gives its heading (`HeadingAnchors`),
    /// repeats and explicit ids included; headings with other characters keep theirs.
    @Test func derivedAnchorsMatchTheHeadingIDs() {
        let headings = [
            "七天无理由退货", "顺丰 加急 SF", "注意事项", "注意事项", "DSR 与店铺评分", "第 1 象限:重要且紧急",
            "“三通一达”是什么?", "15 天规则", "注意事项-1", "Ｃ２Ｃ 店铺", "", "A_b-c",
        ]
        var anchors = HeadingAnchors()
        var derived = DerivedAnchors()
        for heading in headings {
            let id = anchors.id(for: heading)
            let isDerived = derived.next(for: heading, actual: id)
            #expect(isDerived, "\(heading) → \(id)")
        }
        #expect(DerivedAnchors.slug("Café") == nil)
        var explicit = DerivedAnchors()
        let explicitDerived = explicit.next(for: "七天无理由", actual: "seven-days")
        let nextDerived = explicit.next(for: "seven days", actual: "seven-days-1")
        #expect(!explicitDerived)
        #expect(nextDerived)
    }

    /// The slug worked out on bytes is the one worked out a scalar at a time, for every character
    /// of the ranges it knows and some it refuses.
    @Test func derivedSlugAgreesScalarByScalar() {
        let ranges: [ClosedRange<UInt32>] = [
            0x01...0x7F, 0xA0...0xFF, 0x2000...0x206F, 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFF65,
        ]
        for range in ranges {
            for value in range {
                let text = "A" + String(Unicode.Scalar(value)!) + " 退货"
                #expect(DerivedAnchors.slug(text) == Self.plainSlug(text), "U+\(String(value, radix: 16, uppercase: true))")
            }
        }
    }

    /// The rule of `DerivedAnchors.slug`, a scalar at a time.
    private static func plainSlug(_ heading: String) -> String? {
        var slug = ""
        for scalar in heading.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0xFF21...0xFF3A: slug.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x20, 0x09: slug += "-"
            case 0x30...0x39, 0x61...0x7A, 0x2D, 0x5F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF10...0xFF19, 0xFF41...0xFF5A:
                slug.unicodeScalars.append(scalar)
            case 0x21...0x7E, 0xB7, 0x2010...0x2027, 0x3000...0x3004, 0x3008...0x3011, 0x3014...0x301F, 0xFF01...0xFF5E:
                break
            default:
                return nil
            }
        }
        return slug
    }

    /// A handbook page becomes a document with its section's title and its text per heading.
    @Test func handbookPages() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "opsbook-search-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "content/handbook/index.md": "# 手册\n\n欢迎。\n",
            "content/handbook/after-sales/index.md": "---\ntitle: 售后客服\n---\n\n售后的说明。\n",
            "content/handbook/after-sales/returns.md":
                "# 七天无理由退货\n\n签收后七天内。\n\n## 办理流程\n\n买家申请退货\n退款。\n\n## 例外 {#exceptions}\n\n吊牌剪掉的不退。\n",
        ]
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (handbook, diagnostics) = Handbook.load(from: Workspace(root: root, settings: SiteSettings()))
        #expect(diagnostics.isEmpty)
        let index = SearchIndex(handbook: try #require(handbook))
        #expect(index.documents.map(\.url) == ["index.html", "after-sales/index.html", "after-sales/returns.html"])
        #expect(index.documents.map(\.sectionLabel) == ["", "售后客服", "售后客服"])
        let returns = index.documents[2]
        #expect(returns.title == "七天无理由退货")
        #expect(returns.passages.map(\.anchor) == ["七天无理由退货", "办理流程", "exceptions"])
        #expect(returns.passages.map(\.heading) == ["七天无理由退货", "办理流程", "例外"])
        #expect(returns.passages[1].text.contains("买家申请退货\n退款。"))
        #expect(Self.joined(index.scriptFiles()).contains("[\"after-sales/returns\",\"七天无理由退货\",1,\"\u{1C}\u{1F}签收后七天内。\u{1E}办理流程\u{1F}买家申请退货退款。\u{1E}例外\u{1F}吊牌剪掉的不退。\",{\"2\":\"exceptions\"}]"))
    }

    /// Beyond its text, a page costs the index little more than its URL and the script's frame:
    /// anchors and line breaks are left out (eight derived anchors alone would add 110 bytes).
    @Test func indexIsNoBiggerThanItsText() throws {
        let sentence = "买家申请七天无理由退货时,客服先核对吊牌和包装,再在后台同意退货,并提醒买家选择快递。"
        let passages = (1...8).map {
            Passage(anchor: "第\($0)节-退货", heading: "第\($0)节 退货", text: String(repeating: sentence + "\n", count: 4))
        }
        let index = SearchIndex(documents: [
            SearchDocument(url: "after-sales/returns.html", title: "退货", sectionLabel: "售后客服", passages: passages)
        ])
        let files = index.scriptFiles()
        let part = try #require(index.parts(lineKeys: [], lines: [index.line(for: 0, labels: [0])]).first)
        let line = try #require(SearchIndex.partLines(files[part.path] ?? [])?.first)
        #expect(line.count - index.textBytes < 50)
        // The files' frame (the manifest, a part's opening and close) is a few hundred bytes in all.
        #expect(files.values.reduce(0) { $0 + $1.count } - line.count < 300)
    }

    /// A page added or changed moves no cut between parts but at itself: a rebuild writes one part.
    @Test func partsStayPut() {
        func documents(_ count: Int, extra: Int? = nil) -> [SearchDocument] {
            var numbers = Array(0..<count)
            if let extra { numbers.insert(extra, at: count / 2) }
            return numbers.map { SearchDocument(url: "s/page-\($0).html", title: "第\($0)页", sectionLabel: "s", passages: []) }
        }
        func parts(_ documents: [SearchDocument], changed: String? = nil) -> [SearchIndex.Part] {
            let index = SearchIndex(documents: documents)
            var keys = StableHashes()
            return index.parts(lineKeys: documents.map { keys.key($0.url == changed ? $0.url + "改" : $0.url) }, lines: [])
        }
        let before = parts(documents(2000))
        #expect((25...45).contains(before.count), "\(before.count) parts")
        #expect(before.map(\.documents.count).reduce(0, +) == 2000)
        let added = parts(documents(2000, extra: 5000))
        #expect(Set(added.map(\.key)).subtracting(before.map(\.key)).count <= 2)
        let changed = parts(documents(2000), changed: "s/page-700.html")
        #expect(Set(changed.map(\.key)).subtracting(before.map(\.key)).count == 1)
        #expect(changed.map(\.documents) == before.map(\.documents))
    }

    /// Quotes and backslashes in headings (with an anchor or without) and in text come back as
    /// written when a line is read as the JSON it is; white space is still collapsed around them.
    @Test func quotesAndBackslashesSurvive() throws {
        let index = SearchIndex(documents: [
            SearchDocument(
                url: "a.html", title: "标题 \"T\"", sectionLabel: "售后",
                passages: [
                    Passage(anchor: nil, heading: "", text: "前言 \\ \"引\""),
                    Passage(anchor: "x", heading: "说明 \"A\\B\"", text: "他说  \"好\\\"\n了"),
                    Passage(anchor: nil, heading: "无锚 \"C\"", text: "\\"),
                ])
        ])
        // JavaScript takes the separators (U+1C…U+1F) raw inside a string, JSON wants them escaped.
        let json = index.line(for: 0, labels: [0]).flatMap { byte in
            (0x1C...0x1F).contains(byte) ? Array(String(format: "\\u%04x", byte).utf8) : [byte]
        }
        let line = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [Any])
        #expect(line[1] as? String == "标题 \"T\"")
        let passages = try #require(line[3] as? String)
        #expect(passages.contains("前言 \\ \"引\""))
        #expect(passages.contains("说明 \"A\\B\"\u{1F}他说 \"好\\\"了"))
        #expect(passages.hasSuffix("\u{1D}无锚 \"C\"\u{1F}\\"))
    }

    /// A part's lines are read back from its file as they were written.
    @Test func partLinesRoundTrip() {
        let lines: [ArraySlice<UInt8>] = [Array(#"["a","甲",0,"x"]"#.utf8)[...], Array(#"["b","乙",0,"y\nz"]"#.utf8)[...]]
        let part = SearchIndex.Part(documents: 0..<2, key: 42)
        #expect(SearchIndex.partLines(SearchIndex.partScript(part, lines: lines)) == lines)
        #expect(SearchIndex.partLines(Array("not a part".utf8)) == nil)
    }

    /// A day sheet's passages, written straight from its entries, make the line and the count of
    /// text that the same passages given as `Passage`s make.
    @Test func writtenPassagesMatchPassages() {
        let cases: [[(heading: String, text: String?)]] = [
            [],
            [("第1项:核对异常订单并回复买家", nil)],
            [("核对 \"退货\"\n单", "仓库\n未到 \\ 等"), ("  ", ""), ("Refund  check", "waiting\tfor SF"), ("短", "\u{3000}原因\u{1E}")],
        ]
        for passages in cases {
            var written = SearchDocument.WrittenPassages()
            for passage in passages { written.append(heading: passage.heading, text: passage.text) }
            let (url, title) = ("days/2026-11-25.html", "2026-11-25 任务单")
            let fast = SearchDocument(url: url, title: title, sectionLabel: "每日任务单", written: written)
            let plain = SearchDocument(
                url: url, title: title, sectionLabel: "每日任务单",
                passages: passages.map { Passage(anchor: nil, heading: $0.heading, text: $0.text ?? "") })
            let line = { (document: SearchDocument) in text(SearchIndex(documents: [document]).line(for: 0, labels: [3])) }
            #expect(line(fast) == line(plain))
            #expect(fast.textBytes == plain.textBytes)
        }
    }

    /// URLs lose `.html` exactly as the rule says, read as characters, whatever they are made of.
    @Test func shortURLsAgreeWithTheRule() {
        func rule(_ url: String) -> String {
            guard url.hasSuffix(".html") else { return url }
            let short = url.dropLast(5)
            guard let last = short.split(separator: "/", omittingEmptySubsequences: false).last, !last.isEmpty,
                !last.contains(".")
            else { return url }
            return String(short)
        }
        let pieces = ["a", "days", "2026-11-25", "/", ".", ".html", "html", "退货", "é", "\u{301}", "x.y", "-"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let url = (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined() + (next(4) == 0 ? "" : ".html")
            #expect(SearchIndex.shortURL(url) == rule(url), "\(url.debugDescription)")
        }
    }

    /// Line keys for tests: a stable key per text.
    struct StableHashes {
        mutating func key(_ text: String) -> UInt64 {
            var hash = StableHash()
            hash.combine(text)
            return hash.value
        }
    }

    static func joined(_ files: [String: [UInt8]]) -> String {
        files.keys.sorted().map { String(decoding: files[$0]!, as: UTF8.self) }.joined()
    }
}

private func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }
