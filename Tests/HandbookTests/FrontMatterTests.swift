import Handbook
import Testing
import Workspace

/// The YAML block at the top of a page.
struct FrontMatterTests {
    /// Every field is read, and the body keeps the file's line numbers.
    @Test func readsFieldsAndKeepsLineNumbers() throws {
        let source = "---\ntitle: 七天无理由退货\norder: 2\nsummary: 退货规则。\ntags: [售后, 退货]\n---\n# 标题\n"
        let (matter, body, warnings) = try FrontMatter.split(source, path: "p.md")
        #expect(matter == FrontMatter(title: "七天无理由退货", order: 2, summary: "退货规则。", tags: ["售后", "退货"]))
        #expect(body.split(separator: "\n", omittingEmptySubsequences: false)[6] == "# 标题")
        #expect(warnings.isEmpty)
    }

    /// A page without front matter is all body.
    @Test func noFrontMatter() throws {
        let (matter, body, _) = try FrontMatter.split("# 标题\n", path: "p.md")
        #expect(matter == FrontMatter())
        #expect(body == "# 标题\n")
    }

    /// A YAML syntax error points at its line in the file.
    @Test func syntaxErrorHasFileLine() {
        #expect(throws: Diagnostic.self) { try FrontMatter.split("---\ntitle: a\norder: [1\n---\n", path: "p.md") }
        do {
            _ = try FrontMatter.split("---\ntitle: ok\nsummary: \"unclosed\n---\nbody\n", path: "content/handbook/p.md")
        } catch {
            #expect(error.path == "content/handbook/p.md")
            #expect(error.line == 3 || error.line == 4)
            #expect(error.message.hasPrefix("invalid YAML"))
        }
    }

    /// A value of the wrong type is reported at that value.
    @Test func typeErrorPointsAtValue() {
        do {
            _ = try FrontMatter.split("---\ntitle: 退货\norder: 第二\n---\n", path: "p.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "p.md:3:8: error: order: expected a whole number")
        }
    }

    /// An opening `---` without a closing one is an error at line 1.
    @Test func unclosedBlock() {
        do {
            _ = try FrontMatter.split("---\ntitle: 退货\n\n# 退货\n", path: "p.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "p.md:1:1: error: front matter is not closed: add a line '---' after it")
        }
    }

    /// A misspelt key is a warning that names the known keys.
    @Test func unknownKeyWarns() throws {
        let (_, _, warnings) = try FrontMatter.split("---\ntitel: 退货\n---\n", path: "p.md")
        #expect(warnings.map(\.description) == [
            "p.md:2:1: warning: unknown front matter key 'titel' (known: title, order, summary, tags)"
        ])
    }
}
