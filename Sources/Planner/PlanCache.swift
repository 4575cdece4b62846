import Workspace

/// Plan files as an earlier build parsed them, each with the fingerprint of its file: a build reads
/// again only the plan files that changed, instead of a year of YAML every time.
public struct PlanCache: Sendable {
    struct Entry: Sendable {
        var fingerprint: OpenIndex.Fingerprint
        var file: PlanFile
        var diagnostics: [Diagnostic]
        /// The entry as the cache it came from held it, written again as it is.
        var encoded: ArraySlice<UInt8>? = nil
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

    /// The cache as bytes, for the build to keep with its own: pieces to write one after the other
    /// (joined into one array first, a year of plans was 2.5 MB more to copy).
    public func encodedPieces() -> [ArraySlice<UInt8>] {
        KeyedEntries.encodedPieces(context: context, entries)
    }

    /// Reads what `encodedPieces()` wrote.
    public init(decoding bytes: ArraySlice<UInt8>) throws(ByteReader.Malformed) {
        (context, entries) = try KeyedEntries.decode(bytes)
    }
}

extension PlanCache.Entry: KeyedEntry {
    func write(to writer: inout ByteWriter) {
        fingerprint.write(to: &writer)
        writer.write(file.date.number)
        writer.write(file.tasks.count)
        for (task, location) in zip(file.tasks, file.locations) {
            task.write(to: &writer)
            // One by one: an array of the four was an allocation per task.
            writer.write(location.line)
            writer.write(location.column)
            writer.write(location.playbookLine)
            writer.write(location.playbookColumn)
        }
        writer.write(diagnostics.count)
        for diagnostic in diagnostics { diagnostic.write(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        fingerprint = try OpenIndex.Fingerprint(from: &reader)
        file = PlanFile(date: Day(number: try reader.readInt()), tasks: [], locations: [])
        for _ in 0..<(try reader.readCount()) {
            file.tasks.append(try PlannedTask(from: &reader))
            file.locations.append((try reader.readInt(), try reader.readInt(), try reader.readInt(), try reader.readInt()))
        }
        diagnostics = []
        for _ in 0..<(try reader.readCount()) { diagnostics.append(try Diagnostic(from: &reader)) }
    }
}
