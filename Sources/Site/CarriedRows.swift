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
    }

    /// Each row's bytes cut at its count of days carried, the text around the count
    /// (`Words.carriedParts(from:)`) already joined to the pieces: for one day, and for more.
    struct Kept {
        let one: [[UInt8]]
        let many: [[UInt8]]
    }

    private let rows = Mutex(Table())

    /// The kept rows by key: open addressing over a cheap mix of the key's numbers (a dictionary
    /// hashed every lookup with SipHash, 20,000 times in a year of sheets).
    struct Table {
        private var slots = HashSlots()
        private var keys: [Key] = []
        private var rows: [Kept] = []

        /// The task's identity, days and status mixed (the texts are compared, not hashed).
        static func hash(_ key: Key) -> UInt64 {
            let status = UInt64(key.status.number + 1)
            var hash = UInt64(UInt(bitPattern: key.task))
            hash = (hash ^ UInt64(bitPattern: Int64(key.planned.number &* 8 &+ key.carriedFrom.number))) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ (hash >> 29) ^ status) &* 0xBF58_476D_1CE4_E5B9
            return hash ^ (hash >> 32)
        }

        /// The row kept for `key`, if any. (Mutating: called on the table inside its lock, a
        /// reading one copied the table first.)
        mutating func find(_ key: Key) -> Kept? {
            // Compared where it is: a copy of a key counted its texts.
            slots.find(Self.hash(key)) { index in keys.withUnsafeBufferPointer { $0[index] == key } }.map { rows[$0] }
        }

        /// Keeps `kept` for `key`, unless a row is kept for it already.
        mutating func insert(_ kept: Kept, for key: Key) {
            guard find(key) == nil else { return }
            slots.add(Self.hash(key))
            keys.append(key)
            rows.append(kept)
        }
    }

    init() {}

    /// The key of `entry`'s row with `anchor`, when it can be kept: carried, not done, and with no
    /// text holding the marker.
    static func key(of entry: UnsafePointer<DaySheet.Entry>, anchor: String) -> Key? {
        guard let from = entry.pointee.carriedFrom, entry.pointee.status != .done else { return nil }
        return Key(
            task: entry.pointee.task.identity, planned: entry.pointee.planned, carriedFrom: from,
            status: entry.pointee.status, isRoutine: entry.pointee.isRoutine, reason: entry.pointee.reason,
            reasonBy: entry.pointee.reasonBy, anchor: anchor)
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

    /// Appends the row of `key` with its carried text (`Words.carried(days:from:)` of `days` and
    /// the key's day) in place of the marker; false when it is not kept yet.
    func append(_ key: Key, days: Int, to output: inout [UInt8]) -> Bool {
        guard let kept = rows.withLock({ $0.find(key) }) else { return false }
        Self.join(kept, days: days, into: &output)
        return true
    }

    /// Keeps `rendered` (the row of `key` with the marker for the carried text) and appends it as
    /// `append(_:days:to:)` does.
    func keep(_ key: Key, rendered: [UInt8], days: Int, words: Words, into output: inout [UInt8]) {
        let pieces = Self.pieces(of: rendered)
        let parts = words.carriedParts(from: key.carriedFrom)
        func joined(after: String) -> [[UInt8]] {
            pieces.indices.map { index in
                (index > 0 ? Array(after.utf8) : []) + pieces[index]
                    + (index + 1 < pieces.count ? Array(parts.before.utf8) : [])
            }
        }
        let kept = Kept(one: joined(after: parts.afterOne), many: joined(after: parts.afterMany))
        rows.withLock { $0.insert(kept, for: key) }
        Self.join(kept, days: days, into: &output)
    }

    /// Only the count is written between the pieces: a string made for each of a year's 20,000
    /// carried rows cost more than copying the row.
    private static func join(_ kept: Kept, days: Int, into output: inout [UInt8]) {
        let pieces = days == 1 ? kept.one : kept.many
        output += pieces[0]
        for piece in pieces.dropFirst() {
            appendDigits(of: days, to: &output)
            output += piece
        }
    }

    /// `String(number)`'s bytes.
    static func appendDigits(of number: Int, to output: inout [UInt8]) {
        guard number >= 0 else {
            output += String(number).utf8
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var first = buffer.count
            var rest = number
            repeat {
                first -= 1
                buffer[first] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[first...]).assumingMemoryBound(to: UInt8.self))
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
