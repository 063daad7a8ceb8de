/// Area under the ROC curve of a score that should be higher for `positives` than for
/// `negatives`: the probability that a random positive outscores a random negative, ties
/// counting one half (Mann-Whitney U / (n+ n-)). Returns 0.5 when either set is empty.
public func rocAUC(positives: [Float], negatives: [Float]) -> Double {
    guard !positives.isEmpty, !negatives.isEmpty else { return 0.5 }
    let all = (positives.map { ($0, true) } + negatives.map { ($0, false) }).sorted { $0.0 < $1.0 }
    // Sum of the positives' ranks (1-based, ties get their mean rank).
    var rankSum = 0.0
    var i = 0
    while i < all.count {
        var j = i
        while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
        let meanRank = Double(i + j + 2) / 2
        for k in i...j where all[k].1 { rankSum += meanRank }
        i = j + 1
    }
    let np = Double(positives.count), nn = Double(negatives.count)
    return (rankSum - np * (np + 1) / 2) / (np * nn)
}
