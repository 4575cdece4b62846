/// The Eisenhower quadrant (四象限) a task falls in.
public enum Quadrant: Int, Sendable, CaseIterable, Comparable {
    case urgentImportant = 1
    case important = 2
    case urgent = 3
    case neither = 4

    public static func < (lhs: Quadrant, rhs: Quadrant) -> Bool { lhs.rawValue < rhs.rawValue }
}
