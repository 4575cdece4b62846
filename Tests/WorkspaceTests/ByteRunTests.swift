import Testing
import Workspace

struct ByteRunTests {
    /// A run writes the bytes the writer writes value by value, and reads back the same.
    @Test func runEncodesAsTheWriterDoes() throws {
        let texts: [String?] = [nil, "", "1126-3", "每一单都有处理人,超过十五个字节", "a"]
        for first in texts {
            for second in texts {
                var one = ByteWriter()
                one.write(first ?? "x")
                one.write(-7)
                one.write(first)
                one.write(true)
                one.write(second)
                var run = ByteWriter()
                let size = ByteRun.size(of: first ?? "x") + ByteRun.size(of: -7) + ByteRun.size(of: first) + 1
                    + ByteRun.size(of: second)
                run.writeRun(size: size) { run in
                    run.write(first ?? "x")
                    run.write(-7)
                    run.write(first)
                    run.write(true)
                    run.write(second)
                }
                #expect(run.bytes == one.bytes)
                #expect(run.bytes.count == size)
                var reader = ByteReader(run.bytes[...])
                #expect(try reader.readString() == first ?? "x")
                #expect(try reader.readInt() == -7)
                #expect(try reader.readOptionalString() == first)
                #expect(try reader.readBool())
                #expect(try reader.readOptionalString() == second)
            }
        }
    }
}
