import Foundation
import Markdown
import Mustache
import Synchronization
import Workspace

/// Renders a template through swift-mustache once per *shape* of context, then fills in the text.
///
/// swift-mustache spends a few microseconds on every tag (dynamic casts, dictionary look-ups,
/// escaping character by character), and a page has a hundred tags, most of them the same on every
/// page. A context's shape is everything that decides which markup comes out: its keys, its
/// booleans, how long its lists are, which strings are empty. Its text decides only what goes in the
/// holes. So the first context of a shape is rendered with every non-empty string (and number)
/// replaced by a marker, the output is cut at the markers into a *frame*, and every context of that
/// shape is written by copying the frame's pieces and escaping its own strings into the holes: the
/// same bytes Mustache would write, at a fraction of the cost.
///
/// A marker is a Unicode noncharacter (never in text), its number, `&` and another noncharacter:
/// escaping turns the `&` into `&amp;`, which tells an escaped `{{x}}` from a raw `{{{x}}}` (or a
/// `TEXT` content type). This holds only while a template does nothing with a value but print it or
/// test whether it is there, so frames are used only when no template changes its delimiters,
/// applies a transform (`{{f(x)}}`) or names a partial dynamically (`{{>*x}}`).
final class TemplateFrames: @unchecked Sendable {
    /// Whether the templates allow frames at all.
    let enabled: Bool
    /// Values every context gets at its top (unless it has its own), read once.
    private let shared: [String: Any]
    private let sharedValues: [String]
    /// `sharedValues` as UTF-8, as they are and escaped: written into each frame as it is made.
    private let sharedBytes: SharedBytes
    private let sharedMarked: [String: Any]
    private let frames = Mutex<[FrameKey: Known]>([:])

    /// A shape's frame, or the frame being made for it.
    private enum Known {
        case made(Frame)
        case making(Making)
    }

    /// A frame being made by one thread: another asking for the same shape meanwhile waits on
    /// `done` (locked by the maker before the shape is seen) instead of rendering the shape through
    /// Mustache as well (two threads starting a build ask for the same shapes at once).
    private final class Making: @unchecked Sendable {
        let done = NSLock()
        /// Set before `done` is unlocked, read after it is locked.
        var frame: Frame?
    }

    init(sources: some Sequence<String>, shared: [String: Any] = [:]) {
        self.shared = shared
        var reading = ContextReading()
        var marking = ContextReading()
        sharedMarked = marking.marked(shared) as? [String: Any] ?? [:]
        enabled = reading.read(shared) && sources.allSatisfy(Self.allowsFrames)
        sharedValues = reading.values
        sharedBytes = SharedBytes(reading.values)
    }

    /// The page `render` would return for the shared values with `context` over them, as UTF-8.
    func render(_ context: [String: Any], with name: String, render: ([String: Any]) -> String) -> [UInt8] {
        guard enabled else { return Array(render(shared.merging(context) { $1 }).utf8) }
        var reading = ContextReading()
        guard reading.read(dictionary: context) else { return Array(render(shared.merging(context) { $1 }).utf8) }
        let frame = frame(for: FrameKey(template: name, shape: reading.shape)) {
            var marking = ContextReading(values: sharedValues)
            return render(sharedMarked.merging(marking.marked(context) as? [String: Any] ?? [:]) { $1 })
        }
        return frame.filled(with: reading.values)
    }

    /// The frame of `key`, made from `renderMarked` (the context of that shape rendered with markers)
    /// the first time.
    private func frame(for key: FrameKey, renderMarked: () -> String) -> Frame {
        let (known, mine) = frames.withLock { frames -> (Known?, Making?) in
            if let known = frames[key] { return (known, nil) }
            let making = Making()
            making.done.lock()
            frames[key] = .making(making)
            return (nil, making)
        }
        switch known {
        case .made(let frame):
            return frame
        case .making(let other):
            other.done.lock()
            defer { other.done.unlock() }
            return other.frame!
        case nil:
            let frame = Frame(rendered: renderMarked(), shared: sharedBytes)
            mine!.frame = frame
            frames.withLock { $0[key] = .made(frame) }
            mine!.done.unlock()
            return frame
        }
    }

    /// `render` for a `TemplateContext`: the same bytes as its `dictionary` would give, without
    /// hashing, casting or sorting anything.
    ///
    /// - Parameter deferred: appends the value set by `TemplateContext.set(_:deferred:size:)` of the
    ///   number it is given, where the frame places it (only with frames enabled).
    func render(
        _ context: TemplateContext, with name: String, into output: inout [UInt8],
        deferred: (Int, inout [UInt8]) -> Void = { _, _ in }, render: ([String: Any]) -> String
    ) {
        guard enabled else {
            output += render(shared.merging(context.dictionary) { $1 }).utf8
            return
        }
        let frame = self.frame(for: FrameKey(template: name, shape: context.shape)) {
            render(sharedMarked.merging(context.marked(from: sharedValues.count)) { $1 })
        }
        frame.fill(with: context, into: &output, deferred: deferred)
    }

