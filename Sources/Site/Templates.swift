import Foundation
import Mustache
import Workspace

/// The team's Mustache templates in `templates/`, checked before any page is rendered.
public struct Templates: Sendable {
    /// The templates a build renders with; each is `templates/NAME.mustache`.
    public static let required = ["layout", "page", "home", "404", "search", "day", "day-task", "days", "days-item"]

    private let library: MustacheLibrary
    private var frames: TemplateFrames
    private let sources: [String]
    /// Changes whenever any template's text does, for the build cache's keys.
    public let fingerprint: UInt64

    /// Loads every `.mustache` file in `folder` and checks that the required ones and every partial
    /// they name exist.
    ///
    /// - Parameter only: the templates to parse, with the partials they name, when not all are
    ///   needed (a patch renders pages only). Then no template is checked for being there: the
    ///   caller knows these templates as a build that checked them all read them
    ///   (`fingerprint` covers every template either way).
    /// - Throws: `DiagnosticError` listing each missing or unparsable template.
    public init(
        folder: URL, workspace: Workspace, required: [String] = Templates.required, only: [String]? = nil
    ) throws(DiagnosticError) {
        let folderPath = workspace.displayPath(folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticError([Diagnostic(path: folderPath, message: "templates folder not found")])
        }
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        // Read with `readdir` (FolderWalk): FileManager's listing took longer than parsing a template.
        let files = FolderWalk.entries(under: folder.standardizedFileURL.path, skipping: ["assets"])
            .filter { !$0.isDirectory && !$0.path.contains("/") }.map(\.path)
        for file in files where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            let path = folderPath + "/" + file
            do throws(Diagnostic) {
                sources[name] = try SourceFile.read(folder.appending(path: file), displayPath: path)
            } catch {
                diagnostics.append(error)
            }
        }
        // The templates asked for and every partial they name, as far as there are files for them.
        var parsed = Set(only ?? Array(sources.keys))
        var named = Array(parsed)
        while let name = named.popLast() {
            for reference in Self.partialReferences(in: sources[name] ?? "") where parsed.insert(reference.name).inserted {
                named.append(reference.name)
            }
        }
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) where parsed.contains(name) {
            let path = folderPath + "/" + name + ".mustache"
            do {
                try library.register(text, named: name)
            } catch let diagnostic as Diagnostic {
                diagnostics.append(diagnostic)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    Diagnostic(
                        path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                        message: "template syntax: \(error.error)"))
            } catch {
                diagnostics.append(Diagnostic(path: path, message: "template syntax: \(error)"))
            }
        }
        for name in only == nil ? required : [] where sources[name] == nil
            && !diagnostics.contains(where: { $0.path.hasSuffix("/\(name).mustache") })
        {
            diagnostics.append(Diagnostic(path: "\(folderPath)/\(name).mustache", message: "missing template '\(name)'"))
        }
        for (name, text) in sources where only == nil {
            for reference in Self.partialReferences(in: text) where sources[reference.name] == nil {
                diagnostics.append(
                    Diagnostic(
                        path: "\(folderPath)/\(name).mustache", line: reference.line, column: reference.column,
                        message: "template names a partial '\(reference.name)' but templates/\(reference.name).mustache does not exist"))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics.sortedByLocation()) }
        self.library = library
        self.sources = sources.filter { parsed.contains($0.key) }.map(\.value)
        frames = TemplateFrames(sources: self.sources)
        var hash = StableHash()
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            hash.combine(name)
            hash.combine(text)
        }
        fingerprint = hash.value
    }

    /// Whether rendering fills frames (`TemplateFrames`): then each template does nothing with a value
    /// but print it or test whether it is there.
    var fillsFrames: Bool { frames.enabled }

    /// These templates with `values` seen by every context (unless it has its own of that name):
    /// the site's title, the interface's labels, read once instead of once per page.
    public func sharing(_ values: [String: Any]) -> Templates {
        var copy = self
        copy.frames = TemplateFrames(sources: sources, shared: values)
        return copy
    }

    /// Renders `context` with the template `name` (which `init` checked exists), as UTF-8; contexts of
    /// a shape already seen skip Mustache (`TemplateFrames`).
    ///
    /// - Parameter deferred: appends each value set by `TemplateContext.set(_:deferred:size:)`, given
    ///   its number, where the page has it (only when `fillsFrames`).
    func renderBytes(
        _ context: TemplateContext, with name: String, deferred: (Int, inout [UInt8]) -> Void = { _, _ in }
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16 << 10)
        frames.render(context, with: name, into: &output, deferred: deferred) { library.render($0, withTemplate: name) ?? "" }
        return output
    }

    /// Renders `row` with the template `name`, appended to `output`: for many rows of a few shapes on
    /// one thread, their frames kept in `nearby`.
    func render(_ row: RowValues, with name: String, into output: inout [UInt8], nearby: inout TemplateFrames.Nearby) {
        frames.render(row, with: name, into: &output, nearby: &nearby) { library.render($0, withTemplate: name) ?? "" }
    }

    /// The names in `{{> name}}` and `{{< name}}` tags, with where they are: the line (counted at
    /// each line feed that does not end a `\r\n`, which is one character) and the column in
    /// characters. Found on the UTF-8 bytes (the tags are ASCII); a column is counted only for a
    /// tag found.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        var text = text
        text.withUTF8 { bytes in
            let (brace, close, space, feed) = (UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: " "), UInt8(ascii: "\n"))
            var line = 1
            var lineStart = 0
            var index = 0
            func isLineEnd(_ at: Int) -> Bool { bytes[at] == feed && (at == 0 || bytes[at - 1] != UInt8(ascii: "\r")) }
            while index < bytes.count {
                if isLineEnd(index) {
                    line += 1
                    lineStart = index + 1
                    index += 1
                    continue
                }
                guard bytes[index] == brace, index + 1 < bytes.count, bytes[index + 1] == brace else {
                    index += 1
                    continue
                }
                var sigil = index + 2
                while sigil < bytes.count, bytes[sigil] == space { sigil += 1 }
                guard sigil < bytes.count, bytes[sigil] == UInt8(ascii: ">") || bytes[sigil] == UInt8(ascii: "<") else {
                    index += 2
                    continue
                }
                var start = sigil + 1
                while start < bytes.count, bytes[start] == space { start += 1 }
                var end = start
                while end < bytes.count, bytes[end] != close, bytes[end] != space, !isLineEnd(end) { end += 1 }
                let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), as: UTF8.self).count + 1
                found.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), line, column))
                index = end
            }
        }
        return found
    }
}
