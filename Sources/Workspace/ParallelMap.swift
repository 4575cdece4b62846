import Dispatch
#if canImport(Glibc)
    import Glibc
#endif

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; the order of the result matches the input.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        // Chunks keep the scheduling overhead small for thousands of cheap items.
        let chunkCount = Swift.min(count, 64)
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var index = chunk
                while index < input.count {
                    slots[index] = transform(input[index])
                    index += chunkCount
                }
            }
        }
        return results.map { $0! }
    }
}

/// Runs `second` on another thread while `first` runs on this one, and returns both results.
/// Not `concurrentPerform`: a `parallelMap` inside it would find the pool taken and run on one core.
public func concurrently<A, B>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    let other = BackgroundWork(second)
    let a = first()
    return (a, other.value)
}

/// Work started on another thread now, whose result is waited for when it is first needed.
public final class BackgroundWork<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        // A thread of its own, not the dispatch pool: while `parallelMap` keeps the pool's threads
        // busy, work queued there waited for the end of the build; a thread of its own gets the
        // cores whenever the build runs one thread only.
        startThread { [self] in
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work is finished (waits for it the first time).
    public var value: T {
        done.wait()
        done.signal()  // for the next reader
        return result!
    }
}

/// Work on a thread started now that waits for its input before it begins: by the time the input
/// is given the thread runs on a core of its own, where a thread started only then waited about a
/// millisecond for one while the build kept both busy.
public final class WaitingWork<Input, Output>: @unchecked Sendable {
    private var input: Input?
    private let given = DispatchSemaphore(value: 0)
    private var work: BackgroundWork<Output?>!

    public init(_ body: @escaping @Sendable (Input) -> Output) {
        work = BackgroundWork { [self] in
            given.wait()
            return input.map(body)
        }
    }

    /// Gives the work its input: it begins.
    public func start(with input: Input) {
        self.input = input
        given.signal()
    }

    /// Lets the thread end without doing the work (when it will not be given an input).
    public func cancel() {
        given.signal()
    }

    /// The result, once the work is finished; nil when it was cancelled.
    public var value: Output? { work.value }
}

/// Runs `body` on a new POSIX thread (here and now when none can be started). Not Foundation's
/// `Thread`, which took up to a millisecond to start.
private func startThread(_ body: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(ThreadBody(body))
    var thread = pthread_t()
    guard pthread_create(&thread, nil, runThreadBody, box.toOpaque()) == 0 else {
        box.takeRetainedValue().body()
        return
    }
    pthread_detach(thread)
}

private func runThreadBody(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue().body()
    return nil
}

private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
