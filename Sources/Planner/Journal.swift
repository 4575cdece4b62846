#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Workspace

/// One tick: who did what to which task, when, on which day's sheet, and why.
///
/// In the journal it is one line of tab-separated fields:
/// `at  day  event  planned  id  who  reason` — for example
/// `2026-11-25T18:02:11+08:00  2026-11-25  not-done  2026-11-25  1125-2  小王  等供应商回复`.
public struct JournalEvent: Sendable, Hashable {
    /// What a tick does to a task.
    public enum Action: String, Sendable, CaseIterable {
        case done
        case notDone = "not-done"
        case reopen
        case drop

        /// The action a journal line's field names, read from its bytes (`allCases` made an array
        /// per line).
        init?(utf8 field: UnsafeBufferPointer<UInt8>) {
            func named(_ name: StaticString) -> Bool {
                name.utf8CodeUnitCount == field.count && name.withUTF8Buffer { $0.elementsEqual(field) }
            }
            if named("done") {
                self = .done
            } else if named("not-done") {
                self = .notDone
            } else if named("drop") {
                self = .drop
            } else if named("reopen") {
                self = .reopen
            } else {
                return nil
            }
        }

        /// Not-done and drop need a reason.
        public var needsReason: Bool { self == .notDone || self == .drop }

        /// Where a task stands after this tick.
        var status: TaskStatus {
            switch self {
            case .done: .done
            case .notDone: .notDone
            case .drop: .dropped
            case .reopen: .todo
            }
        }
    }

    public var at: Timestamp
    /// The day whose sheet the tick was made on (`--date`).
    public var day: Day
    public var action: Action
    public var task: TaskKey
    public var who: String
    public var reason: String?

    public init(at: Timestamp, day: Day, action: Action, task: TaskKey, who: String, reason: String?) {
        self.init(at: at, day: day, action: action, task: task, cleanWho: Self.clean(who), reason: reason)
    }

