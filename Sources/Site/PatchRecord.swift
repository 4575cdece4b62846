import Foundation
import Handbook
import Workspace

/// What a build keeps in its cache so that the next `opsbook build`, when only some pages' bodies
/// changed, can patch the site instead of working it all out again (`SiteBuilder.patch()`): the
/// state everything else in the site was made from, the handbook's outline, the search index's
/// layout, and how the site differs from its spare.
struct PatchRecord {
    /// `SiteBuilder.settingsKey`: the cache's format, the settings, the templates and their assets.
    var settingsKey: UInt64
    /// The site's part of every page's key (`SiteBuilder.renderKeys`).
    var site: StableHash
    /// `SiteBuilder.tasksKey`: every file under `content/tasks/` and the build's today.
    var tasksKey: UInt64
    /// What the build reported: its page count and its warnings.
    var pagesWritten: Int
    var diagnostics: [Diagnostic]
    var outline: Handbook.Outline
    var search: SearchOutline
    /// The files in which the site differs from its spare: with the stamp of the site's copy, or
    /// with none when the site has no such file (only the spare has).
    var spareDelta: [(path: String, stamp: PageCache.FileStamp?)]
    /// The most files a record lets the site and its spare differ in (after a change of template,
    /// every page does: the next build works everything out instead of copying them all).
    static let spareDeltaLimit = 256

    func write(to writer: inout ByteWriter) {
        writer.write(Int(Int64(bitPattern: settingsKey)))
        writer.write(Int(Int64(bitPattern: site.value)))
        writer.write(Int(Int64(bitPattern: tasksKey)))
        writer.write(pagesWritten)
        writer.write(diagnostics.count)
        for diagnostic in diagnostics { diagnostic.write(to: &writer) }
        outline.write(to: &writer)
        search.write(to: &writer)
        writer.write(spareDelta.count)
        for file in spareDelta {
            writer.write(file.path)
            writer.write(file.stamp?.size)
            writer.write(file.stamp?.modified)
        }
    }
}

/// The search index's layout as a build wrote it: what the manifest lists and how the documents
/// are cut into parts.
struct SearchOutline {
    var documentCount: Int
    /// The section labels, in the manifest's order.
    var labels: [String]
    /// Each handbook page's label number, in reading order.
    var pageLabels: [Int]
    var parts: [SearchIndex.Part]
    /// The bytes of text the index covers (the manifest says).
    var textBytes: Int

    func write(to writer: inout ByteWriter) {
        writer.write(documentCount)
        writer.write(labels)
        writer.write(pageLabels.count)
        for label in pageLabels { writer.write(label) }
        writer.write(parts.count)
        for part in parts {
            writer.write(part.documents.lowerBound)
            writer.write(part.documents.upperBound)
            writer.write(Int(Int64(bitPattern: part.key)))
        }
        writer.write(textBytes)
    }
}

extension PatchRecord {
    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        settingsKey = UInt64(bitPattern: Int64(try reader.readInt()))
        site = StableHash(value: UInt64(bitPattern: Int64(try reader.readInt())))
        tasksKey = UInt64(bitPattern: Int64(try reader.readInt()))
        pagesWritten = try reader.readInt()
        diagnostics = []
        for _ in 0..<(try reader.readCount()) { diagnostics.append(try Diagnostic(from: &reader)) }
        outline = try Handbook.Outline(from: &reader)
        search = try SearchOutline(from: &reader)
        spareDelta = []
        for _ in 0..<(try reader.readCount()) {
            let path = try reader.readString()
            let size = try reader.readOptionalInt()
            let modified = try reader.readOptionalInt()
            spareDelta.append((path, size.flatMap { size in modified.map { PageCache.FileStamp(size: size, modified: $0) } }))
        }
    }
}

extension SearchOutline {
    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        documentCount = try reader.readInt()
        labels = try reader.readStrings()
        pageLabels = []
        for _ in 0..<(try reader.readCount()) { pageLabels.append(try reader.readInt()) }
        parts = []
        for _ in 0..<(try reader.readCount()) {
            let lower = try reader.readInt()
            let upper = try reader.readInt()
            guard lower <= upper else { throw ByteReader.Malformed() }
            parts.append(SearchIndex.Part(documents: lower..<upper, key: UInt64(bitPattern: Int64(try reader.readInt()))))
        }
        textBytes = try reader.readInt()
    }
}
