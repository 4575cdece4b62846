import Foundation

extension SiteSettings {
    /// Writes the settings for a cache (the planner's index keeps them so a tick need not parse YAML).
    public func write(to writer: inout ByteWriter) {
        writer.write(title)
        writer.write(language.rawValue)
        writer.write(timeZone.identifier)
        writer.write(allowRawHTML)
    }

    /// Reads what `write(to:)` wrote.
    public init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        title = try reader.readString()
        guard let language = Language(rawValue: try reader.readString()),
            let timeZone = TimeZone(identifier: try reader.readString())
        else { throw ByteReader.Malformed() }
        self.language = language
        self.timeZone = timeZone
        allowRawHTML = try reader.readBool()
    }
}