    /// `who` already cleaned (`clean(_:)`).
    private init(at: Timestamp, day: Day, action: Action, task: TaskKey, cleanWho who: String, reason: String?) {
        self.at = at
        self.day = day
        self.action = action
        self.task = task
        self.who = who
        self.reason = reason.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The event as one journal line, ending in a newline.
    public var line: String {
        [at.description, day.description, action.rawValue, task.planned.description, task.id, who, reason ?? ""]
            .joined(separator: "\t") + "\n"
    }

    /// Tabs and line breaks would split the line: they become spaces.
    static func clean(_ text: String) -> String {
        // Most names and reasons need nothing: no control byte, no byte that can start U+0085,
        // U+2028 or U+2029, and no space at either end (checked over the wider `isWhitespace`).
        // Its bytes read in place, in one pass (through the string's views, a call per byte).
        var bytes = text
        let plain = bytes.withUTF8 { utf8 -> Bool in
            guard let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20,
                !utf8.contains(where: { $0 < 0x20 || $0 == 0xC2 || $0 == 0xE2 })
            else { return false }
            // U+3000 and U+1680, the other spaces: at the ends they are trimmed.
            func isWideSpace(_ at: Int) -> Bool {
                at >= 0 && at + 3 <= utf8.count
                    && (utf8[at] == 0xE3 && utf8[at + 1] == 0x80 && utf8[at + 2] == 0x80
                        || utf8[at] == 0xE1 && utf8[at + 1] == 0x9A && utf8[at + 2] == 0x80)
            }
            return !isWideSpace(0) && !isWideSpace(utf8.count - 3)
        }
        if plain { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
    }

    /// The days and names the last lines read, by their bytes: a journal's lines name the same
    /// few days and people again and again, and reading each date again was a third of a line.
    struct Recent {
        private var days: [(bytes: (UInt64, UInt16), day: Day)] = []
        private var nextDay = 0
        private var name: (bytes: [UInt8], text: String) = ([], "")

        /// The day of the ten bytes `bytes` (`Day(utf8:)`), kept with three others.
        mutating func day(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
            guard bytes.count == 10, let base = bytes.baseAddress else { return Day(utf8: bytes) }
            let raw = UnsafeRawPointer(base)
            let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
            for index in days.indices where days[index].bytes == key { return days[index].day }
            guard let day = Day(utf8: bytes) else { return nil }
            if days.count < 4 {
                days.append((key, day))
            } else {
                days[nextDay] = (key, day)
                nextDay = (nextDay + 1) % 4
            }
            return day
        }

        /// `bytes` as a string, cleaned (`clean(_:)`): the last one made again when the bytes are
        /// the same (compared with `memcmp`: through the collections, a call per byte).
        mutating func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            let same =
                name.bytes.count == bytes.count
                && name.bytes.withUnsafeBufferPointer { known in
                    guard let first = known.baseAddress, let other = bytes.baseAddress else { return known.isEmpty }
                    return memcmp(first, other, known.count) == 0
                }
            if same { return name.text }
            name = (Array(bytes), JournalEvent.clean(String(decoding: bytes, as: UTF8.self)))
            return name.text
        }
    }

    /// Parses a well-formed event line (without its newline) from its bytes; nil for anything else
    /// (a blank or `#` comment line, a line with a problem), which `parse(_:lineNumber:path:words:)`
    /// then reads. A year's journal is 11,600 lines: making a string of each and splitting it into
    /// an array of fields was most of the cost of reading it. `recent` holds the days and names of
    /// the lines before it.
    static func parse(utf8 line: UnsafeBufferPointer<UInt8>, recent: inout Recent) -> JournalEvent? {
        guard line.first != UInt8(ascii: "#"), let base = line.baseAddress else { return nil }
        // Where the next field starts: read by pointers (slices of the line checked their bounds
        // at each field).
        var start = 0
        /// The field up to the next tab; nil when there is no tab left.
        func field() -> UnsafeBufferPointer<UInt8>? {
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\t")), line.count - start) else { return nil }
            let tab = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            defer { start = tab + 1 }
            return UnsafeBufferPointer(start: base + start, count: tab - start)
        }
        guard let atField = field(), let dayField = field(), let actionField = field(), let plannedField = field(),
            let idField = field(), let who = field(), field() == nil
        else { return nil }
        let reason = UnsafeBufferPointer(start: base + start, count: line.count - start)
        guard let at = Timestamp(utf8: atField, readDay: { recent.day($0) }), let day = recent.day(dayField),
            let planned = recent.day(plannedField), let action = Action(utf8: actionField)
        else { return nil }
        let id = String(decoding: idField, as: UTF8.self)
        guard PlannedTask.isValidID(id), !who.isEmpty, !action.needsReason || !reason.isEmpty else { return nil }
        return JournalEvent(
            at: at, day: day, action: action, task: TaskKey(planned: planned, id: id), cleanWho: recent.name(who),
            reason: reason.isEmpty ? nil : String(decoding: reason, as: UTF8.self))
    }

    /// Parses one line (without its newline); nil for a blank or `#` comment line.
    static func parse(_ line: Substring, lineNumber: Int, path: String, words: Words) throws(Diagnostic)
        -> JournalEvent?
    {
        if line.isEmpty || line.hasPrefix("#") { return nil }
        // Split on bytes: a tab is always a field's end, and splitting by characters was most of
        // reading a year's journal.
        let fields = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { Substring($0) }
        func fail(_ problem: String, field: Int = 0) -> Diagnostic {
            let column = fields.prefix(field).reduce(1) { $0 + $1.count + 1 }
            return Diagnostic(path: path, line: lineNumber, column: column, message: words.badJournalLine(problem))
        }
        guard fields.count == 7 else { throw fail("expected 7 tab-separated fields, found \(fields.count)") }
        guard let at = Timestamp(fields[0]) else { throw fail("'\(fields[0])' is not a time like 2026-11-26T09:12:03+08:00") }
        guard let day = Day(fields[1]) else { throw fail("'\(fields[1])' is not a date", field: 1) }
        guard let action = Action(rawValue: String(fields[2])) else {
            throw fail("unknown event '\(fields[2])' (done, not-done, reopen, drop)", field: 2)
        }
        guard let planned = Day(fields[3]) else { throw fail("'\(fields[3])' is not a date", field: 3) }
        let id = String(fields[4])
        guard PlannedTask.isValidID(id) else { throw fail("'\(id)' is not an id", field: 4) }
        guard !fields[5].isEmpty else { throw fail("no name of who ticked", field: 5) }
        let reason = fields[6].isEmpty ? nil : String(fields[6])
        if action.needsReason, reason == nil { throw fail("\(action.rawValue) without a reason", field: 6) }
        return JournalEvent(
            at: at, day: day, action: action, task: TaskKey(planned: planned, id: id), who: String(fields[5]),
            reason: reason)
    }
}

/// The append-only journal of ticks, `content/tasks/journal.log`. State is the fold of its lines.
///
/// Appends take an exclusive `flock` and write each event with a single `write(2)` on a file opened
/// with `O_APPEND`, so processes ticking at once are all recorded and a tick is wholly there or not.
/// Git merges two clones' journals line by line (`merge=union` in `content/tasks/.gitattributes`).
public struct Journal: Sendable {
    public static let fileName = "journal.log"
    static let header = "# opsbook journal: at\tday\tevent\tplanned\tid\twho\treason\n"

