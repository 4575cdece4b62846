import Foundation
import Planner
import Testing
import Yams

@testable import Workspace

/// Plain YAML is read straight from libyaml's events; it must give exactly the nodes Yams gives, and
/// leave Yams everything else.
struct YAMLReadingTests {
    /// A node as text, every scalar with its style and every node with its place.
    static func describe(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let place = "@\(node.line):\(node.column)"
        switch node.value {
        case .scalar(let text, let style): return "\(text.debugDescription)/\(style)\(place)"
        case .mapping(let pairs): return "{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}" + place
        case .sequence(let items, _): return "[" + items.map(describe).joined(separator: ", ") + "]" + place
        }
    }

    static func viaYams(_ text: String) throws -> String {
        describe(try Yams.compose(yaml: text, .basic, .default, .utf8).map(YAMLNode.init))
    }

    @Test(arguments: [
        "",
        "# only a comment\n",
        "tasks:\n  - id: 1126-1\n    title: 核对异常订单\n    quadrant: 2\n    outcome:\n",
        "tasks: []\n",
        "tasks:\n- id: '引号 # 不是注释'\n  notes: \"双引号\\t转义 \\u00e9\"\n  due: 11:00\n",
        "title: 退货\norder: 3\ntags: [售后, 退款]\nsummary: >\n  折叠的\n  两行\nbody: |\n  保留\n  换行\n",
        "---\na: 1\n...\n",
        "nested:\n  deeper:\n    - - x\n      - y\n    - {k: v, 'q': \"w\"}\n",
        "\u{FEFF}a: 带 BOM\n",
        "just text\n",
    ])
    func plainDocumentsMatchYams(_ text: String) throws {
        guard case .document(let node) = PlainComposer.compose(text) else {
            Issue.record("composed by Yams: \(text.debugDescription)")
            return
        }
        #expect(Self.describe(node) == (try Self.viaYams(text)))
    }

    @Test(arguments: [
        "a: &x 1\nb: *x\n",  // anchors and aliases
        "a: !!str 1\n",  // explicit tags
        "a: 1\na: 2\n",  // a duplicate key
        "? [k]\n: v\n",  // a key that is not text
        "base: {a: 1}\nmerged:\n  <<: {b: 2}\n",  // a merge key
        "a: 1\n---\nb: 2\n",  // two documents
        "tasks:\n  - id: [x\n",  // a syntax error
        "a: \"nul \\0 inside\"\n",  // a NUL in a scalar
    ])
    func everythingElseIsLeftToYams(_ text: String) {
        guard case .unsupported = PlainComposer.compose(text) else {
            Issue.record("composed without Yams: \(text.debugDescription)")
            return
        }
    }

