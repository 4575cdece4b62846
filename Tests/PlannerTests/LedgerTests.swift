import Testing

@testable import Planner

/// The sheets of a ledger whose focus spans were worked out once are the sheets worked out from
/// scratch for each day.
struct LedgerTests {
    static func task(_ id: String, quadrant: Quadrant = .important, priority: Int = 1) -> PlannedTask {
        PlannedTask(id: id, title: "任务 \(id)", owner: "小李", by: "王主管", quadrant: quadrant, priority: priority, outcome: "做完")
    }

    static func event(_ action: JournalEvent.Action, _ id: String, planned: Day, on day: Day, hour: Int = 18) -> JournalEvent {
        JournalEvent(
            at: Timestamp(seconds: day.number * 86400 + hour * 3600, offset: 0), day: day, action: action,
            task: TaskKey(planned: planned, id: id), who: "小王", reason: action.needsReason ? "等回复" : nil)
    }

    /// What a sheet shows, entry by entry.
    static func lines(_ sheet: DaySheet) -> [String] {
        (sheet.focus + sheet.tasks).map { entry in
            "\(entry.key) \(entry.status) \(entry.reason ?? "-") \(entry.carriedFrom.map(\.description) ?? "-") "
                + "\(entry.daysCarried) \(entry.closedBy ?? "-") \(entry.closedAt?.description ?? "-")"
        }
    }

    /// The sheet of `day` worked out the plain way: every task planned before it and not closed by
    /// the end of the day before is a focus item, each standing made by applying its events in time
    /// order (ties in the order given).
    static func plainLines(plans: [Day: [PlannedTask]], routines: [Routine], events: [JournalEvent], on day: Day) -> [String] {
        /// The task's standing through `through`, and whether that closes it.
        func standing(_ task: PlannedTask, planned: Day, through: Day) -> (text: String, closed: Bool) {
            var standing = ("todo - - - -", false)
            for event in ticks(task, planned: planned) where event.day <= through {
                switch event.action {
                case .done: standing = ("done - - \(event.who) \(event.at)", true)
                case .notDone: standing = ("notDone \(event.reason ?? "-") \(event.who) - -", false)
                case .drop: standing = ("dropped \(event.reason ?? "-") \(event.who) \(event.who) \(event.at)", true)
                case .reopen: standing = ("todo - - - -", false)
                }
            }
            return standing
        }
        func ticks(_ task: PlannedTask, planned: Day) -> [JournalEvent] {
            events.enumerated()
                .filter { $0.element.task == TaskKey(planned: planned, id: task.id) }
                .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        }
        func line(_ task: PlannedTask, planned: Day) -> String {
            let carried = planned < day ? "\(planned) \(day.number - planned.number)" : "- 0"
            return "\(planned)/\(task.id) \(standing(task, planned: planned, through: day).text) \(carried) "
                + "\(ticks(task, planned: planned).contains { $0.day == day })"
        }
        let focus = plans.flatMap { planned, tasks in tasks.map { (planned, $0) } }
            .filter { $0.0 < day && !standing($0.1, planned: $0.0, through: day.adding(days: -1)).closed }
            .sorted { ($0.0, $0.1.quadrant, $0.1.priority, $0.1.id) < ($1.0, $1.1.quadrant, $1.1.priority, $1.1.id) }
        var own = (plans[day] ?? []).map { ($0, 0) }
        own += routines.filter { routine in routine.falls(on: day) && !own.contains { $0.0.id == routine.task.id } }
            .map { ($0.task, 1) }
        own.sort { ($0.0.quadrant, $0.0.priority, $0.1, $0.0.id) < ($1.0.quadrant, $1.0.priority, $1.1, $1.0.id) }
        return focus.map { line($0.1, planned: $0.0) } + own.map { line($0.0, planned: day) }
    }

    /// Where a task stands, as `plainLines` writes it.
    static func shown(_ standing: Ledger.Standing) -> String {
        "\(standing.status) \(standing.reason ?? "-") \(standing.reasonBy ?? "-") \(standing.closedBy ?? "-") "
            + (standing.closedAt.map { "\($0)" } ?? "-")
    }