    /// Renders `row` (a day's task row) with the template `name`, looking its frame up first among
    /// the few in `nearby`: a caller rendering many rows of a few shapes on one thread keeps them
    /// there, instead of hashing every shape and taking the lock all threads share.
    func render(
        _ row: RowValues, with name: String, into output: inout [UInt8], nearby: inout Nearby,
        render: ([String: Any]) -> String
    ) {
        guard enabled else {
            self.render(row.context, with: name, into: &output, render: render)
            return
        }
        if !nearby.fill(template: name, with: row, into: &output) {
            let context = row.context
            let frame = self.frame(for: FrameKey(template: name, shape: context.shape)) {
                render(sharedMarked.merging(context.marked(from: sharedValues.count)) { $1 })
            }
            nearby.keep(frame, template: name, shape: row.shape)
            frame.fill(with: row, into: &output)
        }
    }

    /// The last few frames one caller used (see `render(_:with:into:nearby:render:)`), each a copy
    /// of its own: the frames all threads share are then not reference-counted for every row, from
    /// two cores at once.
    struct Nearby {
        /// Each frame's template and shape, and the frame, by position (in one array of tuples,
        /// each tuple looked at was copied).
        private var templates: [String] = []
        private var shapes: [[UInt]] = []
        private var frames: [Frame] = []

        init() {}

        /// Fills the frame of `template` and `row`'s shape with `row`; false when it is not here.
        fileprivate func fill(template: String, with row: RowValues, into output: inout [UInt8]) -> Bool {
            let shape = row.shape
            for index in shapes.indices {
                let same = shapes[index].withUnsafeBufferPointer { kept in
                    kept.count == shape.count
                        && (shape.isEmpty
                            || memcmp(kept.baseAddress!, shape.baseAddress!, shape.count * MemoryLayout<UInt>.stride) == 0)
                }
                if same, templates[index] == template {
                    frames[index].fill(with: row, into: &output)
                    return true
                }
            }
            return false
        }

        fileprivate mutating func keep(_ frame: Frame, template: String, shape: UnsafeBufferPointer<UInt>) {
            if frames.count == 16 {
                templates.removeFirst()
                shapes.removeFirst()
                frames.removeFirst()
            }
            templates.append(template)
            shapes.append(Array(shape))
            frames.append(frame.copy())
        }
    }

    /// Shared values as UTF-8 bytes, plain and escaped.
    fileprivate struct SharedBytes {
        let plain: [[UInt8]]
        let escaped: [[UInt8]]

        init(_ values: [String]) {
            plain = values.map { Array($0.utf8) }
            escaped = values.map { value in
                var bytes: [UInt8] = []
                HTMLEscaping.appendEscaped(value, to: &bytes)
                return bytes
            }
        }

        var count: Int { plain.count }
    }

