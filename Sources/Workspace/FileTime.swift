#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Modification times as a build can trust them.
///
/// A file system stamps a change with a clock that moves in ticks (a few milliseconds on Linux,
/// a second or two on some file systems), so a file changed again within the tick of a change a
/// build has seen keeps the same time, and the same size when only some letters changed: a build
/// comparing sizes and times would keep what it made from the first version. So a source file
/// whose time is within a second of when it was stated also has its contents hashed
/// (`unsettledContents`), and a build compares that too (the way Git treats an index entry as
/// "racily clean" and compares the contents). Settled files are compared by size and time alone.
public enum FileTime {
    /// How recent a time is still unsettled, in nanoseconds.
    public static let window = 1_000_000_000

    /// The current time in nanoseconds since 1970, to take before stating files.
    public static var now: Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec)
    }

    /// Whether `modified` (nanoseconds since 1970) is old enough, for a file stated at or after
    /// `statedAt`, that no later change can have the same time.
    public static func isSettled(_ modified: Int, statedAt: Int) -> Bool {
        modified < statedAt - window
    }

    /// For the file `name` in the open folder `folder`, modified at `modified` and stated at or after
    /// `statedAt`: nil when its time is settled; else the `StableHash` of its bytes, or a number
    /// made from `statedAt` when it cannot be read (then it matches nothing a later build sees).
    public static func unsettledContents(_ modified: Int, statedAt: Int, name: UnsafePointer<CChar>, in folder: Int32)
        -> UInt64?
    {
        guard !isSettled(modified, statedAt: statedAt) else { return nil }
        return contentsHash(name, in: folder) ?? UInt64(bitPattern: Int64(statedAt)) ^ 0xA5A5_A5A5_A5A5_A5A5
    }

    /// The `StableHash` of the file's bytes, taken 64 kB at a time (a big file is not held in
    /// memory; the pieces are cut at the same offsets however `read` returns them); nil when it
    /// cannot be read.
    private static func contentsHash(_ name: UnsafePointer<CChar>, in folder: Int32) -> UInt64? {
        let file = openat(folder, name, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        let size = 1 << 16
        var piece = [UInt8](repeating: 0, count: size)
        var hash = StableHash()
        while true {
            var filled = 0
            while filled < size {
                let count = piece.withUnsafeMutableBytes { read(file, $0.baseAddress! + filled, size - filled) }
                if count < 0 { return nil }
                if count == 0 { break }
                filled += count
            }
            hash.combine(bytes: Array(piece[..<filled]))
            if filled < size { return hash.value }
        }
    }
}
