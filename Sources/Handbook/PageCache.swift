import Foundation
import Markdown
import Workspace

/// Pages rendered by an earlier build, reused when their file has not changed since.
///
/// An entry is valid while its file has the same size and modification time, and while everything
/// else that shaped it is the same: the rendering options and the set of files in the handbook
/// (links are rewritten and checked against that set).
public struct PageCache: Sendable {
    /// A file's size and modification time, as `stat` gives them; for a source file changed within
    /// a second of being stated, also the hash of its contents (`FileTime`): two versions written
    /// within one tick of the file system's clock can have the same size and time.
    public struct FileStamp: Sendable, Equatable, Hashable {
        public var size: Int
        public var modified: Int
        public var contents: UInt64?

        public init(size: Int, modified: Int, contents: UInt64? = nil) {
            self.size = size
            self.modified = modified
            self.contents = contents
        }

        /// Reads what `write(to:)` wrote.
        init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
            size = try reader.readInt()
            modified = try reader.readInt()
            contents = try reader.readBool() ? UInt64(bitPattern: Int64(try reader.readInt())) : nil
        }

        func write(to writer: inout ByteWriter) {
            writer.write(size)
            writer.write(modified)
            writer.write(contents != nil)
            if let contents { writer.write(Int(Int64(bitPattern: contents))) }
        }

        /// The stamp of the file at `url`, or nil when it cannot be read.
        public init?(of url: URL) {
            var info = stat()
            guard stat(url.path, &info) == 0 else { return nil }
            self.init(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
        }

        /// The stamp of a source file (one the team edits) at `url`, as `FolderWalk` states it (the
        /// contents hashed when its time is unsettled). Nil when it cannot be stated.
        public init?(ofSource url: URL) {
            guard let stamp = FolderWalk.state([url.lastPathComponent], under: url.deletingLastPathComponent().path).first,
                let (_, size, modified, contents) = stamp
            else { return nil }
            self.init(size: size, modified: modified, contents: contents)
        }
    }

    struct Entry: Sendable {
        var stamp: FileStamp
        var page: Page
        var diagnostics: [Diagnostic]
        /// The entry as an earlier cache held it, written again as it is (re-encoding every page
        /// was a tenth of a rebuild).
        var encoded: ArraySlice<UInt8>? = nil
    }

    /// Identifies the options and file set the entries were made with.
    var context: String
    /// Entries this build made or used.
    var entries: [String: Entry]
    /// Entries as a cache file held them, decoded only when a page is looked up (a rebuild takes
    /// nearly every page from here, and decodes them on all cores while it reads the handbook).
    private var stored: [String: ArraySlice<UInt8>] = [:]

    public init() {
        context = ""
        entries = [:]
    }

    init(context: String, entries: [String: Entry]) {
        self.context = context
        self.entries = entries
    }

    /// The cached page made from `sourcePath` while its file had `stamp`, or nil.
    func entry(for sourcePath: String, stamp: FileStamp) -> Entry? {
        if let entry = entries[sourcePath] { return entry.stamp == stamp ? entry : nil }
        guard let bytes = stored[sourcePath], Self.storedStamp(bytes) == stamp else { return nil }
        return KeyedEntries.decode(bytes, as: Entry.self)
    }

    /// Calls `body` with every page this build made or used: its source and output paths and the
    /// hash of its file's text (`Page.sourceHash`), in no particular order (no look-ups, which were
    /// a tenth of working out a rebuild's keys).
    public func forEachPage(_ body: (_ sourcePath: String, _ outputPath: String, _ sourceHash: UInt64) -> Void) {
        for (sourcePath, entry) in entries { body(sourcePath, entry.page.outputPath, entry.page.sourceHash) }
    }

    /// A stored entry's stamp: what it starts with (`Entry.write(to:)`).
    private static func storedStamp(_ bytes: ArraySlice<UInt8>) -> FileStamp? {
        var reader = ByteReader(bytes)
        return try? FileStamp(from: &reader)
    }

    /// The number of pages cached.
    public var count: Int { entries.count + stored.keys.count { entries[$0] == nil } }

    /// The cache as pieces of bytes to write one after the other (the build keeps it beside its
    /// output); the unchanged entries are not copied.
    public func encodedPieces() -> [ArraySlice<UInt8>] {
        KeyedEntries.encodedPieces(context: context, entries, stored: stored)
    }

    /// `encodedPieces()`, and where each page's entry is in them, by source path
    /// (`Handbook.Outline.locate(_:)` keeps that for a patch).
    public func encodedPiecesLocating() -> (pieces: [ArraySlice<UInt8>], entries: [String: Range<Int>]) {
        var ranges: [String: Range<Int>]? = [:]
        let pieces = KeyedEntries.encodedPieces(context: context, entries, stored: stored, ranges: &ranges)
        return (pieces, ranges ?? [:])
    }

    /// The cache with every entry's bytes at hand, so that caches made from it copy them
    /// instead of encoding the page again (`build --watch` makes one on every save).
    public func withEncodedEntries() -> PageCache {
        var cache = self
        for (key, entry) in entries where entry.encoded == nil {
            var writer = ByteWriter()
            entry.write(to: &writer)
            cache.entries[key]?.encoded = writer.bytes[...]
        }
        return cache
    }

    /// Reads what `encodedPieces()` wrote.
    public init(decoding bytes: ArraySlice<UInt8>) throws(ByteReader.Malformed) {
        (context, stored) = try KeyedEntries.decodeStored(bytes)
        entries = [:]
    }
}

extension PageCache.Entry: KeyedEntry {
    func write(to writer: inout ByteWriter) {
        stamp.write(to: &writer)
        page.encode(to: &writer)
        writer.write(diagnostics.count)
        for diagnostic in diagnostics { diagnostic.write(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        stamp = try PageCache.FileStamp(from: &reader)
        page = try Page(from: &reader)
        diagnostics = []
        for _ in 0..<(try reader.readCount()) { diagnostics.append(try Diagnostic(from: &reader)) }
    }
}
