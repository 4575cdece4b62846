import Foundation
import Handbook

/// The handbook's whole navigation tree, written once as `assets/nav.js` and expanded into the
/// sidebar by `opsbook.js`, instead of copied into every page (which makes output grow with the
/// square of the number of pages).
enum NavigationScript {
    static let path = "assets/nav.js"

    /// `window.OPSBOOK_NAV = {...};` with every URL relative to the site's top.
    static func script(for handbook: Handbook) -> [UInt8] {
        var out = Array("window.OPSBOOK_NAV = ".utf8)
        tree(of: handbook).write(to: &out)
        out += ";\n".utf8
        return out
    }

    /// The tree the script holds.
    static func tree(of handbook: Handbook) -> Node {
        Node(
            title: "", index: nil,
            pages: handbook.root.pages.map { link(handbook.pages[$0]) },
            sections: handbook.root.subsections.map { node($0, in: handbook) })
    }

    /// A folder of the handbook. Written as JSON by hand (`write(to:)`), keys sorted, as
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes it (a test compares
    /// the two): the encoder took nine milliseconds of a 2,000-page build.
    struct Node: Encodable {
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

extension NavigationScript.Node {
    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let index {
            out += "\"index\":".utf8
            Self.write(index, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out += "\"pages\":[".utf8
        for (number, pair) in pages.enumerated() {
            if number > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            for (position, text) in pair.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(text, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out += "],\"sections\":[".utf8
        for (number, section) in sections.enumerated() {
            if number > 0 { out.append(UInt8(ascii: ",")) }
            section.write(to: &out)
        }
        out += "],\"title\":".utf8
        Self.write(title, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `text` as a JSON string: `"` and `\\` escaped, control characters as JSON names them.
    private static func write(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x08: out += "\\b".utf8
            case 0x09: out += "\\t".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0C: out += "\\f".utf8
            case 0x0D: out += "\\r".utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