    /// What a sheet shows, entry by entry, as `plainLines` writes it.
    static func shownLines(_ sheet: DaySheet) -> [String] {
        (sheet.focus + sheet.tasks).map { entry in
            let standing = Self.shown(
                Ledger.Standing(
                    status: entry.status, reason: entry.reason, reasonBy: entry.reasonBy, closedBy: entry.closedBy,
                    closedAt: entry.closedAt))
            let carried = entry.carriedFrom.map { "\($0) \(entry.daysCarried)" } ?? "- \(entry.daysCarried)"
            return "\(entry.key) \(standing) \(carried) \(entry.tickedOnDay)"
        }
    }

    @Test func sheetsAreThePlainOnes() {
        let days = (0..<12).map { day1.adding(days: $0) }
        var ledger = Ledger()
        ledger.plans[days[0]] = [Self.task("a"), Self.task("b", priority: 2), Self.task("c", quadrant: .urgent)]
        ledger.plans[days[1]] = [Self.task("a"), Self.task("d", quadrant: .urgentImportant)]
        ledger.plans[days[4]] = [Self.task("e")]
        let events = [
            Self.event(.notDone, "a", planned: days[0], on: days[0]),
            Self.event(.done, "a", planned: days[0], on: days[2]),
            Self.event(.drop, "b", planned: days[0], on: days[1]),
            Self.event(.reopen, "b", planned: days[0], on: days[3]),
            Self.event(.done, "b", planned: days[0], on: days[3], hour: 9),
            Self.event(.done, "d", planned: days[1], on: days[1]),
            Self.event(.reopen, "d", planned: days[1], on: days[5]),
            Self.event(.done, "e", planned: days[4], on: days[6]),
            Self.event(.notDone, "e", planned: days[4], on: days[6], hour: 10),
        ]
        for event in events { ledger.record(event) }
        var prepared = ledger
        prepared.prepareFocus()
        for day in days {
            let plain = Self.plainLines(plans: ledger.plans, routines: [], events: events, on: day)
            #expect(Self.shownLines(prepared.sheet(on: day)) == plain, "\(day)")
            #expect(Self.shownLines(ledger.sheet(on: day)) == plain, "\(day)")
        }
        #expect(Self.lines(prepared.sheet(on: days[2])).first?.hasPrefix("2026-11-23/a done") == true)
        #expect(prepared.sheet(on: days[11]).focus.map(\.task.id) == ["b", "c", "d", "a"])
        // A tick recorded after the spans were worked out shows on every sheet after it.
        prepared.record(Self.event(.done, "c", planned: days[0], on: days[7]))
        #expect(prepared.sheet(on: days[11]).focus.map(\.task.id) == ["b", "d", "a"])
    }

