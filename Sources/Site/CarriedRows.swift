import Planner
import Synchronization

/// The rows of tasks carried over from day to day, each rendered once and copied onto every sheet
/// that shows it.
///
/// A task left open is a focus item on every later sheet until it is closed, and its row there is the
/// same each day but for how long it has been carried (`{{carried}}`): a year of sheets holds 20,000
/// such rows for a few hundred tasks. So the first time a carried row is needed it is rendered with a
/// marker for that text and cut at the marker; later sheets join the pieces with their own text.
/// This gives Mustache's bytes only while the templates do nothing with a value but print it or test
/// it (`Templates.fillsFrames`), the text needs no escaping, and the task's texts hold no marker.
final class CarriedRows: Sendable {
    /// What stands for the carried text in the first rendering (Unicode noncharacters: never in text).
    static let marker = "\(markerStart)carried\(Unicode.Scalar(0xFDD3)!)"
    private static let markerStart = Unicode.Scalar(0xFDD2)!
    private static let markerBytes = Array(marker.utf8)

    /// Everything a carried row shows but the carried text (a done row shows when it was done, as
    /// seen from the sheet's day: those are not kept). The task is one of the sheets' (so its
    /// identity stands for its fields) and the anchor is the one it has on the sheet.
    struct Key: Equatable {
        let task: ObjectIdentifier
        let planned: Day
        let carriedFrom: Day
        let status: TaskStatus
        let isRoutine: Bool
        let reason: String?
        let reasonBy: String?
        let anchor: String

        /// Whether `key` is the key of `entry`'s row with `anchor`, both compared where they are:
        /// making or copying a key for each of a year's 20,000 carried rows counted its texts.
        static func matches(_ key: UnsafePointer<Key>, _ entry: UnsafePointer<DaySheet.Entry>, anchor: String) -> Bool {
            key.pointee.task == entry.pointee.task.identity && key.pointee.planned == entry.pointee.planned
                && key.pointee.carriedFrom == entry.pointee.carriedFrom && key.pointee.status == entry.pointee.status
                && key.pointee.isRoutine == entry.pointee.isRoutine && key.pointee.reason == entry.pointee.reason
                && key.pointee.reasonBy == entry.pointee.reasonBy && key.pointee.anchor == anchor
        }
    }

    private let rows = Mutex(Table())

    /// The kept rows by key: open addressing over a cheap mix of the key's numbers (a dictionary
    /// hashed every lookup with SipHash, 20,000 times in a year of sheets).
    ///
    /// Each row is kept as its bytes cut at its count of days carried, the text around the count
    /// (`Words.carriedParts(from:)`) already joined to the pieces: for one day, and for more. All
    /// rows' pieces lie in one run of bytes: a row's own arrays were counted as each was copied.
    struct Table {
        private var slots = HashSlots()
        private var keys: [Key] = []
        /// Every piece of every kept row, one after another.
        private var bytes: [UInt8] = []
        /// Where each piece ends in `bytes` (and the next one starts).
        private var ends: [Int] = []
        /// Each row's pieces in `ends`: for one day, and for more.
        private var rows: [(one: Range<Int>, many: Range<Int>)] = []

        /// The task's identity, days and status mixed (the texts are compared, not hashed).
        static func hash(task: ObjectIdentifier, planned: Day, carriedFrom: Day, status: TaskStatus) -> UInt64 {
            var hash = UInt64(UInt(bitPattern: task))
            hash = (hash ^ UInt64(bitPattern: Int64(planned.number &* 8 &+ carriedFrom.number))) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ (hash >> 29) ^ UInt64(status.number + 1)) &* 0xBF58_476D_1CE4_E5B9
            return hash ^ (hash >> 32)
        }

        static func hash(_ key: Key) -> UInt64 {
            hash(task: key.task, planned: key.planned, carriedFrom: key.carriedFrom, status: key.status)
        }

        /// The number of the row kept for the key with `hash` for which `matches` holds, if any.
        /// (Mutating: called on the table inside its lock, a reading one copied the table first.)
        mutating func find(_ hash: UInt64, where matches: (UnsafePointer<Key>) -> Bool) -> Int? {
            // Compared where it is: a copy of a key counted its texts.
            keys.withUnsafeBufferPointer { keys in slots.find(hash) { matches(keys.baseAddress! + $0) } }
        }

        /// Keeps the pieces of `key`'s row, `one` for one day and `many` for more, unless a row is
        /// kept for it already; returns the row's number.
        mutating func insert(one: [[UInt8]], many: [[UInt8]], for key: Key) -> Int {
            let hash = Self.hash(key)
            if let number = find(hash, where: { $0.pointee == key }) { return number }
            func add(_ pieces: [[UInt8]]) -> Range<Int> {
                for piece in pieces {
                    bytes += piece
                    ends.append(bytes.count)
                }
                return (ends.count - pieces.count)..<ends.count
            }
            rows.append((add(one), add(many)))
            slots.add(hash)
            keys.append(key)
            return keys.count - 1
        }

