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

        @Flag(name: .long, help: "After building, rebuild whenever a file under content/ or templates/ changes (Ctrl-C stops).")
        var watch = false

        func run() throws {
            let workspace = try openWorkspace(options)
            let output = out.map { URL(fileURLWithPath: $0, isDirectory: true) }
            var builder = SiteBuilder(workspace: workspace, output: output)
            builder.today = Day.today(in: workspace.settings.timeZone, now: Date())
            builder.progress = TerminalProgress.forStandardError()
            if watch { builder.memory = BuildMemory() }
            let result = builder.build()
            try report(result.diagnostics, whenFailing: "; nothing written")
            let index = builder.output.appending(path: "index.html").path
            print("built \(result.pagesWritten) pages into \(builder.output.path)")
            print("open file://\(index)")
            printTimings(result)
            if watch { try rebuildOnChange(builder) }
            // Done: the build's values are left for the system to reclaim (`Result.leftovers`).
            withExtendedLifetime(result) { Foundation.exit(EXIT_SUCCESS) }
        }

        private func printTimings(_ result: SiteBuilder.Result) {
            guard timings else { return }
            for (phase, seconds) in result.timings {
                print(String(format: "%8.3f s  %@", seconds, phase))
            }
        }

        /// Rebuilds each time files change, until the process is stopped. A build with errors
        /// reports them and leaves the site as it was; the next change is built again.
        private func rebuildOnChange(_ first: SiteBuilder) throws {
            var builder = first
            let root = builder.workspace.root
            let watcher: FolderWatcher
            do throws(Diagnostic) {
                watcher = try FolderWatcher([builder.workspace.content, builder.workspace.templates])
            } catch {
                try report([error])
                throw ExitCode.failure
            }
            // Ctrl-C and `kill` stop the watch even when whoever started it blocked those signals
            // (a child inherits the blocked set: test runners and some supervisors block them).
            var stopSignals = sigset_t()
            sigemptyset(&stopSignals)
            for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopSignals, signal) }
            pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
            let site = builder.output.standardizedFileURL.path
            let settings = builder.workspace.content.appending(path: "site.yaml").path
            print("watching content/ and templates/ for changes (Ctrl-C to stop)")
            fflush(nil)
            while true {
                let changed = watcher.waitForChange().filter { $0.path != site && !$0.path.hasPrefix(site + "/") }
                guard !changed.isEmpty else { continue }
                let start = ContinuousClock.now
                let changes = changed.map(\.path)
                if changes.contains(settings) {
                    // site.yaml is read when the folder is opened: open it again (a broken one is
                    // reported, and the next change tried again).
                    guard let reopened = try? openWorkspace(options) else {
                        fflush(nil)
                        continue
                    }
                    var fresh = SiteBuilder(workspace: reopened, output: builder.output)
                    fresh.memory = builder.memory
                    builder = fresh
                }
                builder.today = Day.today(in: builder.workspace.settings.timeZone, now: Date())
                // New settings can change everything read (the language of messages): read it all.
                builder.changes =
                    changes.contains(settings)
                    ? nil : SiteBuilder.Changes(paths: changes, contentsOnly: changed.allSatisfy(\.contentsOnly))
                // A fresh progress line: it appears only once this build has taken a moment.
                builder.progress = TerminalProgress.forStandardError()
                let result = builder.build()
                let elapsed = start.duration(to: .now)
                if result.diagnostics.hasErrors {
                    try? report(result.diagnostics, whenFailing: "; the site was left as it was")
                } else {
                    try? report(result.diagnostics)
                    let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                    // Not `String(format:)`: Foundation's formatting took longer than the rebuild's last steps.
                    print("rebuilt in \(Int(milliseconds.rounded())) ms (\(Self.describe(changes, under: root.path)))")
                    printTimings(result)
                }
                fflush(nil)
            }
        }

        /// `content/handbook/a.md` or `3 files`, for the rebuild line.
        private static func describe(_ changes: [String], under root: String) -> String {
            let unique = Array(Set(changes)).sorted()
            guard unique.count == 1 else { return "\(unique.count) files changed" }
            return unique[0].hasPrefix(root + "/") ? String(unique[0].dropFirst(root.count + 1)) : unique[0]
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
