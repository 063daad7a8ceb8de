import TracklineCore

extension ByteTrack {
    /// A track in this frame's pool: an index into `tracked` or `lost`.
    enum Ref { case tracked(Int), lost(Int) }

    public mutating func update(frame: Int, detections: [Detection]) -> [TrackedBox] {
        frameCount += 1
        let cfg = configuration
        var high: [Int] = [], low: [Int] = []
        // Compare in Float, the scores' own precision, so "0.9" in a file meets a 0.9 threshold.
        let trackThreshold = Float(cfg.trackThreshold), lowThreshold = Float(cfg.lowThreshold)
        let newTrackThreshold = Float(cfg.newTrackThreshold)
        for (i, d) in detections.enumerated() {
            let s = d.score
            guard d.box.width > 0, d.box.height > 0, d.box.x.isFinite, d.box.y.isFinite, d.box.maxX.isFinite, d.box.maxY.isFinite,
                  (d.box.width * d.box.height).isFinite else { continue }
            if s > trackThreshold { high.append(i) }
            else if s > lowThreshold && s < trackThreshold { low.append(i) }
        }

        // Step 1: pool = confirmed tracked + lost, predicted; tentative tracks wait.
        var pool: [Ref] = []
        var unconfirmed: [Int] = []
        for i in tracked.indices {
            if tracked[i].state == .tentative { unconfirmed.append(i) } else { pool.append(.tracked(i)) }
        }
        for i in lost.indices { pool.append(.lost(i)) }
        for r in pool {
            switch r {
            case .tracked(let i): tracked[i].kf.predict()
            case .lost(let i): lost[i].kf.predict(freezeHeightVelocity: true)
            }
        }

        var refound: [Int] = []  // indices into `lost`, in match order
        var newlyLost: [Int] = []  // indices into `tracked`

        // Step 2: high-score detections.
        let poolBoxes = pool.map { box(of: $0) }
        let poolFeatures = pool.map { feature(of: $0) }
        fillCost(tracks: poolBoxes, detections: detections, indices: high, fuse: cfg.fuseScore,
                 trackFeatures: cfg.useAppearance ? poolFeatures : nil)
        let m1 = assignment.match(cost, rows: pool.count, columns: high.count, threshold: cfg.matchThreshold)
        var poolMatched = [Bool](repeating: false, count: pool.count)
        var highMatched = [Bool](repeating: false, count: high.count)
        for (r, c) in m1 {
            poolMatched[r] = true; highMatched[c] = true
            apply(detections[high[c]], to: pool[r], frame: frameCount, refound: &refound)
        }

        // Step 3: low-score detections for tracks that were being tracked.
        var rest: [Int] = []
        for (k, r) in pool.enumerated() where !poolMatched[k] {
            if case .tracked = r { rest.append(k) }
        }
        fillCost(tracks: rest.map { poolBoxes[$0] }, detections: detections, indices: low, fuse: false, trackFeatures: nil)
        let m2 = assignment.match(cost, rows: rest.count, columns: low.count, threshold: cfg.lowMatchThreshold)
        var restMatched = [Bool](repeating: false, count: rest.count)
        for (r, c) in m2 {
            restMatched[r] = true
            apply(detections[low[c]], to: pool[rest[r]], frame: frameCount, refound: &refound)
        }
        for (k, p) in rest.enumerated() where !restMatched[k] {
            if case .tracked(let i) = pool[p] {
                tracked[i].state = .lost
                newlyLost.append(i)
            }
        }

        // Tentative tracks against the high-score leftovers; a miss removes them.
        let leftHigh = (0..<high.count).filter { !highMatched[$0] }.map { high[$0] }
        fillCost(tracks: unconfirmed.map { tracked[$0].box }, detections: detections, indices: leftHigh,
                 fuse: cfg.fuseScore, trackFeatures: nil)
        let m3 = assignment.match(cost, rows: unconfirmed.count, columns: leftHigh.count, threshold: cfg.unconfirmedMatchThreshold)
        var leftUsed = [Bool](repeating: false, count: leftHigh.count)
        var unconfirmedMatched = [Bool](repeating: false, count: unconfirmed.count)
        for (r, c) in m3 {
            leftUsed[c] = true; unconfirmedMatched[r] = true
            apply(detections[leftHigh[c]], to: .tracked(unconfirmed[r]), frame: frameCount, refound: &refound)
            tracked[unconfirmed[r]].state = .confirmed
        }
        for (k, i) in unconfirmed.enumerated() where !unconfirmedMatched[k] { tracked[i].state = .removed }

        // Step 4: new tracks.
        var born: [Track] = []
        for (k, d) in leftHigh.enumerated() where !leftUsed[k] && detections[d].score >= newTrackThreshold {
            let det = detections[d]
            born.append(Track(key: nextKey, kf: XYAHKalman(box: det.box), state: frameCount == 1 ? .confirmed : .tentative,
                              lastFrame: frameCount, startFrame: frameCount, score: det.score,
                              feature: normalised(det.feature)))
            nextKey += 1
        }

        // Step 5: rebuild the lists in ByteTrack's order.
        let refoundSet = Set(refound)
        var newTracked = tracked.filter { $0.state == .confirmed || $0.state == .tentative }
        newTracked.append(contentsOf: born)
        for i in refound { newTracked.append(lost[i]) }
        var newLost: [Track] = []
        for (i, t) in lost.enumerated() where !refoundSet.contains(i) {
            if frameCount - t.lastFrame <= cfg.maxTimeLost { newLost.append(t) }
        }
        for i in newlyLost { newLost.append(tracked[i]) }
        tracked = newTracked
        lost = newLost
        removeDuplicates()

        var out: [TrackedBox] = []
        for i in tracked.indices where tracked[i].state == .confirmed {
            let b = tracked[i].box
            guard b.x.isFinite, b.y.isFinite, b.width.isFinite, b.height.isFinite else { continue }
            if tracked[i].id == 0 { tracked[i].id = nextID; nextID += 1 }
            out.append(TrackedBox(frame: frame, trackID: tracked[i].id, box: b, score: tracked[i].score,
                                  detection: tracked[i].detection))
        }
        out.sort { $0.trackID < $1.trackID }
        recorder.record(out)
        return out
    }

