extension Diagnostic {
    /// Appends the diagnostic to a cache, as `init(from:)` reads it back.
    public func write(to writer: inout ByteWriter) {
        writer.write(path)
        writer.write(line)
        writer.write(column)
        writer.write(severity == .error)
        writer.write(message)
    }

    /// Reads a diagnostic `write(to:)` wrote.
    public init(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        self.init(
            path: try reader.readString(), line: try reader.readOptionalInt(), column: try reader.readOptionalInt(),
            severity: try reader.readBool() ? .error : .warning, message: try reader.readString())
    }
}
