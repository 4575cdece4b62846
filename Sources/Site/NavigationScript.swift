import Foundation
import Handbook

/// The handbook's whole navigation tree, written once as `assets/nav.js` and expanded into the
/// sidebar by `opsbook.js`, instead of copied into every page (which makes output grow with the
/// square of the number of pages).
enum NavigationScript {
    static let path = "assets/nav.js"

    /// `window.OPSBOOK_NAV = {...};` with every URL relative to the site's top.
    static func script(for handbook: Handbook) -> String {
        let tree = Node(
            title: "", index: nil,
            pages: handbook.root.pages.map { link(handbook.pages[$0]) },
            sections: handbook.root.subsections.map { node($0, in: handbook) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(tree)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "window.OPSBOOK_NAV = \(json);\n"
    }

    private struct Node: Encodable {
        var title: String
        /// The section's own index page.
        var index: String?
        /// `[title, href]` pairs in reading order.
        var pages: [[String]]
        var sections: [Node]
    }

    private static func node(_ section: Section, in handbook: Handbook) -> Node {
        Node(
            title: section.title,
            index: section.indexPage.map { handbook.pages[$0].outputPath },
            pages: section.pages.map { link(handbook.pages[$0]) },
            sections: section.subsections.map { node($0, in: handbook) })
    }

    private static func link(_ page: Page) -> [String] {
        [page.title, page.outputPath]
    }
}
