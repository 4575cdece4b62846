import Foundation
import Mustache
import Planner
import Synchronization
import Testing

@testable import Site

/// Rendering through frames writes exactly what swift-mustache writes for every context.
struct TemplateFramesTests {
    static let page = """
        <title>{{title}} · {{site}}</title>
        <p data-raw="{{{raw}}}">{{&also}}</p>
        {{#summary}}<p class="summary">{{summary}}</p>{{/summary}}{{^summary}}<p>none</p>{{/summary}}
        {{#isHome}}<b>home</b>{{/isHome}}
        <ul>
        {{#items}}
        <li{{#current}} class="on"{{/current}}>{{label}} {{count}} {{site}}</li>
        {{/items}}
        </ul>
        {{#tags}}<i>{{.}}</i>{{/tags}}
        {{#labels}}{{next}}{{/labels}} {{labels.previous}}
        """

    /// Text that looks like the frames' own marker for value 0, as a value.
    static let marker = String(Unicode.Scalar(0xFDD0)!) + "0&" + String(Unicode.Scalar(0xFDD1)!)

    /// Mustache's output and the frames' output for each context, in turn, through one cache.
    static func outputs(_ template: String, _ contexts: [[String: Any]]) throws -> [(String, String)] {
        var library = MustacheLibrary()
        try library.register(template, named: "t")
        let frames = TemplateFrames(sources: [template])
        return contexts.map { context in
            let expected = library.render(context, withTemplate: "t") ?? ""
            let framed = frames.render(context, with: "t") { library.render($0, withTemplate: "t") ?? "" }
            return (expected, String(decoding: framed, as: UTF8.self))
        }
    }

    static func context(title: String, summary: String, items: [(String, Int, Bool)], tags: [String]) -> [String: Any] {
        [
            "title": title, "site": "手册 & <co>", "raw": "<em>\(title)</em>", "also": "a'b\"c", "summary": summary,
            "isHome": false, "items": items.map { ["label": $0.0, "count": $0.1, "current": $0.2] as [String: Any] },
            "tags": tags, "labels": ["next": "下一页 →", "previous": "← 上一页"],
        ]
    }

    /// Pages of one shape share a frame; pages of other shapes get their own; all match Mustache.
    @Test func sameBytesAsMustache() throws {
        let contexts = [
            Self.context(title: "退货 <流程>", summary: "先看订单", items: [("甲", 1, true), ("乙", 2, false)], tags: ["x"]),
            Self.context(title: "Tom & Jerry's", summary: "“引号” \"q\"", items: [("丙", 30, false), ("丁", 4, true)], tags: ["y"]),
            Self.context(title: "空摘要", summary: "", items: [("戊", 5, false)], tags: []),
            Self.context(title: "标记\(Self.marker)样", summary: "x", items: [], tags: ["a", "b", "c"]),
            Self.context(title: "再来一页", summary: "", items: [("己", 6, false)], tags: []),
        ]
        let outputs = try Self.outputs(Self.page, contexts)
        for (expected, framed) in outputs {
            #expect(framed == expected)
        }
        #expect(outputs[1].1.contains("<title>Tom &amp; Jerry&#39;s · 手册 &amp; &lt;co&gt;</title>"))
        #expect(outputs[1].1.contains("data-raw=\"<em>Tom & Jerry's</em>\""))
    }

    /// A template that transforms a value (`uppercased(name)`) is always rendered by Mustache.
    @Test func transformsTurnFramesOff() throws {
        let template = "<h1>{{uppercased(name)}}</h1>"
        #expect(!TemplateFrames(sources: [template]).enabled)
        let outputs = try Self.outputs(template, [["name": "ab"], ["name": "cd"]])
        #expect(outputs.map(\.1) == ["<h1>AB</h1>", "<h1>CD</h1>"])
    }

