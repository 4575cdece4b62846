import Foundation
import Handbook
import Planner
import Workspace

/// What a build keeps beside its output for the next one: the pages it parsed and, for each file it
/// rendered, a key of everything that went into it. A later build re-renders only the files whose
/// key changed and links the rest from the previous site.
struct BuildCache {
    /// Bumped whenever the format or the meaning of a key changes.
    static let format = 12

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
    /// The plan files as parsed.
    var plans = PlanCache()

    /// `.NAME.opsbook-cache` beside the output folder `NAME`, so it is never published with the site.
    static func url(for output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent()
            .appending(path: ".\(output.standardizedFileURL.lastPathComponent).opsbook-cache")
    }

    /// The cache at `url`, or nil when there is none or it cannot be used.
    static func read(from url: URL) -> BuildCache? {
        guard let bytes = CacheFile.read(url) else { return nil }
        var reader = ByteReader(bytes)
        do throws(ByteReader.Malformed) {
            guard try reader.readInt() == format else { return nil }
            // The big parts first (a build writes them while it still works out the rest).
            let pages = try PageCache(decoding: try reader.readSlice())
            let plans = try PlanCache(decoding: try reader.readSlice())
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
            for _ in 0..<(try reader.readCount()) {
                let key = UInt64(bitPattern: Int64(try reader.readInt()))
                let part = try reader.readInt()
                guard parts.indices.contains(part) else { return nil }
                searchLines[key] = SearchLine(part: parts[part], number: try reader.readInt(), textBytes: try reader.readInt())
            }
            guard reader.isAtEnd else { return nil }
            return BuildCache(
                siteID: siteID, pages: pages, renderKeys: keys, spareID: spareID, spareKeys: spareKeys,
                searchLines: searchLines, searchPartStamps: searchPartStamps, plans: plans)
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

    /// The two big parts of a cache, encoded (by a build while it writes the site).
    struct Encoded: Sendable {
        /// `pages.encodedPieces()`.
        var pages: [ArraySlice<UInt8>]
        /// `plans.encoded()`.
        var plans: [UInt8]
    }

    /// Writes the cache (to a temporary file renamed into place, so a reader never sees half of it).
    ///
    /// - Parameter encoded: its big parts, when the caller had them made while doing other work.
    func write(to url: URL, encoded: Encoded? = nil) {
        let body = Self.body(encoded ?? Encoded(pages: pages.encodedPieces(), plans: plans.encoded()))
        CacheFile.replace(url, with: body + [tail()[...]])
    }

    /// The start of a cache file: the format and the two big parts, as they are (not copied into
    /// one buffer).
    static func body(_ encoded: Encoded) -> [ArraySlice<UInt8>] {
        var start = ByteWriter()
        start.write(format)
        start.write(encoded.pages.reduce(0) { $0 + $1.count })
        var plans = ByteWriter()
        plans.write(bytes: encoded.plans)
        return [start.bytes[...]] + encoded.pages + [plans.bytes[...]]
    }

    /// The rest of a cache file after `body`: the site's id, the keys, where the search lines are.
    func tail() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(siteID)
        renderKeys.write(to: &writer)
        writer.write(spareID)
        spareKeys.write(to: &writer)
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
