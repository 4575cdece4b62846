import Workspace

/// One task of a day's plan or of the routine list, as the manager wrote it.
public struct PlannedTask: Sendable, Hashable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var id: String
        @usableFromInline var title: String
        @usableFromInline var owner: String
        @usableFromInline var by: String
        @usableFromInline var quadrant: Quadrant
        @usableFromInline var priority: Int
        @usableFromInline var outcome: String
        @usableFromInline var playbook: String?
        @usableFromInline var due: String?
        @usableFromInline var notes: String?
        /// `key(idKey:)` of the fields, as they were when it was last worked out.
        @usableFromInline var contentKey: UInt64 = 0
        /// The stable hash of `id` alone, worked out with `contentKey`.
        @usableFromInline var idKey: UInt64 = 0

        /// A hash of every field, the same in every process, continued from `idKey` (which is
        /// the hash of `id`, the first field).
        func key(idKey: UInt64) -> UInt64 {
            // Field by field (arrays of them were an allocation per task read, by ticks too).
            var hash = StableHash(value: idKey)
            hash.combine(title)
            hash.combine(owner)
            hash.combine(by)
            hash.combine(outcome)
            hash.combine(quadrant.rawValue)
            hash.combine(priority)
            hash.combine(playbook)
            hash.combine(due)
            hash.combine(notes)
            return hash.value
        }
    }

    /// Shared by every copy until one is changed: a year of day sheets copies each carried task
    /// onto every sheet it shows on, and copying ten strings was ten reference counts. Its fields
    /// are read through inlined getters, which can read a string in place where a call would
    /// return it counted (a carried task's title is read by every sheet it is on, from every core).
    @usableFromInline var fields: CopyOnWrite<Fields>

    /// Changes a field and works out the content key again.
    private mutating func change(_ body: (inout Fields) -> Void) {
        var changed = fields.value
        body(&changed)
        changed.idKey = PlannedTask.idKey(changed.id)
        changed.contentKey = changed.key(idKey: changed.idKey)
        fields.value = changed
    }

    /// Short and stable for the task's whole life; what `opsbook done` takes.
    public var id: String {
        @inlinable get { fields.value.id }
        set { change { $0.id = newValue } }
    }
    public var title: String {
        @inlinable get { fields.value.title }
        set { change { $0.title = newValue } }
    }
    /// Who does it.
    public var owner: String {
        @inlinable get { fields.value.owner }
        set { change { $0.owner = newValue } }
    }
    /// Who assigned it.
    public var by: String {
        @inlinable get { fields.value.by }
        set { change { $0.by = newValue } }
    }
    public var quadrant: Quadrant {
        @inlinable get { fields.value.quadrant }
        set { change { $0.quadrant = newValue } }
    }
    /// The red-pen number: 1 is done first.
    public var priority: Int {
        @inlinable get { fields.value.priority }
        set { change { $0.priority = newValue } }
    }
    /// What result counts as done.
    public var outcome: String {
        @inlinable get { fields.value.outcome }
        set { change { $0.outcome = newValue } }
    }
    /// A handbook page, `section/page.md` with an optional `#anchor`.
    public var playbook: String? {
        @inlinable get { fields.value.playbook }
        set { change { $0.playbook = newValue } }
    }
    /// A time of day, as written (`11:00`).
    public var due: String? {
        @inlinable get { fields.value.due }
        set { change { $0.due = newValue } }
    }
    public var notes: String? {
        @inlinable get { fields.value.notes }
        set { change { $0.notes = newValue } }
    }

    /// A hash of every field, the same in every process (worked out when the task is made or
    /// changed): what the build's keys take for the task, which a year of sheets shows 31,000 times.
    @inlinable public var contentKey: UInt64 { fields.value.contentKey }
    /// `StableHash` of `id` alone, worked out when the task is made or changed: a year of sheets
    /// looks each task's id up on every sheet the task is on.
    @inlinable public var idKey: UInt64 { fields.value.idKey }

    /// `StableHash` of `id`: what `idKey` holds.
    public static func idKey(_ id: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(id)
        return hash.value
    }

    /// The same for every copy of this task until one is changed (then their fields are the same);
    /// it names the task only while some copy is alive.
    @inlinable public var identity: ObjectIdentifier { fields.identity }

    public init(
        id: String, title: String, owner: String, by: String, quadrant: Quadrant, priority: Int, outcome: String,
        playbook: String? = nil, due: String? = nil, notes: String? = nil
    ) {
        var fields = Fields(
            id: id, title: title, owner: owner, by: by, quadrant: quadrant, priority: priority, outcome: outcome,
            playbook: playbook, due: due, notes: notes, idKey: Self.idKey(id))
        fields.contentKey = fields.key(idKey: fields.idKey)
        self.fields = CopyOnWrite(consume fields)
    }

    /// A task whose keys were worked out already, as `init` works them out (a plan's are hashed
    /// from the file's bytes as they are read).
    init(
        id: String, title: String, owner: String, by: String, quadrant: Quadrant, priority: Int, outcome: String,
        playbook: String?, due: String?, notes: String?, idKey: UInt64, contentKey: UInt64
    ) {
        fields = CopyOnWrite(
            Fields(
                id: id, title: title, owner: owner, by: by, quadrant: quadrant, priority: priority, outcome: outcome,
                playbook: playbook, due: due, notes: notes, contentKey: contentKey, idKey: idKey))
    }

    public static func == (lhs: PlannedTask, rhs: PlannedTask) -> Bool {
        lhs.fields.shares(rhs.fields)
            || (lhs.id, lhs.title, lhs.owner, lhs.by, lhs.outcome) == (rhs.id, rhs.title, rhs.owner, rhs.by, rhs.outcome)
                && (lhs.quadrant, lhs.priority) == (rhs.quadrant, rhs.priority)
                && (lhs.playbook, lhs.due, lhs.notes) == (rhs.playbook, rhs.due, rhs.notes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(title)
        hasher.combine(owner)
        hasher.combine(by)
        hasher.combine(quadrant)
        hasher.combine(priority)
        hasher.combine(outcome)
        hasher.combine(playbook)
        hasher.combine(due)
        hasher.combine(notes)
    }

    /// Whether `id` can be typed and stored in the journal: no spaces, tabs or slashes.
    public static func isValidID(_ id: String) -> Bool {
        // Its bytes looked at in place (through the string's view, a call per byte).
        var bytes = id
        if bytes.withUTF8(isPrintableID) { return true }
        // Up to 32 bytes is up to 32 characters, without counting them.
        return !id.isEmpty && (id.utf8.count <= 32 || id.count <= 32)
            && !id.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "/" || $0 == "#" || $0.value < 32 }
    }

    /// Whether `utf8` is a valid id of printable ASCII other than `/` and `#`, valid as it is
    /// (nearly every id: `1126-3`); false says nothing of other ids.
    static func isPrintableID(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        !utf8.isEmpty && utf8.count <= 32
            && utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "#") }
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
