import Foundation
import Media
import Testing
import TracklineCore
@testable import Detection

@Suite struct DetectionFileSourceTests {
    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "trackline-det-\(UUID().uuidString).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func servesRowsByFrame() throws {
        let path = try write("""
        2,-1,10,20,30,40,0.9,-1,-1,-1
        1,-1,1.5,2.5,3,4,0.4,-1,-1,-1
        2,-1,50,60,10,20,0.2,-1,-1,-1

        5,-1,0,0,8,8,0.7,-1,-1,-1
        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var src = try DetectionFileSource(path: path)
        #expect(src.frameRange == 1...5)
        #expect(src.detections(forFrame: 1) == [Detection(frame: 1, box: BoundingBox(x: 1.5, y: 2.5, width: 3, height: 4), score: 0.4)])
        #expect(src.detections(forFrame: 2).map(\.score) == [0.9, 0.2])
        #expect(src.detections(forFrame: 3).isEmpty)
        let viaFrame = try src.detect(in: Frame(number: 2, width: 100, height: 100))
        #expect(viaFrame.count == 2 && viaFrame.allSatisfy { $0.feature.isEmpty })

        let thresholded = try DetectionFileSource(path: path, scoreThreshold: 0.5)
        #expect(thresholded.all.map(\.frame) == [2, 5])

        src.featureExtractor = ColorHistogramExtractor()
        let withFeatures = try src.detect(in: Frame(number: 2, width: 100, height: 100))
        #expect(withFeatures.allSatisfy { $0.feature.count == 256 })
    }

    @Test func reportsFileAndLineOfBadRows() throws {
        let path = try write("1,-1,1,2,3,4,0.5\n2,-1,1,x,3,4,0.5\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try DetectionFileSource(path: path)
            Issue.record("a malformed row must throw")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains("2"), "\(error)")
        }
        let zero = try write("0,-1,1,2,3,4,0.5\n")
        defer { try? FileManager.default.removeItem(atPath: zero) }
        #expect(throws: MOTFileError.self) { try DetectionFileSource(path: zero) }
        #expect(throws: MOTFileError.self) { try DetectionFileSource(path: "/nonexistent/det.txt") }
    }

    @Test func readsTracklineCSV() throws {
        let path = try write("frame,time_s,track_id,x,y,w,h,score\n3,0.2,7,10,20,30,40,0.75\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let src = try DetectionFileSource(path: path)
        #expect(src.detections(forFrame: 3) == [Detection(frame: 3, box: BoundingBox(x: 10, y: 20, width: 30, height: 40), score: 0.75)])
    }
}
