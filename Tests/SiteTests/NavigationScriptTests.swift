import Foundation
import Testing

@testable import Site

/// `assets/nav.js` is written by hand; it must be the JSON `JSONEncoder` writes for the same tree.
struct NavigationScriptTests {
    @Test func handWrittenJSONMatchesTheEncoder() throws {
        var awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        awkward += ["\"", "\\", "/", "退货 › 七天", "😀", "\u{7F}", "\u{2028}", "\u{FEFF}", "a\"b\\c</script>", ""]
        let pages = awkward.map { [$0, "after-sales/\($0).html"] }
        let leaf = NavigationScript.Node(title: "售后", index: "after-sales/index.html", pages: pages, sections: [])
        let inner = NavigationScript.Node(title: "空\n文件夹", index: nil, pages: [], sections: [leaf])
        let tree = NavigationScript.Node(title: "", index: nil, pages: [["首页", "index.html"]], sections: [inner, leaf])
        var written: [UInt8] = []
        tree.write(to: &written)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = try encoder.encode(tree)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }
}
