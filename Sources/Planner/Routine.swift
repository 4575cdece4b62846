import Workspace
import Yams

/// A recurring task from `content/tasks/routines.yaml`: the task's fields plus `every:`.
///
/// A routine becomes a task on each day it falls on; its id on that day is the routine's id.
/// Instances are not carried over: yesterday's unticked routine stays on yesterday's sheet.
public struct Routine: Sendable, Hashable {
    public var task: PlannedTask
    public var every: Recurrence
    /// The first and last days it applies to, when given.
    public var from: Day?
    public var until: Day?

    public func falls(on day: Day) -> Bool {
        if let from, day < from { return false }
        if let until, day > until { return false }
        return every.includes(day)
    }
}

/// When a routine repeats.
public enum Recurrence: Sendable, Hashable {
    case daily
    case weekdays
    /// 0 = Sunday … 6 = Saturday.
    case days(of: Set<Int>)
    case monthly(on: Set<Int>)

    public func includes(_ day: Day) -> Bool {
        switch self {
        case .daily: true
        case .weekdays: (1...5).contains(day.weekday)
        case .days(let weekdays): weekdays.contains(day.weekday)
        case .monthly(let days): days.contains(day.components.day)
        }
    }

    /// Parses `daily`/`每天`, `weekdays`/`工作日`, day names (`mon thu`, `周一 周四`) or `monthly 1 15`.
    public init?(_ text: String) {
        let words = text.lowercased().split { $0 == " " || $0 == "," || $0 == "," || $0 == "、" }.map(String.init)
        guard let first = words.first else { return nil }
        switch first {
        case "daily", "每天", "每日":
            guard words.count == 1 else { return nil }
            self = .daily
        case "weekdays", "工作日":
            guard words.count == 1 else { return nil }
            self = .weekdays
        case "monthly", "每月":
            let days = words.dropFirst().compactMap { Int($0.trimmingSuffix("号").trimmingSuffix("日")) }
            guard !days.isEmpty, days.count == words.count - 1, days.allSatisfy({ (1...31).contains($0) }) else {
                return nil
            }
            self = .monthly(on: Set(days))
        default:
            let names = [
                "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
                "周日": 0, "周一": 1, "周二": 2, "周三": 3, "周四": 4, "周五": 5, "周六": 6, "周天": 0,
            ]
            let days = words.compactMap { names[String($0.prefix(3))] ?? names[$0] }
            guard !days.isEmpty, days.count == words.count else { return nil }
            self = .days(of: Set(days))
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// `content/tasks/routines.yaml`: a `routines:` list.
public enum RoutinesFile {
    public static let fileName = "routines.yaml"

    /// Parses the file; routines with problems are left out and reported. `playbookMarks` holds where
    /// each routine's playbook (or the routine itself) was written, in the order of `routines`.
    public static func parse(_ text: String, path: String, words: Words)
        -> (routines: [Routine], playbookMarks: [(line: Int, column: Int)], diagnostics: [Diagnostic])
    {
        let yaml: YAMLSource
        do throws(Diagnostic) {
            yaml = try YAMLSource(text, path: path, resolver: .basic)
        } catch {
            return ([], [], [error])
        }
        guard let root = yaml.node else { return ([], [], []) }
        guard let items = root["routines"]?.sequence else {
            return ([], [], [yaml.diagnostic(at: [PathKey("routines")], words.expectedRoutineList)])
        }
        let fields = TaskFields(yaml: yaml, words: words)
        var routines: [Routine] = []
        var marks: [(line: Int, column: Int)] = []
        var diagnostics: [Diagnostic] = []
        var firstLine: [String: Int] = [:]
        for index in items.indices {
            let path = [PathKey("routines"), PathKey(intValue: index)]
            let (located, problems) = fields.task(at: path, extraKeys: ["every", "from", "until"], suggestedID: { "r\(index + 1)" })
            diagnostics += problems
            let node = items[index]
            var every: Recurrence?
            if let text = node["every"]?.string {
                every = Recurrence(text)
                if every == nil { diagnostics.append(yaml.diagnostic(at: path + [PathKey("every")], words.badEvery(text))) }
            } else if let names = node["every"]?.sequence {
                every = Recurrence(names.compactMap(\.string).joined(separator: " "))
                if every == nil { diagnostics.append(yaml.diagnostic(at: path + [PathKey("every")], words.badEvery("[…]"))) }
            } else if node.mapping != nil {
                diagnostics.append(yaml.diagnostic(at: path, words.missingKey("every")))
            }
            var bounds: [String: Day] = [:]
            for key in ["from", "until"] {
                guard let text = node[key]?.string else { continue }
                if let day = Day(text) { bounds[key] = day } else {
                    diagnostics.append(yaml.diagnostic(at: path + [PathKey(key)], words.badDate(key, text)))
                }
            }
            guard let located, let every else { continue }
            if let first = firstLine[located.task.id] {
                diagnostics.append(
                    yaml.diagnostic(at: path + [PathKey("id")], words.duplicateID(located.task.id, first: first)))
                continue
            }
            firstLine[located.task.id] = located.line
            routines.append(Routine(task: located.task, every: every, from: bounds["from"], until: bounds["until"]))
            marks.append((located.playbookLine, located.playbookColumn))
        }
        return (routines, marks, diagnostics)
    }
}
