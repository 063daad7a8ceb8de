import Foundation
import Testing
import TracklineCore
@testable import Tracking

/// JSON Lines and the track summary: their rows, and the streaming mode of live runs.
@Suite struct OutputFormatTests {
    func dir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-fmt-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func box(_ frame: Int, _ id: Int, x: Double, score: Float = 0.5) -> TrackedBox {
        TrackedBox(frame: frame, trackID: id, box: BoundingBox(x: x, y: 10, width: 20, height: 40), score: score)
    }

    @Test func jsonLinesHoldOneObjectPerBoxAndASummary() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let w = try ResultWriter(path: d + "/t.jsonl", format: .jsonl, className: "person")
        try w.write([box(1, 1, x: 0), box(1, 2, x: 100)], time: 0)
        try w.write([box(2, 1, x: 3.456)], time: 0.04)
        try w.commit()
        let lines = try String(contentsOfFile: d + "/t.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects[2]["frame"] as? Int == 2 && objects[2]["time_s"] as? Double == 0.04 && objects[2]["id"] as? Int == 1)
        #expect(objects[2]["class"] as? String == "person" && objects[2]["x"] as? Double == 3.46 && objects[2]["h"] as? Int == 40)
        let summary = try #require(objects[3]["summary"] as? [String: Any])
        #expect(summary["rows"] as? Int == 3 && summary["tracks"] as? Int == 2 && summary["last_frame"] as? Int == 2)
    }

    @Test func trackSummaryAccumulatesPerTrack() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let w = try ResultWriter(path: d + "/s.csv", format: .trackSummary)
        // Track 1 moves 3, then 4 pixels to the right over 0.5 s; track 2 is seen once.
        try w.write([box(1, 1, x: 0, score: 0.4), box(1, 2, x: 50)], time: 0)
        try w.write([box(2, 1, x: 3, score: 0.6)], time: 0.25)
        try w.write([box(3, 1, x: 7, score: 0.8)], time: 0.5)
        #expect(FileManager.default.fileExists(atPath: d + "/s.csv") == false)
        try w.commit()
        let text = try String(contentsOfFile: d + "/s.csv", encoding: .utf8)
        #expect(text == TrackStatistics.header + "1,object,1,3,0,0.5,3,0.6,7,14\n2,object,1,1,0,0,1,0.5,0,\n")
    }

    @Test func streamingWritersShowEachFramesRowsAtOnce() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let w = try ResultWriter(path: d + "/live.csv", format: .csv, streaming: true)
        try w.write([box(1, 1, x: 0)], time: 0)
        // The rows are in the target already, whole, before the run ends.
        let now = try String(contentsOfFile: d + "/live.csv", encoding: .utf8)
        #expect(now == ResultFormat.csv.header! + "1,0,1,0,10,20,40,0.5\n")
        try w.write([box(2, 1, x: 1)], time: 0.1)
        try w.commit()
        #expect(try String(contentsOfFile: d + "/live.csv", encoding: .utf8).split(separator: "\n").count == 3)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: d)).contains { $0.hasSuffix(".tmp") })
    }
}
