import Testing

@testable import Workspace

struct PlainBlockReaderTests {
    /// A character libyaml refuses or reads as a line break is found wherever it stands in a text
    /// (the bytes are looked at sixteen and eight at a time, then one by one), and line feeds and
    /// other text are not taken for one.
    @Test func refusedCharactersAreFoundAnywhere() {
        let text = Array("tasks:\n  - id: 1126-1\n    title: 核对退货\n".utf8)
        #expect(text.withUnsafeBufferPointer(PlainBlockReader.Lines.isReadable))
        for refused in ["\t", "\r", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}"] {
            for at in 0...text.count {
                var bytes = text
                bytes.insert(contentsOf: Array(refused.utf8), at: at)
                #expect(!bytes.withUnsafeBufferPointer(PlainBlockReader.Lines.isReadable), "\(refused.debugDescription) at \(at)")
            }
        }
    }
}
