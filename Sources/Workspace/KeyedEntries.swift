#if canImport(Glibc)
    import Glibc
#endif

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
    /// `context`, then every entry with its key, each entry's bytes counted so that a reader can
    /// keep them undecoded (`decodeStored`). `stored` entries (as read, not decoded) are written as
    /// they are, unless `entries` has the same key.
    public static func encode<Entry: KeyedEntry>(
        context: String, _ entries: [String: Entry], stored: [String: ArraySlice<UInt8>] = [:]
    ) -> [UInt8] {
        let pieces = encodedPieces(context: context, entries, stored: stored)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        return bytes
    }

    /// What `encode` returns, as pieces to write one after the other: an entry kept as it was read
    /// is a piece of the buffer it was read from, not a copy (a rebuild keeps megabytes of them).
    public static func encodedPieces<Entry: KeyedEntry>(
        context: String, _ entries: [String: Entry], stored: [String: ArraySlice<UInt8>] = [:]
    ) -> [ArraySlice<UInt8>] {
        var ranges: [String: Range<Int>]?
        return encodedPieces(context: context, entries, stored: stored, ranges: &ranges)
    }

    /// `encodedPieces`, and where each entry's bytes are in them (from the start of the first
    /// piece), when `ranges` is not nil.
    public static func encodedPieces<Entry: KeyedEntry>(
        context: String, _ entries: [String: Entry], stored: [String: ArraySlice<UInt8>] = [:],
        ranges: inout [String: Range<Int>]?
    ) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var written = 0
        var writer = ByteWriter()
        func add(key: String, kept bytes: ArraySlice<UInt8>) {
            writer.write(key)
            writer.write(bytes.count)
            written += writer.bytes.count
            ranges?[key] = written..<(written + bytes.count)
            written += bytes.count
            pieces.append(writer.bytes[...])
            pieces.append(bytes)
            writer = ByteWriter()
        }
        writer.write(context)
        writer.write(entries.count + stored.keys.count { entries[$0] == nil })
        for (key, entry) in entries {
            if let encoded = entry.encoded {
                add(key: key, kept: encoded)
                continue
            }
            writer.write(key)
            let start = written + writer.bytes.count + 8
            writer.writeCounted { entry.write(to: &$0) }
            ranges?[key] = start..<(written + writer.bytes.count)
        }
        for (key, bytes) in stored where entries[key] == nil { add(key: key, kept: bytes) }
        if !writer.bytes.isEmpty { pieces.append(writer.bytes[...]) }
        return pieces
    }

    /// Reads what `encode` wrote, leaving each entry as its bytes (`decode(_:as:)` reads one).
    public static func decodeStored(_ bytes: ArraySlice<UInt8>) throws(ByteReader.Malformed)
        -> (context: String, entries: [String: ArraySlice<UInt8>])
    {
        var reader = ByteReader(bytes)
        let context = try reader.readString()
        var entries: [String: ArraySlice<UInt8>] = [:]
        let count = try reader.readCount()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.readString()
            entries[key] = try reader.readSlice()
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
        return (context, entries)
    }

    /// What `encode` wrote (`count` bytes, at `offset` of a file) with the entries at
    /// `replacements`' ranges (of entries' bytes, as `encodedPieces(context:_:stored:ranges:)` gives
    /// them) replaced by new bytes (as `KeyedEntry.write(to:)` writes them): pieces of that file,
    /// and new bytes between them.
    public static func replacing(
        _ replacements: [(entry: Range<Int>, new: [UInt8])], inFileAt offset: Int, count: Int
    ) -> [CacheFile.Piece] {
        var pieces: [CacheFile.Piece] = []
        var start = 0
        for (entry, new) in replacements.sorted(by: { $0.entry.lowerBound < $1.entry.lowerBound }) {
            // The entry's count is the eight bytes before it.
            pieces.append(.range(offset: offset + start, length: entry.lowerBound - 8 - start))
            var writer = ByteWriter()
            writer.write(bytes: new)
            pieces.append(.bytes(writer.bytes[...]))
            start = entry.upperBound
        }
        pieces.append(.range(offset: offset + start, length: count - start))
        return pieces
    }

    /// One stored entry, decoded; it keeps its bytes for the next `encode`. Nil when they are not
    /// a whole entry.
    public static func decode<Entry: KeyedEntry>(_ bytes: ArraySlice<UInt8>, as type: Entry.Type = Entry.self) -> Entry? {
        var reader = ByteReader(bytes)
        guard var entry = try? Entry(from: &reader), reader.isAtEnd else { return nil }
        entry.encoded = bytes
        return entry
    }

    /// Reads what `encode` wrote, every entry decoded.
    public static func decode<Entry: KeyedEntry>(_ bytes: ArraySlice<UInt8>, as type: Entry.Type = Entry.self)
        throws(ByteReader.Malformed) -> (context: String, entries: [String: Entry])
    {
        let (context, stored) = try decodeStored(bytes)
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(stored.count)
        for (key, bytes) in stored {
            guard let entry = decode(bytes, as: Entry.self) else { throw ByteReader.Malformed() }
            entries[key] = entry
        }
        return (context, entries)
    }
}
