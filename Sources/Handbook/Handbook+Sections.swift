import Workspace

extension Handbook {
    /// Groups pages by folder and orders everything: by `order`, then by title.
    static func buildSections(_ pages: [Page]) -> (Section, [Page]) {
        // Grouped once: a handbook of 20,000 pages has only a few folders.
        var byDirectory: [String: [Int]] = [:]
        var indexPages: [String: Int] = [:]
        for (number, page) in pages.enumerated() {
            byDirectory[page.directory, default: []].append(number)
            if page.isSectionIndex { indexPages[page.directory] = number }
        }
        let directories = Array(byDirectory.keys)
        var ordered: [Page] = []
        ordered.reserveCapacity(pages.count)
        func build(_ path: String) -> Section {
            let here = byDirectory[path] ?? []
            let index = indexPages[path].map { pages[$0] }
            let prefix = path.isEmpty ? "" : path + "/"
            let children = Set(
                directories.compactMap { directory -> String? in
                    guard directory != path, directory.hasPrefix(prefix) else { return nil }
                    return prefix + directory.dropFirst(prefix.count).prefix { $0 != "/" }
                })
            var section = Section(
                path: path,
                title: index?.title ?? String(path.split(separator: "/").last ?? ""),
                order: index?.order, summary: index?.summary, indexPage: nil, pages: [], subsections: [])
            if let index {
                section.indexPage = ordered.count
                ordered.append(index)
            }
            let others = here.filter { !pages[$0].isSectionIndex }
            for number in sortedByOrder(others, order: { pages[$0].order }, title: { pages[$0].title }) {
                section.pages.append(ordered.count)
                ordered.append(pages[number])
            }
            let subsections = children.map { child -> (String, Int?, String) in
                let index = indexPages[child].map { pages[$0] }
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

    /// Items with an `order` first, ascending; then the rest by title, in code point order (titles
    /// compared as UTF-8 bytes: the same order as `<` for normalized text, without normalizing
    /// thousands of Chinese titles on every build).
    private static func sortedByOrder<T>(_ items: [T], order: (T) -> Int?, title: (T) -> String) -> [T] {
        items.sorted { a, b in
            switch (order(a), order(b)) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return title(a).precedesInByteOrder(title(b))
            }
        }
    }
}