    private func box(of r: Ref) -> BoundingBox {
        switch r {
        case .tracked(let i): return tracked[i].box
        case .lost(let i): return lost[i].box
        }
    }

    private func feature(of r: Ref) -> [Float] {
        switch r {
        case .tracked(let i): return tracked[i].feature
        case .lost(let i): return lost[i].feature
        }
    }

    /// Updates a pooled track with a detection; a lost track comes back confirmed.
    private mutating func apply(_ det: Detection, to r: Ref, frame: Int, refound: inout [Int]) {
        switch r {
        case .tracked(let i): absorb(det, into: &tracked[i], frame: frame)
        case .lost(let i):
            absorb(det, into: &lost[i], frame: frame)
            lost[i].state = .confirmed
            refound.append(i)
        }
    }

    private func absorb(_ det: Detection, into t: inout Track, frame: Int) {
        t.kf.update(box: det.box)
        t.detection = det.box
        t.lastFrame = frame
        t.score = det.score
        if t.state == .lost { t.state = .confirmed }
        if !det.feature.isEmpty {
            if t.feature.count == det.feature.count {
                let m = configuration.featureMomentum
                for k in t.feature.indices { t.feature[k] = m * t.feature[k] + (1 - m) * det.feature[k] }
                t.feature = normalised(t.feature)
            } else {
                t.feature = normalised(det.feature)
            }
        }
    }

    /// Fills `cost` (tracks x detections) with IoU distance, optionally fused with score and appearance.
    private mutating func fillCost(tracks: [BoundingBox], detections: [Detection], indices: [Int], fuse: Bool,
                                   trackFeatures: [[Float]]?) {
        cost.removeAll(keepingCapacity: true)
        let cfg = configuration
        for (ti, tb) in tracks.enumerated() {
            for d in indices {
                let det = detections[d]
                let iouDist = 1 - tb.iou(det.box)
                var c = fuse ? 1 - (1 - iouDist) * Double(det.score) : iouDist
                if let tf = trackFeatures, !tf[ti].isEmpty, tf[ti].count == det.feature.count, iouDist < cfg.proximityThreshold {
                    var dot: Float = 0
                    let f = tf[ti]
                    for k in f.indices { dot += f[k] * det.feature[k] }
                    let emb = Double(1 - dot) / 2
                    if cfg.appearanceWeight > 0 {
                        // Weighted sum; a pair that looks too different is gated out entirely.
                        c = emb > cfg.appearanceThreshold ? 1 : (1 - cfg.appearanceWeight) * c + cfg.appearanceWeight * emb
                    } else if emb <= cfg.appearanceThreshold {
                        c = min(c, emb)
                    }
                }
                cost.append(c)
            }
        }
    }

    /// Drops the younger of any tracked/lost pair that overlap almost entirely.
    private mutating func removeDuplicates() {
        guard !tracked.isEmpty, !lost.isEmpty else { return }
        var dropTracked = Set<Int>(), dropLost = Set<Int>()
        for (p, a) in tracked.enumerated() {
            for (q, b) in lost.enumerated() where 1 - a.box.iou(b.box) < configuration.duplicateDistance {
                let ageA = a.lastFrame - a.startFrame, ageB = b.lastFrame - b.startFrame
                if ageA > ageB { dropLost.insert(q) } else { dropTracked.insert(p) }
            }
        }
        if !dropTracked.isEmpty { tracked = tracked.enumerated().filter { !dropTracked.contains($0.offset) }.map(\.element) }
        if !dropLost.isEmpty { lost = lost.enumerated().filter { !dropLost.contains($0.offset) }.map(\.element) }
    }
}

func normalised(_ v: [Float]) -> [Float] {
    var n: Float = 0
    for x in v { n += x * x }
    guard n > 0 else { return v }
    let s = 1 / n.squareRoot()
    return v.map { $0 * s }
}
