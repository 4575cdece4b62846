extension Handbook {
    /// Groups pages by folder and orders everything: by `order`, then by title.
    static func buildSections(_ pages: [Page]) -> (Section, [Page]) {
        var ordered: [Page] = []
        func build(_ path: String) -> Section {
            let here = pages.filter { $0.directory == path }
            let index = here.first(where: \.isSectionIndex)
            let children = Set(
                pages.map(\.directory).compactMap { directory -> String? in
                    guard directory != path, directory.hasPrefix(path.isEmpty ? "" : path + "/") else { return nil }
                    let rest = directory.dropFirst(path.isEmpty ? 0 : path.count + 1)
                    return (path.isEmpty ? "" : path + "/") + rest.prefix { $0 != "/" }
                })
            var section = Section(
                path: path,
                title: index?.title ?? String(path.split(separator: "/").last ?? ""),
                order: index?.order, summary: index?.summary, indexPage: nil, pages: [], subsections: [])
            if let index {
                section.indexPage = ordered.count
                ordered.append(index)
            }
            for page in sortedByOrder(here.filter { !$0.isSectionIndex }, order: \.order, title: \.title) {
                section.pages.append(ordered.count)
                ordered.append(page)
            }
            let subsections = children.map { child -> (String, Int?, String) in
                let index = pages.first { $0.sourcePath == child + "/index.md" }
                return (child, index?.order, index?.title ?? String(child.split(separator: "/").last ?? ""))
            }
            for (child, _, _) in sortedByOrder(subsections, order: \.1, title: \.2) {
                section.subsections.append(build(child))
            }
            return section
        }
        let root = build("")
        return (root, ordered)
    }

    /// Items with an `order` first, ascending; then the rest by title.
    private static func sortedByOrder<T>(_ items: [T], order: (T) -> Int?, title: (T) -> String) -> [T] {
        items.sorted { a, b in
            switch (order(a), order(b)) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return title(a) < title(b)
            }
        }
    }
}
