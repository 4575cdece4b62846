/// A 64-bit hash that is the same in every process (Swift's `Hasher` is seeded per run), for keys
/// the build cache keeps between builds.
///
/// Bytes are mixed eight at a time (a multiply and a shift per word): byte by byte, hashing every
/// page's path, title and summary was a tenth of a one-page rebuild.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The hash as it stood at `value`, to be continued (an earlier build kept it).
    public init(value: UInt64) {
        self.value = value
    }

    public mutating func combine(_ text: String) {
        var text = text
        // A native string's bytes in place (a bridged one is made native first).
        text.withUTF8 { mix($0) }
    }

    public mutating func combine(_ number: Int) {
        mix(word: UInt64(bitPattern: Int64(number)))
    }

    public mutating func combine(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { mix($0) }
    }

    public mutating func combine(bytes: [UInt8]?) {
        if let bytes { combine(bytes: bytes) } else { mix(word: 0xFE) }
    }

    public mutating func combine(_ number: UInt64?) {
        combine(number.map { Int(Int64(bitPattern: $0)) })
    }

    public mutating func combine(_ number: Int?) {
        if let number { combine(number) } else { mix(word: 0xFE) }
    }

    public mutating func combine(_ text: String?) {
        if let text { combine(text) } else { mix(word: 0xFE) }
    }

    /// Mixes `bytes` and then their count, so "ab"+"c" differs from "a"+"bc".
    private mutating func mix(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else {
            mix(word: 0xFF)
            return
        }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(word: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var last: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            last |= UInt64(base[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(word: last)
        mix(word: 0xFF00 | UInt64(bytes.count) << 16)
    }

    /// The same as `combine(_:)` with a string of the `count` (at least 1) bytes at `start` in
    /// `within`, which holds them: their last word is read at once from `within`'s bytes around
    /// them (a plan's values are hashed where they are read, with no string made).
    mutating func combine(_ start: Int, count: Int, within: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawPointer(within.baseAddress!)
        let end = start + count
        var offset = start
        while offset + 8 <= end {
            mix(word: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        let left = UInt64(end - offset)
        var last: UInt64 = 0
        if left > 0 {
            if offset + 8 <= within.count {
                last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                last &= (1 << (8 * left)) &- 1
            } else if end >= 8 {
                last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
                last >>= 8 * (8 - left)
            } else {
                for index in 0..<Int(left) { last |= UInt64(within[offset + index]) << (8 * UInt64(index)) }
            }
        }
        mix(word: last)
        mix(word: 0xFF00 | UInt64(count) << 16)
    }

    private mutating func mix(word: UInt64) {
        value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }
}