    /// Whether a template's text leaves every value to be printed or tested, nothing else.
    static func allowsFrames(_ source: String) -> Bool {
        if source.contains("{{=") || source.unicodeScalars.contains(where: { $0 == Marker.open || $0 == Marker.close }) {
            return false
        }
        // Tags are found byte by byte: the delimiters are ASCII.
        let bytes = Array(source.utf8)
        let brace = UInt8(ascii: "{")
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == brace, bytes[index + 1] == brace else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
            let tag = bytes[(index + 2)..<min(end, bytes.count)].drop { $0 == UInt8(ascii: " ") || $0 == brace }
            index = end + 2
            if tag.first == UInt8(ascii: "!") { continue }
            if tag.contains(UInt8(ascii: "(")) { return false }
            if tag.first == UInt8(ascii: ">"), tag.dropFirst().drop(while: { $0 == UInt8(ascii: " ") }).first == UInt8(ascii: "*") {
                return false
            }
        }
        return true
    }

    private struct FrameKey: Hashable {
        let template: String
        let shape: [UInt8]

        // The shape hashed as one run of bytes: an array's own hashing feeds them one at a time.
        func hash(into hasher: inout Hasher) {
            hasher.combine(template)
            shape.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    fileprivate enum Marker {
        static let open = Unicode.Scalar(0xFDD0)!
        static let close = Unicode.Scalar(0xFDD1)!
        static let openBytes = Array(String(open).utf8)
        static let closeBytes = Array(String(close).utf8)

        static func text(_ number: Int) -> String { "\(open)\(number)&\(close)" }
    }

    /// One template's output for one shape: literal bytes and the holes between them. The shared
    /// values are the same in every context, so they are written into the literal bytes.
    fileprivate struct Frame: Sendable {
        /// Every literal byte, in one run (a piece per array cost a reference count per piece).
        let text: [UInt8]
        /// Each hole in order: where the literal text before it ends in `text`, the number of the
        /// context's own value that fills it, and whether that value is escaped.
        let holes: [(textEnd: Int, value: Int, escaped: Bool)]
        /// Whether any hole is escaped.
        let escapes: Bool
        /// The most holes one value fills (a row's room is reckoned from it).
        let mostUses: Int

        private init(text: [UInt8], holes: [(textEnd: Int, value: Int, escaped: Bool)]) {
            self.text = text
            self.holes = holes
            escapes = holes.contains { $0.escaped }
            var uses: [Int: Int] = [:]
            for hole in holes { uses[hole.value, default: 0] += 1 }
            mostUses = uses.values.max() ?? 0
        }

        /// The same frame in arrays of its own.
        func copy() -> Frame {
            Frame(text: text.withUnsafeBufferPointer { Array($0) }, holes: holes.withUnsafeBufferPointer { Array($0) })
        }

        /// Cuts Mustache's output at the markers, writing in the shared values (the markers
        /// numbered below `shared.count`).
        init(rendered: String, shared: SharedBytes) {
            let bytes = Array(rendered.utf8)
            var text: [UInt8] = []
            var holes: [(textEnd: Int, value: Int, escaped: Bool)] = []
            var start = 0
            var index = 0
            while index < bytes.count {
                guard let (number, escaped, end) = Self.marker(in: bytes, at: index) else {
                    index += 1
                    continue
                }
                text += bytes[start..<index]
                if number < shared.count {
                    text += escaped ? shared.escaped[number] : shared.plain[number]
                } else {
                    holes.append((text.count, number - shared.count, escaped))
                }
                index = end
                start = end
            }
            text += bytes[start...]
            self.init(text: text, holes: holes)
        }

        /// The marker starting at `index`: its number, whether it was escaped, and where it ends.
        private static func marker(in bytes: [UInt8], at index: Int) -> (Int, Bool, Int)? {
            let open = Marker.openBytes
            guard bytes[index] == open[0], bytes.count - index >= open.count + 2,
                bytes[index + 1] == open[1], bytes[index + 2] == open[2]
            else { return nil }
            var cursor = index + open.count
            var number = 0
            var digits = 0
            while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                number = number * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
                cursor += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            let escaped: Bool
            if bytes[cursor...].starts(with: "&amp;".utf8) {
                escaped = true
                cursor += 5
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "&") {
                escaped = false
                cursor += 1
            } else {
                return nil
            }
            guard bytes[cursor...].starts(with: Marker.closeBytes) else { return nil }
            return (number, escaped, cursor + Marker.closeBytes.count)
        }

        /// The frame with each hole's value from `own`.
        func filled(with own: [String]) -> [UInt8] {
            var output: [UInt8] = []
            output.reserveCapacity(text.count + own.reduce(0) { $0 + $1.utf8.count } + 64)
            fill(into: &output) { number, escaped, output in
                if escaped {
                    HTMLEscaping.appendEscaped(own[number], to: &output)
                } else {
                    output.append(contentsOf: own[number].utf8)
                }
            }
            return output
        }

        /// The frame with the values of `context`, appended to `output` (`deferred` appends each
        /// deferred value).
        func fill(
            with context: TemplateContext, into output: inout [UInt8], deferred: (Int, inout [UInt8]) -> Void = { _, _ in }
        ) {
            // Room for all of it at once (unless escaping makes it longer): a page growing as it
            // is written was copied each time it doubled.
            let needed = output.count + text.count + context.texts.count + context.rawCount
            if output.capacity < needed { output.reserveCapacity(max(needed, output.capacity * 2)) }
            context.texts.withUnsafeBufferPointer { texts in
                fill(into: &output) { number, escaped, output in
                    guard case .deferred(let id) = context.values[number] else {
                        context.values[number].append(texts: texts, to: &output, escaped: escaped)
                        return
                    }
                    if escaped {
                        var made: [UInt8] = []
                        deferred(id, &made)
                        made.withUnsafeBufferPointer { HTMLEscaping.appendEscaped(utf8: $0, to: &output) }
                    } else {
                        deferred(id, &output)
                    }
                }
            }
        }

        /// The frame with the texts of `row`, appended to `output`.
        ///
        /// The row is written into the row's own memory, with room for its texts at their longest,
        /// and appended to `output` at once: appending each piece to `output` checked its room and
        /// uniqueness 35 times a row. Nearly no row has a text escaping changes: its texts are then
        /// copied as they are, escaped holes or not.
        func fill(with row: RowValues, into output: inout [UInt8]) {
            let escaping = escapes && row.anyNeedsEscaping
            let room = text.count + (escaping ? 6 : 1) * mostUses * row.textBytes
            let written = row.withScratch(room: room) { scratch -> Int in
                text.withUnsafeBufferPointer { text -> Int in
                    holes.withUnsafeBufferPointer { holes -> Int in
                        var at = 0
                        var start = 0
                        for hole in holes {
                            (scratch + at).update(from: text.baseAddress! + start, count: hole.textEnd - start)
                            at += hole.textEnd - start
                            start = hole.textEnd
                            let value = row.text(hole.value)
                            if escaping && hole.escaped {
                                at += HTMLEscaping.escape(utf8: value, to: scratch + at)
                            } else {
                                (scratch + at).update(from: value.baseAddress!, count: value.count)
                                at += value.count
                            }
                        }
                        if text.count > start { (scratch + at).update(from: text.baseAddress! + start, count: text.count - start) }
                        return at + text.count - start
                    }
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(start: row.scratch, count: written))
        }

        /// The frame with each hole's value appended by `appendOwn` (given its number and whether
        /// it is escaped).
        private func fill(into output: inout [UInt8], appendOwn: (Int, Bool, inout [UInt8]) -> Void) {
            text.withUnsafeBufferPointer { text in
                var start = 0
                for hole in holes {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<hole.textEnd]))
                    start = hole.textEnd
                    appendOwn(hole.value, hole.escaped, &output)
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
            }
        }
    }

    /// One walk over a context, keys in sorted order: its shape and its strings in walking order,
    /// or the context with each of those strings replaced by its marker.
    private struct ContextReading {
        var shape: [UInt8] = []
        var values: [String] = []

        /// Reads `value`; false when it holds something frames do not know (then Mustache renders it).
        mutating func read(_ value: Any) -> Bool {
            switch value {
            case let text as String:
                if text.isEmpty {
                    shape.append(UInt8(ascii: "e"))
                } else {
                    shape.append(UInt8(ascii: "s"))
                    values.append(text)
                }
            case let flag as Bool:
                shape.append(flag ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            case let number as Int:
                shape.append(UInt8(ascii: "s"))
                values.append(String(number))
            case let dictionary as [String: Any]:
                return read(dictionary: dictionary)
            case let list as [[String: Any]]:
                // Tried before `[Any]`, which would copy the list into a new array of boxes.
                shape.append(UInt8(ascii: "["))
                for item in list {
                    guard read(dictionary: item) else { return false }
                }
                shape.append(UInt8(ascii: "]"))
            case let list as [String]:
                shape.append(UInt8(ascii: "["))
                for item in list { _ = read(item) }
                shape.append(UInt8(ascii: "]"))
            case let list as [Any]:
                shape.append(UInt8(ascii: "["))
                for item in list {
                    guard read(item) else { return false }
                }
                shape.append(UInt8(ascii: "]"))
            default:
                return false
            }
            return true
        }

        /// `read` for a dictionary, entries in the order of their keys (a dictionary's own order
        /// changes from one to the next).
        mutating func read(dictionary: [String: Any]) -> Bool {
            shape.append(UInt8(ascii: "{"))
            // Keys compared as bytes: they are ASCII names, and `String`'s `<` is made for text.
            for (key, value) in dictionary.sorted(by: { $0.key.precedesInByteOrder($1.key) }) {
                shape.append(contentsOf: key.utf8)
                shape.append(UInt8(ascii: ":"))
                guard read(value) else { return false }
            }
            shape.append(UInt8(ascii: "}"))
            return true
        }

        /// `value` with every string `read` collects replaced by its marker, numbered the same way.
        mutating func marked(_ value: Any) -> Any {
            switch value {
            case let text as String:
                if text.isEmpty { return text }
                values.append(text)
                return Marker.text(values.count - 1)
            case let flag as Bool:
                return flag
            case let number as Int:
                values.append(String(number))
                return Marker.text(values.count - 1)
            case let dictionary as [String: Any]:
                var copy: [String: Any] = [:]
                for (key, value) in dictionary.sorted(by: { $0.key.precedesInByteOrder($1.key) }) { copy[key] = marked(value) }
                return copy
            case let list as [Any]:
                return list.map { marked($0) }
            default:
                return value
            }
        }
    }
}


/// A row's values (a day's task row: a year of sheets has 31,000), texts and flags set in a fixed
/// order by their caller. Its shape is each key's address and kind, compared as numbers, and its
/// texts' bytes are copied into memory of its own until they are escaped into the frame: building
/// a `TemplateContext` (its shape's bytes, its texts copied) was most of a row's cost, and keeping
/// the texts as strings counted each one's references twice. The first row of a shape is rendered
/// through the `TemplateContext` it stands for (`context`).
///
/// One row's storage is written over from row to row (a class: a copy would share it).
final class RowValues {
    /// Two numbers per key: the address of its text, then its kind (`s`, `e`, `T` or `F`, as in a
    /// `TemplateContext`'s shape).
    private var shapes: UnsafeMutablePointer<UInt>
    private var keys: UnsafeMutablePointer<StaticString>
    /// Where each non-empty text (the first `textCount`) ends in `bytes`: what fills the holes.
    private var ends: UnsafeMutablePointer<Int>
    private var capacity: Int
    /// The texts' UTF-8, one after the other.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    private var count = 0
    private var textCount = 0
    /// How many bytes the texts hold.
    fileprivate private(set) var textBytes = 0
    /// Whether any text holds a character escaping replaces (nearly no row does: its texts are
    /// then copied as they are, escaped or not); nil until asked for, once per row.
    private var needsEscaping: Bool?

    init(reserving count: Int) {
        capacity = max(count, 4)
        shapes = .allocate(capacity: 2 * capacity)
        keys = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
        byteCapacity = 64 * capacity
        bytes = .allocate(capacity: byteCapacity)
    }

    deinit {
        scratch.deallocate()
        bytes.deallocate()
        ends.deallocate()
        keys.deallocate()
        shapes.deallocate()
    }

    /// Clears every key, keeping the storage for the next row.
    func removeAll() {
        count = 0
        textCount = 0
        textBytes = 0
        needsEscaping = nil
    }

    /// Sets `key` (each key once) to `text`; nil leaves the key out.
    @inline(__always)
    func set(_ key: StaticString, _ text: String?) {
        guard let text else { return }
        set(key, text)
    }

    /// Sets `key` (each key once) to `text`.
    @inline(__always)
    func set(_ key: StaticString, _ text: String) {
        withUTF8(of: text) { add(key, utf8: $0) }
    }

    /// Sets `key` to `number` in decimal digits, without making a string of it.
    func set(_ key: StaticString, number: Int) {
        Self.withDigits(of: number) { add(key, utf8: $0) }
    }

    /// Calls `body` with `String(number)`'s bytes.
    static func withDigits<Result>(of number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var first = buffer.count
            var rest = number.magnitude
            repeat {
                first -= 1
                buffer[first] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if number < 0 {
                first -= 1
                buffer[first] = UInt8(ascii: "-")
            }
            return body(UnsafeRawBufferPointer(rebasing: buffer[first...]).assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Sets `key` to `prefix` followed by `text` (a row's anchor, `task-` and the task's name),
    /// without making a string of the two.
    @inline(__always)
    func set(_ key: StaticString, prefix: StaticString, _ text: String) {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        withUTF8(of: text) { add(key, utf8: $0, after: prefixBytes) }
    }

    /// Sets `key` to the four texts of `parts` one after the other, without making a string of them.
    @inline(__always)
    func set(_ key: StaticString, parts: (String, String, String, String)) {
        let start = textBytes
        withUTF8(of: parts.0) { append($0) }
        withUTF8(of: parts.1) { append($0) }
        withUTF8(of: parts.2) { append($0) }
        withUTF8(of: parts.3) { append($0) }
        add(key, textBytes == start ? "e" : "s")
        guard textBytes > start else { return }
        ends[textCount] = textBytes
        textCount += 1
    }

    func set(_ key: StaticString, _ flag: Bool) {
        add(key, flag ? "T" : "F")
    }

    /// Calls `body` with the UTF-8 of `text`, read where it is: a copy of a string (what
    /// `withUTF8` needs) counted its references, for each of a row's twenty texts.
    @inline(__always)
    private func withUTF8(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) == nil {
            var text = text
            text.withUTF8(body)
        }
    }

    /// Appends `part` to the text being added (its end is set by the caller).
    @inline(__always)
    private func append(_ part: UnsafeBufferPointer<UInt8>) {
        guard let source = part.baseAddress, !part.isEmpty else { return }
        if textBytes + part.count > byteCapacity { makeRoom(for: part.count) }
        (bytes + textBytes).update(from: source, count: part.count)
        textBytes &+= part.count
    }

    /// Room for `count` more bytes of text, what is stored moved over.
    private func makeRoom(for count: Int) {
        let larger = max(2 * byteCapacity, textBytes + count)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: bytes, count: textBytes)
        bytes.deallocate()
        (bytes, byteCapacity) = (moved, larger)
    }

    /// Adds the text of `prefix` (when given) and `utf8`.
    @inline(__always)
    private func add(_ key: StaticString, utf8: UnsafeBufferPointer<UInt8>, after prefix: UnsafeBufferPointer<UInt8>? = nil) {
        let count = (prefix?.count ?? 0) + utf8.count
        add(key, count == 0 ? "e" : "s")
        guard count > 0 else { return }
        if let prefix { append(prefix) }
        append(utf8)
        ends[textCount] = textBytes
        textCount &+= 1
    }

    @inline(__always)
    private func add(_ key: StaticString, _ kind: Unicode.Scalar) {
        if count == capacity { grow() }
        shapes[2 &* count] = UInt(bitPattern: key.utf8Start)
        shapes[2 &* count &+ 1] = UInt(kind.value)
        (keys + count).initialize(to: key)
        count &+= 1
    }

    /// Twice the room for keys, what is stored moved over.
    private func grow() {
        let larger = 2 * capacity
        let (newShapes, newKeys, newEnds) =
            (UnsafeMutablePointer<UInt>.allocate(capacity: 2 * larger),
             UnsafeMutablePointer<StaticString>.allocate(capacity: larger),
             UnsafeMutablePointer<Int>.allocate(capacity: larger))
        newShapes.moveInitialize(from: shapes, count: 2 * capacity)
        newKeys.moveInitialize(from: keys, count: capacity)
        newEnds.moveInitialize(from: ends, count: capacity)
        shapes.deallocate()
        keys.deallocate()
        ends.deallocate()
        (shapes, keys, ends, capacity) = (newShapes, newKeys, newEnds, larger)
    }

    /// The row's shape, as `Nearby` keeps it (valid until the row is changed).
    fileprivate var shape: UnsafeBufferPointer<UInt> { UnsafeBufferPointer(start: shapes, count: 2 * count) }

    /// The UTF-8 of the row's `number`th non-empty text (valid until the row is changed).
    fileprivate func text(_ number: Int) -> UnsafeBufferPointer<UInt8> {
        let start = number == 0 ? 0 : ends[number - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[number] - start)
    }

    /// Whether any of the row's texts holds a character escaping replaces (all looked at at once).
    fileprivate var anyNeedsEscaping: Bool {
        if let needsEscaping { return needsEscaping }
        let answer = HTMLEscaping.needsEscaping(UnsafeBufferPointer(start: bytes, count: textBytes))
        needsEscaping = answer
        return answer
    }

    /// Memory of the row's own, kept from row to row: what a frame is filled into first.
    private(set) var scratch: UnsafeMutablePointer<UInt8> = .allocate(capacity: 4096)
    private var scratchCapacity = 4096

    /// Calls `body` with `scratch` holding at least `room` bytes; returns what it returns.
    func withScratch<Result>(room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Result) -> Result {
        if scratchCapacity < room {
            scratch.deallocate()
            scratchCapacity = max(room, 2 * scratchCapacity)
            scratch = .allocate(capacity: scratchCapacity)
        }
        return body(scratch)
    }

    /// The same values as a `TemplateContext`.
    var context: TemplateContext {
        var context = TemplateContext(reserving: count)
        var next = 0
        for index in 0..<count {
            switch shapes[2 * index + 1] {
            case UInt(UInt8(ascii: "s")):
                context.set(keys[index], String(decoding: text(next), as: UTF8.self))
                next += 1
            case UInt(UInt8(ascii: "e")): context.set(keys[index], "")
            case UInt(UInt8(ascii: "T")): context.set(keys[index], true)
            default: context.set(keys[index], false)
            }
        }
        return context
    }
}

/// A template context written in a fixed order by its caller: what the site's pages and a day's
/// task rows give `Templates.renderBytes`, cheaper to build and read than a `[String: Any]` (no
/// boxing, no casts, no sorting of keys). Its shape is built as values are set, so the same code
/// setting the same keys always makes the same shape.
struct TemplateContext {
    /// Each key, then `s` (text), `e` (empty text), `T` or `F`, `{…}` (a context) or `[…]` (a list):
    /// what decides the markup. With `values` it is the whole context: `dictionary` reads them back
    /// (keys are ASCII names without `:`, set by this module's code).
    fileprivate private(set) var shape: [UInt8] = [UInt8(ascii: "=")]
    /// The non-empty texts in order, those of nested contexts included: what goes in the holes.
    fileprivate private(set) var values: [FrameValue] = []
    /// The UTF-8 of every text in `values`, one after another. Copying a text's bytes here costs
    /// less than keeping the string: a carried task's title is on every sheet it shows on, and
    /// counting references to it from two cores at once was much of a task row's cost.
    fileprivate private(set) var texts: [UInt8] = []
    /// How many bytes of markup (`set(_:raw:)`) `values` holds.
    fileprivate private(set) var rawCount = 0

    init() {}

    /// A context with room for `count` keys (a task row sets twenty).
    init(reserving count: Int) {
        shape.reserveCapacity(count * 10)
        values.reserveCapacity(count)
        texts.reserveCapacity(count * 32)
    }

    /// Sets `key` (each key once) to `text`; nil leaves the key out, as a missing dictionary entry.
    mutating func set(_ key: StaticString, _ text: String?) {
        guard let text else { return }
        set(key, text)
    }

    /// Sets `key` (each key once) to `text`.
    mutating func set(_ key: StaticString, _ text: borrowing String) {
        mark(key, text.isEmpty ? "e" : "s")
        if !text.isEmpty { append(text: text) }
    }

    /// Clears every key, keeping the storage for the next values.
    mutating func removeAll() {
        shape.removeSubrange(1...)
        values.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        rawCount = 0
    }

    private mutating func append(text: borrowing String) {
        let start = texts.count
        texts.append(contentsOf: text.utf8)
        values.append(.text(start..<texts.count))
    }

    /// Sets `key` to a number, which a template sees as its text.
    mutating func set(_ key: StaticString, number: Int) {
        set(key, String(number))
    }

    mutating func set(_ key: StaticString, _ flag: Bool) {
        mark(key, flag ? "T" : "F")
    }

    /// Sets `key` to markup made already, as UTF-8 (a day's task rows): kept as bytes into the page.
    mutating func set(_ key: StaticString, raw: [UInt8]) {
        mark(key, raw.isEmpty ? "e" : "s")
        if !raw.isEmpty { values.append(.bytes(raw)) }
        rawCount += raw.count
    }

    /// Sets `key` to markup written only as the page is, where the frame places it: the
    /// `deferred` closure `TemplateFrames.render` is given appends it, told `number`. It must not
    /// be empty, and is about `size` bytes. Only for templates that fill frames (`dictionary`
    /// cannot hold it).
    mutating func set(_ key: StaticString, deferred number: Int, size: Int) {
        mark(key, "s")
        values.append(.deferred(number))
        rawCount += size
    }

    /// Sets `key` to a nested context (`{{#key}}…{{/key}}` sees its values); nil leaves it out.
    mutating func set(_ key: StaticString, _ context: TemplateContext?) {
        guard let context else { return }
        mark(key, "{")
        append(context)
        shape.append(UInt8(ascii: "}"))
    }

    /// Sets `key` to a list of contexts.
    mutating func set(_ key: StaticString, list: [TemplateContext]) {
        mark(key, "[")
        for item in list {
            shape.append(UInt8(ascii: "{"))
            append(item)
            shape.append(UInt8(ascii: "}"))
        }
        shape.append(UInt8(ascii: "]"))
    }

    /// Sets `key` to a list of `count` contexts, the values of each set on this context by `item`
    /// (given the item's number) between its start and end: the same as `set(_:list:)` of those
    /// contexts, without a context made and copied for each.
    mutating func set(_ key: StaticString, count: Int, item: (Int, inout TemplateContext) -> Void) {
        mark(key, "[")
        for number in 0..<count {
            shape.append(UInt8(ascii: "{"))
            shape.append(UInt8(ascii: "="))
            item(number, &self)
            shape.append(UInt8(ascii: "}"))
        }
        shape.append(UInt8(ascii: "]"))
    }

    /// Sets `key` to a list of texts (`{{#key}}{{.}}{{/key}}`).
    mutating func set(_ key: StaticString, texts: [String]) {
        mark(key, "[")
        for text in texts {
            shape.append(UInt8(ascii: text.isEmpty ? "e" : "s"))
            if !text.isEmpty { append(text: text) }
        }
        shape.append(UInt8(ascii: "]"))
    }

    private mutating func append(_ context: TemplateContext) {
        shape += context.shape
        rawCount += context.rawCount
        let offset = texts.count
        texts += context.texts
        values.reserveCapacity(values.count + context.values.count)
        for value in context.values {
            switch value {
            case .text(let range): values.append(.text((range.lowerBound + offset)..<(range.upperBound + offset)))
            case .bytes, .deferred: values.append(value)
            }
        }
    }

    private mutating func mark(_ key: StaticString, _ kind: Unicode.Scalar) {
        key.withUTF8Buffer { shape.append(contentsOf: $0) }
        shape.append(UInt8(ascii: ":"))
        shape.append(UInt8(ascii: kind))
    }

    /// The same context as a dictionary, for Mustache (when frames are off).
    var dictionary: [String: Any] {
        var reader = Reader(context: self, marking: nil)
        return reader.context()
    }

    /// The dictionary with its non-empty texts replaced by markers numbered from `first`, in the
    /// order of `values`.
    fileprivate func marked(from first: Int) -> [String: Any] {
        var reader = Reader(context: self, marking: first)
        return reader.context()
    }

    /// Reads a context's shape from the start, taking its values in order: the dictionary it
    /// stands for (only the first render of a shape, or a build without frames, needs one, so a
    /// context keeps nothing else).
    private struct Reader {
        let shape: [UInt8]
        let values: [FrameValue]
        let texts: [UInt8]
        var position = 0
        var nextValue = 0
        /// The number of the next marker; nil: the texts themselves.
        var marker: Int?

        init(context: TemplateContext, marking first: Int?) {
            shape = context.shape
            values = context.values
            texts = context.texts
            marker = first
        }

        /// The context starting at `position` (at its `=`), up to its end or the `}` closing it.
        mutating func context() -> [String: Any] {
            position += 1
            var dictionary: [String: Any] = [:]
            while position < shape.count, shape[position] != UInt8(ascii: "}") {
                let keyStart = position
                while shape[position] != UInt8(ascii: ":") { position += 1 }
                let key = String(decoding: shape[keyStart..<position], as: UTF8.self)
                let kind = shape[position + 1]
                position += 2
                switch kind {
                case UInt8(ascii: "s"): dictionary[key] = text()
                case UInt8(ascii: "e"): dictionary[key] = ""
                case UInt8(ascii: "T"): dictionary[key] = true
                case UInt8(ascii: "F"): dictionary[key] = false
                case UInt8(ascii: "{"):
                    dictionary[key] = context()
                    position += 1
                default:
                    dictionary[key] = list()
                }
            }
            return dictionary
        }

        /// The list after its `[`: of contexts, or of texts.
        private mutating func list() -> Any {
            var contexts: [[String: Any]] = []
            var texts: [String] = []
            while shape[position] != UInt8(ascii: "]") {
                switch shape[position] {
                case UInt8(ascii: "{"):
                    position += 1
                    contexts.append(context())
                    position += 1
                case UInt8(ascii: "s"):
                    position += 1
                    texts.append(text())
                default:
                    position += 1
                    texts.append("")
                }
            }
            position += 1
            return texts.isEmpty ? contexts : texts
        }

        /// The next value as text, or its marker.
        private mutating func text() -> String {
            defer { nextValue += 1 }
            if let current = marker {
                marker = current + 1
                return TemplateFrames.Marker.text(current)
            }
            switch values[nextValue] {
            case .text(let range): return String(decoding: texts[range], as: UTF8.self)
            case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .deferred:
                assertionFailure("a deferred value is only written into a frame")
                return ""
            }
        }
    }
}

/// What fills a frame's hole: a context's text, or markup already made (`TemplateContext.set(_:raw:)`:
/// placed as it is by `{{{x}}}`, escaped by `{{x}}`, kept as bytes on its way into the page).
enum FrameValue: Sendable {
    /// The text's UTF-8 in the context's `texts`.
    case text(Range<Int>)
    case bytes([UInt8])
    /// Written by the caller as the frame is filled (`TemplateContext.set(_:deferred:size:)`).
    case deferred(Int)

    /// Appends the value as UTF-8, HTML-escaped when `escaped`; `texts` is its context's.
    func append(texts: UnsafeBufferPointer<UInt8>, to output: inout [UInt8], escaped: Bool) {
        switch self {
        case .text(let range):
            let text = UnsafeBufferPointer(rebasing: texts[range])
            if escaped {
                HTMLEscaping.appendEscaped(utf8: text, to: &output)
            } else {
                output.append(contentsOf: text)
            }
        case .bytes(let bytes):
            if escaped {
                bytes.withUnsafeBufferPointer { HTMLEscaping.appendEscaped(utf8: $0, to: &output) }
            } else {
                output.append(contentsOf: bytes)
            }
        case .deferred:
            break  // `Frame.fill` writes it
        }
    }
}
