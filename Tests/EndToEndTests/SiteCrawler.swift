import Foundation

/// Follows every link of a built site the way a browser would, from file://.
struct SiteCrawler {
    let site: URL

    /// Every HTML file of the site.
    func pages() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)
        var pages: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "html" { pages.append(url) }
        }
        return pages.sorted { $0.path < $1.path }
    }

    /// The values of every href and src attribute.
    static func urls(in html: String) -> [String] {
        var urls: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                let tail = rest[start.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                urls.append(String(tail[..<end]))
                rest = tail[end...]
            }
        }
        return urls
    }

    /// Each internal link that leads to no file, or to no element with the anchor's id.
    func brokenLinks() throws -> [String] {
        var broken: [String] = []
        var idCache: [String: Set<String>] = [:]
        func ids(of file: URL) throws -> Set<String> {
            if let cached = idCache[file.path] { return cached }
            let html = try String(contentsOf: file, encoding: .utf8)
            var found: Set<String> = []
            var rest = html[...]
            while let start = rest.range(of: " id=\"") {
                let tail = rest[start.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                found.insert(String(tail[..<end]))
                rest = tail[end...]
            }
            idCache[file.path] = found
            return found
        }
        for page in try pages() {
            let html = try String(contentsOf: page, encoding: .utf8)
            for url in Self.urls(in: html) where !url.contains(":") {
                let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let fragment = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : nil
                let pathWithoutQuery = path.split(separator: "?", omittingEmptySubsequences: false).first.map(String.init) ?? path
                let target = pathWithoutQuery.isEmpty ? page : page.deletingLastPathComponent().appending(path: pathWithoutQuery).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    broken.append("\(page.lastPathComponent): \(url) (no file)")
                    continue
                }
                if let fragment, !fragment.isEmpty, target.pathExtension == "html", !(try ids(of: target)).contains(fragment) {
                    broken.append("\(page.lastPathComponent): \(url) (no id)")
                }
            }
        }
        return broken
    }
}
