import Foundation
import Site
import Synchronization

/// A one-line progress display on standard error, shown only on a terminal and only once a build has
/// taken more than a moment; nothing at all when standard error is piped.
final class TerminalProgress: BuildProgress {
    private struct State {
        var lastDrawn: ContinuousClock.Instant?
        var visible = false
    }

    private let start = ContinuousClock.now
    private let state = Mutex(State())
    /// How long a build runs before the line appears, and how often it is redrawn.
    private let delay = Duration.milliseconds(300)
    private let interval = Duration.milliseconds(80)

    /// A progress display, or nil when standard error is not a terminal.
    static func forStandardError() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    func update(phase: String, done: Int, total: Int) {
        let now = ContinuousClock.now
        guard start.duration(to: now) > delay else { return }
        let line: String? = state.withLock { state in
            if let last = state.lastDrawn, last.duration(to: now) < interval, done < total { return nil }
            state.lastDrawn = now
            state.visible = true
            return "\r\u{1B}[2K\(phase) \(done)/\(total)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        let visible = state.withLock { $0.visible }
        if visible { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
