#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Workspace

/// `content/tasks/`: plan files named by date, `routines.yaml` and the journal.
struct TasksFolder: Sendable {
    let workspace: Workspace
    var url: URL { workspace.tasks }

    var journal: Journal {
        let url = url.appending(path: Journal.fileName)
        return Journal(url: url, displayPath: workspace.displayPath(url))
    }

    func displayPath(_ name: String) -> String { workspace.displayPath(url.appending(path: name)) }

    /// The folder's own display path (`content/tasks`): a file in it is shown as this, `/` and its name.
    var displayPath: String { workspace.displayPath(url) }

    func planURL(_ day: Day) -> URL { url.appending(path: "\(day).yaml") }

    /// What `list()` finds.
    struct Listing {
        /// Plan files by date, oldest first.
        var plans: [(name: String, day: Day)] = []
        var hasRoutines = false
        /// YAML files whose names are not dates.
        var badNames: [String] = []
        /// The fingerprint of each plan file and of `routines.yaml`, by name.
        var fingerprints: [String: OpenIndex.Fingerprint] = [:]
        /// When the fingerprints were taken (`FileTime.now` just before): for `Fingerprint.settled(at:)`.
        var statedAt = 0
    }

    /// The folder's files, read with `readdir` and stated relative to the folder: a tick lists a year
    /// of plan files, and this keeps that to a fraction of a millisecond.
    func list() -> Listing {
        var listing = Listing()
        listing.statedAt = FileTime.now
        guard let directory = opendir(url.path) else { return listing }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            if name == RoutinesFile.fileName {
                listing.hasRoutines = true
            } else if let day = PlanFile.date(fromFileName: name) {
                listing.plans.append((name, day))
            } else {
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { listing.badNames.append(name) }
                continue
            }
            listing.fingerprints[name] = OpenIndex.Fingerprint(directory: descriptor, name: name)
        }
        listing.plans.sort { $0.day < $1.day }
        listing.badNames.sort()
        return listing
    }
}
