/// Texts made from `base` by inserting one to `most` of `pieces` at random places, the same ones
/// every run (a fixed linear congruential sequence from `seed`): what the readers' comparison
/// tests feed both readers.
func mutations(of base: String, pieces: [String], count: Int, most: Int, seed: UInt64) -> [String] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let scalars = Array(base.unicodeScalars)
    return (0..<count).map { _ in
        var mutated = scalars
        for _ in 0..<(1 + next(most)) {
            let at = next(mutated.count + 1)
            mutated.insert(contentsOf: pieces[next(pieces.count)].unicodeScalars, at: at)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: mutated)
        return text
    }
}
