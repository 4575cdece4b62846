import Foundation

/// A team's folder: `content/` (handbook, tasks, settings) and `templates/`.
public struct Workspace: Sendable {
    public let root: URL
    public let settings: SiteSettings

    /// Opens the folder at `root` and reads its settings.
    public init(root: URL) throws(Diagnostic) {
        self.root = root.standardizedFileURL
        settings = try SiteSettings.load(from: self.root.appending(path: "content/site.yaml"), displayPath: "content/site.yaml")
    }

    public init(root: URL, settings: SiteSettings) {
        self.root = root.standardizedFileURL
        self.settings = settings
    }

    public var content: URL { root.appending(path: "content", directoryHint: .isDirectory) }
    public var handbook: URL { root.appending(path: "content/handbook", directoryHint: .isDirectory) }
    public var tasks: URL { root.appending(path: "content/tasks", directoryHint: .isDirectory) }
    public var templates: URL { root.appending(path: "templates", directoryHint: .isDirectory) }
    public var defaultOutput: URL { root.appending(path: "_site", directoryHint: .isDirectory) }

    /// `url`'s path relative to the root, as diagnostics show it.
    public func displayPath(_ url: URL) -> String {
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
