import Foundation

/// A calendar day, such as a plan file's date, counted in whole days since 1970-01-01.
///
/// Plain integer arithmetic keeps date handling cheap: a tick compares days many times.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int

    public init(number: Int) { self.number = number }

    /// The day with the given year, month (1–12) and day of month, or nil when it does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = era * 146097 + dayOfEra - 719468
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(_ text: some StringProtocol) {
        // Read in place when the text is stored as UTF-8 (it nearly always is): no copy per date.
        let parsed =
            text.utf8.withContiguousStorageIfAvailable { Self(utf8: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { Self(utf8: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from its UTF-8 bytes.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day it is at `now` in `timeZone`.
    public static func today(in timeZone: TimeZone, now: Date) -> Day {
        let local = Int(now.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: now)
        return Day(number: Int((Double(local) / 86400).rounded(.down)))
    }

    /// (year, month, day) — Hinnant's civil_from_days.
    public var components: (year: Int, month: Int, day: Int) {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { ((number % 7) + 11) % 7 }

    public func adding(days: Int) -> Day { Day(number: number + days) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        guard (1000...9999).contains(year) else { return "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))" }
        // Its ten digits and dashes written straight in: interpolation took most of a day sheet's
        // carried-task text, which names a date on every row.
        return String(unsafeUninitializedCapacity: 10) { bytes in
            func digits(_ value: Int, at start: Int, count: Int) {
                var rest = value
                for index in (start..<(start + count)).reversed() {
                    bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            digits(year, at: 0, count: 4)
            bytes[4] = UInt8(ascii: "-")
            digits(month, at: 5, count: 2)
            bytes[7] = UInt8(ascii: "-")
            digits(day, at: 8, count: 2)
            return 10
        }
    }

    /// `MMDD`, the prefix of the ids `assign` gives.
    public var monthDay: String {
        let (_, month, day) = components
        return Self.twoDigits(month) + Self.twoDigits(day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
