import Dispatch

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
    nonisolated(unsafe) var b: B?
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        b = second()
        done.signal()
    }
    let a = first()
    done.wait()
    return (a, b!)
}
