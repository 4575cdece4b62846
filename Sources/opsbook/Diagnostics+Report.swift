import ArgumentParser
import Foundation
import Planner
import Workspace

/// Opens the workspace at `--root`, printing a diagnostic and failing when its settings are bad.
func openWorkspace(_ options: RootOptions) throws -> Workspace {
    try open(options) { root throws(Diagnostic) in try Workspace(root: root) }
}

/// Opens the planner's store at `--root`, the same way.
func openTaskStore(_ options: RootOptions) throws -> TaskStore {
    try open(options) { root throws(Diagnostic) in try TaskStore(root: root) }
}

private func open<T>(_ options: RootOptions, with body: (URL) throws(Diagnostic) -> T) throws -> T {
    let root = URL(fileURLWithPath: options.root, isDirectory: true)
    guard FileManager.default.fileExists(atPath: root.appending(path: "content").path) else {
        try report([Diagnostic(path: options.root, message: "no content/ folder here; pass --root with the team's folder")])
        throw ExitCode.failure
    }
    do throws(Diagnostic) {
        return try body(root)
    } catch {
        try report([error])
        throw ExitCode.failure
    }
}

/// Prints every diagnostic on standard error; fails once, at the end, when any is an error.
func report(_ diagnostics: [Diagnostic], whenFailing note: String = "") throws {
    for diagnostic in diagnostics {
        FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
    }
    let errors = diagnostics.filter { $0.severity == .error }.count
    if errors > 0 {
        FileHandle.standardError.write(Data("\(errors) error(s)\(note)\n".utf8))
        throw ExitCode.failure
    }
}
