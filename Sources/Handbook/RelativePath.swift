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
        // Worked on bytes (`/` and `.` are ASCII): every link of every page comes through here.
        var out: [UInt8] = []
        out.reserveCapacity(base.utf8.count + path.utf8.count + 1)
        var climbedOut = false
        func add(_ part: Substring.UTF8View) {
            if part.elementsEqual(CollectionOfOne(UInt8(ascii: "."))) { return }
            if part.count == 2, part.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                guard !out.isEmpty else {
                    climbedOut = true
                    return
                }
                out.removeSubrange((out.lastIndex(of: UInt8(ascii: "/")) ?? 0)...)
                return
            }
            if !out.isEmpty { out.append(UInt8(ascii: "/")) }
            out += part
        }
        for part in Substring(base).utf8.split(separator: UInt8(ascii: "/")) { add(part) }
        for part in Substring(path).utf8.split(separator: UInt8(ascii: "/")) {
            add(part)
            if climbedOut { return nil }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The relative URL path from a page in folder `fromDirectory` to `target`.
    public static func link(to target: String, fromDirectory: String) -> String {
        let from = Substring(fromDirectory).utf8.split(separator: UInt8(ascii: "/"))
        let to = Substring(target).utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var common = 0
        while common < from.count, common < to.count - 1, from[common].elementsEqual(to[common]) { common += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(3 * (from.count - common) + target.utf8.count)
        for _ in common..<from.count { out += "../".utf8 }
        for (number, part) in to[common...].enumerated() {
            if number > 0 { out.append(UInt8(ascii: "/")) }
            out += part
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `../` repeated once per folder of `directory`: the way from a page back to the site's top.
    public static func rootPrefix(ofDirectory directory: String) -> String {
        directory.isEmpty ? "" : String(repeating: "../", count: components(directory).count)
    }
}
