/// Open addressing over 64-bit hashes the caller works out: each entry's position, found from its
/// hash, the caller's own entries kept in arrays of its own at the same positions. A `Set` or a
/// `Dictionary` hashes every lookup with SipHash; the day sheets look up 50,000 anchors and
/// carried rows.
struct HashSlots {
    /// Positions (-1: free), at each hash's place or after it; at most half are taken.
    private var slots: [Int32]
    /// Each entry's hash, by position.
    private var hashes: [UInt64] = []

    /// Room for `count` entries without growing.
    init(reserving count: Int = 0) {
        var size = 16
        while size < 2 * count + 2 { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
        hashes.reserveCapacity(count)
    }

    /// The position of the entry with `hash` for which `matches` holds, if any.
    func find(_ hash: UInt64, where matches: (Int) -> Bool) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if hashes[index] == hash && matches(index) { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds an entry with `hash` at the next position (the caller appends its own entry there).
    mutating func add(_ hash: UInt64) {
        if 2 * (hashes.count + 1) > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (index, hash) in hashes.enumerated() { place(index, hash) }
        }
        place(hashes.count, hash)
        hashes.append(hash)
    }

    private mutating func place(_ index: Int, _ hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }
}