    /// Markup given as bytes (`TemplateContext.set(_:raw:)`, a day's rows) is written as the same
    /// text would be: placed as it is by `{{{x}}}`, escaped by `{{x}}`, and empty markup counts as
    /// empty text. With frames off (a transform elsewhere in the template) Mustache gets it as text.
    @Test func rawMarkupAsText() throws {
        let template = "<tbody>{{{rows}}}</tbody><p>{{rows}}</p>{{#rows}}<i>has</i>{{/rows}}"
        let texts = ["<tr><td>退货 & 换货</td></tr>", ""]
        for extra in ["", "{{uppercased(x)}}"] {
            var library = MustacheLibrary()
            try library.register(template + extra, named: "t")
            let frames = TemplateFrames(sources: [template + extra])
            #expect(frames.enabled == extra.isEmpty)
            for text in texts {
                let expected = library.render(["rows": text, "x": "a"], withTemplate: "t") ?? ""
                var context = TemplateContext()
                context.set("rows", raw: Array(text.utf8))
                context.set("x", "a")
                var framed: [UInt8] = []
                frames.render(context, with: "t", into: &framed) { library.render($0, withTemplate: "t") ?? "" }
                #expect(String(decoding: framed, as: UTF8.self) == expected)
            }
        }
        let shown = try Self.outputs(template, [["rows": texts[0]]])[0].1
        #expect(shown.contains("<tbody><tr><td>退货 & 换货</td></tr></tbody><p>&lt;tr&gt;"))
    }

    /// Delimiter changes and dynamic partials turn frames off too; comments with parentheses do not.
    @Test func whichTemplatesAllowFrames() {
        #expect(!TemplateFrames.allowsFrames("{{=<% %>=}}<%name%>"))
        #expect(!TemplateFrames.allowsFrames("{{>*partial}}"))
        #expect(TemplateFrames.allowsFrames("{{! a comment (with parentheses) }}{{{body}}}{{> footer}}"))
    }
}

/// A `TemplateContext` (what every page and task row is) renders as its dictionary does through
/// Mustache: texts, flags, numbers, markup, nested contexts and lists of them, lists of texts, and
/// names looked up from inside a list in the context around it.
struct TemplateContextTests {
    static let row = """
        <tr id="{{anchor}}">{{#routine}}<b>R</b>{{/routine}}{{title}}{{#due}} <small>{{due}}</small>{{/due}}\
        {{^notes}}<i>no notes</i>{{/notes}}<td>{{{raw}}}</td>{{site}}</tr>
        """

    /// A row's values as a context (`RowValues.context`: the keys set in the same order).
    static func flat(_ title: String, routine: Bool, due: String?, notes: String?, raw: String) -> TemplateContext {
        flatRow(title, routine: routine, due: due, notes: notes, raw: raw).context
    }

    /// The values of a row, as a day's task row sets them (in a row made too small for them: its
    /// storage grows on the way).
    static func flatRow(_ title: String, routine: Bool, due: String?, notes: String?, raw: String) -> RowValues {
        let row = RowValues(reserving: 1)
        row.set("anchor", "task-" + title)
        row.set("routine", routine)
        row.set("title", title)
        row.set("due", due)
        row.set("notes", notes)
        row.set("raw", raw)
        return row
    }

