import Foundation
import Handbook
import Markdown
import Planner
import Workspace

/// Builds the static site: handbook pages, home, 404 and assets, written atomically.
public struct SiteBuilder {
    public let workspace: Workspace
    public let output: URL
    /// The day that also gets a sheet even without a plan (the build's today); nil for none.
    public var today: Day?

    public init(workspace: Workspace, output: URL? = nil) {
        self.workspace = workspace
        self.output = output ?? workspace.defaultOutput
    }

    /// The outcome of a build or a check.
    public struct Result {
        /// Every problem found, sorted by file and line.
        public var diagnostics: [Diagnostic]
        /// The number of HTML pages written (0 when nothing was written).
        public var pagesWritten: Int
    }

    /// Checks everything a build would, without writing.
    public func check() -> Result {
        let (_, _, _, diagnostics) = load()
        return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: 0)
    }

    /// Builds the site; writes nothing when an error was found.
    public func build() -> Result {
        let (templates, handbook, planbook, loadDiagnostics) = load()
        var diagnostics = loadDiagnostics
        guard let templates, let handbook, !diagnostics.hasErrors else {
            return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: 0)
        }
        do throws(Diagnostic) {
            let files = render(handbook, with: templates) + renderDays(planbook, handbook: handbook, with: templates)
            let target = try AtomicOutput(destination: output, displayPath: workspace.displayPath(output))
            do throws(Diagnostic) {
                try writeAll(files, handbook: handbook, into: target)
                try target.write(Data(searchIndex(of: handbook, planbook: planbook).script.utf8), to: SearchIndex.path)
                try target.commit()
            } catch {
                target.discard()
                throw error
            }
            return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: files.count)
        } catch {
            diagnostics.append(error)
            return Result(diagnostics: diagnostics.sortedByLocation(), pagesWritten: 0)
        }
    }

    private func load() -> (Templates?, Handbook?, Planbook, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var templates: Templates?
        do throws(DiagnosticError) {
            templates = try Templates(folder: workspace.templates, workspace: workspace)
        } catch {
            diagnostics += error.diagnostics
        }
        let labels = Labels.table(for: workspace.settings.language)
        var titles: [CalloutKind: String] = [:]
        for kind in CalloutKind.allCases { titles[kind] = labels[kind.rawValue] }
        let (handbook, handbookDiagnostics) = Handbook.load(from: workspace, calloutTitles: titles)
        diagnostics += handbookDiagnostics
        let (planbook, planDiagnostics) = loadPlanbook(handbook)
        diagnostics += planDiagnostics
        return (templates, handbook, planbook, diagnostics)
    }

    /// Every HTML file of the site, by output path.
    func render(_ handbook: Handbook, with templates: Templates) -> [(path: String, html: String)] {
        let context = PageContext(handbook: handbook, settings: workspace.settings)
        let indices = Array(handbook.pages.indices)
        var files = indices.parallelMap { index -> (path: String, html: String) in
            let page = handbook.pages[index]
            if page.sourcePath == "index.md" {
                return (page.outputPath, templates.render(context.home(), with: "home"))
            }
            return (page.outputPath, templates.render(context.page(at: index), with: "page"))
        }
        if handbook.pageIndex(sourcePath: "index.md") == nil {
            files.append(("index.html", templates.render(context.home(), with: "home")))
        }
        files.append(("404.html", templates.render(context.notFound(), with: "404")))
        files.append(("search.html", templates.render(context.search(), with: "search")))
        return files
    }

    private func writeAll(_ files: [(path: String, html: String)], handbook: Handbook, into target: AtomicOutput)
        throws(Diagnostic)
    {
        for file in files {
            try target.write(Data(file.html.utf8), to: file.path)
        }
        let assets = workspace.templates.appending(path: "assets", directoryHint: .isDirectory)
        if FileManager.default.fileExists(atPath: assets.path) {
            try target.copy(assets, to: "assets", sourceDisplayPath: workspace.displayPath(assets))
        }
        try target.write(Data(NavigationScript.script(for: handbook).utf8), to: NavigationScript.path)
        for file in handbook.files {
            let source = workspace.handbook.appending(path: file)
            try target.copy(source, to: file, sourceDisplayPath: workspace.displayPath(source))
        }
    }
}
