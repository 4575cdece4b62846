/// What the sheets need: planned tasks by day, the routines, and every task's ticks.
///
/// Built either from every file (`Planbook`) or from the open-task index (`TaskStore`); the sheet
/// of a day is the same pure function of it either way.
struct Ledger: Sendable {
    var plans: [Day: [PlannedTask]] = [:]
    var routines: [Routine] = []
    /// Each task's events, in the order they happened.
    var events: [TaskKey: [JournalEvent]] = [:]

    /// Adds an event, keeping each task's list in time order (ties keep journal order).
    mutating func record(_ event: JournalEvent) {
        // Changed in place: a list taken out and stored back was copied for every event.
        Self.insert(event, into: &events[event.task, default: []])
    }

    private static func insert(_ event: JournalEvent, into list: inout [JournalEvent]) {
        if let last = list.last, event.at < last.at {
            let position = list.lastIndex { $0.at <= event.at }.map { $0 + 1 } ?? 0
            list.insert(event, at: position)
        } else {
            list.append(event)
        }
    }

    /// Where a task stands once every tick made on or before `day`'s sheet is counted.
    struct Standing {
        var status: TaskStatus = .todo
        var reason: String?
        var reasonBy: String?
        var closedBy: String?
        var closedAt: Timestamp?
    }

    func standing(of key: TaskKey, through day: Day) -> Standing {
        Self.standing(after: events[key] ?? [], through: day)
    }

    /// Where a task stands after `events` (its events, in time order) made on or before `day`.
    private static func standing(after events: [JournalEvent], through day: Day) -> Standing {
        // Each event sets the whole standing, so the last one that counts decides it: found by
        // position (a standing made for every event, and each event copied, was a dozen reference
        // counts a task on each of a year of sheets).
        guard let last = events.indices.last(where: { events[$0].day <= day }) else { return Standing() }
        switch events[last].action {
        case .done:
            return Standing(status: .done, closedBy: events[last].who, closedAt: events[last].at)
        case .notDone:
            return Standing(status: .notDone, reason: events[last].reason, reasonBy: events[last].who)
        case .drop:
            return Standing(
                status: .dropped, reason: events[last].reason, reasonBy: events[last].who, closedBy: events[last].who,
                closedAt: events[last].at)
        case .reopen:
            return Standing()
        }
    }

    /// A run of days on which a planned task is a focus item: from `first` up to, not including,
    /// `end` (nil: every later day).
    struct FocusSpan: Sendable {
        var task: PlannedTask
        var key: TaskKey
        /// The task's events (`Ledger.events[key]`), kept so each sheet need not look them up.
        var events: [JournalEvent]
        var first: Day
        var end: Day?

        func covers(_ day: Day) -> Bool { first <= day && (end.map { day < $0 } ?? true) }
    }

    /// Focus spans worked out once by `prepareFocus()`, so that the sheets of a whole year cost time
    /// in proportion to the tasks that carried over, not to every task times every day; by first day.
    private(set) var preparedFocus: [FocusSpan]?
    /// The day numbers each of `preparedFocus` starts and ends on (`Int.max`: no end), apart from
    /// the spans: each day's sheet reads them all, and the spans themselves are ten times larger.
    private var preparedBounds: [(first: Int, end: Int)] = []

    mutating func prepareFocus() {
        let spans = focusSpans().sorted { $0.first < $1.first }
        preparedFocus = spans
        preparedBounds = spans.map { ($0.first.number, $0.end?.number ?? Int.max) }
    }

