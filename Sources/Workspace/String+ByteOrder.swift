#if canImport(Glibc)
    import Glibc
#endif

extension String {
    /// Whether `self` comes before `other` in code point order, compared as UTF-8 bytes with
    /// `memcmp`: the order `<` gives normalized text, without normalizing or decoding. Sorting a
    /// handbook's paths and titles with `<` (or `lexicographicallyPrecedes`) showed in every rebuild.
    public func precedesInByteOrder(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = Swift.min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }
}

extension Array where Element == String {
    /// Whether this array, sorted with `precedesInByteOrder`, holds `path`: a few look-ups in a
    /// handbook's paths without hashing them all into a set first.
    public func sortedContains(_ path: String) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].precedesInByteOrder(path) { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == path
    }
}
