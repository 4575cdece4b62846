import Testing
import Workspace

/// Flat records read straight from a text's lines.
struct PlainRecordsTests {
    /// Keys are found in any order (the one after the last key's is only tried first), each value
    /// at its place.
    @Test func keysInAnyOrder() throws {
        let names = ["id", "title", "owner", "by"]
        var records = try #require(
            PlainRecords.read(
                "tasks:\n- by: 王主管\n  owner: 小李\n  id: 1\n  title: 核对\n- id: 2\n  by: b\n  title: t\n",
                under: "tasks", names: names))
        #expect(records.count == 2)
        #expect((0..<4).map { records.text(0, $0) } == ["1", "核对", "小李", "王主管"])
        #expect((0..<4).map { records.text(1, $0) } == ["2", "t", nil, "b"])
        #expect(records.field(0, 3).map { [$0.line, $0.column] } == [2, 7])
    }
}
