import Foundation
import Handbook
import Planner
import Workspace

/// What a build keeps beside its output for the next one: the pages it parsed and, for each file it
/// rendered, a key of everything that went into it. A later build re-renders only the files whose
/// key changed and links the rest from the previous site.
struct BuildCache {
    /// Bumped whenever the format or the meaning of a key changes.
    static let format = 15

    /// The id the previous site's marker file holds; the cache only speaks for that site.
    var siteID: String
    var pages: PageCache
    /// Output path → key of its inputs.
    var renderKeys: KeyTable
    /// The id of the spare site (the one before), and its keys when known.
    var spareID: String?
    var spareKeys: KeyTable
    /// Where each document's line is in the site's search index parts, by the key of what went
    /// into it: the next build copies unchanged lines from there instead of making them again.
    var searchLines: [UInt64: SearchLine]
    /// The size and modification time of each part file as the site holds it: its lines are taken
    /// only while it has them.
    var searchPartStamps: [String: PageCache.FileStamp]
    /// The plan files as parsed, kept only while the cache is in memory (`build --watch`): the
    /// file does not hold them. Decoded from it, a year of plans took as long as parsing the plan
    /// files again, and encoding them cost every full build a few per cent.
    var plans = PlanCache()
    /// What the next build needs to patch the site (nil: it works everything out).
    var patch: PatchRecord?
    /// Without decoding: the cache's file, kept open, and where its pages' part is in it (a patch
    /// reads a few entries of it and has the kernel copy the rest).
    var file: CacheFile.Opened?
    var storedPages: Range<Int> = 0..<0
    /// Without decoding, the search lines as the file held them: the part files in order, and a
    /// record of `SearchRecords.size` bytes a line (`searchLines` is then empty). A patch changes
    /// a few records and part names in place.
    var storedSearch: SearchRecords?

    /// Search lines as records of four numbers: the line's key, its part's number in `parts`, its
    /// number in the part and its bytes of text.
    struct SearchRecords {
        static let size = 32
        var parts: [String]
        var records: [UInt8]

