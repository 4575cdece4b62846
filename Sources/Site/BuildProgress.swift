/// Receives a build's progress; `SiteBuilder` calls it from several threads at once.
public protocol BuildProgress: Sendable {
    /// `done` of `total` items of `phase` are finished.
    func update(phase: String, done: Int, total: Int)
    /// The build is over (successful or not): clear whatever was shown.
    func finish()
}