    /// `outputs` of `contexts` rendered with `template`, by Mustache (from each dictionary) and
    /// through frames, with `shared` over them.
    static func outputs(_ template: String, _ contexts: [TemplateContext], shared: [String: Any]) throws -> [(String, String)] {
        var library = MustacheLibrary()
        try library.register(template, named: "t")
        let frames = TemplateFrames(sources: [template], shared: shared)
        return contexts.map { context in
            let expected = library.render(shared.merging(context.dictionary) { $1 }, withTemplate: "t") ?? ""
            var bytes: [UInt8] = []
            frames.render(context, with: "t", into: &bytes) { library.render($0, withTemplate: "t") ?? "" }
            return (expected, String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func sameBytesAsMustache() throws {
        let contexts = [
            Self.flat("退货 <流程>", routine: true, due: "11:00", notes: nil, raw: "<em>a</em>"),
            Self.flat("Tom & Jerry's", routine: false, due: "", notes: "n", raw: "&"),
            Self.flat("第二行", routine: true, due: "18:00", notes: nil, raw: "<br>"),
            Self.flat("三", routine: false, due: nil, notes: "", raw: ""),
        ]
        let outputs = try Self.outputs(Self.row, contexts, shared: ["site": "手册 & <co>"])
        for (expected, framed) in outputs { #expect(framed == expected) }
        #expect(outputs[0].1.contains("<b>R</b>退货 &lt;流程&gt; <small>11:00</small><i>no notes</i><td><em>a</em></td>手册 &amp; &lt;co&gt;"))
        #expect(outputs[2].1.contains("<b>R</b>第二行 <small>18:00</small>"))
        // swift-mustache counts an empty text as there: `{{#due}}` shows.
        #expect(outputs[1].1.contains("Tom &amp; Jerry&#39;s <small></small><td>&</td>"))

        // The same values as rows rendered one after another, their frames kept nearby: the same
        // bytes, shapes revisited.
        var library = MustacheLibrary()
        try library.register(Self.row, named: "t")
        let frames = TemplateFrames(sources: [Self.row], shared: ["site": "手册 & <co>"])
        let rows = [
            Self.flatRow("退货 <流程>", routine: true, due: "11:00", notes: nil, raw: "<em>a</em>"),
            Self.flatRow("Tom & Jerry's", routine: false, due: "", notes: "n", raw: "&"),
            Self.flatRow("第二行", routine: true, due: "18:00", notes: nil, raw: "<br>"),
            Self.flatRow("三", routine: false, due: nil, notes: "", raw: ""),
        ]
        var nearby = TemplateFrames.Nearby()
        for (row, (expected, _)) in zip(rows + rows, outputs + outputs) {
            var bytes: [UInt8] = []
            frames.render(row, with: "t", into: &bytes, nearby: &nearby) { library.render($0, withTemplate: "t") ?? "" }
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
        }
    }

    /// Rows that set the same kinds of values under different keys are of different shapes.
    @Test func rowKeysAreTheirShape() throws {
        let template = "{{#a}}A={{a}}{{/a}}{{#b}}B={{b}}{{/b}}"
        var library = MustacheLibrary()
        try library.register(template, named: "t")
        let frames = TemplateFrames(sources: [template])
        var nearby = TemplateFrames.Nearby()
        var outputs: [String] = []
        for useA in [true, false, true] {
            let row = RowValues(reserving: 1)
            if useA { row.set("a", "x") } else { row.set("b", "x") }
            var bytes: [UInt8] = []
            frames.render(row, with: "t", into: &bytes, nearby: &nearby) { library.render($0, withTemplate: "t") ?? "" }
            outputs.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(outputs == ["A=x", "B=x", "A=x"])
    }

    /// A row cleared and set again (as a day's rows reuse one) renders as a new context would.
    @Test func clearedRowAsNew() throws {
        var library = MustacheLibrary()
        try library.register(Self.row, named: "t")
        let frames = TemplateFrames(sources: [Self.row], shared: ["site": "手册"])
        let reused = Self.flatRow("旧的 & 长的标题", routine: true, due: "09:00", notes: "n", raw: "<i>x</i>")
        var nearby = TemplateFrames.Nearby()
        // The last title is longer than the room a row starts with, escaped or not.
        let titles = [("甲 <1>", nil), ("乙", "11:00"), ("丙 & 丁", ""), (String(repeating: "长标题 & ", count: 80), "")]
        for (title, due) in titles as [(String, String?)] {
            let new = Self.flat(title, routine: false, due: due, notes: nil, raw: "<b>\(title)</b>")
            reused.removeAll()
            reused.set("anchor", "task-" + title)
            reused.set("routine", false)
            reused.set("title", title)
            reused.set("due", due)
            reused.set("notes", nil as String?)
            reused.set("raw", "<b>\(title)</b>")
            var expected: [UInt8] = []
            var bytes: [UInt8] = []
            frames.render(new, with: "t", into: &expected) { library.render($0, withTemplate: "t") ?? "" }
            frames.render(reused, with: "t", into: &bytes, nearby: &nearby) { library.render($0, withTemplate: "t") ?? "" }
            #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    /// A row whose one long text fills many holes, escaped or not, as the only text or beside
    /// short ones, renders as Mustache does (its room is not reckoned from its texts' length alone).
    @Test func textInManyHoles() throws {
        let template = String(repeating: "<b>{{title}}</b>{{{title}}}", count: 8) + "{{id}}"
        var library = MustacheLibrary()
        try library.register(template, named: "t")
        let frames = TemplateFrames(sources: [template])
        var nearby = TemplateFrames.Nearby()
        let row = RowValues(reserving: 1)
        for (title, id) in [(String(repeating: "长标题", count: 300), "1"), (String(repeating: "a<b>&", count: 400), ""), ("短", "2")] {
            row.removeAll()
            row.set("title", title)
            row.set("id", id)
            var bytes: [UInt8] = []
            frames.render(row, with: "t", into: &bytes, nearby: &nearby) { library.render($0, withTemplate: "t") ?? "" }
            #expect(String(decoding: bytes, as: UTF8.self) == library.render(row.context.dictionary, withTemplate: "t"))
        }
    }

    static let page = """
        <h1>{{pageTitle}}</h1>{{{body}}}
        <ul>{{#sidebar}}<li{{#current}} class="on"{{/current}}><a href="{{root}}{{href}}">{{title}}</a> {{count}}</li>{{/sidebar}}</ul>
        {{#previous}}<a rel="prev" href="{{href}}">{{title}}</a>{{/previous}}{{#next}}<a rel="next" href="{{href}}">{{title}}</a>{{/next}}
        {{#tags}}<i>{{.}}</i>{{/tags}}{{#summary}}<p>{{summary}}</p>{{/summary}}
        {{#cards}}<section>{{title}}{{#summary}}: {{summary}}{{/summary}}{{#pages}}<b>{{title}}</b>{{/pages}}</section>{{/cards}}
        """

    static func link(_ title: String, _ href: String, count: Int? = nil, current: Bool? = nil) -> TemplateContext {
        var link = TemplateContext()
        link.set("title", title)
        link.set("href", href)
        if let count { link.set("count", number: count) }
        if let current { link.set("current", current) }
        return link
    }

    static func page(
        _ title: String, body: String, sidebar: [TemplateContext], previous: TemplateContext?, tags: [String],
        summary: String?, cards: [TemplateContext]
    ) -> TemplateContext {
        var context = TemplateContext()
        context.set("pageTitle", title)
        context.set("root", "../")
        context.set("body", raw: Array(body.utf8))
        context.set("sidebar", list: sidebar)
        context.set("previous", previous)
        context.set("next", link("下一页", "b.html"))
        context.set("tags", texts: tags)
        context.set("summary", summary)
        context.set("cards", list: cards)
        return context
    }

    /// Pages of nested contexts and lists: each shape's frame matches Mustache, pages of one shape
    /// share it, and a name missing inside a list item (`summary` of a card) is looked up around it.
    @Test func nestedContextsAsMustache() throws {
        var card = Self.link("售后", "after/index.html")
        card.set("pages", list: [Self.link("退货", "r.html"), Self.link("换货 & 补发", "x.html")])
        var summarized = Self.link("售前", "pre/index.html")
        summarized.set("summary", "先看 <订单>")
        summarized.set("pages", list: [])
        let contexts = [
            Self.page(
                "退货流程", body: "<p>正文</p>", sidebar: [Self.link("售前", "pre/", count: 3, current: true), Self.link("售后", "after/", count: 0, current: false)],
                previous: Self.link("上一页 <1>", "a.html"), tags: ["退款", "", "物流"], summary: "页摘要", cards: [card, summarized]),
            Self.page(
                "换货 & 补发", body: "<p>另一页</p>", sidebar: [Self.link("售前", "pre/", count: 12, current: false), Self.link("售后", "after/", count: 1, current: true)],
                previous: Self.link("上一页 <2>", "c.html"), tags: ["甲", "", "乙"], summary: "另一个摘要", cards: [card, summarized]),
            Self.page("无上一页", body: "", sidebar: [], previous: nil, tags: [], summary: nil, cards: [summarized]),
        ]
        let outputs = try Self.outputs(Self.page, contexts, shared: ["site": "手册"])
        for (expected, framed) in outputs { #expect(framed == expected) }
        #expect(outputs[0].1.contains("<li class=\"on\"><a href=\"../pre/\">售前</a> 3</li>"))
        #expect(outputs[0].1.contains("<section>售后: 页摘要<b>退货</b><b>换货 &amp; 补发</b></section>"))
        #expect(outputs[1].1.contains("<i>甲</i><i></i><i>乙</i>"))
        #expect(!outputs[2].1.contains("rel=\"prev\""))
    }
}

/// A list set item by item in place is the list of those items: the same bytes from Mustache and
/// from frames, empty or not, with values before and after it.
struct ListInPlaceTests {
    @Test func sameAsListOfContexts() throws {
        let template = "<h1>{{date}}</h1>{{#groups}}<h2 class=\"{{kind}}\">{{title}}</h2>{{{rows}}}{{/groups}}{{^groups}}none{{/groups}}{{#isEmpty}}!{{/isEmpty}}"
        let items = [("重点 <1>", "focus", "<tr>a</tr>"), ("重要且紧急", "q1", ""), ("不重要", "q4", "<tr>b & c</tr>")]
        for count in [0, 1, 3] {
            var listed = TemplateContext()
            var inPlace = TemplateContext()
            listed.set("date", "2026-11-20")
            inPlace.set("date", "2026-11-20")
            listed.set(
                "groups",
                list: items.prefix(count).map { item in
                    var values = TemplateContext()
                    values.set("title", item.0)
                    values.set("kind", item.1)
                    values.set("rows", raw: Array(item.2.utf8))
                    return values
                })
            inPlace.set("groups", count: count) { number, values in
                values.set("title", items[number].0)
                values.set("kind", items[number].1)
                values.set("rows", raw: Array(items[number].2.utf8))
            }
            listed.set("isEmpty", count == 0)
            inPlace.set("isEmpty", count == 0)
            let outputs = try TemplateContextTests.outputs(template, [listed, inPlace], shared: [:])
            for (expected, framed) in outputs { #expect(framed == expected) }
            #expect(outputs[0].0 == outputs[1].0)
        }
    }
}

/// Threads asking for a new shape's frame at once render it through Mustache once: the others
/// wait for that frame, and all write the same bytes.
struct FrameMadeOnceTests {
    @Test func oneRenderForThreadsAskingAtOnce() throws {
        let template = "<h1>{{title}}</h1>{{#items}}<li>{{label}}</li>{{/items}}"
        var made = MustacheLibrary()
        try made.register(template, named: "t")
        let library = made
        let frames = TemplateFrames(sources: [template])
        let renders = Mutex(0)
        let outputs = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { number in
            var context = TemplateContext()
            context.set("title", "第 \(number) 页 <\(number)>")
            var item = TemplateContext()
            item.set("label", "项 & \(number)")
            context.set("items", list: [item, item])
            var bytes: [UInt8] = []
            frames.render(context, with: "t", into: &bytes) { values in
                renders.withLock { $0 += 1 }
                // Long enough for the other threads to ask for the same shape meanwhile.
                Thread.sleep(forTimeInterval: 0.05)
                return library.render(values, withTemplate: "t") ?? ""
            }
            outputs.withLock { $0[number] = String(decoding: bytes, as: UTF8.self) }
        }
        #expect(renders.withLock { $0 } == 1)
        for number in 0..<8 {
            #expect(outputs.withLock { $0[number] } == "<h1>第 \(number) 页 &lt;\(number)&gt;</h1><li>项 &amp; \(number)</li><li>项 &amp; \(number)</li>")
        }
    }
}

/// A number set on a row is written as its decimal digits.
struct RowNumberTests {
    @Test func numbersAsTheirDigits() throws {
        var library = MustacheLibrary()
        try library.register("<td>{{n}}</td>", named: "t")
        let frames = TemplateFrames(sources: ["<td>{{n}}</td>"])
        var nearby = TemplateFrames.Nearby()
        let row = RowValues(reserving: 1)
        for number in [0, 7, 14, 100, 1_234_567, -3, Int.max, Int.min] {
            row.removeAll()
            row.set("n", number: number)
            var bytes: [UInt8] = []
            frames.render(row, with: "t", into: &bytes, nearby: &nearby) { library.render($0, withTemplate: "t") ?? "" }
            #expect(String(decoding: bytes, as: UTF8.self) == "<td>\(number)</td>")
        }
    }
}

/// The anchors of a day's task rows: `task-<id>`, and the planned date added for an id seen before.
struct TaskAnchorTests {
    /// The same anchors as a set of the anchors given so far would choose, for ids that repeat, ids
    /// that look like a dated anchor, and more ids than the table was made for.
    @Test func sameAnchorsAsASetGives() {
        let planned = Day("2026-11-20")!
        var ids = ["1124-1", "1124-2", "1124-1", "1124-1-2026-11-20", "r1", "1124-1", "r1"]
        ids += (0..<300).map { "\($0 % 170)" }
        var anchors = DaySheetContext.Anchors(reserving: 4)
        var used: Set<String> = []
        var given: [String] = []
        for id in ids {
            var expected = "task-" + id
            if !used.insert(expected).inserted {
                expected += "-\(planned)"
                used.insert(expected)
            }
            given.append(anchors.anchor(id: id, key: PlannedTask.idKey(id), planned: planned))
            #expect("task-" + given.last! == expected, "\(id)")
        }
        // The sheet's anchors are those given, in order.
        #expect(anchors.names == given)
    }
}

/// Carried rows are kept in a table of their own: every key kept is found again, past the table's
/// first size, and a key that differs in a text alone is not.
struct CarriedRowsTableTests {
    @Test func keptRowsAreFoundByTheirKeys() throws {
        let tasks = (0..<40).map {
            PlannedTask(id: "\($0)", title: "t", owner: "o", by: "b", quadrant: .important, priority: 1, outcome: "")
        }
        var keys: [CarriedRows.Key] = []
        for (number, task) in tasks.enumerated() {
            for day in 0..<5 {
                keys.append(
                    CarriedRows.Key(
                        task: task.identity, planned: Day(number: 20_000 + number), carriedFrom: Day(number: 20_000 + day),
                        status: day % 2 == 0 ? .todo : .notDone, isRoutine: false, reason: day % 2 == 0 ? nil : "等回复",
                        reasonBy: nil, anchor: "\(number)"))
            }
        }
        var table = CarriedRows.Table()
        for (index, key) in keys.enumerated() {
            let number = table.insert(one: [[UInt8(index % 256)], [1]], many: [[UInt8(index / 256)], [2, 3]], for: key)
            #expect(number == index)
        }
        let scratch = RowValues(reserving: 1)
        for (index, key) in keys.enumerated() {
            let number = try #require(table.find(CarriedRows.Table.hash(key)) { $0.pointee == key })
            var one: [UInt8] = []
            table.join(number, days: 1, into: &one, scratch: scratch)
            var many: [UInt8] = []
            table.join(number, days: 12, into: &many, scratch: scratch)
            #expect(one == [UInt8(index % 256), UInt8(ascii: "1"), 1])
            #expect(many == [UInt8(index / 256), UInt8(ascii: "1"), UInt8(ascii: "2"), 2, 3])
        }
        let other = CarriedRows.Key(
            task: keys[1].task, planned: keys[1].planned, carriedFrom: keys[1].carriedFrom, status: keys[1].status,
            isRoutine: false, reason: "另一个原因", reasonBy: nil, anchor: keys[1].anchor)
        #expect(table.find(CarriedRows.Table.hash(other)) { $0.pointee == other } == nil)
        #expect(table.insert(one: [[9]], many: [[9]], for: keys[3]) == 3)
    }
}
