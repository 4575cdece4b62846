import CLinux
import Foundation
import Synchronization

/// Files a command keeps for the next one (the build cache, the open-task index): written to a
/// temporary file and renamed into place, so a reader sees the old file or the new one whole.
///
/// The build cache, written by every build, is written instead over the one before it, kept as
/// `NAME.spare`, and exchanged with the file in place: no file is created or deleted (on this ext4
/// volume deleting a 2.5 MB cache cost a rebuild ~1 ms, and a new file costs more for a minute after
/// any delete). A lock keeps a writer off a spare that a reader still has open as the cache.
///
/// Not flushed to disk (`Data.write` calls `fsync`, which cost a rebuild more than all its own
/// writing): after a crash a cache may be lost or damaged, and every reader already rejects a
/// damaged one and starts again.
public enum CacheFile {
    /// Replaces the file at `url` with `bytes`; false when it could not be written (nothing changes).
    @discardableResult
    public static func replace(_ url: URL, with bytes: [UInt8]) -> Bool {
        replace(url, with: [bytes[...]])
    }

    /// Replaces the file at `url` with `pieces`, one after the other; with `reusingSpare`, over the
    /// spare (see above), and then it must be read with `read(cache:)` or `Opened(cache:)`.
    @discardableResult
    public static func replace(_ url: URL, with pieces: [ArraySlice<UInt8>], reusingSpare: Bool = false) -> Bool {
        Pending(for: url, starting: pieces, reusingSpare: reusingSpare)?.finish() ?? false
    }

    /// The whole file at `url`, written with `reusingSpare`; nil when it cannot be read.
    public static func read(cache url: URL) -> [UInt8]? {
        guard let file = Opened(cache: url) else { return nil }
        return file.read(offset: 0, length: file.size)
    }

