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
