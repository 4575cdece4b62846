/// The day sheet as `opsbook today` prints it.
extension DaySheet {
    /// The sheet as text; with `color`, ANSI colours (the red-pen number in red, ✓ green, ✗ red).
    public func terminalText(words: Words, color: Bool) -> String {
        let paint = Paint(enabled: color)
        var out = paint.bold("\(date) \(words.weekday(date)) \(words.daySheet)") + "  "
            + paint.dim(words.progress(done: doneCount, total: entries.count)) + "\n"
        if entries.isEmpty { return out + words.nothingPlanned + "\n" }
        if !focus.isEmpty {
            out += "\n" + paint.yellow("■ " + words.focus) + "\n"
            for entry in focus { out += line(entry, words: words, paint: paint) }
        }
        for quadrant in Quadrant.allCases {
            let list = tasks(in: quadrant)
            guard !list.isEmpty else { continue }
            out += "\n" + paint.bold("■ " + words.quadrantTitle(quadrant)) + "\n"
            for entry in list { out += line(entry, words: words, paint: paint) }
        }
        return out
    }

    private func line(_ entry: Entry, words: Words, paint: Paint) -> String {
        let task = entry.task
        let mark: String
        switch entry.status {
        case .todo: mark = "☐"
        case .done: mark = paint.green("✓")
        case .notDone: mark = paint.red("✗")
        case .dropped: mark = paint.dim("–")
        }
        var head = "  \(mark) " + paint.red("\(task.priority)") + "  " + paint.bold(task.id) + "  " + task.title
        if entry.isRoutine { head += paint.dim(" [\(words.routine)]") }
        if let due = task.due { head += paint.dim("  \(words.due) \(due)") }
        var details = ["\(words.owner) \(task.owner)", "\(words.assigner) \(task.by)"]
        if !task.outcome.isEmpty { details.append("\(words.outcome) \(task.outcome)") }
        if let playbook = task.playbook { details.append("\(words.playbook) \(playbook)") }
        var text = head + "\n      " + paint.dim(details.joined(separator: " · ")) + "\n"
        if let from = entry.carriedFrom {
            text += "      " + paint.yellow(words.carried(days: entry.daysCarried, from: from)) + "\n"
        }
        switch entry.status {
        case .done:
            if let who = entry.closedBy, let at = entry.closedAt {
                text += "      " + paint.green(words.doneBy(who, at: at.day == date ? at.timeOfDay : "\(at.day) \(at.timeOfDay)")) + "\n"
            }
        case .notDone, .dropped:
            let who = entry.reasonBy.map { "(\($0))" } ?? ""
            let prefix = entry.status == .dropped ? words.status(.dropped) + " · " : ""
            text += "      " + paint.red("\(prefix)\(words.reason)\(words.colon)\(entry.reason ?? words.noReason)\(who)") + "\n"
        case .todo:
            if entry.carriedFrom != nil {
                text += "      " + paint.red("\(words.reason)\(words.colon)\(entry.reason ?? words.noReason)") + "\n"
            }
        }
        if let notes = task.notes { text += "      " + paint.dim("\(words.notes)\(words.colon)\(notes)") + "\n" }
        return text
    }
}

/// ANSI colours, or plain text when disabled.
struct Paint {
    let enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
}
