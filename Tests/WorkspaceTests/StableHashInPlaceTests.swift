import Testing

@testable import Workspace

/// Values hashed where they are in a file's bytes hash as their strings do (build caches keep the
/// keys between builds, and the same task read as YAML is hashed from its strings).
struct StableHashInPlaceTests {
    /// Every run of bytes in texts of 1 to 24 bytes, at the start, middle and end, with multibyte
    /// characters among them.
    @Test func bytesInPlaceHashAsTheirString() {
        let source = Array("ab核对退货cdefghij:klmnop-qrs".utf8)
        for length in 1...24 {
            let bytes = Array(source.prefix(length))
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0..<length {
                    for end in (start + 1)...length {
                        let text = String(decoding: bytes[start..<end], as: UTF8.self)
                        // A character cut in two is not a string's bytes.
                        guard text.utf8.elementsEqual(bytes[start..<end]) else { continue }
                        var inPlace = StableHash(value: 7)
                        inPlace.combine(start, count: end - start, within: buffer)
                        var fromText = StableHash(value: 7)
                        fromText.combine(text)
                        #expect(inPlace.value == fromText.value, "\(length) \(start)..<\(end)")
                    }
                }
            }
        }
    }

    /// A plain record's values hash as their texts do, and a missing one as no text.
    @Test func recordValuesHashAsTheirTexts() throws {
        let names = ["id", "title", "notes"]
        var records = try #require(
            PlainRecords.read("tasks:\n- id: 1126-1\n  title: 核对退货与换货的订单\n- id: x\n  notes: 七", under: "tasks", names: names))
        for record in 0..<records.count {
            for slot in names.indices {
                var inPlace = StableHash()
                records.combine(record, slot, into: &inPlace)
                var fromText = StableHash()
                fromText.combine(records.text(record, slot))
                #expect(inPlace.value == fromText.value, "\(record) \(slot)")
            }
        }
    }
}
