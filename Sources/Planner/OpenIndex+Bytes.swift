import Workspace

/// The index on disk: a magic line, the version, then every field as `ByteWriter` values.
///
/// A tick reads it on every run, so it is bytes, not JSON: decoding the JSON of a week's tasks was
/// most of a tick's time after process start-up.
extension OpenIndex {
    static let magic = Array("opsbook open-task index\n".utf8)

    /// The site settings it was written with, without decoding the rest.
    static func site(in bytes: [UInt8]) -> SiteCopy? {
        var reader = ByteReader(bytes)
        return try? readHeader(&reader)
    }

    var bytes: [UInt8] {
        var writer = ByteWriter()
        writer.write(bytes: Self.magic)
        writer.write(Self.currentVersion)
        writer.write(site != nil)
        if let site {
            site.settings.write(to: &writer)
            site.fingerprint.write(to: &writer)
        }
        writer.write(horizon.number)
        writer.write(files.count)
        for (name, print) in files.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            print.write(to: &writer)
        }
        writer.write(olderFiles)
        writer.write(journal.inode)
        writer.write(journal.offset)
        writer.write(journal.lines)
        writer.write(bytes: journal.tail)
        writer.write(plans.count)
        for plan in plans {
            writer.write(plan.day.number)
            writer.write(plan.tasks.count)
            for task in plan.tasks { task.write(to: &writer) }
        }
        writer.write(routines.count)
        for routine in routines { routine.write(to: &writer) }
        writer.write(events.count)
        for event in events { event.write(to: &writer) }
        return writer.bytes
    }

    /// Decodes what `bytes` wrote.
    ///
    /// - Throws: when the bytes are not an index of this version, or are cut short.
    init(bytes: [UInt8]) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        site = try Self.readHeader(&reader)
        horizon = Day(number: try reader.readInt())
        files = [:]
        for _ in 0..<(try reader.readCount()) {
            let name = try reader.readString()
            files[name] = try Fingerprint(from: &reader)
        }
        olderFiles = try reader.readUInt64()
        journal = JournalMark(
            inode: try reader.readUInt64(), offset: try reader.readInt(), lines: try reader.readInt(),
            tail: try reader.readBytes())
        plans = []
        for _ in 0..<(try reader.readCount()) {
            let day = Day(number: try reader.readInt())
            var tasks: [PlannedTask] = []
            for _ in 0..<(try reader.readCount()) { tasks.append(try PlannedTask(from: &reader)) }
            plans.append(PlanDay(day: day, tasks: tasks))
        }
        routines = []
        for _ in 0..<(try reader.readCount()) { routines.append(try Routine(from: &reader)) }
        events = []
        for _ in 0..<(try reader.readCount()) { events.append(try JournalEvent(from: &reader)) }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }

    /// Checks the magic and the version, and reads the site settings.
    private static func readHeader(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> SiteCopy? {
        guard try reader.readBytes() == magic, try reader.readInt() == currentVersion else { throw ByteReader.Malformed() }
        guard try reader.readBool() else { return nil }
        return SiteCopy(settings: try SiteSettings(from: &reader), fingerprint: try Fingerprint(from: &reader))
    }
}

extension ByteWriter {
    mutating func write(_ value: UInt64) { write(Int(Int64(bitPattern: value))) }
}

extension ByteReader {
    mutating func readUInt64() throws(Malformed) -> UInt64 { UInt64(bitPattern: Int64(try readInt())) }
}

extension OpenIndex.Fingerprint {
    func write(to writer: inout ByteWriter) {
        writer.write(size)
        writer.write(seconds)
        writer.write(nanoseconds)
        writer.write(inode)
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        size = try reader.readInt()
        seconds = try reader.readInt()
        nanoseconds = try reader.readInt()
        inode = try reader.readUInt64()
    }
}

extension PlannedTask {
    func write(to writer: inout ByteWriter) {
        // As one run: the open-task index can hold thousands of tasks.
        let size = ByteRun.size(of: id) + ByteRun.size(of: title) + ByteRun.size(of: owner) + ByteRun.size(of: by) + 16
            + ByteRun.size(of: outcome) + ByteRun.size(of: playbook) + ByteRun.size(of: due) + ByteRun.size(of: notes)
        writer.writeRun(size: size) { run in
            run.write(id)
            run.write(title)
            run.write(owner)
            run.write(by)
            run.write(quadrant.rawValue)
            run.write(priority)
            run.write(outcome)
            run.write(playbook)
            run.write(due)
            run.write(notes)
        }
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        let (id, title, owner, by) = (try reader.readString(), try reader.readString(), try reader.readString(), try reader.readString())
        guard let quadrant = Quadrant(rawValue: try reader.readInt()) else { throw ByteReader.Malformed() }
        let (priority, outcome) = (try reader.readInt(), try reader.readString())
        self.init(
            id: id, title: title, owner: owner, by: by, quadrant: quadrant, priority: priority, outcome: outcome,
            playbook: try reader.readOptionalString(), due: try reader.readOptionalString(),
            notes: try reader.readOptionalString())
    }
}

extension Routine {
    func write(to writer: inout ByteWriter) {
        task.write(to: &writer)
        switch every {
        case .daily: writer.write(0)
        case .weekdays: writer.write(1)
        case .days(let weekdays):
            writer.write(2)
            writer.write(weekdays.sorted().map(String.init))
        case .monthly(let days):
            writer.write(3)
            writer.write(days.sorted().map(String.init))
        }
        writer.write(from?.number)
        writer.write(until?.number)
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        task = try PlannedTask(from: &reader)
        switch try reader.readInt() {
        case 0: every = .daily
        case 1: every = .weekdays
        case 2: every = .days(of: Set(try reader.readStrings().compactMap { Int($0) }))
        case 3: every = .monthly(on: Set(try reader.readStrings().compactMap { Int($0) }))
        default: throw ByteReader.Malformed()
        }
        from = try reader.readOptionalInt().map(Day.init(number:))
        until = try reader.readOptionalInt().map(Day.init(number:))
    }
}

extension JournalEvent {
    func write(to writer: inout ByteWriter) {
        writer.write(at.seconds)
        writer.write(at.offset)
        writer.write(day.number)
        writer.write(action.rawValue)
        writer.write(task.planned.number)
        writer.write(task.id)
        writer.write(who)
        writer.write(reason)
    }

    init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        at = Timestamp(seconds: try reader.readInt(), offset: try reader.readInt())
        day = Day(number: try reader.readInt())
        guard let action = Action(rawValue: try reader.readString()) else { throw ByteReader.Malformed() }
        self.action = action
        task = TaskKey(planned: Day(number: try reader.readInt()), id: try reader.readString())
        who = try reader.readString()
        reason = try reader.readOptionalString()
    }
}
