import Testing
import Media
@testable import Detection

@Suite(.serialized) struct SSDLiteNetworkTests {
    @Test func resizerIsIdentityAtTheSameSizeAndCloseToFloatBilinear() {
        var rng = TestRandom(seed: 3)
        let w = 13, h = 7
        let src = (0..<(w * h * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) }
        var same = BilinearResizer(srcWidth: w, srcHeight: h, dstWidth: w, dstHeight: h, channels: 3)
        var out = [UInt8](repeating: 0, count: src.count)
        same.resize(src, into: &out)
        #expect(out == src)

        let dw = 5, dh = 4
        var down = BilinearResizer(srcWidth: w, srcHeight: h, dstWidth: dw, dstHeight: dh, channels: 3)
        var small = [UInt8](repeating: 0, count: dw * dh * 3)
        down.resize(src, into: &small)
        for y in 0..<dh {
            for x in 0..<dw {
                let fy = min(max((Double(y) + 0.5) * Double(h) / Double(dh) - 0.5, 0), Double(h - 1))
                let fx = min(max((Double(x) + 0.5) * Double(w) / Double(dw) - 0.5, 0), Double(w - 1))
                let y0 = Int(fy), x0 = Int(fx), y1 = min(y0 + 1, h - 1), x1 = min(x0 + 1, w - 1)
                let ay = fy - Double(y0), ax = fx - Double(x0)
                for c in 0..<3 {
                    func p(_ yy: Int, _ xx: Int) -> Double { Double(src[(yy * w + xx) * 3 + c]) }
                    let v = (1 - ay) * ((1 - ax) * p(y0, x0) + ax * p(y0, x1)) + ay * ((1 - ax) * p(y1, x0) + ax * p(y1, x1))
                    #expect(abs(Double(small[(y * dw + x) * 3 + c]) - v) <= 1.0)
                }
            }
        }
    }

    @Test func syntheticModelRunsEndToEnd() throws {
        let weights = try SSDLiteWeights(graph: try GraphDef(serialized: SyntheticSSDLiteGraph.build()), path: "synthetic")
        var det = SSDLiteDetector(weights: weights, inputSize: 64, threads: 1, scoreThreshold: 0, headCount: 6)
        // Grids at 64: 4, 2, 1, 1, 1, 1 -> 3*16 + 6*(4+1+1+1+1) anchors.
        #expect(det.network.grids == [4, 2, 1, 1, 1, 1])
        #expect(det.network.anchorCount == 96)
        var rng = TestRandom(seed: 11)
        let frame = Frame(number: 5, timestamp: 0, width: 80, height: 60, format: .rgb24,
                          pixels: (0..<(80 * 60 * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) })
        let found = try det.detect(in: frame)
        #expect(!found.isEmpty && found.count <= 100)
        for d in found {
            #expect(d.frame == 5 && d.classID == 1)
            // Float32 corners times the frame size: within rounding of the frame.
            #expect(d.box.x >= 0 && d.box.y >= 0 && d.box.maxX <= 80 + 1e-4 && d.box.maxY <= 60 + 1e-4, "\(d.box)")
            #expect(d.box.width > 0 && d.box.height > 0)
        }
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
        let again = try det.detect(in: frame)
        #expect(again == found)

        // Two threads (each layer split by rows) give the same raw outputs up to GEMM rounding.
        var det2 = SSDLiteDetector(weights: weights, inputSize: 64, threads: 2, scoreThreshold: 0, headCount: 6)
        _ = try det2.detect(in: frame)
        _ = try det.detect(in: frame)
        let n = det.network.anchorCount
        for (p1, p2, count) in [(det.network.boxOutput, det2.network.boxOutput, 4 * n),
                                (det.network.classOutput, det2.network.classOutput, 2 * n)] {
            let d = (0..<count).map { abs(p1[$0] - p2[$0]) }.max() ?? 0
            #expect(d < 1e-4)
        }

        // Feature map and pooled features.
        det.withFeatureMap { m in
            #expect(m.height == 4 && m.width == 4 && m.channels == 24 && m.values.count == 4 * 4 * 24)
        }
        let feats = det.pooledFeatures(for: found.prefix(3).map(\.box), frameWidth: 80, frameHeight: 60)
        for f in feats {
            let n = f.reduce(0) { $0 + $1 * $1 }
            #expect(f.count == 24 && (abs(n - 1) < 1e-4 || n == 0))
        }

        // The larger variant runs heads 0-2 only.
        let big = SSDLiteDetector(weights: weights, inputSize: 128, threads: 1, scoreThreshold: 0.3)
        #expect(big.network.headCount == 3 && big.network.anchorCount == 3 * 64 + 6 * 16 + 6 * 4)
    }
}