    /// Every YAML text of the sample (plan files, routines, site.yaml, each page's front matter) reads
    /// the same as Yams reads it.
    @Test func sampleFilesMatchYams() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../content")
        var texts: [(String, String)] = []
        let files = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard ["yaml", "md"].contains(url.pathExtension) else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            if url.pathExtension == "yaml" {
                texts.append((url.lastPathComponent, text))
            } else if url.pathExtension == "md", text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") {
                texts.append((url.lastPathComponent, String(text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound])))
            }
        }
        #expect(texts.count > 20)
        for (name, text) in texts {
            guard case .document(let node) = PlainComposer.compose(text) else {
                Issue.record("\(name) was left to Yams")
                continue
            }
            #expect(Self.describe(node) == (try Self.viaYams(text)), "\(name)")
        }
    }

    /// A long mapping is read too, and a key repeated far down in it is still left to Yams.
    @Test func longMappings() throws {
        let long = (0..<40).map { "k\($0): 值\($0)\n" }.joined()
        guard case .document(let node) = PlainComposer.compose(long) else {
            Issue.record("a long mapping was left to Yams")
            return
        }
        #expect(Self.describe(node) == (try Self.viaYams(long)))
        guard case .unsupported = PlainComposer.compose(long + "k3: again\n") else {
            Issue.record("a repeated key was not left to Yams")
            return
        }
    }

    /// What Yams reports for a document the fast reader leaves to it still reaches the user.
    @Test func yamsErrorsStillPointAtTheirPlace() {
        let problems = PlanFile.parse(
            "tasks:\n  - id: a\n    id: b\n", path: "content/tasks/2026-11-26.yaml", date: day4, words: Words(.english)
        ).1.map(\.description)
        #expect(problems == ["content/tasks/2026-11-26.yaml:2:5: error: invalid YAML: duplicate key id"])
    }

    /// Front matter still decodes numbers and flags by YAML's rules after the fast reader.
    @Test func decodingResolvesTypes() throws {
        struct Settings: Decodable {
            var order: Int
            var draft: Bool
            var code: String
        }
        let settings = try YAMLSource("order: 3\ndraft: false\ncode: '007'\n", path: "x.yaml").decode(Settings.self)
        #expect(settings.order == 3)
        #expect(settings.draft == false)
        #expect(settings.code == "007")
        #expect(throws: Diagnostic.self) { try YAMLSource("order: '3'\ndraft: no\ncode: x\n", path: "x.yaml").decode(Settings.self) }
    }

    // MARK: - The line reader in front of libyaml

    /// A plan file as `opsbook assign` and the managers write it: the line reader takes it (the
    /// fast path is used), and gives what libyaml gives.
    static let planFile = """
        # 2026-11-23 周一 王主管安排
        tasks:
          - id: 1123-1
            title: 整理爆款跟踪表(上周数据)
            owner: 小李
            by: 王主管
            quadrant: 1
            priority: 1
            outcome: 每个异常件都查到原因,并回复买家:当天
            playbook: after-sales/logistics.md#物流信息不更新

          - id: 1123-2
            title: '单引号'
            due: "17:00"
            notes: '备注 # 不是注释'
        routine:
        - 晨会
        - 巡店
        """

    @Test func lineReaderTakesPlanFiles() throws {
        for text in [Self.planFile, "title: 退货\norder: 3\n", "a:\n  b:\n    c: d\n  e: f\n", "- x\n- y: z\n  w: v\n"] {
            guard let read = PlainBlockReader.read(text), case .document(let node) = read else {
                Issue.record("left to libyaml: \(text.debugDescription)")
                continue
            }
            guard case .document(let composed) = PlainComposer.compose(text) else {
                Issue.record("libyaml refuses what the line reader took: \(text.debugDescription)")
                continue
            }
            #expect(Self.describe(node) == Self.describe(composed))
        }
    }

    /// Whenever the line reader takes a text, libyaml reads the same nodes at the same places; what
    /// libyaml refuses or reads otherwise, the line reader leaves to it. Checked on the texts above
    /// and on thousands of plan files with a piece of YAML syntax dropped in at random.
    @Test func lineReaderAgreesWithLibyaml() throws {
        var texts = [Self.planFile, "", "# c\n\n", "a: 'it''s'\n", "a: 1\n", "a:\n", "a: b: c\n", "a:\n- b\nc: d\n", "a:\n  - b\n  c: d\n"]
        let pieces = [
            "\t", " ", "  ", "#", " # c", ": ", ":", "- ", "-", "'", "\"", "\\", "|", ">", "&a ", "*a", "!x ", "[", "]", "{", "}",
            ",", "?", "%", "@", "`", "\n", "\n  ", "\n    ", "\n      ", "---\n", "...\n", "\u{85}", "\u{2028}", "\u{FEFF}",
            "\r", "\u{0}", "\u{7}", "x", "值", "k: v", "\n- ", "\n  - k: v", "\"a: b\"", "'#'",
        ]
        texts += mutations(of: Self.planFile, pieces: pieces, count: 4000, most: 3, seed: 0x2545_F491_4F6C_DD1D)
        var taken = 0
        for text in texts {
            guard let read = PlainBlockReader.read(text) else { continue }
            taken += 1
            guard case .document(let node) = read, case .document(let composed) = PlainComposer.compose(text) else {
                Issue.record("libyaml refuses what the line reader took: \(text.debugDescription)")
                continue
            }
            #expect(Self.describe(node) == Self.describe(composed), "\(text.debugDescription)")
        }
        // Many of the texts still go through the line reader (614 of them): the comparison covers it.
        #expect(taken > 500)
    }
    /// `isPlain` looks at eight bytes at once: the same answer as a byte-by-byte reading for `: `,
    /// ` #`, a trailing `:` and NUL at every place around the words' edges.
    @Test func plainTextCheckedWordByWord() {
        func reference(_ text: [UInt8]) -> Bool {
            let indicators = Array("-?:,[]{}#&*!|>'\"%@`".utf8)
            guard !indicators.contains(text[0]), text[0] != 0 else { return false }
            for index in 1..<text.count {
                let (previous, byte) = (text[index - 1], text[index])
                if byte == 0 || previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ")
                    || previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#")
                {
                    return false
                }
            }
            return text.last != UInt8(ascii: ":")
        }
        let fillers = [Array("abcdefghijklmnopqrstuvwxyz".utf8), Array("核对异常订单并回复买家核对异常订单".utf8)]
        let pieces = [": ", " #", ":", " ", "#", "\u{0}", ":#", " :", "::  ##"].map { Array($0.utf8) }
        let texts = Self.insertions(of: pieces, into: fillers, lengths: 1...20)
        for text in texts {
            let plain = text.withUnsafeBufferPointer { PlainBlockReader.isPlain($0) }
            #expect(plain == reference(text), "\(String(decoding: text, as: UTF8.self).debugDescription)")
        }
        #expect(texts.count > 3000)
    }

    /// `isReadable` looks for controls eight bytes at a time and for the other refused characters
    /// by their first bytes: the same answer as a byte-by-byte reading, with each refused character
    /// (and near misses) at every place around the words' edges, in ASCII and in Chinese text.
    @Test func readableTextCheckedLikeByteByByte() {
        func reference(_ text: [UInt8]) -> Bool {
            for (index, byte) in text.enumerated() {
                let next = { (offset: Int) -> UInt8? in index + offset < text.count ? text[index + offset] : nil }
                if byte < 0x20 && byte != 0x0A || byte == 0x7F { return false }
                if byte == 0xC2, let second = next(1), second < 0xA0 { return false }
                if byte == 0xE2, next(1) == 0x80, let third = next(2), third == 0xA8 || third == 0xA9 { return false }
                if byte == 0xEF, next(1) == 0xBB, next(2) == 0xBF { return false }
                if byte == 0xEF, next(1) == 0xBF, let third = next(2), third >= 0xBE { return false }
            }
            return true
        }
        let fillers = [Array("abcdefghij klmnopqrstuvwxyz\n".utf8), Array("核对异常订单，并回复买家—核对“订单”".utf8)]
        let pieces: [[UInt8]] = [
            [0x09], [0x0D], [0x00], [0x1F], [0x0A], [0x20], [0x7F], [0xC2, 0x85], [0xC2, 0xA0], [0xC2],
            [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0xAA], [0xE2, 0x80], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB],
            [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD], [0xEF, 0xBC, 0x8C],
        ]
        let texts = Self.insertions(of: pieces, into: fillers, lengths: 0...24)
        for text in texts {
            let readable = text.withUnsafeBufferPointer { PlainBlockReader.Lines.isReadable($0) }
            #expect(readable == reference(text), "\(text)")
        }
        #expect(texts.count > 10000)
    }

    /// Each piece put at every place of each filler's first `length` bytes, for every length: the
    /// texts the word-by-word checks are compared on, a piece across every word edge.
    static func insertions(of pieces: [[UInt8]], into fillers: [[UInt8]], lengths: ClosedRange<Int>) -> [[UInt8]] {
        var texts: [[UInt8]] = []
        for filler in fillers {
            for length in lengths {
                for at in 0...length {
                    for piece in pieces {
                        texts.append(Array(filler.prefix(length).prefix(at)) + piece + Array(filler.prefix(length).dropFirst(at)))
                    }
                }
            }
        }
        return texts
    }
}

