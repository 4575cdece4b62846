import Foundation
import Synchronization
import Workspace

/// A site written into a staging folder beside the output and swapped in only when complete, so a
/// failed or killed build leaves the previous site whole.
///
/// The staging folder does not start empty when it can help it:
/// - the site before the previous one is kept beside the output as a spare (`.NAME.spare`); the next
///   build takes it as its staging folder and rewrites only the files that differ, in place;
/// - a spare whose contents are not known is taken all the same, and every file is written over its
///   old one in place, rather than deleting a whole folder of files;
/// - without a spare, the staging folder starts as hard links to the previous site's files.
/// A file shared with another copy (more than one link) is unlinked before it is written, so the
/// live site is never touched. Files the new site does not have are removed before the swap.
public final class AtomicOutput: Sendable {
    /// The file that marks a folder as written by opsbook, so a build never replaces anything else.
    static let marker = ".opsbook-site"

    /// What the staging folder held when the build began.
    public enum Origin: Sendable, Equatable {
        /// Nothing: every file is written.
        case empty
        /// Links to the previous site: a file whose inputs did not change since then can stay.
        case previousSite
        /// The spare: a file whose inputs did not change since the build that wrote the spare can stay.
        case spare
        /// A spare nobody knows the contents of: every file is written, but over the old ones in
        /// place, which is cheaper than creating files.
        case recycled
    }

    public let destination: URL
    /// Where files are written until `commit()`.
    public let staging: URL
    /// `staging.path`, made once: every file written asked a Foundation `URL` for it.
    private let stagingPath: String
    /// The previous site, kept after the swap for the next build to reuse.
    public let spare: URL
    public let origin: Origin
    /// The id in the marker of the site this build replaces (it becomes the spare), if any.
    public let replacedBuildID: String?
    /// Whether that site is the one the caller's cache describes.
    public let replacesKnownSite: Bool
    /// A new id for the site being written, kept in its marker file.
    public let buildID = UUID().uuidString
    private let displayPath: String
    /// Paths (files or folders) that belong to the new site.
    private let placed = Mutex<Set<String>>([])
    /// What `existingFiles()` found, when it was asked.
    private let listed = Mutex<Set<String>?>(nil)
    /// The spare's files as `spareFiles(of:)` listed them before the spare became the staging folder.
    private let spareListing: Set<String>?

