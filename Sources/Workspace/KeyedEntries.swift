/// The byte layout both build caches share: a context string, then entries by key, each written
/// once and copied as it is while it stays unchanged (re-encoding every entry was a tenth of a rebuild).
public protocol KeyedEntry: Sendable {
    /// The entry's bytes as the cache it was read from held them; nil for a new entry.
    var encoded: ArraySlice<UInt8>? { get set }
    /// Writes the entry's fields.
    func write(to writer: inout ByteWriter)
    /// Reads what `write(to:)` wrote.
    init(from reader: inout ByteReader) throws(ByteReader.Malformed)
}

public enum KeyedEntries {
    /// `context`, then every entry with its key.
    public static func encode<Entry: KeyedEntry>(context: String, _ entries: [String: Entry]) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(context)
        writer.write(entries.count)
        for (key, entry) in entries {
            writer.write(key)
            if let encoded = entry.encoded {
                writer.append(encoded: encoded)
            } else {
                entry.write(to: &writer)
            }
        }
        return writer.bytes
    }

    /// Reads what `encode` wrote; each entry keeps its bytes for the next `encode`.
    public static func decode<Entry: KeyedEntry>(_ bytes: ArraySlice<UInt8>, as type: Entry.Type = Entry.self)
        throws(ByteReader.Malformed) -> (context: String, entries: [String: Entry])
    {
        var reader = ByteReader(bytes)
        let context = try reader.readString()
        var entries: [String: Entry] = [:]
        let count = try reader.readCount()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.readString()
            let start = reader.offset
            var entry = try Entry(from: &reader)
            entry.encoded = reader.bytes(in: start..<reader.offset)
            entries[key] = entry
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
        return (context, entries)
    }
}
