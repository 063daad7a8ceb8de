import Foundation
import Media

/// Numerics check against the reference pack `../shared/data/golden/ssdlite` (see its README):
/// raw outputs, every intermediate activation stored there, layer statistics, decoded boxes,
/// scores, detections, and the resize + preprocessing. A debug tool behind a hidden CLI command.
public struct SSDLiteGoldenCheck {
    public let directory: String
    public let modelPath: String
    /// Raw `frame100.png` as RGB24 bytes (768x576), converted by the calling script; optional.
    public var frame100RGB: String?
    /// Tolerance on raw box encodings and class logits.
    public var tolerance: Float = 1e-3
    /// The code running the 1x1 convolutions.
    public var kernels: SSDLiteKernelPath = .fused

    public init(directory: String, modelPath: String, frame100RGB: String? = nil) {
        self.directory = directory
        self.modelPath = modelPath
        self.frame100RGB = frame100RGB
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private func readF32(_ name: String) throws -> [Float] {
        let url = URL(fileURLWithPath: path(name))
        let data = try Data(contentsOf: url)
        guard data.count % 4 == 0 else { throw Failure(description: "\(path(name)): size \(data.count) is not a multiple of 4") }
        var out = [Float](repeating: 0, count: data.count / 4)
        _ = out.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return out
    }

    private func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    private static func maxAbsDiff(_ a: UnsafeBufferPointer<Float>, _ b: [Float], count: Int? = nil) -> Float {
        let n = count ?? min(a.count, b.count)
        var m: Float = 0
        for i in 0..<n { m = max(m, abs(a[i] - b[i])) }
        return m
    }

    private static func fmt(_ v: Float) -> String { String(format: "%.2e", Double(v)) }

    /// Runs every check, printing one line per item; returns false if any target is missed.
    public func run(log: (String) -> Void) throws -> Bool {
        var ok = true
        let weights = try SSDLiteWeights(contentsOf: modelPath)
        log("model \(modelPath): weights loaded, BN folded")

        // Anchors: bit for bit at 300 (the graph's own tensor), constant-pixel rows at 576.
        for (file, size, scale) in [("anchors300.f32", 300, Float(1)), ("anchors576_pixelconst.f32", 576, Float(300.0 / 576.0))] where exists(file) {
            let gold = try readF32(file)
            let ours = SSDLiteAnchors.generate(grids: SSDLiteAnchors.gridSizes(inputSize: size), scaleFactor: scale)
            var differing = 0
            var d: Float = 0
            for i in 0..<min(gold.count, ours.count) where gold[i] != ours[i] {
                differing += 1
                d = max(d, abs(gold[i] - ours[i]))
            }
            let same = gold.count == ours.count
            ok = ok && same
            log("anchors \(file): \(ours.count / 4) ours vs \(gold.count / 4) golden rows, \(differing) values differ (max |d| \(Self.fmt(d)))\(same ? "" : " FAIL")")
        }

        // Resize + preprocessing against the golden inputs.
        if let rgb = frame100RGB {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: rgb)))
            guard bytes.count == 768 * 576 * 3 else { throw Failure(description: "\(rgb): expected 768x576 RGB24 bytes") }
            let frame = Frame(number: 100, timestamp: 0, width: 768, height: 576, format: .rgb24, pixels: bytes)
            for s in [300, 576] where exists("frame100_in\(s).f32") {
                var det = SSDLiteDetector(weights: weights, inputSize: s, threads: 1, scoreThreshold: 0.3, kernels: kernels)
                try det.prepareInput(frame)
                let gold = try readF32("frame100_in\(s).f32")
                let got = UnsafeBufferPointer(start: det.network.input, count: s * s * 3)
                var differing = 0
                for i in 0..<gold.count where got[i] != gold[i] { differing += 1 }
                let d = Self.maxAbsDiff(got, gold)
                log("preprocess frame100.png -> in\(s): max |d| \(Self.fmt(d)) (\(Float(d) * 127.5) grey levels), \(differing) of \(gold.count) values differ")
            }
        }

        let stats300 = (try? LayerStats(path: path("frame100_layerstats300.csv"))) ?? LayerStats()
        let stats576 = (try? LayerStats(path: path("frame100_layerstats576.csv"))) ?? LayerStats()
        let cases: [(frame: String, size: Int)] = [("001", 300), ("100", 300), ("300", 300), ("100", 576)]
        for (f, s) in cases where exists("frame\(f)_in\(s).f32") {
            // All six heads so that every golden row and activation can be compared.
            let det = SSDLiteDetector(weights: weights, inputSize: s, threads: 1, scoreThreshold: 0.3, headCount: 6, kernels: kernels)
            let input = try readF32("frame\(f)_in\(s).f32")
            guard input.count == s * s * 3 else { throw Failure(description: "frame\(f)_in\(s).f32 has \(input.count) values") }
            for i in 0..<input.count { det.network.input[i] = input[i] }
            var acts: [String: [Float]] = [:]
            var statWorst: (name: String, rel: Float) = ("", 0)
            var statCount = 0
            let stats = s == 300 ? stats300 : stats576
            det.runNetwork { name, values, _ in
                if f == "100" { acts[name] = Array(values) }
                if f == "100", let st = stats.rows[name + ":0"] {
                    let r = st.relativeError(values)
                    statCount += 1
                    if r > statWorst.rel { statWorst = (name, r) }
                }
            }
            // Raw outputs from a run without an observer: the code path `detect` takes (with the
            // fused kernels, blocks streamed row by row; the observed run stores every tensor).
            det.runNetwork()
            let n = det.network.anchorCount
            let tag = "frame\(f) @\(s)"
            let box = try readF32("frame\(f)_box\(s).f32"), cls = try readF32("frame\(f)_cls\(s).f32")
            let rows = min(n, box.count / 4)
            let db = Self.maxAbsDiff(UnsafeBufferPointer(start: det.network.boxOutput, count: rows * 4), box, count: rows * 4)
            let dc = Self.maxAbsDiff(UnsafeBufferPointer(start: det.network.classOutput, count: rows * 2), cls, count: rows * 2)
            // The same input on 2 threads (layers split across threads): same raw outputs.
            let two = SSDLiteDetector(weights: weights, inputSize: s, threads: 2, scoreThreshold: 0.3, headCount: 6, kernels: kernels)
            for i in 0..<input.count { two.network.input[i] = input[i] }
            two.runNetwork()
            let dt = max(Self.maxAbsDiff(UnsafeBufferPointer(start: two.network.boxOutput, count: rows * 4),
                                         Array(UnsafeBufferPointer(start: det.network.boxOutput, count: rows * 4))),
                         Self.maxAbsDiff(UnsafeBufferPointer(start: two.network.classOutput, count: rows * 2),
                                         Array(UnsafeBufferPointer(start: det.network.classOutput, count: rows * 2))))
            log("\(tag): 2 threads vs 1 thread: raw outputs max |d| \(Self.fmt(dt))")
            let pass = db <= tolerance && dc <= tolerance && dt <= tolerance
            ok = ok && pass
            log("\(tag): raw box encodings max |d| \(Self.fmt(db)), class logits max |d| \(Self.fmt(dc)) over \(rows) rows \(pass ? "OK" : "FAIL (> \(tolerance))")")
            if f == "100" {
                for file in (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
                where file.hasPrefix("frame100_act\(s)_") && file.hasSuffix(".f32") {
                    let key = String(file.dropFirst("frame100_act\(s)_".count).dropLast(4))
                    guard let tensor = Self.activationName(key), let got = acts[tensor] else {
                        log("\(tag): activation \(file): no matching tensor computed")
                        continue
                    }
                    let gold = try readF32(file)
                    guard gold.count == got.count else {
                        log("\(tag): activation \(file): \(gold.count) values, ours \(got.count) FAIL")
                        ok = false
                        continue
                    }
                    let d = got.withUnsafeBufferPointer { Self.maxAbsDiff($0, gold) }
                    log("\(tag): activation \(tensor) max |d| \(Self.fmt(d))")
                }
                if statCount > 0 {
                    log("\(tag): layer statistics (mean, std, min, max) of \(statCount) tensors: worst relative error \(Self.fmt(statWorst.rel)) at \(statWorst.name)")
                }
            }

            // Decode + scores on the rows the variant uses (3 heads at 576).
            var detector = s == 300 ? det : SSDLiteDetector(weights: weights, inputSize: s, threads: 1, scoreThreshold: 0.3, kernels: kernels)
            if s != 300 {
                for i in 0..<input.count { detector.network.input[i] = input[i] }
                detector.runNetwork()
            }
            let used = detector.network.anchorCount
            if exists("frame\(f)_dec\(s).f32") {
                detector.post.decodeAll(boxes: detector.network.boxOutput, logits: detector.network.classOutput)
                let dec = try readF32("frame\(f)_dec\(s).f32"), prob = try readF32("frame\(f)_prob\(s).f32")
                let dd = detector.post.decoded.withUnsafeBufferPointer { Self.maxAbsDiff($0, dec, count: used * 4) }
                let dp = detector.post.scores.withUnsafeBufferPointer { Self.maxAbsDiff($0, prob, count: used) }
                log("\(tag): decoded boxes max |d| \(Self.fmt(dd)), person scores max |d| \(Self.fmt(dp)) over \(used) anchors")
            }
            if exists("frame\(f)_det\(s).csv") {
                let gold = try Self.readDetections(path("frame\(f)_det\(s).csv"))
                let ours = detector.postprocess(frameNumber: Int(f) ?? 0, width: 768, height: 576)
                let boxes = detector.post.run(boxes: detector.network.boxOutput, logits: detector.network.classOutput, minScore: 0.3)
                let sameAnchors = boxes.map(\.anchor) == gold.map(\.anchor)
                var dxy: Double = 0, ds: Float = 0
                if sameAnchors {
                    for (o, g) in zip(ours, gold) {
                        dxy = max(dxy, abs(o.box.x - g.x), abs(o.box.y - g.y), abs(o.box.width - g.w), abs(o.box.height - g.h))
                        ds = max(ds, abs(o.score - g.score))
                    }
                }
                ok = ok && sameAnchors
                log("\(tag): detections >= 0.3: ours \(ours.count), golden \(gold.count), same anchors in the same order: \(sameAnchors ? "yes" : "NO"); max |d| xywh \(String(format: "%.1e", dxy)) px, score \(Self.fmt(ds))")
            }
        }
        return ok
    }

    /// TF tensor name of a golden activation file's key (`frame100_act300_<key>.f32`).
    static func activationName(_ key: String) -> String? {
        let b = SSDLiteWeights.backbone
        switch key {
        case "Conv": return b + "Conv/Relu6"
        case "Conv_1": return b + "Conv_1/Relu6"
        case "expanded_conv_13_expansion": return b + "expanded_conv_13/expand/Relu6"
        default:
            guard key.hasPrefix("layer_19_"), let k = Int(key.dropFirst("layer_19_".count)), (2...5).contains(k) else { return nil }
            return b + SSDLiteWeights.extraNames[k - 2].expand + "/Relu6"
        }
    }

    struct GoldenDetection {
        var x, y, w, h: Double
        var score: Float
        var anchor: Int
    }

    static func readDetections(_ path: String) throws -> [GoldenDetection] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [GoldenDetection] = []
        for (i, line) in text.split(separator: "\n").enumerated() where i > 0 {
            let f = line.split(separator: ",").map { String($0) }
            guard f.count >= 6, let x = Double(f[0]), let y = Double(f[1]), let w = Double(f[2]), let h = Double(f[3]),
                  let s = Float(f[4]), let a = Int(f[5]) else {
                throw Failure(description: "\(path):\(i + 1): expected x,y,w,h,score,anchor_index,...")
            }
            out.append(GoldenDetection(x: x, y: y, w: w, h: h, score: s, anchor: a))
        }
        return out
    }
}

