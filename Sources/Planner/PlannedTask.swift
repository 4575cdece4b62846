/// One task of a day's plan or of the routine list, as the manager wrote it.
public struct PlannedTask: Sendable, Hashable {
    /// Short and stable for the task's whole life; what `opsbook done` takes.
    public var id: String
    public var title: String
    /// Who does it.
    public var owner: String
    /// Who assigned it.
    public var by: String
    public var quadrant: Quadrant
    /// The red-pen number: 1 is done first.
    public var priority: Int
    /// What result counts as done.
    public var outcome: String
    /// A handbook page, `section/page.md` with an optional `#anchor`.
    public var playbook: String?
    /// A time of day, as written (`11:00`).
    public var due: String?
    public var notes: String?

    public init(
        id: String, title: String, owner: String, by: String, quadrant: Quadrant, priority: Int, outcome: String,
        playbook: String? = nil, due: String? = nil, notes: String? = nil
    ) {
        self.id = id
        self.title = title
        self.owner = owner
        self.by = by
        self.quadrant = quadrant
        self.priority = priority
        self.outcome = outcome
        self.playbook = playbook
        self.due = due
        self.notes = notes
    }

    /// Whether `id` can be typed and stored in the journal: no spaces, tabs or slashes.
    public static func isValidID(_ id: String) -> Bool {
        // Printable ASCII other than `/` and `#` is valid as it is (nearly every id: `1126-3`).
        if !id.isEmpty, id.utf8.count <= 32,
            id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "#") })
        {
            return true
        }
        // Up to 32 bytes is up to 32 characters, without counting them.
        return !id.isEmpty && (id.utf8.count <= 32 || id.count <= 32)
            && !id.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "/" || $0 == "#" || $0.value < 32 }
    }
}

/// Which task an event or a sheet entry is about: the day it was planned (a routine's instance day)
/// and its id. Ids repeat across years (`1126-1`), so the day is part of the key.
public struct TaskKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var planned: Day
    public var id: String

    public init(planned: Day, id: String) {
        self.planned = planned
        self.id = id
    }

    public static func < (lhs: TaskKey, rhs: TaskKey) -> Bool { (lhs.planned, lhs.id) < (rhs.planned, rhs.id) }

    public var description: String { "\(planned)/\(id)" }
}
