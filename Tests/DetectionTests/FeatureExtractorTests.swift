import Media
import Testing
import TracklineCore
@testable import Detection

@Suite struct FeatureExtractorTests {
    /// A frame with a "person" at (20, 10, 20x60): `top` colour on the upper half, `bottom` below.
    private func frame(top: (UInt8, UInt8, UInt8), bottom: (UInt8, UInt8, UInt8), number: Int = 1) -> Frame {
        var f = Frame(number: number, width: 80, height: 80)
        for y in 0..<80 {
            for x in 0..<80 {
                let i = (y * 80 + x) * 3
                var c: (UInt8, UInt8, UInt8) = (UInt8(x * 3), 128, UInt8(y * 3))
                if x >= 20 && x < 40 && y >= 10 && y < 70 { c = y < 40 ? top : bottom }
                f.pixels[i] = c.0; f.pixels[i + 1] = c.1; f.pixels[i + 2] = c.2
            }
        }
        return f
    }
    private let person = BoundingBox(x: 20, y: 10, width: 20, height: 60)

    @Test func lengthNormAndSimilarity() throws {
        var fx = ColorHistogramExtractor()
        #expect(fx.dimension == 256)
        let a = try fx.feature(of: person, in: frame(top: (200, 30, 30), bottom: (30, 30, 120)))
        #expect(a.count == 256)
        #expect(abs(a.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        let same = try fx.feature(of: person, in: frame(top: (200, 30, 30), bottom: (30, 30, 120), number: 7))
        #expect(abs(cosineSimilarity(a, same) - 1) < 1e-6)
        let swapped = try fx.feature(of: person, in: frame(top: (30, 30, 120), bottom: (200, 30, 30)))
        let other = try fx.feature(of: person, in: frame(top: (40, 180, 40), bottom: (220, 220, 220)))
        #expect(cosineSimilarity(a, other) < 0.2)
        #expect(cosineSimilarity(a, swapped) < 0.2, "upper and lower body must be kept apart")
    }

    @Test func everyVariantIsNormalisedAndHandlesEdges() throws {
        let spaces: [ColorHistogramExtractor.ColorSpace] = [
            .hsv(hue: 8, saturation: 4, value: 4), .rgb(bins: 4), .chromaticity(bins: 8, intensity: 4),
            .hueSaturationPlusValue(hue: 16, saturation: 4, value: 8, greyBelow: 0.15),
        ]
        let f = frame(top: (200, 30, 30), bottom: (30, 30, 120))
        for space in spaces {
            var fx = ColorHistogramExtractor(regions: [.upperBody, .lowerBody], colorSpace: space)
            for box in [person, BoundingBox(x: -10, y: 70, width: 30, height: 40), BoundingBox(x: 500, y: 500, width: 10, height: 10)] {
                let v = try fx.feature(of: box, in: f)
                #expect(v.count == fx.dimension)
                #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5, "\(space) \(box)")
            }
        }
        // Grey frames work too.
        var fx = ColorHistogramExtractor()
        let g = Frame(number: 1, width: 50, height: 50, format: .gray8)
        #expect(try fx.feature(of: BoundingBox(x: 5, y: 5, width: 20, height: 40), in: g).count == 256)
    }
}

@Suite struct FeatureAttachingDetectorTests {
    @Test func attachesToEveryDetection() throws {
        let source = DetectionFileSource(detections: [
            Detection(frame: 1, box: BoundingBox(x: 0, y: 0, width: 10, height: 20), score: 0.9),
            Detection(frame: 1, box: BoundingBox(x: 5, y: 5, width: 10, height: 20), score: 0.8),
        ])
        var d = FeatureAttachingDetector(source)
        let out = try d.detect(in: Frame(number: 1, width: 32, height: 32))
        #expect(out.count == 2 && out.allSatisfy { $0.feature.count == 256 })
        #expect(try d.detect(in: Frame(number: 2, width: 32, height: 32)).isEmpty)
    }

    @Test func histogramsOfBoxesFarOutsideTheFrameDoNotTrap() throws {
        var x = ColorHistogramExtractor()
        var frame = Frame(width: 64, height: 48)
        for i in frame.pixels.indices { frame.pixels[i] = UInt8(i % 251) }
        for box in [BoundingBox(x: 1e19, y: 0, width: 10, height: 10), BoundingBox(x: 0, y: 0, width: 1e30, height: 1e30),
                    BoundingBox(x: -1e30, y: -1e30, width: 1e30, height: 1e30), BoundingBox(x: .nan, y: 0, width: 10, height: 10)] {
            let v = try x.feature(of: box, in: frame)
            #expect(v.allSatisfy { $0.isFinite })
        }
    }
}
