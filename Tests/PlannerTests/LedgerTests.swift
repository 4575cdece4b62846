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

    @Test func preparedFocusGivesTheSameSheets() {
        let days = (0..<12).map { day1.adding(days: $0) }
        var ledger = Ledger()
        ledger.plans[days[0]] = [Self.task("a"), Self.task("b", priority: 2), Self.task("c", quadrant: .urgent)]
        ledger.plans[days[1]] = [Self.task("a"), Self.task("d", quadrant: .urgentImportant)]
        ledger.plans[days[4]] = [Self.task("e")]
        for event in [
            Self.event(.notDone, "a", planned: days[0], on: days[0]),
            Self.event(.done, "a", planned: days[0], on: days[2]),
            Self.event(.drop, "b", planned: days[0], on: days[1]),
            Self.event(.reopen, "b", planned: days[0], on: days[3]),
            Self.event(.done, "b", planned: days[0], on: days[3], hour: 9),
            Self.event(.done, "d", planned: days[1], on: days[1]),
            Self.event(.reopen, "d", planned: days[1], on: days[5]),
            Self.event(.done, "e", planned: days[4], on: days[6]),
            Self.event(.notDone, "e", planned: days[4], on: days[6], hour: 10),
        ] {
            ledger.record(event)
        }
        var prepared = ledger
        prepared.prepareFocus()
        for day in days {
            #expect(Self.lines(prepared.sheet(on: day)) == Self.lines(ledger.sheet(on: day)), "\(day)")
        }
        #expect(Self.lines(prepared.sheet(on: days[2])).first?.hasPrefix("2026-11-23/a done") == true)
        #expect(prepared.sheet(on: days[11]).focus.map(\.task.id) == ["b", "c", "d", "a"])
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
        func shown(_ standing: Ledger.Standing) -> String {
            "\(standing.status) \(standing.reason ?? "-") \(standing.reasonBy ?? "-") \(standing.closedBy ?? "-") "
                + (standing.closedAt.map { "\($0)" } ?? "-")
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
                #expect(shown(ledger.standing(of: key, through: day)) == applied(events, through: day), "\(events) \(day)")
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
