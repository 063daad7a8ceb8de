/// The set of columns not yet assigned during one `SparseAssignment` solve: a bitset that only
/// loses members, with the smallest member found by skipping empty words from a hint that only
/// moves forward. Memory: one bit per column.
struct FreeColumns: Sendable {
    private var words: [UInt64] = []
    /// No word before this one has a member.
    private var firstWord = 0

    /// Makes `0..<count` all members.
    mutating func reset(count: Int) {
        let n = (count + 63) / 64
        words.removeAll(keepingCapacity: true)
        words.append(contentsOf: repeatElement(UInt64.max, count: n))
        if count % 64 != 0, n > 0 { words[n - 1] = (UInt64(1) << UInt64(count % 64)) - 1 }
        firstWord = 0
    }

    mutating func remove(_ j: Int) {
        words[j >> 6] &= ~(UInt64(1) << UInt64(j & 63))
    }

    /// The smallest member `>= from`, or nil.
    mutating func first(from: Int) -> Int? {
        while firstWord < words.count && words[firstWord] == 0 { firstWord += 1 }
        var w = max(from >> 6, firstWord)
        if w >= words.count { return nil }
        var bits = words[w]
        if w == from >> 6 { bits &= UInt64.max << UInt64(from & 63) }
        while bits == 0 {
            w += 1
            if w >= words.count { return nil }
            bits = words[w]
        }
        return w << 6 + bits.trailingZeroBitCount
    }
}
