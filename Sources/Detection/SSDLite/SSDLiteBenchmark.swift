import Foundation
import Media

/// Times the SSDLite detector on frames of a raw RGB24 video dump: the network forward pass
/// alone, the full `detect` (resize + preprocessing + network + decode + NMS), and the share of
/// the forward pass spent inside `cblas_sgemm`. Used by `Scripts/bench-detector.sh`.
public struct SSDLiteBenchmark {
    public let modelPath: String
    /// Raw RGB24 frames, `width` x `height`, back to back.
    public let rawVideo: String
    public let width: Int
    public let height: Int
    public let frames: Int
    public var warmup = 3

    public init(modelPath: String, rawVideo: String, width: Int, height: Int, frames: Int) {
        self.modelPath = modelPath
        self.rawVideo = rawVideo
        self.width = width
        self.height = height
        self.frames = frames
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Settings of the network's threading and memory plan to try (nil: the defaults).
    public struct Tuning: Sendable {
        public var openBLASThreading = false
        public var dispatchSplits = false
        public var bandBytes: Int?
        public var streamMinBytes: Int?
        public var kernels: SSDLiteKernelPath = .fused
        public init() {}
    }

    /// One timing line (medians in ms/frame), and the 40 most expensive layers, one line each.
    public func run(inputSize: Int, threads: Int, tuning: Tuning = Tuning()) throws -> (summary: String, layers: [String]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: rawVideo))
        let frameBytes = width * height * 3
        let n = min(frames, data.count / frameBytes)
        guard n > 0 else { throw Failure(description: "\(rawVideo) holds no whole \(width)x\(height) RGB24 frame") }
        let bytes = [UInt8](data)
        let video = (0..<n).map { i in
            Frame(number: i + 1, timestamp: 0, width: width, height: height, format: .rgb24,
                  pixels: Array(bytes[(i * frameBytes)..<((i + 1) * frameBytes)]))
        }
        var det = try SSDLiteDetector(modelPath: modelPath, inputSize: inputSize, threads: threads, scoreThreshold: 0.05,
                                      kernels: tuning.kernels)
        if tuning.openBLASThreading { det.network.ownThreads = false }
        if tuning.dispatchSplits { det.network.dispatchSplits = true }
        if let b = tuning.bandBytes { det.network.bandBytes = b }
        if let b = tuning.streamMinBytes { det.network.streamMinBytes = b }
        for k in 0..<warmup { _ = try det.detect(in: video[k % n]) }
        var forward: [Double] = [], full: [Double] = []
        var profile = SSDLiteNetwork.Profile()
        var cpu = 0.0
        for f in video {
            try det.prepareInput(f)
            let c0 = Self.cpuSeconds()
            let t0 = SSDLiteNetwork.now()
            det.runNetwork()
            forward.append(Double(SSDLiteNetwork.now() - t0) / 1e6)
            cpu += Self.cpuSeconds() - c0
        }
        for f in video {
            let t0 = SSDLiteNetwork.now()
            _ = try det.detect(in: f)
            full.append(Double(SSDLiteNetwork.now() - t0) / 1e6)
        }
        // A separate profiled pass: timing each op adds a little overhead of its own.
        det.network.profile = SSDLiteNetwork.Profile()
        for f in video {
            try det.prepareInput(f)
            det.runNetwork()
        }
        profile = det.network.profile!
        det.network.profile = nil
        let t = Double(profile.total)
        let layers = profile.layers.sorted(by: { $0.value.ns > $1.value.ns }).prefix(40).map { name, v -> String in
            let ms = Double(v.ns) / 1e6 / Double(n)
            return String(format: "%8.3f ms %6.1f GFLOP/s  %@", ms, Double(v.flops) / (ms * 1e6), name)
        }
        func pct(_ v: UInt64) -> String { String(format: "%.0f%%", 100 * Double(v) / max(t, 1)) }
        let summary = String(format: "ours size=%d threads=%d kernels=\(det.kernels.rawValue) openblas=\(OpenBLASCore.name)+\(ConvOps.kernelISA): forward median %.1f ms/frame (min %.1f, process CPU %.1f ms/frame), detect median %.1f ms/frame (min %.1f), n=%d; ",
                      inputSize, threads, median(forward), forward.min() ?? 0, cpu * 1000 / Double(n), median(full), full.min() ?? 0, n)
            + "forward time split (thread CPU time): \(det.kernels == .fused ? "fused 1x1" : "gemm") \(pct(profile.gemm)), depthwise \(pct(profile.depthwise)), bias+relu6+residual \(pct(profile.epilogue)), im2col \(pct(profile.im2col)), streamed blocks \(pct(profile.blocks))"
        return (summary, layers)
    }

    /// User + system CPU time of the whole process: on a loaded machine a steadier measure of
    /// the work done than wall time (with 2 threads it includes OpenBLAS's spinning).
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    private func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
