/// Where a task stands on a given day, folded from the journal.
public enum TaskStatus: String, Sendable {
    case todo
    case done
    case notDone = "not-done"
    case dropped

    /// Done and dropped tasks stop carrying over.
    public var isClosed: Bool { self == .done || self == .dropped }

    /// A number for each status, the same in every version: what build keys take (hashing the raw
    /// value's text for each of a year's 31,000 sheet entries was a tenth of the sheets' keys).
    public var number: Int {
        switch self {
        case .todo: 0
        case .done: 1
        case .notDone: 2
        case .dropped: 3
        }
    }
}
