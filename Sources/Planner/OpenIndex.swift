#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Workspace

/// A machine-local cache (`content/tasks/.cache/open-tasks.bin`, ignored by git) that lets `done`
/// and `today` skip the history: the tasks planned since `horizon` with their ticks, the tasks
/// planned before it that are still open, the routines, how far the journal has been folded, and the
/// site settings.
///
/// It is only ever a copy: every plan file's size and modification time and the journal's inode,
/// folded length and last bytes are checked on each use; anything unexpected (an old plan edited,
/// the journal rewritten by a merge, a tick on a task the index dropped) rebuilds it from the files.
struct OpenIndex {
    static let currentVersion = 3
    /// How many days before the sheet's day are kept whole.
    static let window = 7

    /// `site.yaml`'s settings as they were when its fingerprint was taken; nil when not known.
    var site: SiteCopy?
    var horizon: Day
    /// Plan files from `horizon` on, and routines: each re-read on its own when it changes.
    var files: [String: Fingerprint]
    /// One digest of every older plan file: any change there rebuilds the index.
    var olderFiles: UInt64
    var journal: JournalMark
    var plans: [PlanDay]
    var routines: [Routine]
    var events: [JournalEvent]

    struct PlanDay {
        var day: Day
        var tasks: [PlannedTask]
    }

    struct JournalMark: Equatable {
        var inode: UInt64 = 0
        /// Bytes folded so far (always at the end of a line).
        var offset: Int = 0
        var lines: Int = 0
        /// The bytes just before `offset`, to notice a rewritten file.
        var tail: [UInt8] = []
    }

    /// A file's identity for change detection.
    struct Fingerprint: Equatable, Sendable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        /// The fingerprint of the file `name` in the open folder `directory`.
        init?(directory: Int32, name: String) {
            var info = stat()
            guard fstatat(directory, name, &info, 0) == 0 else { return nil }
            self.init(info)
        }

        private init(_ info: stat) {
            size = Int(info.st_size)
            #if canImport(Darwin)
                seconds = Int(info.st_mtimespec.tv_sec)
                nanoseconds = Int(info.st_mtimespec.tv_nsec)
            #else
                seconds = Int(info.st_mtim.tv_sec)
                nanoseconds = Int(info.st_mtim.tv_nsec)
            #endif
            inode = UInt64(info.st_ino)
        }

        /// This fingerprint when its time is settled at `now` (`FileTime`); else the same with a
        /// nanosecond count no file has, which matches no fingerprint taken later.
        func settled(at now: Int) -> Fingerprint {
            guard !FileTime.isSettled(seconds * 1_000_000_000 + nanoseconds, statedAt: now) else { return self }
            var unsettled = self
            unsettled.nanoseconds = -1
            return unsettled
        }
    }

    /// Settings read from `site.yaml` and the file's fingerprint taken before reading it.
    struct SiteCopy: Sendable {
        var settings: SiteSettings
        var fingerprint: Fingerprint
    }

    var ledger: Ledger {
        var ledger = Ledger()
        for plan in plans { ledger.plans[plan.day] = plan.tasks }
        ledger.routines = routines
        for event in events { ledger.record(event) }
        return ledger
    }

    /// Keeps what sheets from `horizon` on need: drops tasks planned before it that were closed
    /// before it, and routine ticks from before it.
    static func pruned(_ ledger: Ledger, horizon: Day) -> Ledger {
        var kept = Ledger()
        kept.routines = ledger.routines
        let eve = horizon.adding(days: -1)
        for (day, tasks) in ledger.plans {
            let open = day >= horizon ? tasks : tasks.filter { !ledger.standing(of: TaskKey(planned: day, id: $0.id), through: eve).status.isClosed }
            if !open.isEmpty { kept.plans[day] = open }
        }
        for (key, events) in ledger.events {
            let planned = kept.plans[key.planned]?.contains { $0.id == key.id } == true
            let routine = key.planned >= horizon && ledger.routines.contains { $0.task.id == key.id }
            if planned || routine { for event in events { kept.record(event) } }
        }
        return kept
    }

    /// Splits `fingerprints` at `horizon`: recent files one by one, older ones as one digest.
    static func split(_ fingerprints: [String: Fingerprint], horizon: Day) -> (recent: [String: Fingerprint], older: UInt64) {
        var recent: [String: Fingerprint] = [:]
        var digest: UInt64 = 14_695_981_039_346_656_037
        func mix(_ value: UInt64) { digest = (digest ^ value) &* 1_099_511_628_211 }
        for (name, print) in fingerprints.sorted(by: { $0.key < $1.key }) {
            if let day = PlanFile.date(fromFileName: name), day < horizon {
                mix(UInt64(bitPattern: Int64(day.number)))
                mix(UInt64(print.size))
                mix(UInt64(bitPattern: Int64(print.seconds)))
                mix(UInt64(bitPattern: Int64(print.nanoseconds)))
                mix(print.inode)
            } else {
                recent[name] = print
            }
        }
        return (recent, digest)
    }

    init(ledger: Ledger, horizon: Day, files: [String: Fingerprint], journal: JournalMark, site: SiteCopy?) {
        // A file changed within the last second can change again and keep its fingerprint
        // (`FileTime`): it is kept with one no file has, so the next command reads it again.
        let now = FileTime.now
        self.site = site.map { SiteCopy(settings: $0.settings, fingerprint: $0.fingerprint.settled(at: now)) }
        self.horizon = horizon
        (self.files, olderFiles) = Self.split(files.mapValues { $0.settled(at: now) }, horizon: horizon)
        self.journal = journal
        plans = ledger.plans.map { PlanDay(day: $0.key, tasks: $0.value) }.sorted { $0.day < $1.day }
        routines = ledger.routines
        events = ledger.events.values.flatMap { $0 }
    }
}
