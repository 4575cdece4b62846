import Workspace

/// Plan files as an earlier build in this process parsed them, each with the fingerprint of its
/// file: `build --watch` reads again only the plan files that changed. It is not written to disk:
/// decoding a year of plans took as long as parsing the files again.
public struct PlanCache: Sendable {
    struct Entry: Sendable {
        var fingerprint: OpenIndex.Fingerprint
        var file: PlanFile
        var diagnostics: [Diagnostic]
    }

    /// The language and folder the entries were parsed for (their messages and paths depend on it).
    var context: String
    /// By file name (`2026-11-26.yaml`).
    var entries: [String: Entry]

    public init() {
        context = ""
        entries = [:]
    }

    init(context: String, entries: [String: Entry]) {
        self.context = context
        self.entries = entries
    }
}
