import Foundation
import TracklineCore

/// Settings of the trajectory simulator.
public struct SimulatorConfig: Codable, Sendable, Equatable {
    /// Frame rates drawn per sequence.
    public var frameRates: [Double] = [5, 7, 10, 14, 15, 20, 25, 30]
    /// Length of a sequence in frames, drawn uniformly.
    public var minFrames: Int = 120
    public var maxFrames: Int = 300
    /// Mean number of people in view, drawn uniformly per sequence.
    public var minPeople: Double = 3
    public var maxPeople: Double = 25
    /// Probability that a newcomer brings 1-2 companions walking with them.
    public var groupProbability: Double = 0.3
    /// Stops per person per second, and their duration range in seconds.
    public var stopRate: Double = 0.03
    public var stopSeconds: ClosedRange<Double> = 1...6
    /// Fraction of sequences with a panning / shaking camera.
    public var movingCameraFraction: Double = 0.3
    /// Appearance vector length (0 = none) and per-observation noise (relative to unit norm).
    public var appearanceDim: Int = 0
    public var appearanceNoise: Double = 0.35
    /// Fraction of sequences whose detections carry appearance vectors.
    public var appearanceFraction: Double = 0.7
    /// Scene-wide appearance component: each identity's vector is `a * g + u` (normalised), with
    /// `g` one unit vector per sequence, `u` the identity's own and `log a ~ N(m, s)` for
    /// `[m, s]`. Real colour histograms of two people share much of their mass (PETS09: cosine
    /// 0.31 / 0.52 / 0.69 at the 10th / 50th / 90th percentile), which independent vectors
    /// (cosine ~0) do not reproduce. nil = none.
    public var appearanceShared: [Double]?
    /// Log-normal spread of the per-detection noise: its norm is `appearanceNoise * exp(t * z)`,
    /// `z ~ N(0, 1)`, before the occlusion factor. nil = a fixed norm.
    public var appearanceNoiseSpread: Double?

    public init() {}
}

/// Simulates pedestrians walking on a ground plane seen by a perspective camera and runs
/// their true boxes through a `DetectorNoiseModel`, giving labelled detections.
public struct PedestrianSimulator {
    public var config: SimulatorConfig
    public var noise: DetectorNoiseModel

    public init(config: SimulatorConfig, noise: DetectorNoiseModel) {
        self.config = config
        self.noise = noise
    }

    private struct Walker {
        var id: Int
        var x: Double, z: Double          // metres on the ground plane (z = depth)
        var heading: Double               // radians, 0 = +x
        var speed: Double                 // preferred m/s
        var goalX: Double, goalZ: Double
        var heightM: Double, aspect: Double
        var stopLeft: Double = 0          // seconds still standing
        var entered = false               // has been in view
        var phase: Double
        var appearance: [Float]
    }

    private struct Camera {
        var width: Double, height: Double
        var focal: Double, cameraHeight: Double, horizon: Double
        var nearZ: Double, farZ: Double
        var panSpeed: Double, shake: Double

        func footY(_ z: Double) -> Double { horizon + focal * cameraHeight / z }
        func u(_ x: Double, _ z: Double) -> Double { width / 2 + focal * x / z }
        /// Half-width of the visible ground at depth z, metres (with a margin).
        func halfSpan(_ z: Double) -> Double { 0.6 * width * z / focal }
    }

