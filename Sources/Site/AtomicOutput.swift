import Foundation
import Workspace

/// A site written into a staging folder beside the output and swapped in only when complete, so a
/// failed or killed build leaves the previous site whole.
public struct AtomicOutput {
    /// The file that marks a folder as written by opsbook, so a build never replaces anything else.
    static let marker = ".opsbook-site"

    public let destination: URL
    /// Where files are written until `commit()`.
    public let staging: URL
    private let displayPath: String

    /// Creates the staging folder.
    ///
    /// - Throws: a `Diagnostic` when the output's parent cannot be written, or when the output is a
    ///   non-empty folder that opsbook did not write.
    public init(destination: URL, displayPath: String) throws(Diagnostic) {
        self.destination = destination.standardizedFileURL
        self.displayPath = displayPath
        let fileManager = FileManager.default
        let parent = self.destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
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
        }
        staging = parent.appending(
            path: ".\(self.destination.lastPathComponent).staging-\(getpid())", directoryHint: .isDirectory)
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data().write(to: staging.appending(path: Self.marker))
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot write the output folder: \(Self.reason(error))")
        }
    }

    /// Writes `data` at `path` (relative, `/`-separated) inside the staging folder.
    public func write(_ data: Data, to path: String) throws(Diagnostic) {
        let url = staging.appending(path: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw Diagnostic(path: displayPath + "/" + path, message: "cannot write: \(Self.reason(error))")
        }
    }

    /// Copies the file or folder at `source` to `path` inside the staging folder.
    public func copy(_ source: URL, to path: String, sourceDisplayPath: String) throws(Diagnostic) {
        let url = staging.appending(path: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: url)
        } catch {
            throw Diagnostic(path: sourceDisplayPath, message: "cannot copy into the site: \(Self.reason(error))")
        }
    }

    /// Replaces the destination with the staging folder.
    public func commit() throws(Diagnostic) {
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

    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return error.localizedDescription
    }
}
