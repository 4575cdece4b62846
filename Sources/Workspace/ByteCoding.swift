/// A compact binary encoding for the build cache: integers and length-prefixed UTF-8 strings.
///
/// JSON would be simpler to look at, but decoding a few megabytes of it costs more than the work the
/// cache saves; this reads at memory speed.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A writer with room for `capacity` bytes (a big file written without growing its buffer
    /// again and again).
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: Int) {
        // As typed bytes: appended from raw ones, they went through an iterator one by one.
        withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) {
            bytes.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self))
        }
    }

    public mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    public mutating func write(_ text: String) {
        // Read in place when the text is stored as UTF-8 (nearly always): a copy of the string to
        // call `withUTF8` on was counted once more and once less, for each of a year of plans' fields.
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        guard written == nil else { return }
        var text = text
        text.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    public mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// Writes raw bytes with their count in front.
    public mutating func write(bytes more: [UInt8]) {
        write(more.count)
        bytes += more
    }

    public mutating func write(_ texts: [String]) {
        write(texts.count)
        for text in texts { write(text) }
    }

    /// Appends bytes some earlier writer wrote (a stored entry, `KeyedEntries.decodeStored`), as they are.
    public mutating func append(encoded more: ArraySlice<UInt8>) {
        bytes += more
    }

    /// Writes what `body` writes with its count in front, as `write(bytes:)` would, without a copy:
    /// read back with `ByteReader.readSlice()`.
    public mutating func writeCounted(_ body: (inout ByteWriter) -> Void) {
        let start = bytes.count
        write(0)
        body(&self)
        let count = UInt64(bytes.count - start - 8).littleEndian
        withUnsafeBytes(of: count) { bytes.replaceSubrange(start..<(start + 8), with: $0) }
    }
}

/// Reads what `ByteWriter` wrote; every read fails (throws) rather than trapping on short or bad input.
public struct ByteReader {
    /// The input ended early or held a value that makes no sense.
    public struct Malformed: Error {
        public init() {}
    }

    private let bytes: ArraySlice<UInt8>
    public private(set) var position: Int

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// A reader of part of a buffer (`readSlice()` of another reader), without copying it.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    public var isAtEnd: Bool { position == bytes.endIndex }

    public mutating func readInt() throws(Malformed) -> Int {
        guard position + 8 <= bytes.endIndex else { throw Malformed() }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position - bytes.startIndex, as: UInt64.self) }
        position += 8
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    public mutating func readBool() throws(Malformed) -> Bool {
        guard position < bytes.endIndex else { throw Malformed() }
        position += 1
        return bytes[position - 1] != 0
    }

    public mutating func readString() throws(Malformed) -> String {
        let count = try readInt()
        guard count >= 0, position + count <= bytes.endIndex else { throw Malformed() }
        let start = position - bytes.startIndex
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<(start + count)]), as: UTF8.self)
        }
        position += count
        return text
    }

    /// Reads bytes `write(bytes:)` wrote.
    public mutating func readBytes() throws(Malformed) -> [UInt8] {
        Array(try readSlice())
    }

    /// Reads bytes `write(bytes:)` wrote, as a part of this reader's buffer (no copy).
    public mutating func readSlice() throws(Malformed) -> ArraySlice<UInt8> {
        let count = try readCount()
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// Reads `count` bytes as they are, as a part of this reader's buffer.
    public mutating func readRaw(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.endIndex - position else { throw Malformed() }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    public mutating func readOptionalString() throws(Malformed) -> String? {
        try readBool() ? try readString() : nil
    }

    public mutating func readOptionalInt() throws(Malformed) -> Int? {
        try readBool() ? try readInt() : nil
    }

    public mutating func readStrings() throws(Malformed) -> [String] {
        let count = try readInt()
        guard count >= 0, count <= bytes.endIndex - position else { throw Malformed() }
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try readString()) }
        return texts
    }

    /// Reads `count` and checks it is a plausible number of items still to come.
    public mutating func readCount() throws(Malformed) -> Int {
        let count = try readInt()
        guard count >= 0, count <= bytes.endIndex - position else { throw Malformed() }
        return count
    }
}

/// Values written one after the other into memory of a known size (`ByteWriter.writeRun`), encoded
/// as `ByteWriter` encodes them: a run of a task's fields is then appended at once, where each
/// field appended on its own checked the array's room and uniqueness.
public struct ByteRun: ~Copyable {
    fileprivate var at: UnsafeMutablePointer<UInt8>
    fileprivate let end: UnsafeMutablePointer<UInt8>

    fileprivate init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        at = buffer.baseAddress!
        end = buffer.baseAddress! + buffer.count
    }

    /// The bytes `write(_:)` takes for each kind of value.
    public static func size(of _: Int) -> Int { 8 }
    public static func size(of text: String) -> Int { 8 + text.utf8.count }
    public static func size(of text: String?) -> Int { 1 + (text.map(size(of:)) ?? 0) }

    public mutating func write(_ value: Int) {
        precondition(end - at >= 8, "ByteRun: more written than its size")
        UnsafeMutableRawPointer(at).storeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian, as: UInt64.self)
        at += 8
    }

    public mutating func write(_ value: Bool) {
        precondition(end - at >= 1, "ByteRun: more written than its size")
        at.pointee = value ? 1 : 0
        at += 1
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            write(utf8.count)
            precondition(end - at >= utf8.count, "ByteRun: more written than its size")
            if let source = utf8.baseAddress { at.update(from: source, count: utf8.count) }
            at += utf8.count
        }
    }

    public mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }
}

extension ByteWriter {
    /// Appends what `body` writes into a run of at most `size` bytes, at once.
    public mutating func writeRun(size: Int, _ body: (inout ByteRun) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
            var run = ByteRun(buffer)
            body(&run)
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress, count: run.at - buffer.baseAddress!))
        }
    }
}
