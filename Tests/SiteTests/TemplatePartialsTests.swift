import Foundation
import Testing

@testable import Site

/// Finding the partials a template names, which tells a missing partial's line and column.
struct TemplatePartialsTests {
    /// The rule as it reads, a line and a character at a time: what the byte scan must agree with.
    private func plainReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...].drop { $0 == " " }
                guard let sigil = after.first, sigil == ">" || sigil == "<" else {
                    rest = rest[open.upperBound...]
                    continue
                }
                let nameStart = after.dropFirst().drop { $0 == " " }
                let name = nameStart.prefix { $0 != "}" && $0 != " " }
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                found.append((String(name), lineIndex + 1, column))
                rest = nameStart[name.endIndex...]
            }
        }
        return found
    }

    /// A template's partials, with lines and columns counted in characters.
    @Test func findsPartialsWithTheirPlaces() {
        let found = Templates.partialReferences(in: "<p>{{title}}</p>\n  页面 {{> layout}}\n{{<  base }}{{>x}}")
        #expect(found.map(\.name) == ["layout", "base", "x"])
        #expect(found.map(\.line) == [2, 3, 3])
        #expect(found.map(\.column) == [6, 1, 13])
    }

    /// Over thousands of random mixes of braces, sigils, spaces, Chinese, line feeds and `\r\n`,
    /// the byte scan finds what the plain rule finds, at the same places.
    @Test func agreesWithThePlainRule() {
        let pieces = ["{", "{{", "}", "}}", " ", ">", "<", "a", "-b", "页", "\n", "\r\n", "\r", "é", "{{>", "{{ <"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let fast = Templates.partialReferences(in: text)
            let plain = plainReferences(in: text)
            #expect(fast.map(\.name) == plain.map(\.name), "\(text.debugDescription)")
            #expect(fast.map(\.line) == plain.map(\.line), "\(text.debugDescription)")
            #expect(fast.map(\.column) == plain.map(\.column), "\(text.debugDescription)")
            if fast.map(\.name) != plain.map(\.name) || fast.map(\.line) != plain.map(\.line) { return }
        }
    }
}
