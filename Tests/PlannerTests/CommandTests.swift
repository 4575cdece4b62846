import Foundation
import Testing

/// The planner's commands run as the built binary, the way staff and managers use them.
struct CommandTests {
    static var binary: URL {
        for bundle in [Bundle.main] + Bundle.allBundles {
            var folder = bundle.bundleURL
            for _ in 0..<3 {
                let candidate = folder.appending(path: "opsbook")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../.build/debug/opsbook")
    }

    @discardableResult
    static func run(_ arguments: [String], root: URL, now: String = "2026-11-26T09:00:00+08:00") throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--root", root.path]
        var environment = ProcessInfo.processInfo.environment
        environment["OPSBOOK_NOW"] = now
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// A manager assigns, staff tick, and `today` prints the sheet with who and when.
    @Test func assignTickAndToday() throws {
        let fixture = try Fixture()
        let assigned = try Self.run(["assign", "核对异常订单", "--to", "小李", "--as", "王主管", "--quadrant", "1", "--outcome", "每单有人跟进"], root: fixture.root)
        #expect(assigned.status == 0)
        #expect(assigned.out == "已安排:2026-11-26 核对异常订单 → 小李(第 1 象限,序号 1)\n1126-1\n")
        let done = try Self.run(["done", "1126-1", "--as", "小李"], root: fixture.root, now: "2026-11-26T10:05:00+08:00")
        #expect(done.out == "✓ 1126-1 核对异常订单:已完成\n")
        let today = try Self.run(["today"], root: fixture.root)
        #expect(
            today.out == """
                2026-11-26 周四 任务单  完成 1/1

                ■ 第 1 象限 · 重要且紧急
                  ✓ 1  1126-1  核对异常订单
                      负责 小李 · 安排 王主管 · 结果 每单有人跟进
                      小李 10:05 完成

                """)
        let bad = try Self.run(["not-done", "1126-1", "--reason", " "], root: fixture.root)
        #expect(bad.status != 0)
        #expect(bad.err.hasPrefix("content/tasks/journal.log: error: 必须用 --reason 写明原因"))
    }

    /// English sites get English messages.
    @Test func englishMessages() throws {
        let fixture = try Fixture(language: "en", files: ["2026-11-26.yaml": "tasks:\n" + Fixture.task("1126-1", "Check orders")])
        let result = try Self.run(["done", "nope"], root: fixture.root)
        #expect(result.status != 0)
        #expect(result.err.hasPrefix("content/tasks/2026-11-26.yaml: error: no task 'nope' on the sheet of 2026-11-26; open ids that day: 1126-1"))
    }

    /// The index keeps a copy of the site settings so a tick parses no YAML; editing `site.yaml`
    /// still takes effect on the next command.
    @Test func editedSiteSettingsAreSeen() throws {
        let fixture = try Fixture(files: ["2026-11-26.yaml": "tasks:\n" + Fixture.task("1126-1", "核对订单")])
        try Self.run(["today"], root: fixture.root)
        let chinese = try Self.run(["done", "nope"], root: fixture.root)
        #expect(chinese.err.hasPrefix("content/tasks/2026-11-26.yaml: error: 2026-11-26 的任务单上没有编号 'nope'"))
        try fixture.write("content/site.yaml", "title: t\nlanguage: en\ntimezone: Asia/Shanghai\n")
        let english = try Self.run(["done", "nope"], root: fixture.root)
        #expect(english.err.hasPrefix("content/tasks/2026-11-26.yaml: error: no task 'nope' on the sheet of 2026-11-26"))
    }

    /// A plan file rewritten with the same size and its time set back to the nanosecond (two saves
    /// within one tick of the file system's clock) is read again by the next command: the index
    /// keeps no fingerprint of a file changed within the last second.
    @Test func planChangedWithinOneClockTickIsSeen() throws {
        let fixture = try Fixture(files: ["2026-11-26.yaml": "tasks:\n" + Fixture.task("1126-1", "核对订单")])
        #expect(try Self.run(["today"], root: fixture.root).out.contains("核对订单"))
        let plan = fixture.root.appending(path: "content/tasks/2026-11-26.yaml")
        var before = stat()
        #expect(stat(plan.path, &before) == 0)
        let text = try fixture.read("content/tasks/2026-11-26.yaml")
        try fixture.write("content/tasks/2026-11-26.yaml", text.replacingOccurrences(of: "核对订单", with: "核对退款"))
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, plan.path, &times, 0) == 0)
        var after = stat()
        #expect(stat(plan.path, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        let today = try Self.run(["today"], root: fixture.root)
        #expect(today.out.contains("核对退款"), "\(today.out)")
    }

    /// Four processes at once, each ticking 50 different tasks (one locked append per tick): all 200
    /// ticks are in the journal.
    @Test func concurrentTicksAreAllRecorded() throws {
        var plan = "tasks:\n"
        for number in 1...200 { plan += Fixture.task("t\(number)", "任务 \(number)", priority: number) }
        let fixture = try Fixture(files: ["2026-11-26.yaml": plan])
        try Self.run(["today"], root: fixture.root)
        var environment = ProcessInfo.processInfo.environment
        environment["OPSBOOK_NOW"] = "2026-11-26T12:00:00+08:00"
        let workers = try (0..<4).map { worker in
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["done"] + (1...50).map { "t\(worker * 50 + $0)" } + ["--root", fixture.root.path, "--as", "w\(worker)"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for worker in workers {
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 0)
        }
        let lines = try fixture.read("content/tasks/journal.log").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 200)
        #expect(Set(lines.map { $0.split(separator: "\t")[4] }).count == 200)
        let json = try Self.run(["today", "--json"], root: fixture.root).out
        #expect(json.components(separatedBy: "\"status\": \"done\"").count - 1 == 200)
    }
}