    /// Every span of days on which a task shows as carried over.
    ///
    /// A task is a focus item on day X when it was planned before X and is not closed by the end of
    /// Its standing only changes on the days its events belong to, so between two such days it is
    /// constant: each open stretch of "end of day D" values gives focus days D+1 onwards.
    func focusSpans() -> [FocusSpan] {
        var spans: [FocusSpan] = []
        for (planned, tasks) in plans {
            for task in tasks {
                let key = TaskKey(planned: planned, id: task.id)
                let events = self.events[key] ?? []
                // The days of its events, in order (most tasks have none, or one).
                var changes: [Day] = []
                for index in events.indices where !changes.contains(events[index].day) { changes.append(events[index].day) }
                changes.sort()
                // Stretches of end-of-day values D with the same standing, from `from` (nil: before
                // all) to the next change: the first is open, each other as its first day leaves it.
                var from: Day? = nil
                var open = true
                for index in 0...changes.count {
                    let to = index < changes.count ? changes[index] : nil
                    if open {
                        let firstFocus = max(planned.adding(days: 1), from.map { $0.adding(days: 1) } ?? planned.adding(days: 1))
                        let end = to.map { $0.adding(days: 1) }
                        if end.map({ $0 > firstFocus }) ?? true {
                            spans.append(FocusSpan(task: task, key: key, events: events, first: firstFocus, end: end))
                        }
                    }
                    if let to {
                        from = to
                        open = !Self.standing(after: events, through: to).status.isClosed
                    }
                }
            }
        }
        return spans
    }

    /// The sheet of `day`: carried-over focus items, then that day's tasks and routines.
    func sheet(on day: Day) -> DaySheet {
        // The spans and tasks that go on the sheet are put in order by keys read once, and their
        // entries made in that order: entries made first and moved into order copied a dozen
        // strings each. An id is compared (and its string counted) only on a tie.
        let spans = preparedFocus ?? focusSpans()
        // The positions of the spans on the sheet (spans read by position: a copy counted references).
        var onSheet: [Int] = []
        if preparedFocus != nil {
            // Only the spans that start by `day`, read by their bounds alone.
            var upper = 0
            var count = preparedBounds.count
            while count > 0 {
                let half = count / 2
                if preparedBounds[upper + half].first <= day.number {
                    upper += half + 1
                    count -= half + 1
                } else {
                    count = half
                }
            }
            onSheet = (0..<upper).filter { day.number < preparedBounds[$0].end }
        } else {
            onSheet = spans.indices.filter { spans[$0].covers(day) }
        }
        let focusOrder = Self.order(
            onSheet.map { (spans[$0].key.planned.number, spans[$0].task.quadrant.rawValue, spans[$0].task.priority) },
            ids: onSheet.map { spans[$0].key.id })
        let focus = focusOrder.map { position in
            let index = onSheet[position]
            return entry(spans[index].task, key: spans[index].key, events: spans[index].events, isRoutine: false, on: day)
        }
        var tasks = (plans[day] ?? []).map { ($0, false) }
        if !routines.isEmpty {
            let planned = Set(tasks.map(\.0.id))
            for routine in routines where routine.falls(on: day) && !planned.contains(routine.task.id) {
                tasks.append((routine.task, true))
            }
        }
        let ownOrder = Self.order(
            tasks.map { ($0.0.quadrant.rawValue, $0.0.priority, $0.1 ? 1 : 0) }, ids: tasks.map(\.0.id))
        let own = ownOrder.map { index in
            entry(tasks[index].0, key: TaskKey(planned: day, id: tasks[index].0.id), isRoutine: tasks[index].1, on: day)
        }
        return DaySheet(date: day, focus: focus, tasks: own)
    }

    /// The positions of `keys` in the order of their keys, then of their `ids`.
    static func order(_ keys: [(Int, Int, Int)], ids: [String]) -> [Int] {
        keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : ids[$0] < ids[$1] }
    }

    /// `events`: the task's events when the caller has them (else they are looked up).
    private func entry(
        _ task: PlannedTask, key: TaskKey, events: [JournalEvent]? = nil, isRoutine: Bool, on day: Day
    ) -> DaySheet.Entry {
        let events = events ?? self.events[key] ?? []
        let standing = Self.standing(after: events, through: day)
        let carried = key.planned < day
        return DaySheet.Entry(
            task: task, planned: key.planned, isRoutine: isRoutine, status: standing.status, reason: standing.reason,
            reasonBy: standing.reasonBy, carriedFrom: carried ? key.planned : nil,
            daysCarried: carried ? day.number - key.planned.number : 0,
            closedBy: standing.closedBy, closedAt: standing.closedAt, tickedOnDay: events.indices.contains { events[$0].day == day })
    }
}
