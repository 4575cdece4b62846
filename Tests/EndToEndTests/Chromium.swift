import Foundation

/// Headless Chromium (Debian's `chromium`), to see pages as a browser shows them after their scripts ran.
enum Chromium {
    /// The DOM of the page at `file` after its scripts ran, as HTML.
    static func dumpDOM(of file: URL, query: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var url = file.absoluteString
        if !query.isEmpty { url += "?" + query }
        process.arguments = [
            "timeout", "60", "chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=\(FileManager.default.temporaryDirectory.appending(path: "opsbook-chromium-\(UUID().uuidString)").path)",
            "--virtual-time-budget=5000", "--dump-dom", url,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
