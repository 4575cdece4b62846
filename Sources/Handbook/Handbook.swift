import Foundation
import Markdown
import Workspace

/// The whole handbook: every page rendered, in reading order, with its sections.
public struct Handbook: Sendable {
    /// Pages in reading order (a section's index page first, then its pages, then its sub-sections).
    public var pages: [Page]
    /// The top folder and everything below it.
    public var root: Section
    /// Files other than Markdown under `content/handbook/` (paths relative to it), copied as they are.
    public var files: [String]

    /// The index in `pages` of the page with the given source path.
    public func pageIndex(sourcePath: String) -> Int? {
        pages.firstIndex { $0.sourcePath == sourcePath }
    }
}

extension Handbook {
    /// Reads and renders every page under the workspace's `content/handbook/`.
    ///
    /// - Returns: the handbook (nil when it could not be read at all) and every problem found:
    ///   unreadable files, bad front matter, broken links and anchors.
    public static func load(
        from workspace: Workspace, calloutTitles: [CalloutKind: String] = CalloutKind.englishTitles
    ) -> (Handbook?, [Diagnostic]) {
        let folder = workspace.handbook
        let folderPath = workspace.displayPath(folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            return (nil, [Diagnostic(path: folderPath, message: "handbook folder not found: create it and put Markdown pages in it")])
        }
        let (markdownPaths, otherFiles) = listFiles(in: folder)
        let resolver = LinkResolver(pages: Set(markdownPaths), files: Set(otherFiles))
        let options = MarkdownOptions(allowRawHTML: workspace.settings.allowRawHTML, calloutTitles: calloutTitles)

        let loaded = markdownPaths.parallelMap { sourcePath in
            loadPage(sourcePath, in: workspace, resolver: resolver, options: options)
        }
        var diagnostics = loaded.flatMap(\.diagnostics)
        let pages = loaded.compactMap(\.page)
        diagnostics += checkAnchors(pages, resolver: resolver, handbookPath: folderPath)

        let (root, ordered) = buildSections(pages)
        return (Handbook(pages: ordered, root: root, files: otherFiles), diagnostics)
    }

    /// Markdown files and other files under `folder`, as sorted relative paths; hidden files skipped.
    private static func listFiles(in folder: URL) -> (markdown: [String], other: [String]) {
        var markdown: [String] = []
        var other: [String] = []
        let base = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + (base.hasSuffix("/") ? 0 : 1)))
            if path.hasSuffix(".md") { markdown.append(path) } else { other.append(path) }
        }
        return (markdown.sorted(), other.sorted())
    }

    private static func loadPage(
        _ sourcePath: String, in workspace: Workspace, resolver: LinkResolver, options: MarkdownOptions
    ) -> (page: Page?, diagnostics: [Diagnostic]) {
        let url = workspace.handbook.appending(path: sourcePath)
        let displayPath = workspace.displayPath(url)
        do {
            let source = try SourceFile.read(url, displayPath: displayPath)
            let (matter, body, warnings) = try FrontMatter.split(source, path: displayPath)
            var diagnostics = warnings
            let document = MarkdownDocument.render(body, options: options) { link in
                do throws(LinkProblem) {
                    if case .page(_, _, let href) = try resolver.resolve(link.destination, from: sourcePath) {
                        return href
                    }
                } catch {
                    diagnostics.append(
                        Diagnostic(path: displayPath, line: link.line, column: link.column, message: error.message))
                }
                return nil
            }
            for warning in document.syntaxWarnings {
                diagnostics.append(
                    Diagnostic(
                        path: displayPath, line: warning.line, column: warning.column, severity: .warning,
                        message: warning.message))
            }
            let fallbackTitle = (sourcePath as NSString).lastPathComponent.dropLast(3)
            let page = Page(
                sourcePath: sourcePath, outputPath: Page.outputPath(for: sourcePath),
                title: matter.title ?? document.headings.first?.text ?? String(fallbackTitle),
                order: matter.order, summary: matter.summary, tags: matter.tags, document: document)
            return (page, diagnostics)
        } catch {
            return (nil, [error])
        }
    }

    /// Reports every link whose `#anchor` names no heading of the page it points to.
    private static func checkAnchors(_ pages: [Page], resolver: LinkResolver, handbookPath: String) -> [Diagnostic] {
        var headingIDs: [String: Set<String>] = [:]
        for page in pages { headingIDs[page.sourcePath] = Set(page.document.headings.map(\.id)) }
        var diagnostics: [Diagnostic] = []
        for page in pages {
            for link in page.document.links {
                let target: String
                let fragment: String?
                switch try? resolver.resolve(link.destination, from: page.sourcePath) {
                case .samePage(let anchor)?: (target, fragment) = (page.sourcePath, anchor)
                case .page(let path, let anchor, _)?: (target, fragment) = (path, anchor)
                default: continue
                }
                guard let fragment, !fragment.isEmpty, let ids = headingIDs[target], !ids.contains(fragment) else {
                    continue
                }
                let nearest = ids.filter { $0.contains(fragment) || fragment.contains($0) }.sorted().first
                let hint = nearest.map { " (did you mean '#\($0)'?)" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        path: handbookPath + "/" + page.sourcePath, line: link.line, column: link.column,
                        message: "broken anchor: '\(target)' has no heading '#\(fragment)'\(hint)"))
            }
        }
        return diagnostics
    }
}
