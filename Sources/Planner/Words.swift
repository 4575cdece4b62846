import Workspace

/// The planner's words in the team's language: sheet headings, statuses and the messages staff see.
public struct Words: Sendable {
    public let language: SiteSettings.Language

    public init(_ language: SiteSettings.Language) { self.language = language }

    private var zh: Bool { language == .chinese }

    public func quadrantTitle(_ quadrant: Quadrant) -> String {
        switch (quadrant, zh) {
        case (.urgentImportant, true): "第 1 象限 · 重要且紧急"
        case (.important, true): "第 2 象限 · 重要不紧急"
        case (.urgent, true): "第 3 象限 · 紧急不重要"
        case (.neither, true): "第 4 象限 · 不重要不紧急"
        case (.urgentImportant, false): "Quadrant 1 · urgent and important"
        case (.important, false): "Quadrant 2 · important, not urgent"
        case (.urgent, false): "Quadrant 3 · urgent, not important"
        case (.neither, false): "Quadrant 4 · neither"
        }
    }

    public func status(_ status: TaskStatus) -> String {
        switch (status, zh) {
        case (.todo, true): "未勾"
        case (.done, true): "已完成"
        case (.notDone, true): "未完成"
        case (.dropped, true): "已取消"
        case (.todo, false): "to do"
        case (.done, false): "done"
        case (.notDone, false): "not done"
        case (.dropped, false): "dropped"
        }
    }

    public var focus: String { zh ? "重点:之前遗留的任务" : "Focus: carried over from earlier days" }
    public var noReason: String { zh ? "未填写原因" : "no reason given" }
    public var routine: String { zh ? "例行" : "routine" }
    public var owner: String { zh ? "负责" : "owner" }
    public var assigner: String { zh ? "安排" : "by" }
    public var outcome: String { zh ? "结果" : "done when" }
    public var playbook: String { zh ? "手册" : "playbook" }
    public var due: String { zh ? "截止" : "due" }
    public var reason: String { zh ? "原因" : "reason" }
    public var notes: String { zh ? "备注" : "notes" }
    public var priorityColumn: String { zh ? "序号" : "No." }
    public var idColumn: String { zh ? "编号" : "id" }
    public var taskColumn: String { zh ? "任务" : "task" }
    public var statusColumn: String { zh ? "状态" : "status" }
    public var todayWord: String { zh ? "今天" : "today" }
    public var backToHandbook: String { zh ? "返回手册" : "Back to the handbook" }
    /// After a label: full-width in Chinese.
    public var colon: String { zh ? ":" : ": " }
    public var nothingPlanned: String { zh ? "这一天没有任务。" : "Nothing planned for this day." }
    public var daySheet: String { zh ? "任务单" : "day sheet" }

