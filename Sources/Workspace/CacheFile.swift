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
        let temporary = url.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        let complete = parts.allSatisfy { part in
            part.withUnsafeBytes { buffer -> Bool in
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
        }
        close(descriptor)
        guard complete, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
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