    /// One simulated sequence; the same generator state gives the same sequence.
    public func generate(name: String, using rng: inout RandomSource) -> LabelledSequence {
        let fps = config.frameRates[rng.nextInt(config.frameRates.count)]
        let frames = config.minFrames + rng.nextInt(max(1, config.maxFrames - config.minFrames + 1))
        let sizes: [(Double, Double)] = [(640, 480), (768, 576), (1280, 720), (1920, 1080), (1242, 375)]
        let (w, h) = sizes[rng.nextInt(sizes.count)]
        let focal = w * rng.uniform(0.7, 1.6)
        let cameraHeight = rng.uniform(1.5, 12)
        let horizon = h * rng.uniform(-0.7, 0.4)
        let top = max(horizon + 0.1 * h, 0.12 * h)
        let nearZ = focal * cameraHeight / (1.05 * h - horizon)
        let farZ = min(focal * cameraHeight / (top - horizon), nearZ * 12)
        let moving = rng.chance(config.movingCameraFraction)
        let cam = Camera(width: w, height: h, focal: focal, cameraHeight: cameraHeight, horizon: horizon,
                         nearZ: nearZ, farZ: farZ,
                         panSpeed: moving ? rng.uniform(-0.05, 0.05) * w : 0, shake: moving ? rng.uniform(0, 0.004) * w : 0)
        let withAppearance = config.appearanceDim > 0 && rng.chance(config.appearanceFraction)
        // Drawn only when configured, so configs without it simulate exactly as before.
        var scene: [Float]? = nil
        if withAppearance, config.appearanceShared?.count == 2 { scene = unitRandom(config.appearanceDim, &rng) }
        let targetPeople = rng.uniform(config.minPeople, config.maxPeople)
        let dt = 1 / fps
        var walkers: [Walker] = []
        var nextID = 1
        // Arrivals per second so that about `targetPeople` are in view (typical stay ~12 s).
        let arrivalRate = targetPeople / 12

        func boundaryPoint(_ rng: inout RandomSource) -> (Double, Double) {
            let z = cam.nearZ * pow(cam.farZ / cam.nearZ, rng.nextUniform())
            switch rng.nextInt(4) {
            case 0: return (-cam.halfSpan(z) * 1.05, z)
            case 1: return (cam.halfSpan(z) * 1.05, z)
            case 2: return (rng.uniform(-1, 1) * cam.halfSpan(cam.farZ), cam.farZ * 1.05)
            default: return (rng.uniform(-1, 1) * cam.halfSpan(cam.nearZ), cam.nearZ * 0.9)
            }
        }
        func spawn(at start: (Double, Double), goal: (Double, Double), _ rng: inout RandomSource) {
            let size = 1 + (rng.chance(config.groupProbability) ? 1 + rng.nextInt(2) : 0)
            let speed = min(2.2, max(0.5, 1.3 + 0.25 * rng.nextNormal()))
            for k in 0..<size {
                let off = Double(k) * rng.uniform(0.5, 0.9)
                let heading = atan2(goal.1 - start.1, goal.0 - start.0)
                var app: [Float] = []
                if withAppearance { app = identityAppearance(scene: scene, &rng) }
                walkers.append(Walker(id: nextID, x: start.0 - sin(heading) * off, z: start.1 + cos(heading) * off,
                                      heading: heading, speed: speed * rng.uniform(0.95, 1.05),
                                      goalX: goal.0 - sin(heading) * off, goalZ: goal.1 + cos(heading) * off,
                                      heightM: min(2.0, max(1.45, 1.72 + 0.09 * rng.nextNormal())),
                                      aspect: rng.uniform(0.33, 0.48), phase: rng.uniform(0, 2 * .pi), appearance: app))
                nextID += 1
            }
        }
        // People already in view at the start.
        for _ in 0..<Int(targetPeople.rounded()) {
            let z = cam.nearZ * pow(cam.farZ / cam.nearZ, rng.nextUniform())
            spawn(at: (rng.uniform(-0.9, 0.9) * cam.halfSpan(z), z), goal: boundaryPoint(&rng), &rng)
        }

        var labelled: [[LabelledDetection]] = []
        var truth: [Int: [Int: BoundingBox]] = [:]
        var panOffset = 0.0
        var missedLast = Set<Int>()
        for f in 1...frames {
            // Arrivals.
            var arrivals = 0
            var p = exp(-arrivalRate * dt), u = rng.nextUniform(), cum = p
            while u > cum && arrivals < 5 { arrivals += 1; p *= arrivalRate * dt / Double(arrivals); cum += p }
            for _ in 0..<arrivals { spawn(at: boundaryPoint(&rng), goal: boundaryPoint(&rng), &rng) }
            // Motion.
            for i in walkers.indices {
                var wk = walkers[i]
                if wk.stopLeft > 0 {
                    wk.stopLeft -= dt
                } else {
                    if rng.chance(config.stopRate * dt) {
                        wk.stopLeft = rng.uniform(config.stopSeconds.lowerBound, config.stopSeconds.upperBound)
                    }
                    let desired = atan2(wk.goalZ - wk.z, wk.goalX - wk.x)
                    var diff = desired - wk.heading
                    while diff > .pi { diff -= 2 * .pi }
                    while diff < -.pi { diff += 2 * .pi }
                    wk.heading += 0.8 * diff * dt + 0.35 * dt.squareRoot() * rng.nextNormal()
                    let s = wk.speed * (1 + 0.05 * sin(wk.phase))
                    wk.phase += 2 * .pi * 1.8 * dt
                    wk.x += cos(wk.heading) * s * dt
                    wk.z += sin(wk.heading) * s * dt
                }
                walkers[i] = wk
            }
            panOffset += cam.panSpeed * dt
            let shakeX = cam.shake * rng.nextNormal(), shakeY = cam.shake * rng.nextNormal()
            // True boxes in view.
            var visible: [(id: Int, box: BoundingBox, appearance: [Float])] = []
            var seen = Set<Int>()
            for wk in walkers where wk.z > 0.3 {
                let hp = cam.focal * wk.heightM / wk.z
                let wp = hp * wk.aspect * (1 + 0.04 * sin(wk.phase))
                let foot = cam.footY(wk.z) + shakeY
                let cx = cam.u(wk.x, wk.z) - panOffset + shakeX
                let box = BoundingBox(x: cx - wp / 2, y: foot - hp, width: wp, height: hp)
                let ix = min(box.maxX, w) - max(box.x, 0), iy = min(box.maxY, h) - max(box.y, 0)
                let inside = ix > 0 && iy > 0 ? ix * iy / box.area : 0
                if inside > 0.5 && hp >= 12 {
                    visible.append((wk.id, box, wk.appearance))
                    seen.insert(wk.id)
                }
            }
            // Leave: walked out after having been seen, or wandered far off.
            for i in walkers.indices where seen.contains(walkers[i].id) { walkers[i].entered = true }
            walkers.removeAll { wk in
                (wk.entered && !seen.contains(wk.id)) || wk.z > cam.farZ * 1.5 || wk.z < cam.nearZ * 0.5
                    || abs(wk.x) > cam.halfSpan(wk.z) * 1.6
                    || hypot(wk.goalX - wk.x, wk.goalZ - wk.z) < 0.4
            }
            for v in visible { truth[v.id, default: [:]][f] = v.box }
            labelled.append(detect(frame: f, visible: visible, scene: scene, imageWidth: w, imageHeight: h,
                                   withAppearance: withAppearance, missedLast: &missedLast, &rng))
        }
        return LabelledSequence(name: name, frameRate: fps, frames: labelled, truth: truth)
    }