/// `frame100_layerstats*.csv`: per tensor mean, std, min, max.
struct LayerStats {
    struct Row {
        var mean, std, min, max: Double

        /// Largest error of our tensor's statistics relative to the tensor's spread.
        func relativeError(_ v: UnsafeBufferPointer<Float>) -> Float {
            var sum = 0.0, sq = 0.0, lo = Double.infinity, hi = -Double.infinity
            for x in v {
                let d = Double(x)
                sum += d
                sq += d * d
                lo = Swift.min(lo, d)
                hi = Swift.max(hi, d)
            }
            let n = Double(v.count)
            let m = sum / n
            let s = (Swift.max(sq / n - m * m, 0)).squareRoot()
            let scale = Swift.max(std, 1e-6)
            let e = [abs(m - mean), abs(s - std), abs(lo - min), abs(hi - max)].max() ?? 0
            return Float(e / scale)
        }
    }

    var rows: [String: Row] = [:]

    init() {}

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (i, line) in text.split(separator: "\n").enumerated() where i > 0 {
            let f = line.split(separator: ",")
            guard f.count >= 6, let mean = Double(f[2]), let std = Double(f[3]), let lo = Double(f[4]), let hi = Double(f[5]) else { continue }
            rows[String(f[0])] = Row(mean: mean, std: std, min: lo, max: hi)
        }
    }
}
