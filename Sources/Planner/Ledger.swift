/// What the sheets need: planned tasks by day, the routines, and every task's ticks.
///
/// Built either from every file (`Planbook`) or from the open-task index (`TaskStore`); the sheet
/// of a day is the same pure function of it either way.
struct Ledger: Sendable {
    /// Changing the plans lets go of what `prepareFocus()` worked out from them.
    var plans: [Day: [PlannedTask]] = [:] { didSet { unprepare() } }
    var routines: [Routine] = []
    /// The events of the tasks `prepared` does not hold (all of them before `prepareFocus()`), each
    /// task's in the order they happened.
    private var unplaced: [TaskKey: [JournalEvent]] = [:]

    /// Each task's events, in the order they happened.
    var events: [TaskKey: [JournalEvent]] {
        var events = unplaced
        prepared?.addLists(to: &events)
        return events
    }

    /// Adds an event, keeping each task's list in time order (ties keep journal order).
    mutating func record(_ event: JournalEvent) {
        unprepare()
        // Changed in place: a list taken out and stored back was copied for every event.
        Self.insert(event, into: &unplaced[event.task, default: []])
    }

    private static func insert(_ event: JournalEvent, into list: inout [JournalEvent]) {
        if let last = list.last, event.at < last.at {
            let position = list.lastIndex { $0.at <= event.at }.map { $0 + 1 } ?? 0
            list.insert(event, at: position)
        } else {
            list.append(event)
        }
    }

    /// Records a whole journal's `events` (in journal order) as `record` would one by one, and
    /// prepares the focus spans. `tasks[i]` is the number in `numbers` of the plan task of
    /// `events[i]`, or -1 when it is of no plan's task. The events of plan tasks are put in one list
    /// in the order of their tasks' numbers (a counting sort): kept as a list for each task in a
    /// dictionary, a year's journal hashed 11,000 ids twice and made 11,000 small lists. They are
    /// moved into that order in the list given: a copy of it held a year's journal twice.
    mutating func record(journal events: consuming [JournalEvent], tasks: [Int32], numbers: TaskNumbers) {
        unprepare()
        var starts = [Int32](repeating: 0, count: numbers.count + 1)
        for task in tasks where task >= 0 { starts[Int(task) + 1] += 1 }
        for task in 0..<numbers.count { starts[task + 1] += starts[task] }
        // Where each event comes from: plan tasks' events by task, then the others in journal order.
        let placedCount = Int(starts[numbers.count])
        var order = [Int32](repeating: 0, count: tasks.count)
        var next = starts
        var nextOther = placedCount
        for offset in tasks.indices {
            let task = Int(tasks[offset])
            if task >= 0 {
                order[Int(next[task])] = Int32(offset)
                next[task] += 1
            } else {
                order[nextOther] = Int32(offset)
                nextOther += 1
            }
        }
        Self.gather(&events, from: &order)
        for offset in placedCount..<events.count { record(events[offset]) }
        events.removeSubrange(placedCount...)
        // Each task's events in time order, ties in journal order (as `insert` leaves them).
        for task in 0..<numbers.count where starts[task + 1] - starts[task] > 1 {
            let (first, end) = (Int(starts[task]), Int(starts[task + 1]))
            for index in (first + 1)..<end {
                var position = index
                while position > first, events[position - 1].at > events[position].at {
                    events.swapAt(position - 1, position)
                    position -= 1
                }
            }
        }
        prepare(numbers: numbers, starts: starts, events: events)
    }

    /// Puts `list[order[i]]` at `i` for every `i`, in place (`order` is left as `0, 1, 2, ...`):
    /// each cycle of the order followed by swaps, which move the events without counting them.
    private static func gather(_ list: inout [JournalEvent], from order: inout [Int32]) {
        for start in order.indices where Int(order[start]) != start {
            var position = start
            while Int(order[position]) != start {
                let from = Int(order[position])
                list.swapAt(position, from)
                order[position] = Int32(position)
                position = from
            }
            order[position] = Int32(position)
        }
    }

