#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Waits for files to change under some folders (and every folder below them), with Linux's
/// inotify: told at once, not by polling. Names starting with `.` (caches, editors' temporary
/// files) are ignored.
public final class FolderWatcher {
    private let descriptor: Int32
    private let folders: [String]
    private var watched: [Int32: String] = [:]

    /// Watches `folders`; throws when the system cannot watch them.
    public init(_ folders: [URL]) throws(Diagnostic) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        self.folders = folders.map(\.standardizedFileURL.path)
        guard descriptor >= 0 else {
            throw Diagnostic(path: self.folders.first ?? ".", message: "cannot watch for changes: \(String(cString: strerror(errno)))")
        }
        watchNewFolders()
    }

    deinit { close(descriptor) }

    /// A changed path.
    public struct Change: Sendable, Equatable {
        public var path: String
        /// Whether only a file's contents (or times) changed: written and closed, or touched. False
        /// for a file or folder added, removed or renamed, and when the system dropped events.
        public var contentsOnly: Bool
    }

    /// Blocks until something changes, then until nothing has changed for `quiet` (an editor's save
    /// or a `git pull` is several events); returns the changes, by absolute path.
    public func waitForChange(quiet: Duration = .milliseconds(3)) -> [Change] {
        var (changed, folderChanged) = readEvents(timeout: -1)
        while true {
            // A new folder is watched before the caller builds: a file written into it before the
            // watch is in the build's listing, one written after raises an event of its own. (The
            // walk costs milliseconds: only when a folder came or went.)
            if folderChanged { watchNewFolders() }
            let (more, moreFolders) = readEvents(timeout: Int32(quiet.components.attoseconds / 1_000_000_000_000_000))
            if more.isEmpty { break }
            changed += more
            folderChanged = moreFolders
        }
        return changed
    }

    /// Adds a watch on every folder not yet watched (new folders appear as the handbook grows).
    private func watchNewFolders() {
        let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF)
        for folder in folders {
            let all = [folder] + FolderWalk.entries(under: folder, skipHidden: true).filter(\.isDirectory).map { folder + "/" + $0.path }
            for path in all where !watched.values.contains(path) {
                let watch = inotify_add_watch(descriptor, path, mask)
                if watch >= 0 { watched[watch] = path }
            }
        }
    }

    /// The changes of the events that arrive within `timeout` milliseconds (-1: wait for the
    /// first), and whether any of them is a folder's.
    private func readEvents(timeout: Int32) -> ([Change], Bool) {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeout) > 0 else { return ([], false) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return ([], false) }
        var changes: [Change] = []
        var folderChanged = false
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (watch, length, mask) = buffer.withUnsafeBytes { raw in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, Int(event.len), event.mask)
            }
            if mask & UInt32(IN_ISDIR) != 0 || mask & UInt32(IN_DELETE_SELF) != 0 { folderChanged = true }
            let nameBytes = buffer[(offset + header)..<min(offset + header + length, count)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: whatever changed, the whole of the first folder is a change.
                changes.append(Change(path: folders.first ?? ".", contentsOnly: false))
                folderChanged = true
                continue
            }
            if name.hasPrefix(".") { continue }
            let contentsOnly = mask & UInt32(IN_ISDIR) == 0 && mask & ~UInt32(IN_CLOSE_WRITE | IN_ATTRIB) == 0
            if let folder = watched[watch] {
                changes.append(Change(path: name.isEmpty ? folder : folder + "/" + name, contentsOnly: contentsOnly))
            }
        }
        return (changes, folderChanged)
    }
}
