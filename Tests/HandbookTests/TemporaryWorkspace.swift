import Foundation
import Workspace

/// A team folder in a temporary directory, made from a map of paths to file contents.
struct TemporaryWorkspace {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appending(path: "opsbook-test-\(UUID().uuidString)")
        for (path, text) in files {
            try write(text, to: path)
        }
    }

    func write(_ text: String, to path: String) throws {
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    var workspace: Workspace { Workspace(root: root, settings: SiteSettings()) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