        /// Calls `body` with each record's index, key, part number and number in its part.
        func forEach(_ body: (_ record: Int, _ key: UInt64, _ part: Int, _ number: Int) -> Void) {
            records.withUnsafeBytes { raw in
                for record in 0..<(raw.count / Self.size) {
                    let base = record * Self.size
                    body(
                        record, raw.loadUnaligned(fromByteOffset: base, as: UInt64.self).littleEndian,
                        Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8, as: Int64.self))),
                        Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self))))
                }
            }
        }

        /// The bytes of text of record `record`.
        func textBytes(of record: Int) -> Int {
            records.withUnsafeBytes {
                Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: record * Self.size + 24, as: Int64.self)))
            }
        }

        /// Gives record `record` a new key and bytes of text.
        mutating func set(_ record: Int, key: UInt64, textBytes: Int) {
            records.withUnsafeMutableBytes {
                $0.storeBytes(of: key.littleEndian, toByteOffset: record * Self.size, as: UInt64.self)
                $0.storeBytes(of: Int64(textBytes).littleEndian, toByteOffset: record * Self.size + 24, as: Int64.self)
            }
        }
    }

    /// `.NAME.opsbook-cache` beside the output folder `NAME`, so it is never published with the site.
    static func url(for output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent()
            .appending(path: ".\(output.standardizedFileURL.lastPathComponent).opsbook-cache")
    }

    /// The cache at `url`, or nil when there is none or it cannot be used.
    ///
    /// - Parameter decoding: whether to decode the pages (else they are left as `storedPages`: a
    ///   patch reads a few of them).
    static func read(from url: URL, decoding: Bool = true) -> BuildCache? {
        do throws(ByteReader.Malformed) {
            var reader: ByteReader
            var pages = PageCache()
            var file: CacheFile.Opened?
            var storedPages = 0..<0
            if decoding {
                guard let bytes = CacheFile.read(cache: url) else { return nil }
                reader = ByteReader(bytes)
                guard try reader.readInt() == format else { return nil }
                // The big part first (a build writes it while it still works out the rest).
                pages = try PageCache(decoding: try reader.readSlice())
            } else {
                // The big part is not read: its place is found from its count.
                guard let opened = CacheFile.Opened(cache: url), let head = opened.read(offset: 0, length: 16) else { return nil }
                var start = ByteReader(head)
                guard try start.readInt() == format else { return nil }
                let pagesLength = try start.readInt()
                guard pagesLength >= 0, pagesLength <= opened.size - 16,
                    let rest = opened.read(offset: 16 + pagesLength, length: opened.size - 16 - pagesLength)
                else { return nil }
                reader = ByteReader(rest)
                (file, storedPages) = (opened, 16..<(16 + pagesLength))
            }
            let siteID = try reader.readString()
            let keys = try KeyTable(reading: &reader)
            let spareID = try reader.readOptionalString()
            let spareKeys = try KeyTable(reading: &reader)
            var parts: [String] = []
            var searchPartStamps: [String: PageCache.FileStamp] = [:]
            for _ in 0..<(try reader.readCount()) {
                let part = try reader.readString()
                parts.append(part)
                searchPartStamps[part] = PageCache.FileStamp(size: try reader.readInt(), modified: try reader.readInt())
            }
            var searchLines: [UInt64: SearchLine] = [:]
            var storedSearch: SearchRecords?
            let lineCount = try reader.readCount()
            if decoding {
                for _ in 0..<lineCount {
                    let key = UInt64(bitPattern: Int64(try reader.readInt()))
                    let part = try reader.readInt()
                    guard parts.indices.contains(part) else { return nil }
                    searchLines[key] = SearchLine(part: parts[part], number: try reader.readInt(), textBytes: try reader.readInt())
                }
            } else {
                guard lineCount <= Int.max / SearchRecords.size else { return nil }
                let records = SearchRecords(parts: parts, records: Array(try reader.readRaw(lineCount * SearchRecords.size)))
                var valid = true
                records.forEach { _, _, part, _ in valid = valid && parts.indices.contains(part) }
                guard valid else { return nil }
                storedSearch = records
            }
            let patch = try reader.readBool() ? try PatchRecord(from: &reader) : nil
            guard reader.isAtEnd else { return nil }
            return BuildCache(
                siteID: siteID, pages: pages, renderKeys: keys, spareID: spareID, spareKeys: spareKeys,
                searchLines: searchLines, searchPartStamps: searchPartStamps, patch: patch,
                file: file, storedPages: storedPages, storedSearch: storedSearch)
        } catch {
            return nil
        }
    }

    /// The lines of the search index the cache's site holds, by key, with the lines of each part
    /// file read from `site` (the site the cache speaks for); a part whose file is not as that
    /// build left it gives none.
    func searchLines(in site: URL) -> (lines: [UInt64: SearchLine], read: (String) -> [ArraySlice<UInt8>]?) {
        let stamps = searchPartStamps
        let read = { (part: String) -> [ArraySlice<UInt8>]? in
            let url = site.appending(path: part)
            guard let stamp = stamps[part], PageCache.FileStamp(of: url) == stamp, let bytes = CacheFile.read(url) else {
                return nil
            }
            return SearchIndex.partLines(bytes)
        }
        return (searchLines, read)
    }

    /// The big part of a cache, encoded (by a build while it writes the site).
    struct Encoded: Sendable {
        /// `pages.encodedPieces()`.
        var pages: [ArraySlice<UInt8>]
        /// Where each page's entry is in `pages` (`PageCache.encodedPiecesLocating()`), when known.
        var pageEntries: [String: Range<Int>] = [:]
    }

    /// Writes the cache (over the spare, exchanged into place: a reader never sees half of it).
    ///
    /// - Parameter encoded: its big parts, when the caller had them made while doing other work.
    func write(to url: URL, encoded: Encoded? = nil) {
        let body = Self.body(encoded ?? Encoded(pages: pages.encodedPieces()))
        CacheFile.replace(url, with: body + [tail()[...]], reusingSpare: true)
    }

    /// The start of a cache file: the format and the pages' part, as it is (not copied into one
    /// buffer).
    static func body(_ encoded: Encoded) -> [ArraySlice<UInt8>] {
        var start = ByteWriter()
        start.write(format)
        start.write(encoded.pages.reduce(0) { $0 + $1.count })
        return [start.bytes[...]] + encoded.pages
    }

    /// The start of the next cache file (`body`'s part), as pieces of the file `previous` was read
    /// from (without decoding): its pages' part copied, but for the page entries of `replacements`.
    /// The rest is `tail()`.
    static func patchedBody(_ previous: BuildCache, replacing replacements: [(entry: Range<Int>, new: [UInt8])])
        -> [CacheFile.Piece]
    {
        let pages = KeyedEntries.replacing(
            replacements, inFileAt: previous.storedPages.lowerBound, count: previous.storedPages.count)
        var start = ByteWriter()
        start.write(Self.format)
        start.write(replacements.reduce(previous.storedPages.count) { $0 + $1.new.count - $1.entry.count })
        return [.bytes(start.bytes[...])] + pages
    }

    /// The rest of a cache file after `body`: the site's id, the keys, where the search lines are.
    func tail() -> [UInt8] {
        // Room for the keys, the search lines and the outline (a few hundred kilobytes).
        var writer = ByteWriter(capacity: 2 * renderKeys.byteCount + (storedSearch?.records.count ?? 0) + (patch?.outline.byteCount ?? 0) + 4096)
        writer.write(siteID)
        renderKeys.write(to: &writer)
        writer.write(spareID)
        spareKeys.write(to: &writer)
        if let storedSearch {
            writer.write(storedSearch.parts.count)
            for part in storedSearch.parts {
                let stamp = searchPartStamps[part] ?? PageCache.FileStamp(size: -1, modified: -1)
                writer.write(part)
                writer.write(stamp.size)
                writer.write(stamp.modified)
            }
            writer.write(storedSearch.records.count / SearchRecords.size)
            writer.append(encoded: storedSearch.records[...])
            writer.write(patch != nil)
            patch?.write(to: &writer)
            return writer.bytes
        }
        let parts = Array(searchPartStamps.keys)
        var partNumbers: [String: Int] = [:]
        writer.write(parts.count)
        for (number, part) in parts.enumerated() {
            partNumbers[part] = number
            writer.write(part)
            writer.write(searchPartStamps[part]!.size)
            writer.write(searchPartStamps[part]!.modified)
        }
        let lines = searchLines.filter { partNumbers[$0.value.part] != nil }
        writer.write(lines.count)
        for (key, line) in lines {
            writer.write(Int(Int64(bitPattern: key)))
            writer.write(partNumbers[line.part]!)
            writer.write(line.number)
            writer.write(line.textBytes)
        }
        writer.write(patch != nil)
        patch?.write(to: &writer)
        return writer.bytes
    }
}

