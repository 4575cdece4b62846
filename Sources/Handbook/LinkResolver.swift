import Foundation
import Markdown
import Workspace

/// Rewrites links between Markdown files into links between output pages, and reports the ones
/// that point nowhere.
struct LinkResolver: Sendable {
    /// Source paths of every page, e.g. `after-sales/returns.md`.
    let pages: Paths
    /// Paths of the other files under `content/handbook/` (images, PDFs), copied as they are.
    let files: Paths

    /// A set of paths: hashed, for a build that resolves every page's links, or a list sorted by
    /// bytes, for one that resolves a few pages' (hashing thousands of paths cost more than that).
    enum Paths: Sendable {
        case hashed(Set<String>)
        case sorted([String])

        func contains(_ path: String) -> Bool {
            switch self {
            case .hashed(let set): set.contains(path)
            case .sorted(let list): list.sortedContains(path)
            }
        }
    }

    init(pages: Set<String>, files: Set<String>) {
        self.pages = .hashed(pages)
        self.files = .hashed(files)
    }

    /// A resolver for the pages and files of `listing` (sorted by bytes).
    init(sorted listing: Handbook.Listing) {
        pages = .sorted(listing.markdown.map(\.path))
        files = .sorted(listing.other)
    }

    /// Where a link leads once resolved.
    enum Target: Equatable {
        /// Outside the site (`https:`, `mailto:`): left alone.
        case external
        /// A heading of the same page.
        case samePage(fragment: String)
        /// A handbook page, and a heading in it when `fragment` is not nil.
        case page(String, fragment: String?, href: String)
        /// A file copied with the handbook.
        case file(String)
    }

    /// Resolves `destination`, written in the page at `sourcePath`.
    ///
    /// - Throws: the reason the link is broken, as a message.
    func resolve(_ destination: String, from sourcePath: String) throws(LinkProblem) -> Target {
        if destination.isEmpty { throw LinkProblem("empty link") }
        if Self.hasScheme(destination) || destination.hasPrefix("//") { return .external }
        // Split on bytes: `#` and `?` are ASCII, and character by character was slow on Chinese paths.
        var pathPart = destination
        var fragment: String?
        if let hash = destination.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(destination[destination.utf8.index(after: hash)...])
            pathPart = String(destination[..<hash])
        }
        if let query = pathPart.utf8.firstIndex(of: UInt8(ascii: "?")) { pathPart = String(pathPart[..<query]) }
        let decodedFragment = fragment.map { URLPath.decode($0) ?? $0 }
        if pathPart.isEmpty {
            return .samePage(fragment: decodedFragment ?? "")
        }
        if pathPart.hasPrefix("/") {
            throw LinkProblem(
                "link '\(destination)' starts with '/', which breaks when the handbook is opened from a folder; write it relative to this file")
        }
        let decodedPath = URLPath.decode(pathPart) ?? pathPart
        let directory = RelativePath.directory(of: sourcePath)
        guard var target = RelativePath.resolve(decodedPath, from: directory) else {
            throw LinkProblem("link '\(destination)' points outside content/handbook/")
        }
        // Each set looked up once for a link to a page as written (most links).
        let isFolder = decodedPath.hasSuffix("/") || target.isEmpty
        var isPage = !isFolder && pages.contains(target)
        if !isPage, isFolder || pages.contains(target + "/index.md") {
            target = target.isEmpty ? "index.md" : target + "/index.md"
            isPage = pages.contains(target)
        }
        if !isPage, target.hasSuffix(".html"), pages.contains(String(target.dropLast(5)) + ".md") {
            target = String(target.dropLast(5)) + ".md"
            isPage = true
        }
        if isPage {
            let output = Page.outputPath(for: target)
            var href = URLPath.encode(RelativePath.link(to: output, fromDirectory: directory))
            if let fragment { href += "#" + fragment }
            return .page(target, fragment: decodedFragment, href: href)
        }
        if files.contains(target) { return .file(target) }
        if target.hasSuffix(".md") {
            throw LinkProblem("broken link: there is no page '\(target)' in content/handbook/")
        }
        throw LinkProblem("broken link: there is no file '\(target)' in content/handbook/")
    }

    private static func hasScheme(_ destination: String) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        let bytes = destination.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = bytes[..<colon]
        guard let first = scheme.first, isLetter(first) else { return false }
        return scheme.allSatisfy { byte in
            isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }
}

/// Why a link cannot be followed.
struct LinkProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
