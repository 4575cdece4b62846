import Foundation
import Testing
import Workspace

@testable import Planner

/// A plan file of the usual shape is read straight from its lines; it must give exactly what
/// reading it as YAML gives (tasks, their places, problems), and leave YAML every other text.
struct PlainPlanTests {
    let words = Words(.chinese)
    let day = Day("2026-11-26")!

    static let plan = """
        # 2026-11-26 的安排
        tasks:
          - id: 1126-1
            title: 第1项:核对异常订单并回复买家
            owner: 小李
            by: 王主管
            quadrant: 1
            priority: 1
            outcome: 每一单都有处理人

          - id: 1126-2
            title: 处理退款 (先看物流)
            owner: 小张
            by: 王主管
            quadrant: 2
            priority: 2
            playbook: after-sales/returns.md#七天无理由退货
            due: 17点前
            notes: 备注里有#号也无妨
        """

    /// A plan of one task whose last line has no line break.
    static let short = "tasks:\n- id: 1126-1\n  title: t\n  owner: o\n  by: b\n  quadrant: 4\n  priority: 3"

    static func describe(_ file: PlanFile) -> String {
        zip(file.tasks, file.locations).map { task, place in
            "\(task.id)|\(task.title)|\(task.owner)|\(task.by)|\(task.quadrant)|\(task.priority)|\(task.outcome)|"
                + "\(task.playbook ?? "-")|\(task.due ?? "-")|\(task.notes ?? "-")|\(task.contentKey)|\(task.idKey)@\(place)"
        }.joined(separator: "\n")
    }

