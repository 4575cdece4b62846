import Workspace
import Yams

extension PlanFile {
    /// `text` with `task` added at the end of its `tasks:` list. Every byte already there is kept
    /// (comments, order, blank lines); the new task is appended, indented like the items before it.
    ///
    /// - Throws: a `Diagnostic` when the file is not valid YAML or its list is written on one line.
    static func appending(_ task: PlannedTask, to text: String, path: String, words: Words) throws(Diagnostic) -> String {
        var indent = 2
        var keyIndent = 4
        var prefix = text
        if !prefix.isEmpty, !prefix.hasSuffix("\n") { prefix += "\n" }
        let yaml = try YAMLSource(text, path: path, resolver: .basic)
        let list = yaml.node?["tasks"]
        if case .sequence(let items, let isFlow)? = list?.value {
            if isFlow { throw yaml.diagnostic(at: [PathKey("tasks")], words.flowList) }
            if let first = items.first {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = lines[first.line - 1]
                indent = line.prefix { $0 == " " }.count
                keyIndent = first.column - 1
            }
        } else if let list, !list.isEmptyPlain {
            throw yaml.diagnostic(at: [PathKey("tasks")], words.expectedTaskList)
        } else if list == nil {
            prefix += "tasks:\n"
        }
        let dash = String(repeating: " ", count: indent) + "-" + String(repeating: " ", count: max(1, keyIndent - indent - 1))
        let pad = String(repeating: " ", count: keyIndent)
        var fields: [(String, String)] = [
            ("id", task.id), ("title", task.title), ("owner", task.owner), ("by", task.by),
            ("quadrant", String(task.quadrant.rawValue)), ("priority", String(task.priority)),
        ]
        if !task.outcome.isEmpty { fields.append(("outcome", task.outcome)) }
        if let playbook = task.playbook { fields.append(("playbook", playbook)) }
        if let due = task.due { fields.append(("due", due)) }
        if let notes = task.notes { fields.append(("notes", notes)) }
        var block = ""
        for (index, (key, value)) in fields.enumerated() {
            let quoted = key == "quadrant" || key == "priority" ? value : Self.scalar(value)
            block += (index == 0 ? dash : pad) + key + ": " + quoted + "\n"
        }
        return prefix + block
    }

    /// `value` as a YAML scalar: plain when that reads back as the same text, else double-quoted.
    static func scalar(_ value: String) -> String {
        let risky: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "~"]
        let plainIsSafe =
            !value.isEmpty && !risky.contains(value.first!) && value.first != " " && value.last != " "
            && !value.contains(": ") && !value.contains(" #") && !value.hasSuffix(":")
            && !value.contains(where: { $0.isNewline || $0 == "\t" || $0 == "\\" })
            && Double(value) == nil && Int(value) == nil
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(value.lowercased())
            && !value.contains(where: { $0.asciiValue.map { $0 < 32 } ?? false })
        if plainIsSafe || (value.first?.isNumber == true && value.allSatisfy { $0.isNumber || $0 == "-" } && Int(value) == nil && Double(value) == nil && !value.contains(":")) {
            return value
        }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
