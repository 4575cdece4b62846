import Foundation
import Planner
import Testing
import Workspace

/// Dates and times as plan files and the journal write them.
struct DayTests {
    /// A date reads back as written, knows its weekday, and rejects impossible dates.
    @Test func parsesAndFormats() {
        #expect(Day("2026-11-26")?.description == "2026-11-26")
        #expect(Day("2026-11-26")?.weekday == 4)  // Thursday
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2026-11-26x") == nil)
        #expect(Day("2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(Day("2026-11-26")!.monthDay == "1126")
    }

    /// The carried text is its parts around the count of days (a day sheet keeps a carried row
    /// with the parts and writes only the count), in both languages, one day and more.
    @Test func carriedTextIsItsParts() {
        let day = Day("2026-01-05")!
        #expect(Words(.chinese).carried(days: 1, from: day) == "遗留 1 天,2026-01-05 安排")
        #expect(Words(.chinese).carried(days: 12, from: day) == "遗留 12 天,2026-01-05 安排")
        #expect(Words(.english).carried(days: 1, from: day) == "carried 1 day, planned 2026-01-05")
        #expect(Words(.english).carried(days: 12, from: day) == "carried 12 days, planned 2026-01-05")
        for language in [SiteSettings.Language.chinese, .english] {
            let parts = Words(language).carriedParts(from: day)
            for count in [0, 1, 2, 999_999] {
                #expect(
                    Words(language).carried(days: count, from: day)
                        == parts.before + "\(count)" + (count == 1 ? parts.afterOne : parts.afterMany))
            }
        }
    }

    /// Every day of three spans (990–1010, 1899–2101, 9990–10000) is written as `YYYY-MM-DD` (four
    /// digits from year 1000 on) and reads back as the same day.
    @Test func everyDayReadsBackAsWritten() {
        var failures: [String] = []
        let spans = [(990, 1010), (1899, 2101), (9990, 10000)].map {
            Day(year: $0.0, month: 1, day: 1)!.number...Day(year: $0.1, month: 12, day: 31)!.number
        }
        for number in spans.joined() {
            let day = Day(number: number)
            let (year, month, date) = day.components
            let expected = "\(year)-\(month < 10 ? "0" : "")\(month)-\(date < 10 ? "0" : "")\(date)"
            if day.description != expected || (year >= 1000 && year <= 9999 && Day(day.description) != day) {
                failures.append(expected)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(Day(year: 999, month: 3, day: 4)?.description == "999-03-04")
        #expect(Day(year: 2026, month: 1, day: 9)?.description == "2026-01-09")
    }

    /// A timestamp keeps its offset and local day; today is taken in the site's time zone.
    @Test func timestampsAreLocal() {
        let time = Timestamp("2026-11-26T00:30:00+08:00")!
        #expect(time.description == "2026-11-26T00:30:00+08:00")
        #expect(time.day.description == "2026-11-26")
        #expect(time.timeOfDay == "00:30")
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let utcEvening = Date(timeIntervalSince1970: TimeInterval(Timestamp("2026-11-25T17:00:00Z")!.seconds))
        #expect(Day.today(in: shanghai, now: utcEvening).description == "2026-11-26")
        #expect(Timestamp(utcEvening, in: shanghai).description == "2026-11-26T01:00:00+08:00")
    }

    /// A timestamp is read only when written exactly so: two digits for each number, in range,
    /// and `Z` or a `±HH:MM` offset.
    @Test func timestampsAreReadExactly() {
        let day = Day("2026-11-26")!.number * 86400
        #expect(Timestamp("2026-11-26T09:05:07-05:30")?.seconds == day + 9 * 3600 + 5 * 60 + 7 + 19800)
        #expect(Timestamp("2026-11-26T23:59:60Z")?.seconds == day + 86400)
        for text in [
            "2026-11-26T0a:30:00Z", "2026-11-26T24:00:00Z", "2026-11-26T00:60:00Z", "2026-11-26T00:30:/0Z",
            "2026-11-26T00:30:00+0800", "2026-11-26T00:30:00+08:0x", "2026-11-26T00:30:00.5Z", "2026-11-26T00:30:00",
            "2026-11-26 00:30:00Z", "2026-11-26T00:30:00*08:00",
        ] {
            #expect(Timestamp(text) == nil, "\(text)")
        }
    }

    /// Recurrence words in English and Chinese.
    @Test func recurrences() {
        #expect(Recurrence("weekdays")!.includes(Day("2026-11-27")!))
        #expect(!Recurrence("工作日")!.includes(Day("2026-11-28")!))
        #expect(Recurrence("mon fri")!.includes(Day("2026-11-23")!))
        #expect(Recurrence("周四")!.includes(Day("2026-11-26")!))
        #expect(Recurrence("monthly 1 26")!.includes(Day("2026-11-26")!))
        #expect(Recurrence("sometimes") == nil)
    }
}