    /// The tasks of all plans numbered one after the other, day by day in plan order: a task's
    /// number is its place in arrays that replace dictionaries keyed by `TaskKey`.
    struct TaskNumbers: Sendable {
        /// The first plan day's number.
        private var firstDay = 0
        /// For each day from the first plan day on, the number of its first task; one more at the
        /// end (days without a plan start where the next day does).
        private var dayStarts: [Int] = [0]
        /// Every plan day, oldest first.
        private(set) var days: [Day] = []

        init(plans: [Day: [PlannedTask]]) {
            days = plans.keys.sorted()
            guard let first = days.first, let last = days.last else { return }
            firstDay = first.number
            dayStarts = []
            dayStarts.reserveCapacity(last.number - first.number + 2)
            var count = 0
            for day in days {
                while dayStarts.count <= day.number - firstDay { dayStarts.append(count) }
                count += plans[day]?.count ?? 0
            }
            dayStarts.append(count)
        }

        /// How many tasks there are.
        var count: Int { dayStarts[dayStarts.count - 1] }

        /// The number of the first task of `day`'s plan; nil when there is no plan that day.
        func first(on day: Day) -> Int? {
            let offset = day.number - firstDay
            guard offset >= 0, offset + 1 < dayStarts.count, dayStarts[offset] < dayStarts[offset + 1] else { return nil }
            return dayStarts[offset]
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
        if let prepared, let first = prepared.numbers.first(on: key.planned),
            let index = plans[key.planned]?.firstIndex(where: { $0.id == key.id })
        {
            return Self.standing(after: prepared.events, in: prepared.range(of: first + index), through: day)
        }
        let events = unplaced[key] ?? []
        return Self.standing(after: events, in: events.indices, through: day)
    }

    /// Where a task stands after `events[range]` (its events, in time order) made on or before `day`.
    private static func standing(after events: [JournalEvent], in range: Range<Int>, through day: Day) -> Standing {
        var standing = Standing()
        guard let last = lastCounted(events, in: range, through: day) else { return standing }
        // The event read in place: a copy of it counted three strings.
        standing.status = events[last].action.status
        switch events[last].action {
        case .done:
            standing.closedBy = events[last].who
            standing.closedAt = events[last].at
        case .notDone:
            standing.reason = events[last].reason
            standing.reasonBy = events[last].who
        case .drop:
            standing.reason = events[last].reason
            standing.reasonBy = events[last].who
            standing.closedBy = events[last].who
            standing.closedAt = events[last].at
        case .reopen:
            break
        }
        return standing
    }

    /// The position of the last of `events[range]` (in time order) made on or before `day`: each
    /// event sets the whole standing, so that one decides it.
    private static func lastCounted(_ events: [JournalEvent], in range: Range<Int>, through day: Day) -> Int? {
        range.last { events[$0].day <= day }
    }

    /// A run of days on which a planned task is a focus item: from `first` up to, not including,
    /// `end` (nil: every later day).
    struct FocusSpan: Sendable {
        var task: PlannedTask
        var key: TaskKey
        /// The task's number (`TaskNumbers`), by which each sheet finds its events.
        var number: Int
        var first: Day
        var end: Day?

        func covers(_ day: Day) -> Bool { first <= day && (end.map { day < $0 } ?? true) }
    }

    /// What `prepareFocus()` works out once, so that the sheets of a whole year cost time in
    /// proportion to the tasks that carried over, not to every task times every day.
    private struct Prepared: Sendable {
        /// The focus spans, by first day.
        var focus: [FocusSpan]
        /// The day numbers each of `focus` starts and ends on (`Int.max`: no end), and its place
        /// among all spans in the order focus items show in; apart from the spans: each day's sheet
        /// reads them all, and the spans themselves are ten times larger.
        var bounds: [(first: Int, end: Int, rank: Int)]
        var numbers: TaskNumbers
        /// The plan tasks' events, task after task by number, each task's in time order.
        var events: [JournalEvent]
        /// Where each task's events start in `events`; one more at the end.
        var starts: [Int32]

