import Foundation
import Handbook
import Markdown
import Planner
import Workspace

/// The values a template sees, built for one page at a time.
struct PageContext: @unchecked Sendable {
    let handbook: Handbook
    let settings: SiteSettings
    let labels: [String: String]
    /// The home page (`index.md`) in `handbook.pages`, if there is one: previous / next go through
    /// every other page in order.
    private let homeIndex: Int?
    /// The sidebar and breadcrumbs of a page in each folder, the same for all its pages.
    private var folders: [String: Folder] = [:]

    private struct Folder {
        let sidebar: [TemplateContext]
        let breadcrumbs: [TemplateContext]
    }

    init(handbook: Handbook, settings: SiteSettings) {
        self.handbook = handbook
        self.settings = settings
        labels = Labels.table(for: settings.language)
        homeIndex = handbook.root.indexPage
        // Every page's folder is a section's (worked out from the sections, not from every page).
        var directories: [String] = []
        func add(_ section: Section) {
            directories.append(section.path)
            section.subsections.forEach(add)
        }
        add(handbook.root)
        var folders: [String: Folder] = [:]
        for directory in directories {
            folders[directory] = Folder(
                sidebar: sidebar(directory: directory, currentPage: directory.isEmpty ? "index.md" : directory + "/"),
                breadcrumbs: breadcrumbs(directory: directory))
        }
        self.folders = folders
    }

    /// What every template sees, the same on every page: given to `Templates.sharing(_:)` once.
    static func shared(settings: SiteSettings, words: Words) -> [String: Any] {
        [
            "lang": settings.language.rawValue, "siteTitle": settings.title,
            "labels": Labels.table(for: settings.language), "words": DaySheetContext.wordValues(words),
        ]
    }

    /// The context of an ordinary page or a section's index page.
    func page(at index: Int) -> TemplateContext {
        let page = handbook.pages[index]
        let directory = page.directory
        // Read once: a page from the build cache makes its headings each time they are asked for.
        let document = page.document
        var context = common(title: page.title, directory: directory, currentPage: page.sourcePath)
        context.set("body", raw: document.htmlBytes)
        context.set("summary", Self.summary(page.summary))
        context.set("tags", texts: page.tags)
        context.set("hasTags", !page.tags.isEmpty)
        context.set("hasTitleHeading", document.headings.first?.level == 1)
        context.set("breadcrumbs", list: breadcrumbs(for: page))
        let toc = document.headings.filter { $0.level == 2 || $0.level == 3 }.map { heading in
            var item = TemplateContext()
            item.set("id", heading.id)
            item.set("text", heading.text)
            item.set("level", number: heading.level)
            item.set("sub", heading.level == 3)
            return item
        }
        context.set("toc", list: toc)
        context.set("hasToc", toc.count > 1)
        if index != homeIndex {
            let previous = index - 1 == homeIndex ? index - 2 : index - 1
            let next = index + 1 == homeIndex ? index + 2 : index + 1
            if previous >= 0 { context.set("previous", link(to: previous, from: directory)) }
            if next < handbook.pages.count { context.set("next", link(to: next, from: directory)) }
        }
        if page.isSectionIndex, let section = section(at: directory) {
            let entries = section.pages.map { entry(for: $0, from: directory) }
                + section.subsections.map { sectionEntry($0, from: directory) }
            context.set("sectionPages", list: entries)
            context.set("hasSectionPages", !entries.isEmpty)
        }
        return context
    }

    /// The context of the home page: the top `index.md`'s body and a card per section.
    func home() -> TemplateContext {
        var context = common(title: settings.title, directory: "", currentPage: "index.md")
        if let index = homeIndex {
            context.set("body", raw: handbook.pages[index].document.htmlBytes)
        } else {
            context.set("body", "")
        }
        context.set("isHome", true)
        context.set("sectionCards", list: handbook.root.subsections.map { sectionEntry($0, from: "") })
        context.set("topPages", list: handbook.root.pages.map { entry(for: $0, from: "") })
        context.set("hasTopPages", !handbook.root.pages.isEmpty)
        return context
    }

    /// The context of the 404 page, at the top of the site.
    func notFound() -> TemplateContext {
        common(title: labels["notFoundTitle"] ?? "404", directory: "", currentPage: "")
    }

    /// The context of the search results page, at the top of the site; its script fills it in.
    func search() -> TemplateContext {
        common(title: labels["search"] ?? "Search", directory: "", currentPage: "")
    }

    // MARK: - Pieces

    func common(title: String, directory: String, currentPage: String) -> TemplateContext {
        common(title: title, parts: commonParts(directory: directory, currentPage: currentPage))
    }

    /// What `common` gives every page but its title.
    struct CommonParts {
        var root: String
        var sidebar: [TemplateContext]
        var currentPath: String
        var topPages: [TemplateContext]
    }