/// Output path → key of its inputs, as `BuildCache` keeps it. A table read from a cache file stays
/// as its bytes until it is looked into: a rebuild looks into one of its two tables and writes the
/// other back as it was read (decoding and encoding thousands of paths again was a tenth of a
/// one-page rebuild's work on the cache).
struct KeyTable {
    private let table: [String: UInt64]
    /// The table as a cache file holds it, when it was read from one (`table` is then empty).
    private let encoded: ArraySlice<UInt8>?
    let isEmpty: Bool

    init(_ table: [String: UInt64] = [:]) {
        self.table = table
        encoded = nil
        isEmpty = table.isEmpty
    }

    init(reading reader: inout ByteReader) throws(ByteReader.Malformed) {
        let bytes = try reader.readSlice()
        var counter = ByteReader(bytes)
        table = [:]
        encoded = bytes
        isEmpty = try counter.readCount() == 0
    }

    /// Every path and its key (a table read from a file that cannot be read back counts as empty:
    /// nothing is reused, which is never wrong).
    var keys: [String: UInt64] {
        guard let encoded else { return table }
        var reader = ByteReader(encoded)
        var keys: [String: UInt64] = [:]
        do throws(ByteReader.Malformed) {
            let count = try reader.readCount()
            keys.reserveCapacity(count)
            for _ in 0..<count {
                let path = try reader.readString()
                keys[path] = UInt64(bitPattern: Int64(try reader.readInt()))
            }
            return keys
        } catch {
            return [:]
        }
    }

