import Foundation
import Testing

/// The sample handbook shipped in content/: clean, and every link of its site leads somewhere.
struct SampleHandbookTests {
    /// `opsbook check` finds nothing wrong with the shipped content.
    @Test func checkIsClean() throws {
        let result = try OpsbookProcess.run(["check", "--root", OpsbookProcess.repository.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
    }

    /// Every internal link and anchor of the built sample resolves to a file and an element id.
    @Test func everyLinkAndAnchorResolves() throws {
        let out = FileManager.default.temporaryDirectory.appending(path: "opsbook-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try OpsbookProcess.run(["build", "--root", OpsbookProcess.repository.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let crawler = SiteCrawler(site: out)
        #expect(try crawler.pages().count >= 15)
        #expect(try crawler.brokenLinks() == [])
    }
}
