/// Paths inside the site, always with `/` separators and no leading slash.
public enum RelativePath {
    /// The folder part of `path` ("" for a top-level file).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `path` joined to `base` with `.` and `..` resolved, or nil when it climbs above the top.
    public static func resolve(_ path: String, from base: String) -> String? {
        var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative URL path from a page in folder `fromDirectory` to `target`.
    public static func link(to target: String, fromDirectory: String) -> String {
        let from = fromDirectory.isEmpty ? [] : fromDirectory.split(separator: "/")
        let to = target.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }

    /// `../` repeated once per folder of `directory`: the way from a page back to the site's top.
    public static func rootPrefix(ofDirectory directory: String) -> String {
        directory.isEmpty ? "" : String(repeating: "../", count: directory.split(separator: "/").count)
    }
}
