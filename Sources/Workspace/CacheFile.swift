import Foundation

/// Files a command keeps for the next one (the build cache, the open-task index): written to a
/// temporary file and renamed into place, so a reader sees the old file or the new one whole.
///
/// Not flushed to disk (`Data.write` calls `fsync`, which cost a rebuild more than all its own
/// writing): after a crash a cache may be lost or damaged, and every reader already rejects a
/// damaged one and starts again.
public enum CacheFile {
    /// Replaces the file at `url` with `bytes`; false when it could not be written (nothing changes).
    @discardableResult
    public static func replace(_ url: URL, with bytes: [UInt8]) -> Bool {
        replace(url, with: [bytes])
    }

    /// Replaces the file at `url` with `parts`, one after the other.
    @discardableResult
    public static func replace(_ url: URL, with parts: [[UInt8]]) -> Bool {
        replace(url, with: parts.map { $0[...] })
    }

    /// Replaces the file at `url` with `pieces`, one after the other: gathered into a small buffer
    /// written whenever it fills (one buffer of the whole file was megabytes of fresh memory).
    @discardableResult
    public static func replace(_ url: URL, with pieces: [ArraySlice<UInt8>]) -> Bool {
        let temporary = url.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var buffer: [UInt8] = []
        let size = 1 << 18
        buffer.reserveCapacity(size)
        var complete = true
        func flush() {
            complete = complete && buffer.withUnsafeBytes { writeAll($0, to: descriptor) }
            buffer.removeAll(keepingCapacity: true)
        }
        for piece in pieces where complete {
            if buffer.count + piece.count > size { flush() }
            if piece.count >= size {
                complete = complete && piece.withUnsafeBytes { writeAll($0, to: descriptor) }
            } else {
                buffer += piece
            }
        }
        flush()
        close(descriptor)
        // Renamed over nothing: renaming over the old file made ext4 (auto_da_alloc) start writing
        // the new one to disk at once, a few milliseconds of every rebuild. Meanwhile a reader finds
        // no cache, and builds without one.
        if complete { unlink(url.path) }
        guard complete, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The whole file at `url`, read straight into one buffer; nil when it cannot be read.
    public static func read(_ url: URL) -> [UInt8]? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    complete = false
                    break
                }
                count += got
            }
        }
        return complete ? bytes : nil
    }
}
