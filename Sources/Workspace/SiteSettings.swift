import Foundation

/// The team's settings in `content/site.yaml`.
public struct SiteSettings: Sendable, Equatable {
    /// The language of the interface a trainee or staff member sees.
    public enum Language: String, Sendable, Decodable {
        case chinese = "zh-CN"
        case english = "en"
    }

    public var title: String
    public var language: Language
    /// The IANA time zone that decides what "today" is, e.g. `Asia/Shanghai`.
    public var timeZone: TimeZone
    /// Keep raw HTML in Markdown instead of dropping it.
    public var allowRawHTML: Bool

    public init(
        title: String = "运营客服手册", language: Language = .chinese,
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, allowRawHTML: Bool = false
    ) {
        self.title = title
        self.language = language
        self.timeZone = timeZone
        self.allowRawHTML = allowRawHTML
    }

    /// The settings in `url`, or the defaults when the file does not exist.
    public static func load(from url: URL, displayPath: String) throws(Diagnostic) -> SiteSettings {
        guard FileManager.default.fileExists(atPath: url.path) else { return SiteSettings() }
        let yaml = try YAMLSource(try SourceFile.read(url, displayPath: displayPath), path: displayPath)
        let file = try yaml.decode(File.self)
        var settings = SiteSettings()
        if let title = file.title { settings.title = title }
        if let language = file.language { settings.language = language }
        if let zone = file.timezone {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw yaml.diagnostic(at: [File.CodingKeys.timezone], "unknown time zone '\(zone)'")
            }
            settings.timeZone = timeZone
        }
        if let raw = file.raw_html { settings.allowRawHTML = raw }
        return settings
    }

    private struct File: Decodable {
        // Decoding into optionals: a synthesized Decodable ignores default values.
        var title: String?
        var language: Language?
        var timezone: String?
        var raw_html: Bool?

        enum CodingKeys: String, CodingKey {
            case title, language, timezone, raw_html
        }
    }
}
