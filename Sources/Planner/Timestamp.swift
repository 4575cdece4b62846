import Foundation

/// The moment a tick was recorded, written in the site's time zone with its offset
/// (`2026-11-26T09:12:03+08:00`) so the journal reads as local time and still sorts exactly.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int
    /// The offset from UTC, in seconds, it was written with.
    public let offset: Int

    public init(seconds: Int, offset: Int) {
        self.seconds = seconds
        self.offset = offset
    }

    /// `date` as seen in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        seconds = Int(date.timeIntervalSince1970.rounded(.down))
        offset = timeZone.secondsFromGMT(for: date)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z`).
    public init?(_ text: some StringProtocol) {
        let parsed =
            text.utf8.withContiguousStorageIfAvailable { Self(utf8: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { Self(utf8: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z`); `readDay` reads its first
    /// ten bytes (`Day(utf8:)` unless given).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>, readDay: (UnsafeBufferPointer<UInt8>) -> Day? = { Day(utf8: $0) }) {
        guard bytes.count >= 20, let day = readDay(UnsafeBufferPointer(rebasing: bytes[0..<10])) else { return nil }
        guard bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else {
            return nil
        }
        /// The number of the two digits at `at` and after it (every number here has two), read
        /// byte by byte: through a slice of the bytes, a journal line's five numbers cost more.
        func number(at: Int) -> Int? {
            let (tens, ones) = (bytes[at] &- 48, bytes[at + 1] &- 48)
            guard tens < 10, ones < 10 else { return nil }
            return Int(tens) * 10 + Int(ones)
        }
        guard let hour = number(at: 11), let minute = number(at: 14), let second = number(at: 17),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if bytes.count == 20, bytes[19] == UInt8(ascii: "Z") {
            offset = 0
        } else if bytes.count == 25, bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"),
            bytes[22] == UInt8(ascii: ":"), let hours = number(at: 20), let minutes = number(at: 23)
        {
            offset = (hours * 3600 + minutes * 60) * (bytes[19] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        self.offset = offset
        seconds = day.number * 86400 + hour * 3600 + minute * 60 + second - offset
    }

    /// The local day it falls on.
    public var day: Day { Day(number: Int((Double(seconds + offset) / 86400).rounded(.down))) }

    /// `HH:MM` in local time.
    public var timeOfDay: String {
        let local = seconds + offset - day.number * 86400
        let (hour, minute) = (local / 3600, local % 3600 / 60)
        guard (0..<100).contains(hour), (0..<60).contains(minute) else {
            return Day.twoDigits(hour) + ":" + Day.twoDigits(minute)
        }
        // Its five bytes written straight in: a day sheet shows it on every done row.
        return String(unsafeUninitializedCapacity: 5) { bytes in
            bytes[0] = UInt8(ascii: "0") + UInt8(hour / 10)
            bytes[1] = UInt8(ascii: "0") + UInt8(hour % 10)
            bytes[2] = UInt8(ascii: ":")
            bytes[3] = UInt8(ascii: "0") + UInt8(minute / 10)
            bytes[4] = UInt8(ascii: "0") + UInt8(minute % 10)
            return 5
        }
    }

    public var description: String {
        let local = seconds + offset - day.number * 86400
        let sign = offset < 0 ? "-" : "+"
        let zone = offset == 0 ? "Z" : sign + Day.twoDigits(abs(offset) / 3600) + ":" + Day.twoDigits(abs(offset) % 3600 / 60)
        return "\(day)T\(Day.twoDigits(local / 3600)):\(Day.twoDigits(local % 3600 / 60)):\(Day.twoDigits(local % 60))\(zone)"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }
}
