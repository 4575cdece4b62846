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
        let temporary = url.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
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
        close(descriptor)
        guard complete, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
