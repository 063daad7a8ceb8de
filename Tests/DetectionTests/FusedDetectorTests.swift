import Media
import Testing
import TracklineCore
@testable import Detection

@Suite struct FusedDetectorTests {
    struct Fixed: Detector {
        var boxes: [BoundingBox]
        var score: Float
        func detect(in frame: Frame) throws -> [Detection] {
            boxes.map { Detection(frame: frame.number, box: $0, score: score) }
        }
    }

    @Test func secondaryBoxesFillInWhatThePrimaryMissed() throws {
        let cnn = Fixed(boxes: [BoundingBox(x: 0, y: 0, width: 40, height: 100)], score: 0.9)
        // One moving box on the CNN's person (a duplicate), one where the CNN found nothing.
        let motion = Fixed(boxes: [BoundingBox(x: 5, y: 0, width: 40, height: 100), BoundingBox(x: 300, y: 0, width: 40, height: 100)], score: 0.6)
        var fused = FusedDetector(primary: cnn, secondary: motion)
        let out = try fused.detect(in: Frame(number: 3, width: 640, height: 480))
        #expect(out.count == 2)
        #expect(out[0].score == 0.9 && out[0].box.x == 0)
        #expect(out[1].box.x == 300 && abs(out[1].score - 0.3) < 1e-6 && out[1].frame == 3)
    }

    @Test func calibrationRemovesTheMeasuredOffsets() {
        // A person box 100 high at x 100; the detector's box as the calibration describes it.
        let c = BoxCalibration.ssdlite
        let person = BoundingBox(x: 100, y: 50, width: 40, height: 100)
        let seen = BoundingBox(x: person.centerX + c.centreX * 100 - (40 + c.width * 100) / 2,
                               y: person.centerY + c.centreY * 100 - (100 + c.height * 100) / 2,
                               width: 40 + c.width * 100, height: 100 + c.height * 100)
        let fixed = c.apply(seen)
        #expect(abs(fixed.x - person.x) < 1e-9 && abs(fixed.y - person.y) < 1e-9)
        #expect(abs(fixed.width - person.width) < 1e-9 && abs(fixed.height - person.height) < 1e-9)
    }
}