    public let url: URL
    public let displayPath: String

    public init(url: URL, displayPath: String) {
        self.url = url
        self.displayPath = displayPath
    }

    /// The events in `bytes`, complete lines only; a last line without its newline is left for later
    /// (it may be a write still in progress).
    ///
    /// - Returns: the events with their line numbers, and how many bytes and lines were consumed.
    static func parse(_ bytes: Data, firstLine: Int, path: String, words: Words) -> (
        events: [JournalEvent], lineNumbers: [Int], consumed: Int, lines: Int, diagnostics: [Diagnostic]
    ) {
        var events: [JournalEvent] = []
        var lineNumbers: [Int] = []
        var diagnostics: [Diagnostic] = []
        var lineNumber = firstLine
        var consumed = 0
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let base = buffer.bindMemory(to: UInt8.self)
            var start = 0
            var recent = JournalEvent.Recent()
            // Line ends found with `memchr`: a byte-by-byte search of a year's journal took longer.
            func lineEnd(from start: Int) -> Int? {
                guard start < base.count, let found = memchr(base.baseAddress! + start, 0x0A, base.count - start) else {
                    return nil
                }
                return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base.baseAddress!
            }
            while let end = lineEnd(from: start) {
                defer {
                    lineNumber += 1
                    start = end + 1
                }
                if let event = JournalEvent.parse(utf8: UnsafeBufferPointer(rebasing: base[start..<end]), recent: &recent) {
                    events.append(event)
                    lineNumbers.append(lineNumber)
                    continue
                }
                let line = String(decoding: base[start..<end], as: UTF8.self)
                do throws(Diagnostic) {
                    if let event = try JournalEvent.parse(line[...], lineNumber: lineNumber, path: path, words: words) {
                        events.append(event)
                        lineNumbers.append(lineNumber)
                    }
                } catch {
                    diagnostics.append(error)
                }
            }
            consumed = start
        }
        return (events, lineNumbers, consumed, lineNumber - firstLine, diagnostics)
    }

    /// Appends `event` under an exclusive lock, in one write.
    public func append(_ event: JournalEvent) throws(DiagnosticError) {
        try withLock { descriptor throws(DiagnosticError) in
            var text = event.line
            let size = lseek(descriptor, 0, SEEK_END)
            if size == 0 {
                text = Self.header + text
            } else if size > 0 {
                // A line left without its newline (a hand edit) must not swallow this one.
                var last: UInt8 = 0
                if pread(descriptor, &last, 1, size - 1) == 1, last != 0x0A { text = "\n" + text }
            }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count else {
                throw DiagnosticError([Diagnostic(path: displayPath, message: "cannot append: \(String(cString: strerror(errno)))")])
            }
        }
    }

    /// Runs `body` holding the journal's exclusive lock (the file is created when missing). Every
    /// change to `content/tasks/` takes it: ticks and assignments.
    public func withLock<T>(_ body: (Int32) throws(DiagnosticError) -> T) throws(DiagnosticError) -> T {
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DiagnosticError([Diagnostic(path: displayPath, message: "cannot open: \(String(cString: strerror(errno)))")])
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw DiagnosticError([Diagnostic(path: displayPath, message: "cannot lock: \(String(cString: strerror(errno)))")])
            }
        }
        return try body(descriptor)
    }
}