    /// The parts `common` gives a page in `directory` showing `currentPage` (empty for a page that is
    /// not one of the handbook's: a day sheet, whose parts are the same for all of them, so a year
    /// of sheets works them out once).
    func commonParts(directory: String, currentPage: String = "") -> CommonParts {
        CommonParts(
            root: RelativePath.rootPrefix(ofDirectory: directory),
            sidebar: !currentPage.isEmpty && RelativePath.directory(of: currentPage) == directory
                ? folders[directory]?.sidebar ?? sidebar(directory: directory, currentPage: currentPage)
                : sidebar(directory: directory, currentPage: currentPage),
            currentPath: currentPage.hasSuffix(".md") ? Page.outputPath(for: currentPage) : currentPage,
            topPages: handbook.root.pages.map { pageLink($0, directory: directory, currentPage: currentPage) })
    }

    /// `common` with its parts worked out already.
    func common(title: String, parts: CommonParts) -> TemplateContext {
        var context = TemplateContext(reserving: 20)
        context.set("pageTitle", title)
        context.set("root", parts.root)
        context.set("sidebar", list: parts.sidebar)
        context.set("currentPath", parts.currentPath)
        context.set("sidebarTopPages", list: parts.topPages)
        return context
    }

    /// The sidebar written into every page: the top-level sections only, so a page's size does not
    /// grow with the handbook. `assets/nav.js` carries the whole tree for the script to expand.
    private func sidebar(directory: String, currentPage: String) -> [TemplateContext] {
        handbook.root.subsections.map { section in
            var item = TemplateContext()
            item.set("title", section.title)
            item.set("href", sectionHref(section, from: directory) ?? "")
            item.set("current", currentPage.hasPrefix(section.path + "/"))
            return item
        }
    }

    private func pageLink(_ index: Int, directory: String, currentPage: String) -> TemplateContext {
        let page = handbook.pages[index]
        var link = TemplateContext()
        link.set("title", page.title)
        link.set("href", href(page.outputPath, from: directory))
        link.set("current", page.sourcePath == currentPage)
        return link
    }

    private func breadcrumbs(for page: Page) -> [TemplateContext] {
        var crumbs = folders[page.directory]?.breadcrumbs ?? breadcrumbs(directory: page.directory)
        if page.isSectionIndex { crumbs.removeLast() }
        return crumbs
    }

    private func breadcrumbs(directory: String) -> [TemplateContext] {
        var crumbs = [Self.link(title: labels["home"] ?? "Home", href: href("index.html", from: directory))]
        var path = ""
        for part in directory.split(separator: "/") {
            path = path.isEmpty ? String(part) : path + "/" + part
            guard let section = section(at: path) else { continue }
            crumbs.append(Self.link(title: section.title, href: sectionHref(section, from: directory) ?? ""))
        }
        return crumbs
    }

    /// `{title, href}`.
    static func link(title: String, href: String) -> TemplateContext {
        var link = TemplateContext()
        link.set("title", title)
        link.set("href", href)
        return link
    }

    private func section(at path: String) -> Section? {
        var current = handbook.root
        guard !path.isEmpty else { return current }
        var walked = ""
        for part in path.split(separator: "/") {
            walked = walked.isEmpty ? String(part) : walked + "/" + part
            guard let next = current.subsections.first(where: { $0.path == walked }) else { return nil }
            current = next
        }
        return current
    }

    /// A section's index page, or its first page when it has no `index.md`.
    private func sectionHref(_ section: Section, from directory: String) -> String? {
        let target = section.indexPage ?? section.pages.first ?? section.subsections.first.flatMap { $0.indexPage ?? $0.pages.first }
        return target.map { href(handbook.pages[$0].outputPath, from: directory) }
    }

    private func sectionEntry(_ section: Section, from directory: String) -> TemplateContext {
        var card = Self.link(title: section.title, href: sectionHref(section, from: directory) ?? "")
        card.set("count", number: section.pages.count)
        card.set("pages", list: section.pages.map { entry(for: $0, from: directory) })
        card.set("summary", Self.summary(section.summary))
        return card
    }

    private func entry(for index: Int, from directory: String) -> TemplateContext {
        var entry = link(to: index, from: directory)
        entry.set("summary", Self.summary(handbook.pages[index].summary))
        return entry
    }

    private func link(to index: Int, from directory: String) -> TemplateContext {
        let page = handbook.pages[index]
        return Self.link(title: page.title, href: href(page.outputPath, from: directory))
    }

    /// A summary as templates get it: none when empty (swift-mustache takes "" as true, so
    /// `{{#summary}}<p>…</p>{{/summary}}` would write an empty paragraph).
    private static func summary(_ text: String?) -> String? {
        text.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func href(_ outputPath: String, from directory: String) -> String {
        URLPath.encode(RelativePath.link(to: outputPath, fromDirectory: directory))
    }
}
