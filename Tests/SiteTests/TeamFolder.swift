import Foundation

/// A team folder in a temporary directory: the repository's templates plus the given files.
enum TeamFolder {
    /// Creates the folder; `files` maps paths under it (such as `content/site.yaml`) to their text.
    static func make(_ prefix: String, files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(
            path: "\(prefix)-\(UUID().uuidString)", directoryHint: .isDirectory)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../..")
            .standardizedFileURL
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repository.appending(path: "templates"), to: root.appending(path: "templates"))
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }
}