        /// Where the events of task number `task` are in `events`.
        func range(of task: Int) -> Range<Int> { Int(starts[task])..<Int(starts[task + 1]) }

        /// Adds each task's events to `lists` as a list of its own, keyed by the task.
        func addLists(to lists: inout [TaskKey: [JournalEvent]]) {
            for task in 0..<numbers.count where !range(of: task).isEmpty {
                let list = Array(events[range(of: task)])
                lists[list[0].task] = list
            }
        }
    }

    private var prepared: Prepared?

    /// Works out the focus spans, and takes the plan tasks' events into one list by their numbers.
    /// Sheets of a ledger not prepared work this out for each sheet.
    mutating func prepareFocus() {
        unprepare()
        let numbers = TaskNumbers(plans: plans)
        var starts: [Int32] = [0]
        starts.reserveCapacity(numbers.count + 1)
        var placed: [JournalEvent] = []
        for day in numbers.days {
            for task in plans[day] ?? [] {
                if let list = unplaced.removeValue(forKey: TaskKey(planned: day, id: task.id)) { placed += list }
                starts.append(Int32(placed.count))
            }
        }
        prepare(numbers: numbers, starts: starts, events: placed)
    }

    private mutating func prepare(numbers: TaskNumbers, starts: [Int32], events: [JournalEvent]) {
        var prepared = Prepared(focus: [], bounds: [], numbers: numbers, events: events, starts: starts)
        prepared.focus = focusSpans(prepared).sorted { $0.first < $1.first }
        // Spans put in the order of focus items once: sorted again for each of their sheets, their
        // keys (and ids on a tie) were compared again and again.
        let order = Self.order(
            prepared.focus.map { ($0.key.planned.number, $0.task.quadrant.rawValue, $0.task.priority) },
            ids: prepared.focus.map(\.key.id))
        var ranks = [Int](repeating: 0, count: order.count)
        for (rank, index) in order.enumerated() { ranks[index] = rank }
        prepared.bounds = prepared.focus.indices.map {
            (prepared.focus[$0].first.number, prepared.focus[$0].end?.number ?? Int.max, ranks[$0])
        }
        self.prepared = prepared
    }

    /// Puts the events `prepared` holds back with the others: the plans or events they were
    /// worked out from changed.
    private mutating func unprepare() {
        guard let prepared else { return }
        self.prepared = nil
        prepared.addLists(to: &unplaced)
    }

    /// Every span of days on which a task shows as carried over.
    ///
    /// A task is a focus item on day X when it was planned before X and is not closed by the end of
    /// Its standing only changes on the days its events belong to, so between two such days it is
    /// constant: each open stretch of "end of day D" values gives focus days D+1 onwards.
    private func focusSpans(_ prepared: Prepared) -> [FocusSpan] {
        var spans: [FocusSpan] = []
        // Read by position: a list of each task's events taken out was counted and let go.
        let events = prepared.events
        var number = 0
        for planned in prepared.numbers.days {
            for task in plans[planned] ?? [] {
                defer { number += 1 }
                let range = prepared.range(of: number)
                // The days of its events, in order: most tasks have none, or one, and need no list.
                var changes: [Day] = []
                if range.count > 1 {
                    for index in range where !changes.contains(events[index].day) { changes.append(events[index].day) }
                    changes.sort()
                }
                let changeCount = range.count > 1 ? changes.count : range.count
                // Stretches of end-of-day values D with the same standing, from `from` (nil: before
                // all) to the next change: the first is open, each other as its first day leaves it.
                var from: Day? = nil
                var open = true
                for index in 0...changeCount {
                    let to = index < changeCount ? (range.count > 1 ? changes[index] : events[range.lowerBound].day) : nil
                    if open {
                        let firstFocus = max(planned.adding(days: 1), from.map { $0.adding(days: 1) } ?? planned.adding(days: 1))
                        let end = to.map { $0.adding(days: 1) }
                        if end.map({ $0 > firstFocus }) ?? true {
                            spans.append(
                                FocusSpan(
                                    task: task, key: TaskKey(planned: planned, id: task.id), number: number, first: firstFocus,
                                    end: end))
                        }
                    }
                    if let to {
                        from = to
                        // Only the status counts: read from the deciding event alone.
                        let deciding = Self.lastCounted(events, in: range, through: to)
                        open = !(deciding.map { events[$0].action.status.isClosed } ?? false)
                    }
                }
            }
        }
        return spans
    }

