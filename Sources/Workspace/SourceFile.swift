import Foundation

/// Reading a user's text file, with a diagnostic that names the file when it cannot be used.
public enum SourceFile {
    /// The contents of `url` as UTF-8 text.
    ///
    /// - Throws: a `Diagnostic` for `displayPath` when the file cannot be read or is not UTF-8 (with
    ///   the line and column of the first bad byte).
    public static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> String {
        try read(path: url.path, displayPath: displayPath)
    }

    /// `read(_:displayPath:)` for the file at `path` (a handbook's pages are named by path: making
    /// each one's URL was a few per cent of a build).
    public static func read(path: String, displayPath: String) throws(Diagnostic) -> String {
        // Read with plain system calls (Foundation's `Data(contentsOf:)` costs more than the read
        // for a page of a few kilobytes); Foundation reads it again only to explain a failure.
        if let bytes = CacheFile.read(path: path), let text = String(validating: bytes, as: UTF8.self) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).underlyingErrorDescription ?? "cannot be read"
            throw Diagnostic(path: displayPath, message: "cannot read file: \(reason)")
        }
        if let text = String(validatingUTF8Data: data) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let (line, column) = firstInvalidUTF8(in: data)
        throw Diagnostic(
            path: displayPath, line: line, column: column,
            message: "file is not valid UTF-8 text (save it as UTF-8)")
    }

    /// The 1-based line and column of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(in data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            let valid =
                length > 0 && index + length <= bytes.count
                && bytes[(index + 1)..<(index + length)].allSatisfy { $0 & 0xC0 == 0x80 }
                && String(decoding: bytes[index..<(index + length)], as: UTF8.self) != "\u{FFFD}"
            if !valid {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                return (line, column)
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return (line, 1)
    }
}

extension String {
    /// Decodes `data` as UTF-8, or nil when any byte sequence is invalid.
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}

extension NSError {
    /// The POSIX reason behind a Foundation file error, such as "Permission denied".
    var underlyingErrorDescription: String? {
        if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if domain == NSCocoaErrorDomain {
            switch code {
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadNoSuchFileError: return "no such file"
            default: break
            }
        }
        return nil
    }
}
