import Workspace
import Yams

/// A step in a YAML path, for diagnostics that point at `tasks[3].quadrant`.
struct PathKey: CodingKey {
    private var name: String
    var intValue: Int?

    /// The key's name, or `[index]` (made only when asked for: a year of plans has 11,000 tasks,
    /// and a task's path is needed only for a problem with it).
    var stringValue: String { intValue.map { "[\($0)]" } ?? name }

    init(stringValue: String) { name = stringValue }
    init(intValue: Int) {
        name = ""
        self.intValue = intValue
    }
    init(_ string: String) { self.init(stringValue: string) }
}

/// Reads the fields every task has, from plan files and from `routines.yaml` alike.
struct TaskFields {
    static let keys = ["id", "title", "owner", "by", "quadrant", "priority", "outcome", "playbook", "due", "notes"]

    let yaml: YAMLSource
    let words: Words

    /// Where a task was written, for later checks (playbook references) to point at.
    struct Located {
        var task: PlannedTask
        var line: Int
        var column: Int
        var playbookLine: Int
        var playbookColumn: Int
    }

    /// The place of `name` in `keys`. Only keys of its length are compared with it: comparing
    /// unequal strings is slow, and a year of plans names 80,000 fields.
    static func slot(of name: String) -> Int? {
        let length = name.utf8.count
        return keys.firstIndex { $0.utf8.count == length && $0 == name }
    }

    /// The task at `path`, or nil with the reasons why it is unusable. `suggestedID` is worked out
    /// only for a task without an id.
    func task(at path: [PathKey], extraKeys: [String] = [], suggestedID: () -> String) -> (Located?, [Diagnostic]) {
        guard let node = YAMLSource.node(at: path, in: yaml.node), let mapping = node.mapping else {
            return (nil, [yaml.diagnostic(at: path, words.expectedTask)])
        }
        var diagnostics: [Diagnostic] = []
        // Each field's node, by its place in `keys` (no dictionary: a year of plans is 11,000 tasks).
        var values = [YAMLNode?](repeating: nil, count: Self.keys.count)
        for (key, value) in mapping {
            if let name = key.string, let slot = Self.slot(of: name) {
                values[slot] = value
            } else if !extraKeys.contains(key.string ?? "") {
                diagnostics.append(
                    Diagnostic(
                        path: yaml.path, line: key.line, column: key.column,
                        message: words.unknownKey(key.string ?? "?", allowed: Self.keys + extraKeys)))
            }
        }
        func text(_ key: String, required: Bool = true) -> String? {
            guard let value = values[Self.slot(of: key)!] else {
                if required {
                    diagnostics.append(
                        yaml.diagnostic(
                            at: path, key == "id" ? words.missingID(suggested: suggestedID()) : words.missingKey(key)))
                }
                return nil
            }
            guard let text = value.string, !value.isEmptyPlain else {
                diagnostics.append(yaml.diagnostic(at: path + [PathKey(key)], words.expectedText(key)))
                return nil
            }
            return text
        }
        let id = text("id")
        if let id, !PlannedTask.isValidID(id) {
            diagnostics.append(yaml.diagnostic(at: path + [PathKey("id")], words.badID(id)))
        }
        let title = text("title")
        let owner = text("owner")
        let by = text("by")
        let outcome = text("outcome", required: false)
        let playbook = text("playbook", required: false)
        let due = text("due", required: false)
        let notes = text("notes", required: false)
        var quadrant: Quadrant?
        if let raw = text("quadrant") {
            quadrant = Int(raw).flatMap(Quadrant.init(rawValue:))
            if quadrant == nil { diagnostics.append(yaml.diagnostic(at: path + [PathKey("quadrant")], words.badQuadrant(raw))) }
        }
        var priority: Int?
        if let raw = text("priority") {
            priority = Int(raw).flatMap { $0 >= 1 ? $0 : nil }
            if priority == nil { diagnostics.append(yaml.diagnostic(at: path + [PathKey("priority")], words.badPriority(raw))) }
        }
        if let playbook, !Self.isWellFormedPlaybook(playbook) {
            diagnostics.append(yaml.diagnostic(at: path + [PathKey("playbook")], words.badPlaybook(playbook)))
        }
        guard diagnostics.isEmpty, let id, let title, let owner, let by, let quadrant, let priority else {
            return (nil, diagnostics)
        }
        let task = PlannedTask(
            id: id, title: title, owner: owner, by: by, quadrant: quadrant, priority: priority, outcome: outcome ?? "",
            playbook: playbook, due: due, notes: notes)
        let playbookNode = values[Self.slot(of: "playbook")!] ?? node
        return (
            Located(
                task: task, line: node.line, column: node.column, playbookLine: playbookNode.line,
                playbookColumn: playbookNode.column), []
        )
    }

    /// The place of `playbook` in `keys`.
    static let playbookSlot = slot(of: "playbook")!

    /// The task of plain record `record`, its fields by their place in `keys` (id, title, owner,
    /// by, quadrant, priority, outcome, playbook, due, notes); nil when `task(at:)` would find a
    /// problem with it, or a value is not valid UTF-8.
    static func task(in records: inout PlainRecords, at record: Int) -> PlannedTask? {
        guard let id = records.text(record, 0),
            records.withBytes(record, 0, PlannedTask.isPrintableID) == true || PlannedTask.isValidID(id),
            let title = records.text(record, 1), let owner = records.text(record, 2), let by = records.text(record, 3),
            let quadrant = records.integer(record, 4).flatMap(Quadrant.init(rawValue:)),
            let priority = records.integer(record, 5), priority >= 1
        else { return nil }
        /// The text of optional field `slot`: `.some(nil)` when there is none, nil when it is not UTF-8.
        @inline(__always) func optional(_ slot: Int) -> String?? {
            guard records.field(record, slot) != nil else { return .some(nil) }
            guard let text = records.text(record, slot) else { return nil }
            return text
        }
        guard let outcome = optional(6), let playbook = optional(7), let due = optional(8), let notes = optional(9)
        else { return nil }
        if let playbook, !isWellFormedPlaybook(playbook) { return nil }
        // The keys `PlannedTask.init` works out from the strings, from the values' bytes (every
        // text was made, so they are valid UTF-8): the same fields in the same order.
        var hash = StableHash()
        records.combine(record, 0, into: &hash)
        let idKey = hash.value
        for slot in 1...3 { records.combine(record, slot, into: &hash) }
        if outcome == nil { hash.combine("") } else { records.combine(record, 6, into: &hash) }
        hash.combine(quadrant.rawValue)
        hash.combine(priority)
        for slot in 7...9 { records.combine(record, slot, into: &hash) }
        return PlannedTask(
            id: id, title: title, owner: owner, by: by, quadrant: quadrant, priority: priority, outcome: outcome ?? "",
            playbook: playbook, due: due, notes: notes, idKey: idKey, contentKey: hash.value)
    }

    /// `page.md` or `folder/page.md#anchor`: a Markdown path inside the handbook.
    static func isWellFormedPlaybook(_ reference: String) -> Bool {
        let page = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return page.hasSuffix(".md") && !page.hasPrefix("/") && !page.contains("..") && !page.contains(" ")
    }
}
