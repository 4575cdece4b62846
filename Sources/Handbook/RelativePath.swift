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
        // Worked on the bytes in place (`/` and `.` are ASCII), without an array of parts: every
        // link of every page comes through here.
        var out: [UInt8] = []
        out.reserveCapacity(base.utf8.count + path.utf8.count + 1)
        var climbedOut = false
        /// Adds each part of `text` between slashes; false once a part of `path` climbed out.
        func add(_ text: UnsafeBufferPointer<UInt8>, isPath: Bool) -> Bool {
            var start = 0
            while start < text.count {
                var end = start
                while end < text.count, text[end] != slash { end += 1 }
                defer { start = end + 1 }
                let length = end - start
                if length == 0 { continue }
                if length == 1, text[start] == dot {
                    // `.`: stays where it is
                } else if length == 2, text[start] == dot, text[start + 1] == dot {
                    if out.isEmpty {
                        climbedOut = true
                    } else {
                        out.removeSubrange((out.lastIndex(of: slash) ?? 0)...)
                    }
                } else {
                    if !out.isEmpty { out.append(slash) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
                }
                if isPath, climbedOut { return false }
            }
            return true
        }
        var (base, path) = (base, path)
        base.withUTF8 { _ = add($0, isPath: false) }
        guard path.withUTF8({ add($0, isPath: true) }) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The relative URL path from a page in folder `fromDirectory` to `target`.
    public static func link(to target: String, fromDirectory: String) -> String {
        var (target, fromDirectory) = (target, fromDirectory)
        return fromDirectory.withUTF8 { from in
            target.withUTF8 { to in
                // The folders both share are skipped; what is left of `from` is climbed with `../`,
                // and the rest of `to` follows as it is written. A part of `to` counts as a folder
                // only when a slash follows it.
                var fromStart = 0
                var toStart = 0
                while true {
                    while fromStart < from.count, from[fromStart] == slash { fromStart += 1 }
                    guard fromStart < from.count, let toEnd = to[toStart...].firstIndex(of: slash) else { break }
                    let fromEnd = from[fromStart...].firstIndex(of: slash) ?? from.count
                    guard from[fromStart..<fromEnd].elementsEqual(to[toStart..<toEnd]) else { break }
                    fromStart = fromEnd
                    toStart = toEnd + 1
                }
                var climbs = 0
                var inPart = false
                for byte in from[fromStart...] {
                    if byte == slash {
                        inPart = false
                    } else if !inPart {
                        inPart = true
                        climbs += 1
                    }
                }
                var out: [UInt8] = []
                out.reserveCapacity(3 * climbs + to.count - toStart)
                for _ in 0..<climbs { out += "../".utf8 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: to[toStart...]))
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// `../` repeated once per folder of `directory`: the way from a page back to the site's top.
    public static func rootPrefix(ofDirectory directory: String) -> String {
        directory.isEmpty ? "" : String(repeating: "../", count: components(directory).count)
    }
}