    public func weekday(_ day: Day) -> String {
        zh ? ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][day.weekday]
            : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][day.weekday]
    }

    public func progress(done: Int, total: Int) -> String { zh ? "完成 \(done)/\(total)" : "\(done)/\(total) done" }

    public func carried(days: Int, from day: Day) -> String {
        let parts = carriedParts(from: day)
        return parts.before + String(days) + (days == 1 ? parts.afterOne : parts.afterMany)
    }

    /// `carried(days:from:)` around its count of days: the text before the count, and after it for
    /// one day and for more. A day sheet keeps a carried row with these around the count, which
    /// is all that changes from sheet to sheet.
    public func carriedParts(from day: Day) -> (before: String, afterOne: String, afterMany: String) {
        zh ? ("遗留 ", " 天,\(day) 安排", " 天,\(day) 安排") : ("carried ", " day, planned \(day)", " days, planned \(day)")
    }

    public func doneBy(_ who: String, at time: String) -> String {
        let (first, second, third, fourth) = doneByParts(who, at: time)
        return first + second + third + fourth
    }

    /// `doneBy(_:at:)` in its four parts, in order (a day sheet writes them one after the other
    /// into its row, without a string made of them for each of a year's done rows).
    public func doneByParts(_ who: String, at time: String) -> (String, String, String, String) {
        zh ? (who, " ", time, " 完成") : ("done by ", who, " at ", time)
    }
    public func droppedBy(_ who: String) -> String { zh ? "\(who) 取消" : "dropped by \(who)" }

    // MARK: - Messages about files and commands

    public func unknownID(_ id: String, on day: Day, open: [String]) -> String {
        let list = open.isEmpty ? (zh ? "(没有)" : "(none)") : open.joined(separator: ", ")
        return zh
            ? "\(day) 的任务单上没有编号 '\(id)';当天未完成的编号:\(list)"
            : "no task '\(id)' on the sheet of \(day); open ids that day: \(list)"
    }

    public func assigned(_ task: PlannedTask, on day: Day) -> String {
        zh ? "已安排:\(day) \(task.title) → \(task.owner)(第 \(task.quadrant.rawValue) 象限,序号 \(task.priority))"
            : "assigned: \(day) \(task.title) → \(task.owner) (quadrant \(task.quadrant.rawValue), priority \(task.priority))"
    }

    public var reasonRequired: String {
        zh ? "必须用 --reason 写明原因(不能为空)" : "a reason is required: pass --reason with some text"
    }

    public func recorded(_ event: JournalEvent.Action, id: String, title: String) -> String {
        switch (event, zh) {
        case (.done, true): "✓ \(id) \(title):已完成"
        case (.notDone, true): "✗ \(id) \(title):未完成,原因已记录,明天作为重点"
        case (.reopen, true): "↺ \(id) \(title):重新打开"
        case (.drop, true): "– \(id) \(title):已取消,不再遗留"
        case (.done, false): "✓ \(id) \(title): done"
        case (.notDone, false): "✗ \(id) \(title): not done, reason recorded; it is a focus item tomorrow"
        case (.reopen, false): "↺ \(id) \(title): reopened"
        case (.drop, false): "– \(id) \(title): dropped, it stops carrying over"
        }
    }

    func missingKey(_ key: String) -> String { zh ? "任务缺少 '\(key)'" : "task has no '\(key)'" }
    func missingID(suggested: String) -> String {
        zh ? "任务缺少 'id';请加上一个从未用过的编号,例如 id: \(suggested)"
            : "task has no 'id'; add one never used before, e.g. id: \(suggested)"
    }
    func unknownKey(_ key: String, allowed: [String]) -> String {
        zh ? "未知字段 '\(key)';可用字段:\(allowed.joined(separator: ", "))"
            : "unknown key '\(key)'; known keys: \(allowed.joined(separator: ", "))"
    }
    func expectedText(_ key: String) -> String { zh ? "'\(key)' 应该是一段文字" : "'\(key)' must be text" }
    func badQuadrant(_ text: String) -> String {
        zh ? "quadrant 必须是 1 到 4(1 重要且紧急,2 重要不紧急,3 紧急不重要,4 不重要不紧急),而不是 \(text)"
            : "quadrant must be 1 to 4 (1 urgent and important … 4 neither), not \(text)"
    }
    func badPriority(_ text: String) -> String {
        zh ? "priority 必须是正整数(1 最先做),而不是 \(text)" : "priority must be a whole number from 1 (first), not \(text)"
    }
    func badID(_ id: String) -> String {
        zh ? "编号 '\(id)' 不能为空,不能含空格、'/' 或 '#'" : "id '\(id)' must be non-empty, without spaces, '/' or '#'"
    }
    func duplicateID(_ id: String, first: Int) -> String {
        zh ? "编号 '\(id)' 重复(第 \(first) 行已经用过)" : "duplicate id '\(id)' (already used on line \(first))"
    }
    func duplicateRoutineID(_ id: String, path: String) -> String {
        zh ? "编号 '\(id)' 与 \(path) 里的例行任务重复" : "id '\(id)' is also a routine's id in \(path)"
    }
    var expectedTaskList: String {
        zh ? "'tasks' 应该是任务列表(每项以 '- ' 开头)" : "'tasks' must be a list of tasks (each starting with '- ')"
    }
    var expectedRoutineList: String {
        zh ? "'routines' 应该是例行任务列表(每项以 '- ' 开头)" : "'routines' must be a list (each starting with '- ')"
    }
    var expectedMapping: String { zh ? "文件顶层应该是 'tasks:' 列表" : "the file must be a mapping with a 'tasks:' list" }
    var expectedTask: String { zh ? "每个任务应该是 '字段: 值' 的映射" : "each task must be a mapping of 'key: value'" }
    func badFileName(_ name: String) -> String {
        zh ? "任务文件名必须是日期,例如 2026-11-26.yaml,而不是 \(name)"
            : "a plan file's name must be a date such as 2026-11-26.yaml, not \(name)"
    }
    func badPlaybook(_ ref: String) -> String {
        zh ? "手册链接 '\(ref)' 格式不对:应为 章节/页面.md 或 章节/页面.md#标题"
            : "playbook '\(ref)' must look like section/page.md or section/page.md#heading"
    }
    public func brokenPlaybook(_ ref: String) -> String {
        zh ? "手册里没有 '\(ref)'(页面或标题不存在)" : "playbook '\(ref)' names no handbook page or heading"
    }
    func badEvery(_ text: String) -> String {
        zh ? "every 无法识别:'\(text)';可写 daily / 每天、weekdays / 工作日、mon wed fri / 周一 周三、monthly 1 15"
            : "unknown every: '\(text)'; write daily, weekdays, named days such as 'mon thu', or 'monthly 1 15'"
    }
    func badDate(_ key: String, _ text: String) -> String {
        zh ? "'\(key)' 应该是日期 YYYY-MM-DD,而不是 \(text)" : "'\(key)' must be a date YYYY-MM-DD, not \(text)"
    }
    func badJournalLine(_ problem: String) -> String {
        zh ? "日志行格式不对:\(problem)" : "journal line is malformed: \(problem)"
    }
    func unknownJournalTask(_ key: TaskKey) -> String {
        zh ? "日志记录的任务 \(key.id)(\(key.planned))在任务文件里找不到" : "the journal ticks \(key.id) of \(key.planned), which no plan has"
    }
    var flowList: String {
        zh ? "'tasks:' 写成了单行列表,无法追加;请改成每项一行的 '- ' 列表"
            : "'tasks:' is a one-line list; write it as a block list ('- ' items) so assign can append"
    }
}
