/// A day's priority sheet: focus items carried over from earlier days, then the day's own tasks by
/// quadrant and red-pen number. What `today` prints and what the site's day pages show.
public struct DaySheet: Sendable {
    public var date: Day
    /// Tasks from earlier days still neither done nor dropped, oldest first.
    public var focus: [Entry]
    /// The day's planned tasks and routines, quadrant 1 to 4, each in priority order.
    public var tasks: [Entry]

    /// Every entry in sheet order.
    public var entries: [Entry] { focus + tasks }

    /// How many entries there are (without copying them).
    public var count: Int { focus.count + tasks.count }

    /// The day's tasks of one quadrant.
    public func tasks(in quadrant: Quadrant) -> [Entry] { tasks.filter { $0.task.quadrant == quadrant } }

    /// Entries still to be worked on: neither done nor dropped.
    public var openIDs: [String] { (focus + tasks).filter { !$0.status.isClosed }.map(\.task.id) }

    public var doneCount: Int {
        // Counted by position: a closure over the entries copied each one (a dozen strings).
        var count = 0
        for index in focus.indices where focus[index].status == .done { count += 1 }
        for index in tasks.indices where tasks[index].status == .done { count += 1 }
        return count
    }

    /// Only the entries owned by `owner`.
    public func only(owner: String) -> DaySheet {
        DaySheet(date: date, focus: focus.filter { $0.task.owner == owner }, tasks: tasks.filter { $0.task.owner == owner })
    }

    /// One task as it stands on the sheet's day.
    public struct Entry: Sendable {
        public var task: PlannedTask
        /// The day it was planned (for a routine, the sheet's day).
        public var planned: Day
        public var isRoutine: Bool
        public var status: TaskStatus
        /// The latest not-done or drop reason.
        public var reason: String?
        public var reasonBy: String?
        /// The day it was first planned when it is carried over, else nil.
        public var carriedFrom: Day?
        public var daysCarried: Int
        /// Who finished (or dropped) it, and when.
        public var closedBy: String?
        public var closedAt: Timestamp?
        /// Whether it was ticked on the sheet's day (done, not done, dropped or reopened there).
        public var tickedOnDay = false

        public var key: TaskKey { TaskKey(planned: planned, id: task.id) }
    }
}
