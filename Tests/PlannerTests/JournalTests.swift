import Foundation
import Testing
import Workspace

@testable import Planner

/// Reading the journal: lines read from their bytes give the events the line-by-line parser gives.
struct JournalTests {
    static let words = Words(.chinese)

    static let lines = [
        "2026-11-25T18:02:11+08:00\t2026-11-25\tnot-done\t2026-11-25\t1125-2\t小王\t等供应商回复",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-24\t1124-1\t小王\t",
        "2026-11-26T09:00:00Z\t2026-11-26\treopen\t2026-11-24\t1124-1\tLee\t",
        "2026-11-26T09:00:00-05:30\t2026-11-26\tdrop\t2026-11-24\tr1\t 小李 \t 不做了 ",
        "2026-11-26T09:00:00+08:00\t2026-11-26\tdone\t2026-11-24\t1124-1\t小王\t顺手做了",
        "# opsbook journal: at\tday\tevent\tplanned\tid\twho\treason",
        "#2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t1125-2\t小王\t",
        "",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tnot-done\t2026-11-25\t1125-2\t小王\t",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdrop\t2026-11-25\t1125-2\t小王",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t1125-2\t小王\t\textra",
        "2026-11-25T18:02:11+08:00\t2026-11-32\tdone\t2026-11-25\t1125-2\t小王\t",
        "2026-11-25 18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t1125-2\t小王\t",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tfinished\t2026-11-25\t1125-2\t小王\t",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t11 25\t小王\t",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t1125-2\t\t",
        "2026-11-25T18:02:11+08:00\t2026-11-25\tdone\t2026-11-25\t1125-2\t小王\t原因\u{2028}下一行",
    ]

    /// Each line read from its bytes is the event the line parser makes of it, or left to that
    /// parser (which then finds a comment, a blank line or a problem).
    @Test func bytesReadAsTheLineParserReads() {
        var read = 0
        for (number, line) in Self.lines.enumerated() {
            let slow = try? JournalEvent.parse(line[...], lineNumber: number + 1, path: "j", words: Self.words)
            var recent = JournalEvent.Recent()
            let fast = Array(line.utf8).withUnsafeBufferPointer { JournalEvent.parse(utf8: $0, recent: &recent) }
            if let fast {
                read += 1
                #expect(fast == slow, "line \(number + 1)")
            }
        }
        #expect(read == 6)
    }

    /// A whole journal gives the same events, line numbers and problems as its lines parsed one by one.
    @Test func journalAsItsLines() {
        let text = Self.lines.joined(separator: "\n") + "\n"
        let parsed = Journal.parse(Data(text.utf8), firstLine: 1, path: "j", words: Self.words)
        var events: [JournalEvent] = []
        var lineNumbers: [Int] = []
        var problems: [String] = []
        for (number, line) in Self.lines.enumerated() {
            do throws(Diagnostic) {
                if let event = try JournalEvent.parse(line[...], lineNumber: number + 1, path: "j", words: Self.words) {
                    events.append(event)
                    lineNumbers.append(number + 1)
                }
            } catch {
                problems.append(error.description)
            }
        }
        #expect(parsed.events == events)
        #expect(parsed.lineNumbers == lineNumbers)
        #expect(parsed.diagnostics.map(\.description) == problems)
        #expect(parsed.events.count == 6)
        #expect(parsed.events[3].who == "小李" && parsed.events[3].reason == "不做了")
    }

    /// A journal whose lines come back to the same days and people, and move between more days
    /// than the reader keeps at once, gives the events its lines give one by one.
    @Test func daysAndNamesAgainAsTheirLines() {
        var random = SystemRandomNumberGenerator()
        let days = (20...28).map { "2026-11-\($0)" }
        var lines: [String] = []
        for number in 0..<400 {
            let day = days.randomElement(using: &random)!
            let planned = Bool.random(using: &random) ? day : days.randomElement(using: &random)!
            let time = days.randomElement(using: &random)! + "T1\(number % 10):0\(number % 6):00+08:00"
            let who = ["小李", "小王", "阿杰", "小李 "].randomElement(using: &random)!
            lines.append("\(time)\t\(day)\tdone\t\(planned)\t1125-\(number % 30)\t\(who)\t")
        }
        let parsed = Journal.parse(Data((lines.joined(separator: "\n") + "\n").utf8), firstLine: 1, path: "j", words: Self.words)
        let oneByOne = lines.enumerated().compactMap { number, line in
            try? JournalEvent.parse(line[...], lineNumber: number + 1, path: "j", words: Self.words)
        }
        #expect(parsed.events.count == 400)
        #expect(parsed.events == oneByOne)
    }
    /// Names and reasons are cleaned of tabs, line breaks and spaces at their ends; those that
    /// need nothing are taken as they are (checked on their bytes): both give what the character
    /// by character cleaning gives.
    @Test func cleaningOnBytesAgreesWithCharacters() {
        func reference(_ text: String) -> String {
            String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
        }
        let ends = ["", " ", "\u{3000}", "\u{1680}", "\u{A0}", "\u{2003}", "\t", "\n", "x", "王", "\u{85}", "\u{2028}"]
        for start in ends {
            for end in ends {
                for middle in ["小李", "王 主管", "a\tb", "行\n二", "客户没回", "AB"] {
                    let text = start + middle + end
                    #expect(JournalEvent.clean(text) == reference(text), "\(text.debugDescription)")
                }
            }
        }
    }
}