    /// The sheet of `day`: carried-over focus items, then that day's tasks and routines.
    func sheet(on day: Day) -> DaySheet {
        guard let prepared else {
            var ledger = self
            ledger.prepareFocus()
            return ledger.sheet(on: day)
        }
        // The spans and tasks that go on the sheet are put in order by keys read once, and their
        // entries made in that order: entries made first and moved into order copied a dozen
        // strings each. An id is compared (and its string counted) only on a tie.
        let spans = prepared.focus
        // The positions of the spans on the sheet (spans read by position: a copy counted
        // references): only the spans that start by `day`, read by their bounds alone.
        var upper = 0
        var count = prepared.bounds.count
        while count > 0 {
            let half = count / 2
            if prepared.bounds[upper + half].first <= day.number {
                upper += half + 1
                count -= half + 1
            } else {
                count = half
            }
        }
        // Each span's rank and position packed in one number: put in order without a closure.
        var onSheet: [UInt64] = []
        for index in 0..<upper where day.number < prepared.bounds[index].end {
            onSheet.append(UInt64(prepared.bounds[index].rank) << 32 | UInt64(index))
        }
        onSheet.sort()
        let focus = onSheet.map { packed in
            let index = Int(packed & 0xFFFF_FFFF)
            return entry(
                spans[index].task, planned: spans[index].key.planned, events: prepared.events,
                in: prepared.range(of: spans[index].number), isRoutine: false, on: day)
        }
        var tasks = (plans[day] ?? []).map { ($0, false) }
        let planCount = tasks.count
        if !routines.isEmpty {
            let planned = Set(tasks.map(\.0.id))
            for routine in routines where routine.falls(on: day) && !planned.contains(routine.task.id) {
                tasks.append((routine.task, true))
            }
        }
        let ownOrder = Self.order(
            tasks.map { ($0.0.quadrant.rawValue, $0.0.priority, $0.1 ? 1 : 0) }, ids: tasks.map(\.0.id))
        // A plan task's events by its number; a routine's looked up.
        let firstNumber = prepared.numbers.first(on: day) ?? 0
        let own = ownOrder.map { index in
            if index < planCount {
                return entry(
                    tasks[index].0, planned: day, events: prepared.events, in: prepared.range(of: firstNumber + index),
                    isRoutine: false, on: day)
            }
            let events = unplaced[TaskKey(planned: day, id: tasks[index].0.id)] ?? []
            return entry(tasks[index].0, planned: day, events: events, in: events.indices, isRoutine: tasks[index].1, on: day)
        }
        return DaySheet(date: day, focus: focus, tasks: own)
    }

    /// The positions of `keys` in the order of their keys, then of their `ids`.
    static func order(_ keys: [(Int, Int, Int)], ids: [String]) -> [Int] {
        keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : ids[$0] < ids[$1] }
    }

    /// The entry of `task`, planned on `planned`, with `events[range]` (its events) on `day`'s sheet.
    private func entry(
        _ task: PlannedTask, planned: Day, events: [JournalEvent], in range: Range<Int>, isRoutine: Bool, on day: Day
    ) -> DaySheet.Entry {
        DaySheet.Entry(
            task: task, planned: planned, on: day, isRoutine: isRoutine, ticks: events,
            deciding: Self.lastCounted(events, in: range, through: day),
            tickedOnDay: range.contains { events[$0].day == day })
    }
}