    /// Creates the staging folder.
    ///
    /// - Parameters:
    ///   - previousBuildID: the id of the site the caller's cache describes; the previous site is
    ///     reused only when its marker holds this id.
    ///   - spareBuildID: likewise for the spare.
    ///   - spareFiles: `spareFiles(of: destination)`, listed while the caller did other work; waited
    ///     for before the spare is moved.
    /// - Throws: a `Diagnostic` when the output's parent cannot be written, or when the output is a
    ///   non-empty folder that opsbook did not write.
    public init(
        destination: URL, displayPath: String, previousBuildID: String? = nil, spareBuildID: String? = nil,
        spareFiles: BackgroundWork<Set<String>?>? = nil
    ) throws(Diagnostic) {
        spareListing = spareFiles?.value
        self.destination = destination.standardizedFileURL
        self.displayPath = displayPath
        let fileManager = FileManager.default
        let parent = self.destination.deletingLastPathComponent()
        let name = self.destination.lastPathComponent
        var isDirectory: ObjCBool = false
        var previousMatches = false
        var replaced: String?
        if fileManager.fileExists(atPath: self.destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Diagnostic(path: displayPath, message: "output exists and is not a folder")
            }
            // Read with plain system calls: a rebuild while watching starts here every time.
            replaced = Self.marker(in: self.destination)
            if replaced == nil, let contents = try? fileManager.contentsOfDirectory(atPath: self.destination.path),
                !contents.isEmpty, !contents.contains(Self.marker)
            {
                throw Diagnostic(
                    path: displayPath,
                    message: "refusing to replace a folder opsbook did not write; choose another --out or empty it")
            }
            previousMatches = previousBuildID != nil && replaced == previousBuildID
        }
        replacedBuildID = replaced
        replacesKnownSite = previousMatches
        staging = parent.appending(path: ".\(name).staging-\(getpid())", directoryHint: .isDirectory)
        spare = parent.appending(path: ".\(name).spare", directoryHint: .isDirectory)
        var info = stat()
        stagingPath = staging.path
        if lstat(stagingPath, &info) == 0 { try? fileManager.removeItem(at: staging) }
        if previousMatches, Self.markerMatches(spare, spareBuildID), rename(spare.path, staging.path) == 0 {
            origin = .spare
        } else if Self.markerMatches(spare, nil, anyID: true), rename(spare.path, staging.path) == 0 {
            // Even when the previous site is known (the build after one without a cache): removing
            // the spare to link the previous site instead cost more than writing every page, and on
            // ext4 every file created in the next minute pays for each inode freed (`recently_deleted`).
            origin = .recycled
        } else {
            try? fileManager.removeItem(at: spare)
            do {
                try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            } catch {
                throw Diagnostic(path: displayPath, message: "cannot write the output folder: \(Self.reason(error))")
            }
            if previousMatches, Self.linkTree(from: self.destination, to: staging) {
                origin = .previousSite
            } else {
                if previousMatches {
                    // Linking failed part-way (another file system?): start from an empty folder.
                    try? fileManager.removeItem(at: staging)
                    try? fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
                }
                origin = .empty
            }
        }
        try write(Array(buildID.utf8), to: Self.marker)
    }

    /// The paths of every file the staging folder started with (none when it started empty): one
    /// walk instead of a system call per page (none when the spare it started from was listed).
    public func existingFiles() -> Set<String> {
        guard origin != .empty else { return [] }
        let files = origin == .previousSite ? nil : spareListing
        let found = files ?? Self.files(under: staging.path)
        listed.withLock { $0 = found }
        return found
    }

    /// The paths of the files in the spare folder of a site written to `destination`; nil when
    /// there is none. A build lists it while it reads the handbook (a rebuild usually starts from
    /// the spare), instead of once it has decided.
    public static func spareFiles(of destination: URL) -> Set<String>? {
        let site = destination.standardizedFileURL
        let spare = site.deletingLastPathComponent().path + "/.\(site.lastPathComponent).spare"
        var info = stat()
        guard stat(spare, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        return files(under: spare)
    }

    private static func files(under folder: String) -> Set<String> {
        var files = Set<String>()
        for entry in FolderWalk.entries(under: folder) where !entry.isDirectory { files.insert(entry.path) }
        return files
    }

    /// Keeps the file already at `path` in the staging folder as part of the new site.
    public func keep(_ path: String) {
        _ = placed.withLock { $0.insert(path) }
    }

    /// Keeps every file at `paths` (a rebuild keeps thousands: one lock, not one per file).
    public func keep(all paths: some Sequence<String>) {
        placed.withLock { $0.formUnion(paths) }
    }

    /// Writes `data` at `path` (relative, `/`-separated) inside the staging folder.
    public func write(_ data: Data, to path: String) throws(Diagnostic) {
        try write(to: path) { descriptor in
            data.withUnsafeBytes { Self.writeAll($0, to: descriptor) } ? data.count : nil
        }
    }

    /// Writes `bytes` at `path` inside the staging folder, from where they are (copying a page into
    /// a `Data` first cost a full build 31 MB of copies).
    public func write(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
        try write(to: path) { descriptor in
            bytes.withUnsafeBytes { Self.writeAll($0, to: descriptor) } ? bytes.count : nil
        }
    }

    /// Opens `path` in the staging folder, lets `body` write it (returning how many bytes, nil on
    /// failure) and cuts off whatever an older file there had beyond that.
    private func write(to path: String, body: (Int32) -> Int?) throws(Diagnostic) {
        let full = stagingPath + "/" + path
        var info = stat()
        if origin != .empty, stat(full, &info) == 0, info.st_nlink > 1 {
            // Shared with the live site: write a new file rather than change theirs.
            unlink(full)
        }
        // Not O_TRUNC: ext4 writes back a file truncated to nothing as soon as it is closed, which
        // made rewriting the spare's pages wait on the disk; the new text is written over the old
        // and the rest cut off below.
        var descriptor = open(full, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            descriptor = open(full, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else {
            throw Diagnostic(path: displayPath + "/" + path, message: "cannot write: \(Self.errnoText())")
        }
        defer { close(descriptor) }
        // In a staging folder that started empty every file is new: nothing to cut off.
        guard let written = body(descriptor), origin == .empty || ftruncate(descriptor, off_t(written)) == 0 else {
            throw Diagnostic(path: displayPath + "/" + path, message: "cannot write: \(Self.errnoText())")
        }
        _ = placed.withLock { $0.insert(path) }
    }

    /// Writes all of `buffer` at `descriptor`'s position.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Removes the file at `path` from the staging folder (a patch knows which files go).
    public func remove(_ path: String) {
        unlink(stagingPath + "/" + path)
    }

    /// Whether a build writing to `destination` with these ids starts from the spare (`origin`
    /// `.spare`), as far as the folders' markers tell now.
    public static func startsFromSpare(destination: URL, previousBuildID: String, spareBuildID: String?) -> Bool {
        let site = destination.standardizedFileURL
        let spare = site.deletingLastPathComponent().appending(path: ".\(site.lastPathComponent).spare")
        return marker(in: site) == previousBuildID && markerMatches(spare, spareBuildID)
    }

    /// Replaces the destination with the staging folder; the replaced site becomes the spare.
    ///
    /// - Parameter removingStale: whether to remove the files the build did not write or keep
    ///   first; a patch, which removed the files that go itself, keeps every other.
    public func commit(removingStale: Bool = true) throws(Diagnostic) {
        if origin != .empty, removingStale { removeStaleFiles() }
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: spare)
        if fileManager.fileExists(atPath: destination.path) {
            guard rename(destination.path, spare.path) == 0 else {
                throw Diagnostic(path: displayPath, message: "cannot replace the output folder: \(Self.errnoText())")
            }
        }
        guard rename(staging.path, destination.path) == 0 else {
            let failure = Self.errnoText()
            _ = rename(spare.path, destination.path)
            throw Diagnostic(path: displayPath, message: "cannot replace the output folder: \(failure)")
        }
    }

    /// Clears up after a failure: a staging folder that was the spare is put back as the spare (its
    /// marker now names this build, which no cache knows, so the next build rewrites it in full);
    /// any other is removed.
    public func discard() {
        if origin == .spare || origin == .recycled, rename(stagingPath, spare.path) == 0 { return }
        try? FileManager.default.removeItem(at: staging)
    }

    /// Whether `folder`'s marker holds `id` (or any id, with `anyID`).
    private static func markerMatches(_ folder: URL, _ id: String?, anyID: Bool = false) -> Bool {
        guard let text = marker(in: folder) else { return false }
        return anyID || text == id
    }

    /// The build id in `folder`'s marker file, nil when it has none.
    private static func marker(in folder: URL) -> String? {
        CacheFile.read(path: folder.path + "/" + marker).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes files that the new site did not write, copy or keep.
    private func removeStaleFiles() {
        let placed = placed.withLock { $0 }
        let base = staging.standardizedFileURL.path
        // The files the staging folder started with, when they were listed, less those placed since
        // (a file this build made is placed): the folder need not be read again.
        if let listed = listed.withLock({ $0 }) {
            for path in listed where !placed.contains(path) { unlink(base + "/" + path) }
            return
        }
        for entry in FolderWalk.entries(under: base, skipping: placed) where !entry.isDirectory {
            unlink(base + "/" + entry.path)
        }
    }

    /// Mirrors `source`'s folders in `target` and hard-links its files; false when any link fails.
    private static func linkTree(from source: URL, to target: URL) -> Bool {
        let base = source.path
        for entry in FolderWalk.entries(under: base) {
            let to = target.path + "/" + entry.path
            if entry.isDirectory {
                guard mkdir(to, 0o755) == 0 || errno == EEXIST else { return false }
            } else if entry.path != marker {
                guard link(base + "/" + entry.path, to) == 0 else { return false }
            }
        }
        return true
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }

    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return error.localizedDescription
    }
}
