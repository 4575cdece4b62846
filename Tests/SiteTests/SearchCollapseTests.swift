import Testing

@testable import Site

/// The search index's text is collapsed and escaped a word of bytes at a time; it must say what
/// the rule says a scalar at a time, for any mix of text, white space, quotes and scripts.
struct SearchCollapseTests {
    @Test func collapsingAgreesWithTheRule() {
        let pieces = [
            "a", "Z", "1", "abcdefghij", " ", "  ", "\n", "\r\n", "\t", "\u{3000}", "\u{A0}", "\u{85}", "\u{2003}",
            "\u{2028}", "\u{1E}", "\u{7F}", "\"", "\\", "退", "货", "退货退款后再申请", "、", "。", ",", "é", "😀", "「",
            "\u{1680}", "\u{2E80}", "Ａ", "x\"y\\z",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<20_000 {
            let text = (0..<next(24)).map { _ in pieces[next(pieces.count)] }.joined()
            for quotes in [false, true] {
                var out: [UInt8] = []
                SearchIndex.appendCollapsed(text, to: &out, escapingQuotes: quotes)
                #expect(String(decoding: out, as: UTF8.self) == Self.collapsed(text, quotes: quotes), "\(text.debugDescription)")
            }
        }
    }

    /// The rule: white space (controls too) between runs of text becomes one space, none at either
    /// end, and none where a line break meets a wide (Chinese) character; `"` and `\` get a `\`.
    private static func collapsed(_ text: String, quotes: Bool) -> String {
        func isSpace(_ value: UInt32) -> Bool {
            switch value {
            case 0..<0x21, 0x7F, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        func isWide(_ value: UInt32) -> Bool {
            switch value {
            case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0x20000...0x3FFFF: true
            default: false
            }
        }
        var out = ""
        var (pendingSpace, pendingBreak, inRun) = (false, false, false)
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" { pendingBreak = true }
            if isSpace(scalar.value) {
                inRun = false
                pendingSpace = true
                continue
            }
            if !inRun {
                if pendingSpace, let previous, !(pendingBreak && (isWide(previous) || isWide(scalar.value))) { out += " " }
                (pendingSpace, pendingBreak, inRun) = (false, false, true)
            }
            if quotes, scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
            previous = scalar.value
        }
        return out
    }
}
