import Foundation

extension DaySheet {
    /// `{"date": "YYYY-MM-DD", "tasks": [...]}`, tasks in sheet order, keys in a fixed order, absent
    /// values as `null`.
    public func json() -> String {
        var out = "{\n  \"date\": \(Self.quote(date.description)),\n  \"tasks\": ["
        for (index, entry) in entries.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "    {" + entry.jsonFields.map { "\(Self.quote($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
        }
        return out + (entries.isEmpty ? "]\n}" : "\n  ]\n}")
    }

    static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension DaySheet.Entry {
    fileprivate var jsonFields: KeyValuePairs<String, String> {
        let done = status == .done
        return [
            "id": DaySheet.quote(task.id), "title": DaySheet.quote(task.title), "owner": DaySheet.quote(task.owner),
            "by": DaySheet.quote(task.by), "quadrant": "\(task.quadrant.rawValue)", "priority": "\(task.priority)",
            "outcome": DaySheet.quote(task.outcome), "playbook": DaySheet.quote(task.playbook),
            "status": DaySheet.quote(status.rawValue), "reason": DaySheet.quote(reason),
            "carriedFrom": DaySheet.quote(carriedFrom?.description), "doneBy": DaySheet.quote(done ? closedBy : nil),
            "doneAt": DaySheet.quote(done ? closedAt?.description : nil), "due": DaySheet.quote(task.due),
            "notes": DaySheet.quote(task.notes), "routine": isRoutine ? "true" : "false", "daysCarried": "\(daysCarried)",
        ]
    }
}
