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
    ///
    /// Kept to 32 bytes: a year of sheets holds 31,000 entries at once, and with a field for each
    /// value they took 120. What the deciding tick says (reason, who, when) is read from the tick
    /// itself, in the ledger's list of ticks, which the entries share; the days are kept as numbers,
    /// and how long the task was carried is worked out from them.
    public struct Entry: Sendable {
        public let task: PlannedTask
        /// The list of ticks the deciding one is in (empty when there is none).
        @usableFromInline let ticks: [JournalEvent]
        /// The position in `ticks` of the last tick that counts on the sheet's day; -1: none.
        @usableFromInline let deciding: Int32
        @usableFromInline let plannedNumber: Int32
        /// The sheet's day.
        @usableFromInline let dayNumber: Int32
        public let status: TaskStatus
        public let isRoutine: Bool
        /// Whether it was ticked on the sheet's day (done, not done, dropped or reopened there).
        public let tickedOnDay: Bool

        /// The entry of `task` planned on `planned`, on `day`'s sheet, where `ticks[deciding]` is the
        /// last tick that counts (nil: none).
        init(
            task: PlannedTask, planned: Day, on day: Day, isRoutine: Bool, ticks: [JournalEvent], deciding: Int?,
            tickedOnDay: Bool
        ) {
            self.task = task
            self.ticks = deciding == nil ? [] : ticks
            self.deciding = deciding.map { Int32($0) } ?? -1
            plannedNumber = Int32(planned.number)
            dayNumber = Int32(day.number)
            self.isRoutine = isRoutine
            self.tickedOnDay = tickedOnDay
            status = deciding.map { ticks[$0].action.status } ?? .todo
        }

        /// The day it was planned (for a routine, the sheet's day).
        @inlinable @inline(__always) public var planned: Day { Day(number: Int(plannedNumber)) }
        /// The day it was first planned when it is carried over, else nil.
        @inlinable @inline(__always) public var carriedFrom: Day? { plannedNumber < dayNumber ? planned : nil }
        @inlinable @inline(__always) public var daysCarried: Int {
            plannedNumber < dayNumber ? Int(dayNumber - plannedNumber) : 0
        }

        // Statuses told apart by `switch`: through `==` (a call into this module), each value read
        // from another module's sheet copied the entry.
        /// The latest not-done or drop reason.
        @inlinable @inline(__always) public var reason: String? {
            switch status {
            case .notDone, .dropped: ticks[Int(deciding)].reason
            case .todo, .done: nil
            }
        }
        @inlinable @inline(__always) public var reasonBy: String? {
            switch status {
            case .notDone, .dropped: ticks[Int(deciding)].who
            case .todo, .done: nil
            }
        }
        /// Who finished (or dropped) it, and when.
        @inlinable @inline(__always) public var closedBy: String? {
            switch status {
            case .done, .dropped: ticks[Int(deciding)].who
            case .todo, .notDone: nil
            }
        }
        @inlinable @inline(__always) public var closedAt: Timestamp? {
            switch status {
            case .done, .dropped: ticks[Int(deciding)].at
            case .todo, .notDone: nil
            }
        }

        public var key: TaskKey { TaskKey(planned: planned, id: task.id) }
    }
}
