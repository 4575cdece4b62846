import Foundation
import Synchronization
import Workspace

/// A site written into a staging folder beside the output and swapped in only when complete, so a
/// failed or killed build leaves the previous site whole.
///
/// An incremental build starts the staging folder as hard links to the previous site's files and
/// replaces only what changed: a replaced file is unlinked before it is written, so the previous
/// site's copy is never touched. Files of the previous site that the new one no longer has are
/// removed from the staging folder before the swap.
public final class AtomicOutput: Sendable {
    /// The file that marks a folder as written by opsbook, so a build never replaces anything else.
    static let marker = ".opsbook-site"

    public let destination: URL
    /// Where files are written until `commit()`.
    public let staging: URL
    /// Whether the staging folder started as links to the previous site.
    public let reusesPrevious: Bool
    /// A new id for the site being written, kept in its marker file.
    public let buildID = UUID().uuidString
    private let displayPath: String
    /// Paths (files or folders) that belong to the new site.
    private let placed = Mutex<Set<String>>([])

    /// Creates the staging folder, linked to the previous site's files when that site's marker holds
    /// `previousBuildID` (the build the caller's cache describes).
    ///
    /// - Throws: a `Diagnostic` when the output's parent cannot be written, or when the output is a
    ///   non-empty folder that opsbook did not write.
    public init(destination: URL, displayPath: String, previousBuildID: String? = nil) throws(Diagnostic) {
        self.destination = destination.standardizedFileURL
        self.displayPath = displayPath
        let fileManager = FileManager.default
        let parent = self.destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        var previousExists = false
        if fileManager.fileExists(atPath: self.destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Diagnostic(path: displayPath, message: "output exists and is not a folder")
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: self.destination.path)) ?? []
            if !contents.isEmpty, !contents.contains(Self.marker) {
                throw Diagnostic(
                    path: displayPath,
                    message: "refusing to replace a folder opsbook did not write; choose another --out or empty it")
            }
            let marker = self.destination.appending(path: Self.marker)
            previousExists =
                previousBuildID != nil
                && (try? String(contentsOf: marker, encoding: .utf8)) == previousBuildID
        }
        staging = parent.appending(
            path: ".\(self.destination.lastPathComponent).staging-\(getpid())", directoryHint: .isDirectory)
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot write the output folder: \(Self.reason(error))")
        }
        reusesPrevious = previousExists && Self.linkTree(from: self.destination, to: staging)
        if previousExists && !reusesPrevious {
            // Linking failed part-way (another file system?): start from an empty folder instead.
            try? fileManager.removeItem(at: staging)
            try? fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        }
        do {
            try Data(buildID.utf8).write(to: staging.appending(path: Self.marker))
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot write the output folder: \(Self.reason(error))")
        }
    }

    /// Whether the previous site's file at `path` is in the staging folder, to be kept as it is.
    public func hasPrevious(_ path: String) -> Bool {
        reusesPrevious && FileManager.default.fileExists(atPath: staging.appending(path: path).path)
    }

    /// Keeps the previous site's file at `path` in the new site.
    public func keep(_ path: String) {
        _ = placed.withLock { $0.insert(path) }
    }

    /// Writes `data` at `path` (relative, `/`-separated) inside the staging folder.
    public func write(_ data: Data, to path: String) throws(Diagnostic) {
        let url = staging.appending(path: path)
        do {
            if reusesPrevious { unlink(url.path) }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw Diagnostic(path: displayPath + "/" + path, message: "cannot write: \(Self.reason(error))")
        }
        _ = placed.withLock { $0.insert(path) }
    }

    /// Copies the file or folder at `source` to `path` inside the staging folder.
    public func copy(_ source: URL, to path: String, sourceDisplayPath: String) throws(Diagnostic) {
        let url = staging.appending(path: path)
        do {
            if reusesPrevious { try? FileManager.default.removeItem(at: url) }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: url)
        } catch {
            throw Diagnostic(path: sourceDisplayPath, message: "cannot copy into the site: \(Self.reason(error))")
        }
        _ = placed.withLock { $0.insert(path) }
    }

    /// Replaces the destination with the staging folder.
    public func commit() throws(Diagnostic) {
        if reusesPrevious { removeStaleFiles() }
        let fileManager = FileManager.default
        let retired = staging.deletingLastPathComponent().appending(
            path: ".\(destination.lastPathComponent).old-\(getpid())", directoryHint: .isDirectory)
        do {
            if fileManager.fileExists(atPath: destination.path) {
                try? fileManager.removeItem(at: retired)
                try fileManager.moveItem(at: destination, to: retired)
            }
            try fileManager.moveItem(at: staging, to: destination)
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot replace the output folder: \(Self.reason(error))")
        }
        try? fileManager.removeItem(at: retired)
    }

    /// Removes the staging folder after a failure.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Removes linked files that the new site did not write, copy or keep.
    private func removeStaleFiles() {
        let placed = placed.withLock { $0 }
        let base = staging.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: base)
        var stale: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path == Self.marker || placed.contains(path) {
                if placed.contains(path) { enumerator?.skipDescendants() }
                continue
            }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { stale.append(path) }
        }
        for path in stale { unlink(base + "/" + path) }
    }

    /// Mirrors `source`'s folders in `target` and hard-links its files; false when any link fails.
    private static func linkTree(from source: URL, to target: URL) -> Bool {
        let base = source.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return false }
        while let path = enumerator.nextObject() as? String {
            let from = base + "/" + path
            let to = target.path + "/" + path
            if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                guard mkdir(to, 0o755) == 0 || errno == EEXIST else { return false }
            } else if path != marker {
                guard link(from, to) == 0 else { return false }
            }
        }
        return true
    }

    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return error.localizedDescription
    }
}