    /// Whether the file open at `descriptor` is the one at `path`.
    static func isFile(_ descriptor: Int32, at path: String) -> Bool {
        var (open, named) = (stat(), stat())
        return fstat(descriptor, &open) == 0 && stat(path, &named) == 0
            && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// A part of a file being written: bytes, or a range of an existing file to copy.
    public enum Piece: Sendable {
        case bytes(ArraySlice<UInt8>)
        case range(offset: Int, length: Int)
    }

    /// A file kept open to read parts of (the previous cache, of which a patch reads a few).
    public final class Opened: @unchecked Sendable {
        let descriptor: Int32
        /// Its size when it was opened.
        public let size: Int

        public convenience init?(_ url: URL) {
            self.init(path: url.path)
        }

        /// The file at `url`, written with `reusingSpare`: held with a shared lock while it is open,
        /// so that no writer takes it for the next file once it has become the spare.
        public convenience init?(cache url: URL) {
            self.init(path: url.path, locked: true)
        }

        public init?(path: String, locked: Bool = false) {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            // Once locked it must still be the file at `path`: a writer may have exchanged it
            // meanwhile (and written it in full: the lock waited for that).
            guard !locked || (flock(descriptor, LOCK_SH) == 0 && CacheFile.isFile(descriptor, at: path)) else {
                close(descriptor)
                return nil
            }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                close(descriptor)
                return nil
            }
            size = Int(info.st_size)
        }

        deinit { close(descriptor) }

        /// `length` bytes at `offset`; nil when the file does not have them.
        public func read(offset: Int, length: Int) -> [UInt8]? {
            guard offset >= 0, length >= 0, offset + length <= size else { return nil }
            var complete = true
            let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                while count < length {
                    let got = pread(descriptor, buffer.baseAddress! + count, length - count, off_t(offset + count))
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

    /// A file written in two goes: its start while the caller still works out the rest (on another
    /// thread), then the rest and the rename into place. Written through a small buffer flushed
    /// whenever it fills (one buffer of the whole file was megabytes of fresh memory).
    public final class Pending: @unchecked Sendable {
        private let url: URL
        /// Where it is written: `NAME.spare` or a temporary `NAME.tmp-PID`.
        private let path: String
        private let descriptor: Int32
        /// Whether `path` is the spare, locked; and whether this build made it.
        private let inSpare: Bool
        private let madeSpare: Bool
        private var complete = true
        /// Bytes written so far.
        private var length = 0
        /// Whether the file was finished or discarded (either is done once).
        private var ended = false
        private var buffer: [UInt8] = []
        private static let bufferSize = 1 << 18

        /// The file for `url` begun with `pieces`, over the spare with `reusingSpare` when no other
        /// process holds it; nil when it cannot be created.
        public init?(for url: URL, starting pieces: [ArraySlice<UInt8>], reusingSpare: Bool = false) {
            if reusingSpare, let spare = Self.lockedSpare(of: url) {
                (path, descriptor, madeSpare, inSpare) = (spare.path, spare.descriptor, spare.made, true)
            } else {
                path = url.path + ".tmp-\(getpid())"
                descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { return nil }
                (madeSpare, inSpare) = (false, false)
            }
            self.url = url
            buffer.reserveCapacity(Self.bufferSize)
            append(pieces)
        }

        /// `NAME.spare` open for writing with an exclusive lock; nil when another process holds
        /// it (writing it, or still reading it as the cache it was) or it cannot be opened.
        private static func lockedSpare(of url: URL) -> (path: String, descriptor: Int32, made: Bool)? {
            let path = url.path + ".spare"
            var made = true
            var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor < 0, errno == EEXIST {
                made = false
                descriptor = open(path, O_WRONLY | O_CLOEXEC)
            }
            guard descriptor >= 0 else { return nil }
            // Once locked it must still be the spare: another build may have exchanged it meanwhile.
            // (A spare made here and not locked is left: another build has it open.)
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, CacheFile.isFile(descriptor, at: path) else {
                close(descriptor)
                return nil
            }
            return (path, descriptor, made)
        }

        /// The file for `url` begun with `pieces`, their ranges copied from `source`; nil when it
        /// cannot be created.
        public convenience init?(
            for url: URL, starting pieces: [Piece], copyingFrom source: Opened, reusingSpare: Bool = false
        ) {
            self.init(for: url, starting: [], reusingSpare: reusingSpare)
            for piece in pieces {
                switch piece {
                case .bytes(let bytes): append([bytes])
                case .range(let offset, let length): copy(from: source.descriptor, offset: offset, length: length)
                }
            }
        }

        /// Appends `length` bytes at `offset` of the file open at `input`, copied by the kernel.
        private func copy(from input: Int32, offset: Int, length: Int) {
            flush()
            var from = off_t(offset)
            var left = length
            while complete, left > 0 {
                let copied = sendfile(descriptor, input, &from, left)
                if copied > 0 {
                    left -= copied
                    self.length += copied
                } else if copied < 0, errno == EINTR {
                    continue
                } else {
                    complete = false
                }
            }
        }

        private func append(_ pieces: [ArraySlice<UInt8>]) {
            for piece in pieces where complete {
                if buffer.count + piece.count > Self.bufferSize { flush() }
                if piece.count >= Self.bufferSize {
                    complete = piece.withUnsafeBytes { CacheFile.writeAll($0, to: descriptor) }
                    length += piece.count
                } else {
                    buffer += piece
                }
            }
        }

        private func flush() {
            complete = complete && buffer.withUnsafeBytes { CacheFile.writeAll($0, to: descriptor) }
            length += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }

        /// Ends the file with `pieces` and puts it in place of the old one; false when it could not
        /// be written (nothing changes).
        @discardableResult
        public func finish(with pieces: [ArraySlice<UInt8>] = []) -> Bool {
            guard !ended else { return false }
            ended = true
            append(pieces)
            flush()
            if inSpare { return finishSpare() }
            close(descriptor)
            // Renamed over nothing: renaming over the old file made ext4 (auto_da_alloc) start writing
            // the new one to disk at once, a few milliseconds of every rebuild. Meanwhile a reader finds
            // no cache, and builds without one.
            if complete { unlink(url.path) }
            guard complete, rename(path, url.path) == 0 else {
                unlink(path)
                return false
            }
            sweep()
            return true
        }

        /// Cuts off what the spare held beyond the new file and exchanges it with the old file,
        /// which becomes the spare; the lock is let go only then.
        private func finishSpare() -> Bool {
            defer { close(descriptor) }
            guard complete, ftruncate(descriptor, off_t(length)) == 0 else { return false }
            if CacheFile.exchange(path, url.path) != 0 {
                // No old file (the first build), or a file system that cannot exchange: moved.
                if errno != ENOENT { unlink(url.path) }
                guard rename(path, url.path) == 0 else { return false }
            }
            sweep()
            return true
        }

        /// Once a process: a temporary left behind belongs to a process that ended before this one
        /// wrote its first cache (`build --watch` writes one at every save).
        private func sweep() {
            if CacheFile.swept.withLock({ $0.insert(url.path).inserted }) { CacheFile.removeAbandoned(besides: url) }
        }

        /// Drops the file (the caller failed before it knew the rest); nothing once it is finished.
        /// A spare stays a spare, unless this build made it.
        public func discard() {
            guard !ended else { return }
            ended = true
            if !inSpare || madeSpare { unlink(path) }
            close(descriptor)
        }
    }

    /// The cache files whose folder this process has cleared of abandoned temporaries.
    private static let swept = Mutex<Set<String>>([])

    /// Removes the temporary files of `url` (`NAME.tmp-PID`) whose process is gone: a build killed
    /// while it wrote its cache (Ctrl-C in the middle of `build --watch`'s) left one beside the site.
    static func removeAbandoned(besides url: URL) {
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".tmp-"
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    fileprivate static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
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
        read(path: url.path)
    }

    /// The whole file at `path`, read straight into one buffer; nil when it cannot be read.
    public static func read(path: String) -> [UInt8]? {
        guard let file = Opened(path: path) else { return nil }
        return file.read(offset: 0, length: file.size)
    }
}

extension CacheFile {
    /// Exchanges the files at `first` and `second` in one step; 0, or -1 with `errno` set.
    static func exchange(_ first: String, _ second: String) -> Int32 {
        opsbook_exchange(first, second)
    }
}
