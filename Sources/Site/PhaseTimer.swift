/// Measures the phases of a build one after another, for `opsbook build --timings`.
struct PhaseTimer {
    private(set) var phases: [(phase: String, seconds: Double)] = []
    private var start = ContinuousClock.now

    /// Ends the current phase under `name` and starts the next.
    mutating func finish(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = start.duration(to: now)
        phases.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        start = now
    }
}
