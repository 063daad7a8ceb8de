import Foundation

/// Learning rate: linear warm-up from 0 to `peak` over `warmupSteps`, then cosine decay to
/// `peak * finalFraction` at `totalSteps` (held after that).
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    public var peak: Double
    public var warmupSteps: Int
    public var totalSteps: Int
    public var finalFraction: Double

    public init(peak: Double, warmupSteps: Int, totalSteps: Int, finalFraction: Double = 0.05) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.finalFraction = finalFraction
    }

    /// The rate for a 0-based step.
    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(step - warmupSteps) / Double(span))
        let low = peak * finalFraction
        return low + (peak - low) * 0.5 * (1 + cos(.pi * progress))
    }
}

/// AdamW (decoupled weight decay) with global-norm gradient clipping.
public struct AdamW {
    public var schedule: LearningRateSchedule
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    public var weightDecay: Double
    /// Gradients are scaled down so their global L2 norm is at most this (<= 0: no clipping).
    public var clipNorm: Double
    public private(set) var step = 0
    private var m: [[Float]] = []
    private var v: [[Float]] = []

    public init(schedule: LearningRateSchedule, weightDecay: Double = 0.01, clipNorm: Double = 1.0) {
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// Applies one update from the store's accumulated gradients, then zeroes them.
    /// Returns the gradient norm before clipping.
    @discardableResult
    public mutating func update(_ store: ParameterStore) -> Double {
        if m.count != store.tensors.count {
            m = store.tensors.map { [Float](repeating: 0, count: $0.count) }
            v = m
        }
        let norm = store.gradientNorm()
        let clip: Float = (clipNorm > 0 && norm > clipNorm) ? Float(clipNorm / norm) : 1
        let lr = schedule.rate(at: step)
        step += 1
        let b1 = Float(beta1), b2 = Float(beta2)
        let c1 = Float(1 - pow(beta1, Double(step))), c2 = Float(1 - pow(beta2, Double(step)))
        let eps = Float(epsilon), flr = Float(lr)
        for p in store.tensors.indices {
            let decay: Float = store.decays[p] ? Float(lr * weightDecay) : 0
            let g = store.grads[p]
            store.tensors[p].data.withUnsafeMutableBufferPointer { w in
                m[p].withUnsafeMutableBufferPointer { mp in
                    v[p].withUnsafeMutableBufferPointer { vp in
                        for i in 0..<w.count {
                            let gi = g[i] * clip
                            mp[i] = b1 * mp[i] + (1 - b1) * gi
                            vp[i] = b2 * vp[i] + (1 - b2) * gi * gi
                            let mh = mp[i] / c1, vh = vp[i] / c2
                            w[i] -= decay * w[i] + flr * mh / (vh.squareRoot() + eps)
                        }
                    }
                }
            }
        }
        store.zeroGradients()
        return norm
    }
}
