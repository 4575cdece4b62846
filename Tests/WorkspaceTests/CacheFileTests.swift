import Foundation
import Testing
import Workspace

/// The build cache is written over the one before it (kept as a spare) and exchanged into place:
/// no file made or deleted, and a reader never sees a file change under it.
@Suite struct CacheFileTests {
    private let folder = FileManager.default.temporaryDirectory.appending(path: "opsbook-cache-\(UUID().uuidString)")
    private var cache: URL { folder.appending(path: ".site.opsbook-cache") }
    private var spare: URL { folder.appending(path: ".site.opsbook-cache.spare") }

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ text: String) {
        #expect(CacheFile.replace(cache, with: [Array(text.utf8)[...]], reusingSpare: true))
    }

    private func text(_ url: URL) -> String? {
        CacheFile.read(cache: url).map { String(decoding: $0, as: UTF8.self) }
    }

    private func fileNumber(_ url: URL) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.intValue
    }

    @Test func eachCacheIsWrittenOverTheSpare() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        write("first cache, the longest of them all")
        #expect(text(cache) == "first cache, the longest of them all")
        write("second")
        #expect(text(cache) == "second")
        #expect(text(spare) == "first cache, the longest of them all")
        let spareFile = try fileNumber(spare)
        write("third")
        // The old spare's file, cut to the new length; the second cache is the spare now.
        #expect(text(cache) == "third")
        #expect(try fileNumber(cache) == spareFile)
        #expect(text(spare) == "second")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [".site.opsbook-cache", ".site.opsbook-cache.spare"])
    }

    @Test func aReaderKeepsWritersOffItsFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        write("one")
        write("two")
        let reader = try #require(CacheFile.Opened(cache: cache))
        write("three")  // over the spare ("one"), which nobody reads
        #expect(text(cache) == "three")
        // The spare is now the file the reader has open: the next cache is written elsewhere.
        write("four and more")
        #expect(text(cache) == "four and more")
        #expect(reader.read(offset: 0, length: reader.size).map { String(decoding: $0, as: UTF8.self) } == "two")
        #expect(text(spare) == "two")
    }
}
