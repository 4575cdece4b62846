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
        var pieces: [ArraySlice<UInt8>] = []
        var writer = ByteWriter()
        func add(key: String, kept bytes: ArraySlice<UInt8>) {
            writer.write(key)
            writer.write(bytes.count)
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
            writer.writeCounted { entry.write(to: &$0) }
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

    /// The bytes of the entry stored under `key` in what `encode` wrote, found without making a
    /// string of any other key; nil when there is none.
    public static func storedEntry(_ key: String, in bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let found = locate([key], in: bytes)?[0] else { return nil }
        return bytes[found]
    }

    /// What `encode` wrote with the entries under `replacements`' keys replaced by their new bytes
    /// (as `KeyedEntry.write(to:)` writes them), as pieces to write one after the other; nil when
    /// a key is not there or the bytes are not what `encode` writes.
    public static func replacing(_ replacements: [String: [UInt8]], in bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        let keys = Array(replacements.keys)
        guard let ranges = locate(keys, in: bytes) else { return nil }
        var found: [(range: Range<Int>, new: [UInt8])] = []
        for (key, range) in zip(keys, ranges) {
            guard let range else { return nil }
            found.append((range, replacements[key]!))
        }
        var pieces: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for (range, new) in found.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            // The entry's count is the eight bytes before it.
            pieces.append(bytes[start..<(range.lowerBound - 8)])
            var writer = ByteWriter()
            writer.write(bytes: new)
            pieces.append(writer.bytes[...])
            start = range.upperBound
        }
        pieces.append(bytes[start...])
        return pieces
    }

    /// Where the entries stored under `keys` are in `bytes` (what `encode` wrote), as indices of
    /// `bytes`; nil when the bytes are not what `encode` writes. One pass over the counts, with
    /// no slice or string made on the way (a patch looks up a few entries among thousands).
    private static func locate(_ keys: [String], in bytes: ArraySlice<UInt8>) -> [Range<Int>?]? {
        let wanted = keys.map { Array($0.utf8) }
        var found = [Range<Int>?](repeating: nil, count: keys.count)
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var offset = 0
            func count() -> Int? {
                guard offset + 8 <= buffer.count else { return nil }
                let value = Int(Int64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                offset += 8
                return value >= 0 && value <= buffer.count - offset ? value : nil
            }
            guard let contextLength = count() else { return false }
            offset += contextLength
            guard let entries = count() else { return false }
            for _ in 0..<entries {
                guard let keyLength = count() else { return false }
                let key = offset
                offset += keyLength
                guard let entryLength = count() else { return false }
                for (number, wantedKey) in wanted.enumerated()
                where wantedKey.count == keyLength
                    && (keyLength == 0
                        || wantedKey.withUnsafeBytes { memcmp($0.baseAddress!, base + key, keyLength) == 0 })
                {
                    found[number] = (bytes.startIndex + offset)..<(bytes.startIndex + offset + entryLength)
                }
                offset += entryLength
            }
            return offset == buffer.count
        }
        return complete ? found : nil
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
