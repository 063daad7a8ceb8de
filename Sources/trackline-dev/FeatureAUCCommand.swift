import ArgumentParser
import Detection
import Foundation
import Media
import TracklineCore

/// `trackline-dev feature-auc VIDEO GT`: how well appearance vectors separate identities
/// (Scripts/feature-auc.sh).
struct FeatureAUCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature-auc", abstract: "ROC AUC of appearance-vector cosines, same vs different identity, on ground-truth boxes.")

    @Argument(help: "Video file.")
    var video: String

    @Argument(help: "Ground truth gt.txt of the video.")
    var groundTruth: String

    @Option(help: "First frame (1-based).")
    var startFrame: Int = 1

    @Option(help: "Last frame (1-based, inclusive).")
    var endFrame: Int?

    @Option(help: "Only the variants whose name starts with this (repeatable).")
    var featureVariant: [String] = []

    @Flag(help: "Also score SSDLite feature maps (needs the model).")
    var cnnFeatures = false

    @Option(help: "SSDLite model file.")
    var model: String = SSDLiteDetector.defaultModelPath

    @Option(help: "SSDLite input size.")
    var inputSize: Int = 300

    @Option(help: "SSDLite threads.")
    var threads: Int?

    func run() throws { try measureFeatureAUC(video: video, groundTruth: groundTruth) }

    /// Named colour-histogram variants compared by Scripts/feature-auc.sh. The first is the
    /// default of `ColorHistogramExtractor()`.
    static var featureVariants: [(name: String, extractor: ColorHistogramExtractor)] {
        typealias R = ColorHistogramExtractor.Region
        let body: [R] = [.upperBody, .lowerBody]
        return [
            ("hsv8x4x4 upper/lower (default)", ColorHistogramExtractor()),
            ("hs16x4+v8 upper/lower", .init(regions: body, colorSpace: .hueSaturationPlusValue(hue: 16, saturation: 4, value: 8, greyBelow: 0.15))),
            ("rgb4x4x4 upper/lower", .init(regions: body, colorSpace: .rgb(bins: 4))),
            ("rgb8x8x8 upper/lower", .init(regions: body, colorSpace: .rgb(bins: 8))),
            ("chroma8x8x4 upper/lower", .init(regions: body, colorSpace: .chromaticity(bins: 8, intensity: 4))),
            ("hs16x4+v8 whole box", .init(regions: [R(top: 0, bottom: 1, left: 0, right: 1)],
                                          colorSpace: .hueSaturationPlusValue(hue: 16, saturation: 4, value: 8, greyBelow: 0.15))),
            ("hs16x4+v8 3 bands", .init(regions: [R(top: 0.1, bottom: 0.35), R(top: 0.35, bottom: 0.6), R(top: 0.6, bottom: 0.95)],
                                        colorSpace: .hueSaturationPlusValue(hue: 16, saturation: 4, value: 8, greyBelow: 0.15))),
            ("hsv16x4x4 upper/lower", .init(regions: body, colorSpace: .hsv(hue: 16, saturation: 4, value: 4))),
            ("hsv8x4x4 3 bands", .init(regions: [R(top: 0.1, bottom: 0.35), R(top: 0.35, bottom: 0.6), R(top: 0.6, bottom: 0.95)],
                                       colorSpace: .hsv(hue: 8, saturation: 4, value: 4))),
            ("hsv8x4x4 full width", .init(regions: [R(top: 0.15, bottom: 0.5, left: 0, right: 1), R(top: 0.5, bottom: 0.9, left: 0, right: 1)],
                                          colorSpace: .hsv(hue: 8, saturation: 4, value: 4))),
            ("hsv8x4x4 inner 80%", .init(regions: [R(top: 0.15, bottom: 0.5, left: 0.1, right: 0.9), R(top: 0.5, bottom: 0.9, left: 0.1, right: 0.9)],
                                         colorSpace: .hsv(hue: 8, saturation: 4, value: 4))),
            ("hsv8x3x3 upper/lower", .init(regions: body, colorSpace: .hsv(hue: 8, saturation: 3, value: 3))),
            ("hs16x4+v8 full width", .init(regions: [R(top: 0.15, bottom: 0.5, left: 0, right: 1), R(top: 0.5, bottom: 0.9, left: 0, right: 1)],
                                           colorSpace: .hueSaturationPlusValue(hue: 16, saturation: 4, value: 8, greyBelow: 0.15))),
        ]
    }

    /// ROC AUC of cosine similarity, same identity vs different identity, for ground-truth boxes
    /// 1, 10 and 50 frames apart (every box of frame f against every box of frame f + d).
    func measureFeatureAUC(video: String, groundTruth path: String) throws {
        let rows = try MOTFile.read(path: path).rows.filter { $0.confidence != 0 && $0.frame >= startFrame && $0.frame <= (endFrame ?? .max) }
        var rowsOfFrame: [Int: [MOTRow]] = [:]
        for r in rows { rowsOfFrame[r.frame, default: []].append(r) }
        var variants = Self.featureVariants
        if !featureVariant.isEmpty {
            variants = variants.filter { v in featureVariant.contains { v.name.hasPrefix($0) } }
        }
        // features[v][frame] = [(id, vector)]; the CNN variants (--cnn-features) come last.
        var names = variants.map(\.name), lengths = variants.map(\.extractor.dimension)
        var ssd: SSDLiteDetector?
        if cnnFeatures {
            guard FileManager.default.fileExists(atPath: model) else { throw ValidationError("SSDLite model not found at \(model): run Scripts/fetch-models.sh") }
            ssd = try SSDLiteDetector(modelPath: model, inputSize: inputSize, threads: threads ?? 1, scoreThreshold: 0.5)
            names += ["SSDLite \(inputSize) head-0 map (576 ch) mean-pooled", "SSDLite \(inputSize) head-1 map (1280 ch) mean-pooled",
                      "first row + head-0 pooled, concatenated"]
            lengths += [576, 1280, lengths[0] + 576]
        }
        var features = [[Int: [(Int, [Float])]]](repeating: [:], count: names.count)
        var seconds = [Double](repeating: 0, count: names.count)
        let reader = try VideoReader(path: video, options: VideoReaderOptions(format: .rgb24, startFrame: startFrame, endFrame: endFrame))
        var frame = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: .rgb24, pixels: [])
        var boxes = 0
        let clock = ContinuousClock()
        while try reader.read(into: &frame) {
            guard let gt = rowsOfFrame[frame.number] else { continue }
            boxes += gt.count
            for v in variants.indices {
                let t0 = clock.now
                features[v][frame.number] = try gt.map { ($0.id, try variants[v].extractor.feature(of: $0.box, in: frame)) }
                seconds[v] += (clock.now - t0) / .seconds(1)
            }
            if var net = ssd {
                let t0 = clock.now
                _ = try net.detect(in: frame)
                let bx = gt.map(\.box)
                let c = variants.count
                for (k, head) in [0, 1].enumerated() {
                    let f = net.pooledFeatures(for: bx, frameWidth: frame.width, frameHeight: frame.height, head: head)
                    features[c + k][frame.number] = zip(gt, f).map { ($0.id, $1) }
                }
                seconds[c] += (clock.now - t0) / .seconds(1)
                // Both parts have norm 1: scale by 1/sqrt(2) so the concatenation has norm 1 too.
                let h = Float(0.5).squareRoot()
                features[c + 2][frame.number] = zip(features[0][frame.number] ?? [], features[c][frame.number] ?? []).map {
                    ($0.0, ($0.1 + $1.1).map { $0 * h })
                }
                ssd = net
            }
        }
        print("feature ROC AUC, same vs different identity, \(rows.count) GT boxes (consider=1)")
        print("| variant | length | AUC d=1 | AUC d=10 | AUC d=50 | cosine same / different, d=10: 10th-50th-90th percentile | µs/box |")
        print("|---|--:|--:|--:|--:|--:|--:|")
        for v in names.indices {
            var cells: [String] = []
            var spread = ""
            for d in [1, 10, 50] {
                var same: [Float] = [], different: [Float] = []
                for (f, a) in features[v] {
                    guard let b = features[v][f + d] else { continue }
                    for (ida, fa) in a {
                        for (idb, fb) in b {
                            var dot: Float = 0
                            for k in fa.indices { dot += fa[k] * fb[k] }
                            if ida == idb { same.append(dot) } else { different.append(dot) }
                        }
                    }
                }
                cells.append(String(format: "%.4f", rocAUC(positives: same, negatives: different))
                             + " (\(same.count)/\(different.count))")
                // The simulator's appearance noise has to reproduce these, not just the AUC.
                if d == 10 { spread = Self.percentiles(same) + " / " + Self.percentiles(different) }
            }
            print("| \(names[v]) | \(lengths[v]) | \(cells.joined(separator: " | ")) | \(spread) | "
                  + String(format: "%.1f", seconds[v] / Double(max(boxes, 1)) * 1e6) + " |")
        }
    }

    /// "p10-p50-p90" of `values` (nearest rank), or "-" when empty.
    static func percentiles(_ values: [Float]) -> String {
        guard !values.isEmpty else { return "-" }
        let v = values.sorted()
        return [0.1, 0.5, 0.9].map { String(format: "%.3f", v[min(v.count - 1, Int($0 * Double(v.count)))]) }.joined(separator: "-")
    }
}
