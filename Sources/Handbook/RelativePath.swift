/// Paths inside the site, always with `/` separators and no leading slash.
public enum RelativePath {
    /// The folder part of `path` ("" for a top-level file).
    public static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// The `/`-separated parts of `path`, without empty ones; split on bytes, not characters.
    static func components(_ path: some StringProtocol) -> [Substring] {
        Substring(path).utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }

    /// `path` joined to `base` with `.` and `..` resolved, or nil when it climbs above the top.
    public static func resolve(_ path: String, from base: String) -> String? {
        var parts = components(base)
        for part in components(path) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative URL path from a page in folder `fromDirectory` to `target`.
    public static func link(to target: String, fromDirectory: String) -> String {
        let from = components(fromDirectory)
        let to = Substring(target).utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }

    /// `../` repeated once per folder of `directory`: the way from a page back to the site's top.
    public static func rootPrefix(ofDirectory directory: String) -> String {
        directory.isEmpty ? "" : String(repeating: "../", count: components(directory).count)
    }
}