    /// Runs one frame's true boxes through the detector noise model.
    private func detect(frame: Int, visible: [(id: Int, box: BoundingBox, appearance: [Float])], scene: [Float]?,
                        imageWidth: Double, imageHeight: Double, withAppearance: Bool,
                        missedLast: inout Set<Int>, _ rng: inout RandomSource) -> [LabelledDetection] {
        var out: [LabelledDetection] = []
        let occlusion = DetectorNoiseModel.occlusions(visible.map(\.box))
        for (k, v) in visible.enumerated() {
            var pMiss = noise.missRate[noise.cell(height: v.box.height, occlusion: occlusion[k])]
            // Misses come in runs: a person missed last frame is more likely missed again.
            if missedLast.contains(v.id) { pMiss = min(0.95, pMiss + 0.35 * (1 - pMiss)) }
            if rng.chance(pMiss) { missedLast.insert(v.id); continue }
            missedLast.remove(v.id)
            let b = v.box
            let cx = b.centerX + b.height * (noise.bias[0] + noise.jitter[0] * rng.nextNormal())
            let cy = b.centerY + b.height * (noise.bias[1] + noise.jitter[1] * rng.nextNormal())
            let bw = b.width * exp(noise.bias[2] + noise.jitter[2] * rng.nextNormal())
            let bh = b.height * exp(noise.bias[3] + noise.jitter[3] * rng.nextNormal())
            let box = BoundingBox(x: cx - bw / 2, y: cy - bh / 2, width: bw, height: bh)
            var feature: [Float] = []
            if withAppearance {
                var sigma = config.appearanceNoise * (1 + 2 * occlusion[k])
                if let t = config.appearanceNoiseSpread { sigma *= exp(t * rng.nextNormal()) }
                feature = noisy(v.appearance, sigma: sigma, &rng)
            }
            out.append(LabelledDetection(observation: Observation(frame: frame, box: box,
                                                                  score: noise.drawScore(noise.truePositiveScores, using: &rng),
                                                                  feature: feature), identity: v.id))
        }
        // False positives.
        let lambda = noise.falsePositivesPerPerson * Double(visible.count) + noise.falsePositivesPerFrame
        var count = 0
        var p = exp(-lambda), u = rng.nextUniform(), cum = p
        while u > cum && count < 20 { count += 1; p *= lambda / Double(count); cum += p }
        for _ in 0..<count {
            var box: BoundingBox
            var feature: [Float] = []
            if !visible.isEmpty && rng.chance(noise.falsePositiveNearFraction) {
                let v = visible[rng.nextInt(visible.count)]
                let scale = exp(rng.uniform(-0.5, 0.4))
                let bw = v.box.width * scale * rng.uniform(0.8, 1.6), bh = v.box.height * scale
                let dx = v.box.width * rng.uniform(-1.0, 1.0), dy = v.box.height * rng.uniform(-0.4, 0.4)
                box = BoundingBox(x: v.box.centerX + dx - bw / 2, y: v.box.centerY + dy - bh / 2, width: bw, height: bh)
                if withAppearance { feature = noisy(v.appearance, sigma: 1.2, &rng) }
            } else {
                let bh = imageHeight * exp(rng.uniform(log(0.06), log(0.5)))
                let bw = bh * rng.uniform(0.3, 0.6)
                box = BoundingBox(x: rng.uniform(0, imageWidth - bw), y: rng.uniform(0, max(1, imageHeight - bh)), width: bw, height: bh)
                if withAppearance {
                    // Background shares the scene's colours too.
                    feature = scene == nil ? noisy([Float](repeating: 0, count: config.appearanceDim), sigma: 1, &rng)
                                           : noisy(identityAppearance(scene: scene, &rng), sigma: config.appearanceNoise, &rng)
                }
            }
            out.append(LabelledDetection(observation: Observation(frame: frame, box: box,
                                                                  score: noise.drawScore(noise.falsePositiveScores, using: &rng),
                                                                  feature: feature), identity: -1))
        }
        // Detectors emit boxes in no particular identity order.
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, rng.nextInt(i + 1)) }
        return out
    }

    private func normalised(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / max(norm, 1e-6) }
    }

    private func unitRandom(_ n: Int, _ rng: inout RandomSource) -> [Float] {
        normalised((0..<n).map { _ in Float(rng.nextNormal()) })
    }

    /// A person's unit appearance vector: their own direction plus the scene's share.
    private func identityAppearance(scene: [Float]?, _ rng: inout RandomSource) -> [Float] {
        let own = unitRandom(config.appearanceDim, &rng)
        guard let scene, let shared = config.appearanceShared, shared.count == 2 else { return own }
        let a = Float(exp(shared[0] + shared[1] * rng.nextNormal()))
        return normalised(zip(own, scene).map { $0 + a * $1 })
    }

    private func noisy(_ base: [Float], sigma: Double, _ rng: inout RandomSource) -> [Float] {
        let n = base.count
        let scale = Float(sigma / Double(max(1, n)).squareRoot())
        var v = (0..<n).map { base[$0] + scale * Float(rng.nextNormal()) }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { v = v.map { $0 / norm } }
        return v
    }
}
