import Workspace
import Yams

/// A day's plan: `content/tasks/YYYY-MM-DD.yaml`, a `tasks:` list written by a manager or by `assign`.
public struct PlanFile: Sendable {
    public var date: Day
    /// The tasks in the order they were written.
    public var tasks: [PlannedTask]
    /// Where each task (and its playbook) was written, in the same order as `tasks`.
    var locations: [(line: Int, column: Int, playbookLine: Int, playbookColumn: Int)]

    /// The date a plan file's name gives (`2026-11-26.yaml`), or nil when the name is not a date.
    public static func date(fromFileName name: String) -> Day? {
        guard name.hasSuffix(".yaml") else { return nil }
        return Day(name.dropLast(5))
    }

    /// Parses a plan file; tasks with problems are left out and reported.
    ///
    /// - Parameter plain: whether a file of the usual shape is read straight from its lines
    ///   (`PlainRecords`, several times faster); one with any problem is read as YAML all the same,
    ///   so its diagnostics are the same either way (tests compare the two).
    public static func parse(_ text: String, path: String, date: Day, words: Words, plain: Bool = true)
        -> (PlanFile, [Diagnostic])
    {
        if plain, var records = PlainRecords.read(text, under: "tasks", names: TaskFields.keys),
            let file = PlanFile(date: date, records: &records)
        {
            return (file, [])
        }
        var file = PlanFile(date: date, tasks: [], locations: [])
        let yaml: YAMLSource
        do throws(Diagnostic) {
            yaml = try YAMLSource(text, path: path, resolver: .basic)
        } catch {
            return (file, [error])
        }
        guard let root = yaml.node else { return (file, []) }
        guard let mapping = root.mapping else { return (file, [yaml.diagnostic(at: [], words.expectedMapping)]) }
        var diagnostics: [Diagnostic] = []
        for (key, _) in mapping where key.string != "tasks" {
            diagnostics.append(
                Diagnostic(
                    path: path, line: key.line, column: key.column,
                    message: words.unknownKey(key.string ?? "?", allowed: ["tasks"])))
        }
        guard let items = root["tasks"]?.sequence else {
            if let list = root["tasks"], !list.isEmptyPlain {
                diagnostics.append(yaml.diagnostic(at: [PathKey("tasks")], words.expectedTaskList))
            }
            return (file, diagnostics)
        }
        let fields = TaskFields(yaml: yaml, words: words)
        // Only a task without an id needs the suggestion: most files have none.
        var suggested: String?
        func suggestion() -> String {
            if let suggested { return suggested }
            let id = nextFreeID(on: date, taken: Set(items.compactMap { $0["id"]?.string }))
            suggested = id
            return id
        }
        var firstLine: [String: Int] = [:]
        for index in items.indices {
            let (located, problems) = fields.task(at: [PathKey("tasks"), PathKey(intValue: index)], suggestedID: suggestion)
            diagnostics += problems
            guard let located else { continue }
            if let first = firstLine[located.task.id] {
                diagnostics.append(
                    yaml.diagnostic(
                        at: [PathKey("tasks"), PathKey(intValue: index), PathKey("id")],
                        words.duplicateID(located.task.id, first: first)))
                continue
            }
            firstLine[located.task.id] = located.line
            file.tasks.append(located.task)
            file.locations.append((located.line, located.column, located.playbookLine, located.playbookColumn))
        }
        return (file, diagnostics)
    }

    /// The plan in a file's bytes when it is of the usual shape and has no problem (as `parse`
    /// reads it then); nil for anything else, which `parse` reads from the file's text. The bytes
    /// are checked as UTF-8 value by value, not first as a whole (a year of plans is 2 MB).
    public static func parsePlain(file bytes: [UInt8], date: Day) -> PlanFile? {
        guard var records = PlainRecords.read(file: bytes, under: "tasks", names: TaskFields.keys) else { return nil }
        return PlanFile(date: date, records: &records)
    }

    /// The first `MMDD-N` id of `date` that is not in `taken`.
    public static func nextFreeID(on date: Day, taken: Set<String>) -> String {
        var number = 1
        while taken.contains("\(date.monthDay)-\(number)") { number += 1 }
        return "\(date.monthDay)-\(number)"
    }
}

extension PlanFile {
    /// The plan of `records` (`TaskFields.keys` their names); nil when any task has a problem for
    /// `TaskFields` to report, or two share an id.
    init?(date: Day, records: inout PlainRecords) {
        self.init(date: date, tasks: [], locations: [])
        tasks.reserveCapacity(records.count)
        locations.reserveCapacity(records.count)
        var ids: Set<String> = []
        for record in 0..<records.count {
            guard let task = TaskFields.task(in: &records, at: record) else { return nil }
            // A few tasks are compared one by one (their ids' hashes first: comparing two short
            // strings that differ is a call); a long plan's through a set.
            if tasks.count < 64 {
                guard !tasks.contains(where: { $0.idKey == task.idKey && $0.id == task.id }) else { return nil }
            } else {
                if ids.isEmpty { ids = Set(tasks.map(\.id)) }
                guard ids.insert(task.id).inserted else { return nil }
            }
            let place = records.place(of: record)
            let playbook = records.field(record, TaskFields.playbookSlot)
            tasks.append(task)
            locations.append((place.line, place.column, playbook?.line ?? place.line, playbook?.column ?? place.column))
        }
    }
}
