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

    /// The cache as bytes, for the build to keep with its own.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(context)
        writer.write(entries.count)
        for (name, entry) in entries {
            writer.write(name)
            if let encoded = entry.encoded {
                writer.append(encoded: encoded)
                continue
            }
            entry.fingerprint.write(to: &writer)
            writer.write(entry.file.date.number)
            writer.write(entry.file.tasks.count)
            for (task, location) in zip(entry.file.tasks, entry.file.locations) {
                task.write(to: &writer)
                for number in [location.line, location.column, location.playbookLine, location.playbookColumn] {
                    writer.write(number)
                }
            }
            writer.write(entry.diagnostics.count)
            for diagnostic in entry.diagnostics { diagnostic.write(to: &writer) }
        }
        return writer.bytes
    }

    /// Reads what `encoded()` wrote.
    public init(decoding bytes: [UInt8]) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        context = try reader.readString()
        entries = [:]
        let count = try reader.readCount()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let name = try reader.readString()
            let start = reader.offset
            let fingerprint = try OpenIndex.Fingerprint(from: &reader)
            var file = PlanFile(date: Day(number: try reader.readInt()), tasks: [], locations: [])
            for _ in 0..<(try reader.readCount()) {
                file.tasks.append(try PlannedTask(from: &reader))
                file.locations.append(
                    (try reader.readInt(), try reader.readInt(), try reader.readInt(), try reader.readInt()))
            }
            var diagnostics: [Diagnostic] = []
            for _ in 0..<(try reader.readCount()) { diagnostics.append(try Diagnostic(from: &reader)) }
            entries[name] = Entry(
                fingerprint: fingerprint, file: file, diagnostics: diagnostics,
                encoded: reader.bytes(in: start..<reader.offset))
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }
}
