import Foundation
import Handbook
import Planner
import Synchronization
import Workspace

/// What one build leaves for the next in the same process (`opsbook build --watch`): its cache,
/// kept in memory, so a rebuild neither reads the cache file back nor waits for it to be written.
/// The file is still written, on another thread, for the next `opsbook build`.
public final class BuildMemory: Sendable {
    private struct State {
        var cache: BuildCache?
        var writing: BackgroundWork<Void>?
        var listing: Handbook.Listing?
        var handbook: (Handbook, PageCache)?
        var templates: Result<Templates, DiagnosticError>?
        var plans: (Planbook, [Diagnostic], PlanCache)?
    }

    private let state = Mutex(State())

    public init() {}

    /// The last build's cache, once its file is written (a build must not start while the last one
    /// is still writing it).
    func takeCache() -> BuildCache? {
        _ = state.withLock { $0.writing }?.value
        return state.withLock { state in
            defer { state.cache = nil }
            return state.cache
        }
    }

    /// The handbook's files as the last build listed them, updated for `changed` (absolute paths of
    /// files whose contents alone changed since); nil when the folder must be listed again.
    func listing(after changed: [String]?, in folder: URL) -> Handbook.Listing? {
        guard let changed, let listing = state.withLock({ $0.listing }) else { return nil }
        let base = folder.standardizedFileURL.path + "/"
        return listing.updating(changed.filter { $0.hasPrefix(base) }.map { String($0.dropFirst(base.count)) }, in: folder)
    }

    /// Keeps the handbook's listing for the next build.
    func keep(_ listing: Handbook.Listing) {
        state.withLock { $0.listing = listing }
    }

    /// The handbook a successful build of this process loaded, with its page cache; the next build
    /// reads again only the pages whose files changed since (`Handbook.reload`).
    var handbook: (Handbook, PageCache)? {
        state.withLock { $0.handbook }
    }

    /// The templates and the plans as the last build read them, each only when asked for (nothing
    /// under its folder changed since).
    func loaded(templates: Bool, plans: Bool) -> (
        templates: Result<Templates, DiagnosticError>?, plans: (Planbook, [Diagnostic], PlanCache)?
    ) {
        state.withLock { (templates ? $0.templates : nil, plans ? $0.plans : nil) }
    }

    /// Keeps the templates and the plans for the next build.
    func keep(templates: Result<Templates, DiagnosticError>, plans: (Planbook, [Diagnostic], PlanCache)) {
        state.withLock { state in
            state.templates = templates
            state.plans = plans
        }
    }

    /// Keeps `cache` and the handbook the build loaded for the next build, and writes the cache to
    /// `url` in the background. There too the pages this build read get their cache entries' bytes,
    /// which the next builds copy (without, every save encoded every page of the handbook again).
    ///
    /// - Parameter patch: makes the record a later `opsbook build` patches the site with, written
    ///   into the file (not needed in this process: a rebuild while watching never patches).
    func keep(
        _ cache: BuildCache, handbook: Handbook, writingTo url: URL, encoded: BackgroundWork<BuildCache.Encoded>,
        patch: @escaping @Sendable () -> PatchRecord?
    ) {
        state.withLock { kept in
            kept.cache = cache
            kept.handbook = (handbook, cache.pages)
        }
        let writing = BackgroundWork { [self] in
            var file = cache
            file.patch = patch()
            file.write(to: url, encoded: encoded.value)
            let pages = cache.pages.withEncodedEntries()
            state.withLock { kept in
                kept.cache?.pages = pages
                kept.handbook?.1 = pages
            }
        }
        state.withLock { $0.writing = writing }
    }
}
