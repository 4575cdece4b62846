import Testing

@testable import Markdown

struct HTMLEscapingTests {
    /// Escaping looks at eight bytes at once, appended or written into memory: the same text as
    /// escaping byte by byte, for each of the five characters at every place around the words'
    /// edges, in Chinese and ASCII text.
    @Test func escapingWordByWordMatchesByteByByte() {
        func reference(_ text: String) -> String {
            var escaped = ""
            for character in text.unicodeScalars {
                switch character {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.unicodeScalars.append(character)
                }
            }
            return escaped
        }
        let fillers = ["核对异常订单并回复买家核对", "abcdefghijklmnopqrstuvwxyz", "第14项:09:30 =?;"]
        var checked = 0
        for filler in fillers {
            let characters = Array(filler)
            for length in 0...characters.count {
                for at in 0...length {
                    for piece in ["&", "<", ">", "\"", "'", "<&>", "a'b", "=>", "?", "", "09:30", "%", "!#$%", ";=?:", "() *+,-./"] {
                        let text = String(characters.prefix(at)) + piece + String(characters[at..<length])
                        var output: [UInt8] = Array("前".utf8)
                        HTMLEscaping.appendEscaped(text, to: &output)
                        #expect(String(decoding: output, as: UTF8.self) == "前" + reference(text), "\(text)")
                        var copy = text
                        let written = copy.withUTF8 { utf8 in
                            let room = UnsafeMutablePointer<UInt8>.allocate(capacity: 6 * utf8.count + 1)
                            defer { room.deallocate() }
                            let count = HTMLEscaping.escape(utf8: utf8, to: room)
                            return String(decoding: UnsafeBufferPointer(start: room, count: count), as: UTF8.self)
                        }
                        #expect(written == reference(text), "\(text)")
                        #expect(copy.withUTF8 { HTMLEscaping.needsEscaping($0) } == (reference(text) != text), "\(text)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1000)
        #expect(HTMLEscaping.escape("") == "")
    }
}