    /// The table with the keys of `changes` set (a nil key: the path removed), without making a
    /// string of the paths it keeps.
    func patched(_ changes: [String: UInt64?]) -> KeyTable {
        guard let encoded else {
            var table = table
            for (path, key) in changes { table[path] = key }
            return KeyTable(table)
        }
        let pending = changes.map { (path: Array($0.key.utf8), key: $0.value) }
        // The entries to change or drop, found by walking the counts with a raw pointer; the rest
        // is copied in runs between them.
        var found: [(range: Range<Int>, change: Int)] = []
        var count = 0
        let complete = encoded.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress, raw.count >= 8 else { return false }
            func integer(at offset: Int) -> Int { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))) }
            count = integer(at: 0)
            var offset = 8
            for _ in 0..<max(count, 0) {
                guard offset + 8 <= raw.count else { return false }
                let length = integer(at: offset)
                guard length >= 0, offset + 16 + length <= raw.count else { return false }
                if let change = pending.indices.first(where: { index in
                    pending[index].path.count == length && memcmp(base + offset + 8, pending[index].path, length) == 0
                }), !found.contains(where: { $0.change == change }) {
                    found.append((offset..<(offset + 16 + length), change))
                }
                offset += 16 + length
            }
            return offset == raw.count
        }
        guard complete else { return KeyTable() }
        var body = ByteWriter(capacity: encoded.count + 64 * pending.count)
        var kept = count
        var start = 0
        for (range, change) in found {
            body.append(encoded: encoded[(encoded.startIndex + start)..<(encoded.startIndex + range.lowerBound)])
            if let new = pending[change].key {
                body.write(bytes: pending[change].path)
                body.write(Int(Int64(bitPattern: new)))
            } else {
                kept -= 1
            }
            start = range.upperBound
        }
        body.append(encoded: encoded[(encoded.startIndex + start)...])
        let changed = Set(found.map(\.change))
        for (index, change) in pending.enumerated() where !changed.contains(index) {
            guard let key = change.key else { continue }
            body.write(bytes: change.path)
            body.write(Int(Int64(bitPattern: key)))
            kept += 1
        }
        // The count in front, in place of the old one.
        var bytes = body.bytes
        withUnsafeBytes(of: Int64(kept).littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        return KeyTable(encoded: bytes[...])
    }

    /// The size of the table as a cache file holds it (about, for one not read from a file).
    var byteCount: Int { encoded?.count ?? table.count * 64 }

    private init(encoded: ArraySlice<UInt8>) {
        table = [:]
        self.encoded = encoded
        var counter = ByteReader(encoded)
        isEmpty = (try? counter.readCount()) == 0
    }

    func write(to writer: inout ByteWriter) {
        if let encoded {
            writer.write(encoded.count)
            writer.append(encoded: encoded)
            return
        }
        writer.writeCounted { writer in
            writer.write(table.count)
            for (path, key) in table {
                writer.write(path)
                writer.write(Int(Int64(bitPattern: key)))
            }
        }
    }
}
