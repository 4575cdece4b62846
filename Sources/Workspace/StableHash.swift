/// A 64-bit FNV-1a hash that is the same in every process (Swift's `Hasher` is seeded per run), for
/// keys the build cache keeps between builds.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0xFF)  // ends the string, so "ab"+"c" differs from "a"+"bc"
    }

    public mutating func combine(_ number: Int) {
        var bits = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    public mutating func combine(bytes: [UInt8]) {
        // Not generic: called from another module, a generic version went byte by byte through
        // protocol witnesses (a year of day sheets' search lines is a megabyte).
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { mix(byte) }
        }
        mix(0xFF)
    }

    public mutating func combine(_ number: Int?) {
        if let number { combine(number) } else { mix(0xFE) }
    }

    public mutating func combine(_ text: String?) {
        if let text { combine(text) } else { mix(0xFE) }
    }

    private mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}
