import ArgumentParser
import Foundation
import Planner
import Site
import Workspace

extension Opsbook {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build", abstract: "Render the handbook into a static site (default: ROOT/_site).")

        @OptionGroup var options: RootOptions

        @Option(name: .long, help: "The folder to write the site to.")
        var out: String?

        @Flag(name: .long, help: "Print how long each phase of the build took.")
        var timings = false

        func run() throws {
            let workspace = try openWorkspace(options)
            let output = out.map { URL(fileURLWithPath: $0, isDirectory: true) }
            var builder = SiteBuilder(workspace: workspace, output: output)
            builder.today = Day.today(in: workspace.settings.timeZone, now: Date())
            builder.progress = TerminalProgress.forStandardError()
            let result = builder.build()
            try report(result.diagnostics, whenFailing: "; nothing written")
            let index = builder.output.appending(path: "index.html").path
            print("built \(result.pagesWritten) pages into \(builder.output.path)")
            print("open file://\(index)")
            if timings {
                for (phase, seconds) in result.timings {
                    print(String(format: "%8.3f s  %@", seconds, phase))
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Report broken links and anchors, front matter and template errors, without writing.")

        @OptionGroup var options: RootOptions

        func run() throws {
            let workspace = try openWorkspace(options)
            let result = SiteBuilder(workspace: workspace).check()
            try report(result.diagnostics)
            let warnings = result.diagnostics.count
            print(warnings == 0 ? "no problems found" : "no errors, \(warnings) warning(s)")
        }
    }
}