    /// A whole journal recorded at once, its events gathered by the numbers of their plan tasks,
    /// gives the sheets of the plain way, and the events of recording them one by one: checked over
    /// random plans and journals, with ticks on unplanned tasks and routines, out of order too.
    @Test func journalRecordedAtOnceGivesThePlainSheets() {
        var random = SystemRandomNumberGenerator()
        let days = (0..<10).map { day1.adding(days: $0) }
        let ids = ["a", "b", "c", "d", "r"]
        let routine = Routine(task: Self.task("r", quadrant: .urgent), every: .daily, from: days[2], until: nil)
        for _ in 0..<60 {
            var plans: [Day: [PlannedTask]] = [:]
            for day in days where Bool.random(using: &random) {
                plans[day] = ids.shuffled(using: &random).prefix(Int.random(in: 0...4, using: &random)).map {
                    Self.task(
                        $0, quadrant: [Quadrant.urgentImportant, .important, .urgent].randomElement(using: &random)!,
                        priority: Int.random(in: 1...2, using: &random))
                }
            }
            let events = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                let action = JournalEvent.Action.allCases.randomElement(using: &random)!
                let planned = days.randomElement(using: &random)!
                return JournalEvent(
                    at: Timestamp(seconds: days[0].number * 86400 + Int.random(in: 0...20, using: &random) * 3600, offset: 0),
                    day: days.randomElement(using: &random)!, action: action,
                    task: TaskKey(planned: planned, id: ids.randomElement(using: &random)!),
                    who: ["小王", "小李"].randomElement(using: &random)!, reason: action.needsReason ? "等回复" : nil)
            }
            var oneByOne = Ledger()
            oneByOne.plans = plans
            oneByOne.routines = [routine]
            for event in events { oneByOne.record(event) }
            var atOnce = Ledger()
            atOnce.plans = plans
            atOnce.routines = [routine]
            let numbers = Ledger.TaskNumbers(plans: plans)
            let tasks = events.map { event -> Int32 in
                guard let first = numbers.first(on: event.task.planned),
                    let index = plans[event.task.planned]?.firstIndex(where: { $0.id == event.task.id })
                else { return -1 }
                return Int32(first + index)
            }
            atOnce.record(journal: events, tasks: tasks, numbers: numbers)
            #expect(atOnce.events == oneByOne.events)
            for day in days {
                let plain = Self.plainLines(plans: plans, routines: [routine], events: events, on: day)
                #expect(Self.shownLines(atOnce.sheet(on: day)) == plain, "\(events) \(day)")
                #expect(Self.shownLines(oneByOne.sheet(on: day)) == plain, "\(events) \(day)")
                for key in events.map(\.task) {
                    #expect(Self.shown(atOnce.standing(of: key, through: day)) == Self.shown(oneByOne.standing(of: key, through: day)))
                }
            }
            // A plan changed after the events were gathered (as the open-task index does) keeps them.
            let changed = days.randomElement(using: &random)!
            plans[changed] = ids.shuffled(using: &random).prefix(2).map { Self.task($0) }
            atOnce.plans[changed] = plans[changed]
            #expect(atOnce.events == oneByOne.events)
            for day in days {
                #expect(
                    Self.shownLines(atOnce.sheet(on: day)) == Self.plainLines(plans: plans, routines: [routine], events: events, on: day))
            }
        }
    }

    /// Where a task stands through a day is what applying its events of that day and before, one
    /// after the other, gives: checked over random runs of events, ticked on days out of order too.
    @Test func standingIsEveryCountedEventInTurn() {
        func applied(_ events: [JournalEvent], through day: Day) -> String {
            var standing = "todo - - - -"
            for event in events where event.day <= day {
                switch event.action {
                case .done: standing = "done - - \(event.who) \(event.at)"
                case .notDone: standing = "notDone \(event.reason ?? "-") \(event.who) - -"
                case .drop: standing = "dropped \(event.reason ?? "-") \(event.who) \(event.who) \(event.at)"
                case .reopen: standing = "todo - - - -"
                }
            }
            return standing
        }
        var random = SystemRandomNumberGenerator()
        let days = (0..<8).map { day1.adding(days: $0) }
        let key = TaskKey(planned: days[0], id: "a")
        for _ in 0..<300 {
            var ledger = Ledger()
            ledger.plans[days[0]] = [Self.task("a")]
            var events: [JournalEvent] = []
            for hour in 0..<Int.random(in: 0...6, using: &random) {
                let action = JournalEvent.Action.allCases.randomElement(using: &random)!
                let event = JournalEvent(
                    at: Timestamp(seconds: days[7].number * 86400 + hour * 60, offset: 0),
                    day: days.randomElement(using: &random)!, action: action, task: key,
                    who: ["小王", "小李"].randomElement(using: &random)!, reason: action.needsReason ? "等回复 \(hour)" : nil)
                events.append(event)
                ledger.record(event)
            }
            for day in days {
                #expect(Self.shown(ledger.standing(of: key, through: day)) == applied(events, through: day), "\(events) \(day)")
            }
        }
    }

    /// A task's id key is the stable hash of its id, for a task as made and after its id changed.
    @Test func idKeyFollowsTheID() {
        var task = Self.task("1124-1")
        #expect(task.idKey == PlannedTask.idKey("1124-1"))
        #expect(PlannedTask.idKey("1124-1") != PlannedTask.idKey("1124-2"))
        let copy = task
        task.id = "1124-2"
        #expect(task.idKey == PlannedTask.idKey("1124-2"))
        #expect(copy.idKey == PlannedTask.idKey("1124-1"))
        task.title = "别的"
        #expect(task.idKey == PlannedTask.idKey("1124-2"))
    }
}