        /// Appends row `number` with `days` written between its pieces: only the count is written,
        /// a string made for each of a year's 20,000 carried rows cost more than copying the row.
        /// The row is put together in `scratch`'s memory first and appended at once: each append
        /// checks the room.
        func join(_ number: Int, days: Int, into output: inout [UInt8], scratch: RowValues) {
            let pieces = days == 1 ? rows[number].one : rows[number].many
            bytes.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in
                    RowValues.withDigits(of: days) { digits in
                        let first = pieces.lowerBound == 0 ? 0 : ends[pieces.lowerBound - 1]
                        let room = ends[pieces.upperBound - 1] - first + (pieces.count - 1) * digits.count
                        scratch.withScratch(room: room) { row in
                            var (start, at) = (first, 0)
                            for piece in pieces {
                                if piece > pieces.lowerBound {
                                    (row + at).update(from: digits.baseAddress!, count: digits.count)
                                    at += digits.count
                                }
                                (row + at).update(from: bytes.baseAddress! + start, count: ends[piece] - start)
                                (at, start) = (at + ends[piece] - start, ends[piece])
                            }
                            output.append(contentsOf: UnsafeBufferPointer(start: row, count: room))
                        }
                    }
                }
            }
        }
    }

    init() {}

    /// Whether `entry`'s row can be kept: carried, and not done (it has a `Key`).
    static func isKept(_ entry: UnsafePointer<DaySheet.Entry>) -> Bool {
        entry.pointee.carriedFrom != nil && entry.pointee.status != .done
    }

    /// Whether the carried text can be placed as it is: escaping leaves it alone.
    static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
    }

    /// Whether any of the texts an entry's row shows (`playbookLabel`: what its playbook link is
    /// called) holds the marker's first character.
    static func holdsMarker(_ entry: UnsafePointer<DaySheet.Entry>, playbookLabel: String?) -> Bool {
        let task = entry.pointee.task
        let texts = [task.id, task.title, task.owner, task.by, task.outcome, task.playbook, task.due, task.notes,
                     entry.pointee.reason, entry.pointee.reasonBy, playbookLabel]
        return texts.contains { $0?.unicodeScalars.contains(markerStart) == true }
    }

    /// Appends the row of `entry` (`isKept(_:)`) with `anchor`, its carried text
    /// (`Words.carried(days:from:)` of its days) in place of the marker; false when it is not kept yet.
    /// `scratch` lends its memory (`RowValues.withScratch`).
    func append(
        _ entry: UnsafePointer<DaySheet.Entry>, anchor: String, to output: inout [UInt8], scratch: RowValues
    ) -> Bool {
        let hash = Table.hash(
            task: entry.pointee.task.identity, planned: entry.pointee.planned, carriedFrom: entry.pointee.carriedFrom!,
            status: entry.pointee.status)
        let days = entry.pointee.daysCarried
        return rows.withLock { table in
            // Written inside the lock: the row's pieces are not copied out of the table.
            guard let number = table.find(hash, where: { Key.matches($0, entry, anchor: anchor) }) else { return false }
            table.join(number, days: days, into: &output, scratch: scratch)
            return true
        }
    }

    /// Keeps `rendered` (the row of `key` with the marker for the carried text) and appends it as
    /// `append(_:anchor:to:)` does.
    func keep(
        _ key: Key, rendered: [UInt8], days: Int, words: Words, into output: inout [UInt8], scratch: RowValues
    ) {
        let pieces = Self.pieces(of: rendered)
        let parts = words.carriedParts(from: key.carriedFrom)
        func joined(after: String) -> [[UInt8]] {
            pieces.indices.map { index in
                (index > 0 ? Array(after.utf8) : []) + pieces[index]
                    + (index + 1 < pieces.count ? Array(parts.before.utf8) : [])
            }
        }
        let (one, many) = (joined(after: parts.afterOne), joined(after: parts.afterMany))
        rows.withLock { table in
            let number = table.insert(one: one, many: many, for: key)
            table.join(number, days: days, into: &output, scratch: scratch)
        }
    }

    /// `rendered` cut at every marker.
    static func pieces(of rendered: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        let marker = markerBytes
        while index + marker.count <= rendered.count {
            if rendered[index] == marker[0], rendered[index..<(index + marker.count)].elementsEqual(marker) {
                pieces.append(Array(rendered[start..<index]))
                index += marker.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(rendered[start...]))
        return pieces
    }
}

extension CarriedRows.Key {
    /// The key of `entry`'s row with `anchor` (`CarriedRows.isKept(_:)` holds for it).
    init(_ entry: UnsafePointer<DaySheet.Entry>, anchor: String) {
        self.init(
            task: entry.pointee.task.identity, planned: entry.pointee.planned, carriedFrom: entry.pointee.carriedFrom!,
            status: entry.pointee.status, isRoutine: entry.pointee.isRoutine, reason: entry.pointee.reason,
            reasonBy: entry.pointee.reasonBy, anchor: anchor)
    }
}
