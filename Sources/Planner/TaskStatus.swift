/// Where a task stands on a given day, folded from the journal.
public enum TaskStatus: String, Sendable {
    case todo
    case done
    case notDone = "not-done"
    case dropped

    /// Done and dropped tasks stop carrying over.
    public var isClosed: Bool { self == .done || self == .dropped }
}