    /// A plan file with bytes that are not UTF-8, in a value or in a comment: the build says so
    /// (the usual shape is read from the bytes, which are checked value by value).
    @Test func invalidUTF8InAPlanIsReported() throws {
        let gbk: [UInt8] = [0xB4, 0xA6, 0xC0, 0xED]  // 处理 in GBK
        let task = Array(("tasks:\n" + Fixture.task("1126-1", "X")).utf8)
        for (bytes, line) in [
            (Array(task.split(separator: UInt8(ascii: "X")).joined(separator: gbk)), 3),
            (task + Array("  # ".utf8) + gbk + [0x0A], 9),
        ] as [([UInt8], Int)] {
            let fixture = try Fixture()
            try Data(bytes).write(to: fixture.root.appending(path: "content/tasks/2026-11-26.yaml"))
            #expect(PlanFile.parsePlain(file: bytes, date: day) == nil)
            let (book, diagnostics) = Planbook.load(from: try fixture.workspace)
            #expect(diagnostics.map(\.description) == [
                "content/tasks/2026-11-26.yaml:\(line):\(line == 3 ? 12 : 5): error: file is not valid UTF-8 text (save it as UTF-8)"
            ])
            #expect(book.sheet(on: day).tasks.isEmpty)
        }
    }

    /// Bytes that are not UTF-8 at the end of any value, even one read as a number or one that is
    /// the same as the task before's: the bytes are not read as a plan of the usual shape, and the
    /// build says where they are.
    @Test func invalidUTF8InAnyValueIsReported() throws {
        let gbk: [UInt8] = [0xB4, 0xA6]
        let before = "tasks:\n" + Fixture.task("1126-1", "一")
        let task = Fixture.task("1126-2", "二") + "    playbook: a.md\n    due: 17点\n    notes: 无\n"
        let lines = task.split(separator: "\n").map(String.init)
        for (index, line) in lines.enumerated() {
            var bytes = Array(before.utf8)
            for (other, text) in lines.enumerated() { bytes += Array(text.utf8) + (other == index ? gbk : []) + [0x0A] }
            let fixture = try Fixture()
            try Data(bytes).write(to: fixture.root.appending(path: "content/tasks/2026-11-26.yaml"))
            #expect(PlanFile.parsePlain(file: bytes, date: day) == nil, "\(line)")
            let (book, diagnostics) = Planbook.load(from: try fixture.workspace)
            #expect(diagnostics.map(\.description) == [
                "content/tasks/2026-11-26.yaml:\(index + 9):\(line.count + 1): error: file is not valid UTF-8 text (save it as UTF-8)"
            ])
            #expect(book.sheet(on: day).tasks.isEmpty)
        }
    }

    /// Tasks (their keys too: the plain reading hashes the values' bytes), places and problems as
    /// text, to compare.
    func read(_ text: String, plain: Bool) -> String {
        let (file, problems) = PlanFile.parse(text, path: "content/tasks/2026-11-26.yaml", date: day, words: words, plain: plain)
        let tasks = zip(file.tasks, file.locations).map { task, place in
            "\(task.id)|\(task.title)|\(task.owner)|\(task.by)|\(task.quadrant)|\(task.priority)|\(task.outcome)|"
                + "\(task.playbook ?? "-")|\(task.due ?? "-")|\(task.notes ?? "-")|\(task.contentKey)|\(task.idKey)@\(place)"
        }
        return (tasks + problems.map(\.description)).joined(separator: "\n")
    }

    @Test func plainReadingAgreesWithYAML() {
        var texts = [
            Self.plan, "", "tasks:\n", "tasks:\n- id: 1126-1\n  title: t\n  owner: o\n  by: b\n  quadrant: 4\n  priority: 3\n",
            Self.plan.replacingOccurrences(of: "\n  ", with: "\n"), Self.plan + "\nother: 1\n",
            Self.plan.replacingOccurrences(of: "\n", with: "  \n"), Self.plan.replacingOccurrences(of: "\n", with: "\r\n"),
            Self.plan + "\n  - id: 1126-1\n    title: 重复\n    owner: 小李\n    by: 王主管\n    quadrant: 3\n    priority: 3\n",
            // A key at the very end of the text (its word read past the end of the bytes).
            Self.short + "\n  playbook:", Self.short + "\n  playbook: a.md", Self.short + "\n  playboo", Self.short + "\n  due:",
            Self.short + "\n  due: 1", "tasks:\n- id: 1", "tasks:\n- id:",
        ]
        #expect(PlanFile.parsePlain(file: Array((Self.short + "\n  due: 1").utf8), date: day)?.tasks.first?.due == "1")
        // Each task's problems one at a time: a repeated id, numbers out of range, a bad playbook, a
        // missing or unknown or repeated key, a value quoted or left empty.
        for task in [
            "id: 1126-1", "id: 1126 1", "quadrant: 5", "quadrant: 一", "priority: 0", "priority: -2", "playbook: a b.md",
            "playbook: ../x.md", "playbook: x.txt", "title: '引号'", "title:", "titel: 拼错", "owner: 小王", "due: 明天 # 注释",
            // Keys read as one word: eight bytes and more, a `:` without a space, names that start alike.
            "playbooks: x.md", "playbook:x.md", "playbook:", "play: x", "notes:无", "no-tes: x", "due_: x", "-due: x",
        ] {
            texts.append(Self.plan + "\n  - id: 1126-3\n    title: 三\n    owner: 小李\n    by: 王主管\n    quadrant: 3\n"
                + "    priority: 3\n    " + task + "\n")
        }
        let pieces = [
            "\t", " ", "  ", "#", " # c", ": ", ":", "- ", "-", "'", "\"", "|", "&a ", "*a", "!x ", "[", "{", ",", "?",
            "\n", "\n  ", "\n    ", "\n      ", "x", "值", "k: v", "\n  - ", "\n    id: 1126-9", "\n    title: 又一项",
            "\n    quadrant: 9", "\n    priority: 0", "\n    priority: 二", "\n    playbook: a b.md", "\n    playbook: x.md",
            "\n    notes:", "\n    due: '17:00'", "\n  - id: 1126-1\n    title: t\n    owner: o\n    by: b\n    quadrant: 2\n    priority: 1",
            "\n  - id: 1126-3\n    title: t\n    owner: o\n    by: b\n    quadrant: 3\n    priority: 5", "\n# 注释\n", "\r",
        ]
        texts += mutations(of: Self.plan, pieces: pieces, count: 3000, most: 2, seed: 0x9E37_79B9_7F4A_7C15)
        var plain = 0
        var bytesTaken = 0
        for text in texts {
            if var records = PlainRecords.read(text, under: "tasks", names: TaskFields.keys),
                PlanFile(date: day, records: &records) != nil
            {
                plain += 1
            }
            #expect(read(text, plain: true) == read(text, plain: false), "\(text.debugDescription)")
            // Read from the file's bytes (as a build reads it), a plan of the usual shape is the same.
            if let fromBytes = PlanFile.parsePlain(file: Array(text.utf8), date: day) {
                #expect(Self.describe(fromBytes) == Self.describe(PlanFile.parse(text, path: "p", date: day, words: words).0))
                bytesTaken += 1
            }
        }
        // Many texts are still of the usual shape (277 of them): the comparison covers the plain reading.
        #expect(plain > 200)
        #expect(bytesTaken == plain)
    }
}
