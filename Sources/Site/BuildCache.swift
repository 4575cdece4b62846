import Foundation
import Handbook
import Workspace

/// What a build keeps beside its output for the next one: the pages it parsed and, for each file it
/// rendered, a key of everything that went into it. A later build re-renders only the files whose
/// key changed and links the rest from the previous site.
struct BuildCache {
    /// Bumped whenever the format or the meaning of a key changes.
    static let format = 4

    /// The id the previous site's marker file holds; the cache only speaks for that site.
    var siteID: String
    var pages: PageCache
    /// Output path → key of its inputs.
    var renderKeys: [String: UInt64]
    /// The id of the spare site (the one before), and its keys when known.
    var spareID: String?
    var spareKeys: [String: UInt64]
    /// The search index's line for each document, by the key of what went into it.
    var searchLines: [UInt64: SearchLine]

    /// `.NAME.opsbook-cache` beside the output folder `NAME`, so it is never published with the site.
    static func url(for output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent()
            .appending(path: ".\(output.standardizedFileURL.lastPathComponent).opsbook-cache")
    }

    /// The cache at `url`, or nil when there is none or it cannot be used.
    static func read(from url: URL) -> BuildCache? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        var reader = ByteReader([UInt8](data))
        do throws(ByteReader.Malformed) {
            guard try reader.readInt() == format else { return nil }
            let siteID = try reader.readString()
            let keys = try readKeys(&reader)
            let spareID = try reader.readOptionalString()
            let spareKeys = try readKeys(&reader)
            var searchLines: [UInt64: SearchLine] = [:]
            for _ in 0..<(try reader.readCount()) {
                let key = UInt64(bitPattern: Int64(try reader.readInt()))
                searchLines[key] = SearchLine(bytes: try reader.readBytes(), textBytes: try reader.readInt())
            }
            let pages = try PageCache(decoding: try reader.readBytes())
            return BuildCache(
                siteID: siteID, pages: pages, renderKeys: keys, spareID: spareID, spareKeys: spareKeys,
                searchLines: searchLines)
        } catch {
            return nil
        }
    }

    private static func readKeys(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> [String: UInt64] {
        var keys: [String: UInt64] = [:]
        for _ in 0..<(try reader.readCount()) {
            let path = try reader.readString()
            keys[path] = UInt64(bitPattern: Int64(try reader.readInt()))
        }
        return keys
    }

    private static func write(_ keys: [String: UInt64], to writer: inout ByteWriter) {
        writer.write(keys.count)
        for (path, key) in keys.sorted(by: { $0.key < $1.key }) {
            writer.write(path)
            writer.write(Int(Int64(bitPattern: key)))
        }
    }

    /// Writes the cache (to a temporary file renamed into place, so a reader never sees half of it).
    func write(to url: URL) {
        var writer = ByteWriter()
        writer.write(Self.format)
        writer.write(siteID)
        Self.write(renderKeys, to: &writer)
        writer.write(spareID)
        Self.write(spareKeys, to: &writer)
        writer.write(searchLines.count)
        for (key, line) in searchLines {
            writer.write(Int(Int64(bitPattern: key)))
            writer.write(bytes: line.bytes)
            writer.write(line.textBytes)
        }
        writer.write(bytes: pages.encoded())
        let temporary = url.deletingLastPathComponent().appending(path: url.lastPathComponent + ".tmp-\(getpid())")
        do {
            try Data(writer.bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
