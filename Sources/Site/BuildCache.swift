import Foundation
import Handbook
import Planner
import Workspace

/// What a build keeps beside its output for the next one: the pages it parsed and, for each file it
/// rendered, a key of everything that went into it. A later build re-renders only the files whose
/// key changed and links the rest from the previous site.
struct BuildCache {
    /// Bumped whenever the format or the meaning of a key changes.
    static let format = 7

    /// The id the previous site's marker file holds; the cache only speaks for that site.
    var siteID: String
    var pages: PageCache
    /// Output path → key of its inputs.
    var renderKeys: [String: UInt64]
    /// The id of the spare site (the one before), and its keys when known.
    var spareID: String?
    var spareKeys: [String: UInt64]
    /// Where each document's line is in the site's `assets/search-index.js`, by the key of what went
    /// into it: the next build copies unchanged lines from there instead of writing them again.
    var searchSpans: [UInt64: SearchSpan]
    /// The size and modification time that file had when written: the spans hold only while it has them.
    var searchIndexStamp: PageCache.FileStamp?
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
            let siteID = try reader.readString()
            let keys = try readKeys(&reader)
            let spareID = try reader.readOptionalString()
            let spareKeys = try readKeys(&reader)
            var searchSpans: [UInt64: SearchSpan] = [:]
            for _ in 0..<(try reader.readCount()) {
                let key = UInt64(bitPattern: Int64(try reader.readInt()))
                searchSpans[key] = SearchSpan(
                    offset: try reader.readInt(), length: try reader.readInt(), textBytes: try reader.readInt())
            }
            let stampSize = try reader.readOptionalInt()
            let stampTime = try reader.readOptionalInt()
            let stamp = stampSize.flatMap { size in stampTime.map { PageCache.FileStamp(size: size, modified: $0) } }
            let pages = try PageCache(decoding: try reader.readSlice())
            let plans = try PlanCache(decoding: try reader.readSlice())
            guard reader.isAtEnd else { return nil }
            return BuildCache(
                siteID: siteID, pages: pages, renderKeys: keys, spareID: spareID, spareKeys: spareKeys,
                searchSpans: searchSpans, searchIndexStamp: stamp, plans: plans)
        } catch {
            return nil
        }
    }

    private static func readKeys(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> [String: UInt64] {
        var keys: [String: UInt64] = [:]
        let count = try reader.readCount()
        keys.reserveCapacity(count)
        for _ in 0..<count {
            let path = try reader.readString()
            keys[path] = UInt64(bitPattern: Int64(try reader.readInt()))
        }
        return keys
    }

    private static func write(_ keys: [String: UInt64], to writer: inout ByteWriter) {
        writer.write(keys.count)
        for (path, key) in keys {
            writer.write(path)
            writer.write(Int(Int64(bitPattern: key)))
        }
    }

    /// The spans of the index script at `url` (the file the cache's site holds) that can be copied
    /// from it; none when the file is not as that build left it.
    func reusableSearchSpans(at url: URL) -> [UInt64: SearchSpan] {
        guard let searchIndexStamp, PageCache.FileStamp(of: url) == searchIndexStamp else { return [:] }
        return searchSpans.filter { _, span in
            span.offset >= 0 && span.length >= 0 && span.offset + span.length <= searchIndexStamp.size
        }
    }

    /// Writes the cache (to a temporary file renamed into place, so a reader never sees half of it).
    ///
    /// - Parameter encodedPages: `pages.encoded()`, when the caller had it made while doing other work.
    func write(to url: URL, encodedPages: [UInt8]? = nil) {
        var writer = ByteWriter()
        writer.write(Self.format)
        writer.write(siteID)
        Self.write(renderKeys, to: &writer)
        writer.write(spareID)
        Self.write(spareKeys, to: &writer)
        writer.write(searchSpans.count)
        for (key, span) in searchSpans {
            writer.write(Int(Int64(bitPattern: key)))
            writer.write(span.offset)
            writer.write(span.length)
            writer.write(span.textBytes)
        }
        writer.write(searchIndexStamp?.size)
        writer.write(searchIndexStamp?.modified)
        // The two big parts are written as they are, not copied into the rest.
        let pageBytes = encodedPages ?? pages.encoded()
        writer.write(pageBytes.count)
        var planWriter = ByteWriter()
        planWriter.write(bytes: plans.encoded())
        CacheFile.replace(url, with: [writer.bytes, pageBytes, planWriter.bytes])
    }
}
