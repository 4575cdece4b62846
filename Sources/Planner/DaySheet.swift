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
    /// Kept to 64 bytes: a year of sheets holds 31,000 entries at once, and with a field for each
    /// value they took 120. The deciding tick's name and time are kept once (who gave the reason is
    /// who closed it), the days as numbers, and how long the task was carried is worked out from them.
    /// (Read from the tick itself, in the ledger's shared list, each value read copied the entry.)
    public struct Entry: Sendable {
        public let task: PlannedTask
        /// Who made the tick that decides the status; nil when there is none or it reopened the task.
        @usableFromInline let decidedBy: String?
        /// The latest not-done or drop reason.
        public let reason: String?
        /// When the deciding tick was made (`Timestamp.seconds`, `Timestamp.offset`).
        @usableFromInline let decidedSeconds: Int
        @usableFromInline let decidedOffset: Int32
        @usableFromInline let plannedNumber: Int32
        /// The sheet's day.
        @usableFromInline let dayNumber: Int32
        public let status: TaskStatus
        public let isRoutine: Bool
        /// Whether it was ticked on the sheet's day (done, not done, dropped or reopened there).
        public let tickedOnDay: Bool

        /// The entry of `task` planned on `planned`, on `day`'s sheet, where `ticks[deciding]` is the
        /// last tick that counts (nil: none). The tick is read in place: a copy counted its texts.
        init(
            task: PlannedTask, planned: Day, on day: Day, isRoutine: Bool, ticks: [JournalEvent], deciding: Int?,
            tickedOnDay: Bool
        ) {
            self.task = task
            status = deciding.map { ticks[$0].action.status } ?? .todo
            decidedBy = status == .todo ? nil : deciding.map { ticks[$0].who }
            reason = status == .notDone || status == .dropped ? deciding.flatMap { ticks[$0].reason } : nil
            decidedSeconds = deciding.map { ticks[$0].at.seconds } ?? 0
            decidedOffset = Int32(deciding.map { ticks[$0].at.offset } ?? 0)
            plannedNumber = Int32(planned.number)
            dayNumber = Int32(day.number)
            self.isRoutine = isRoutine
            self.tickedOnDay = tickedOnDay
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
        @inlinable @inline(__always) public var reasonBy: String? {
            switch status {
            case .notDone, .dropped: decidedBy
            case .todo, .done: nil
            }
        }
        /// Who finished (or dropped) it, and when.
        @inlinable @inline(__always) public var closedBy: String? {
            switch status {
            case .done, .dropped: decidedBy
            case .todo, .notDone: nil
            }
        }
        @inlinable @inline(__always) public var closedAt: Timestamp? {
            switch status {
            case .done, .dropped: Timestamp(seconds: decidedSeconds, offset: Int(decidedOffset))
            case .todo, .notDone: nil
            }
        }

        public var key: TaskKey { TaskKey(planned: planned, id: task.id) }
    }
}
