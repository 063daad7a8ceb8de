import Foundation
import Testing
import TracklineCore
@testable import Tracking

@Suite struct OutputTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "trackline-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func runScene(to path: String, tracker: String, interpolate: Int = 0) throws {
        let (byFrame, _) = TrackerIdentityTests.walkers.detections()
        var session = TrackingSession(tracker: try #require(try TrackerFactory.make(tracker)), frameRate: 10, interpolate: interpolate,
                                      writers: [try ResultWriter(path: path, format: .csv)])
        for (k, d) in byFrame.enumerated() { _ = try session.process(frame: k + 1, detections: d) }
        try session.finish()
    }

    @Test(arguments: ["bytetrack", "sort"])
    func identicalBytesOnTwoRuns(tracker: String) throws {
        let d = tempDir()
        try runScene(to: d + "/a.csv", tracker: tracker)
        try runScene(to: d + "/b.csv", tracker: tracker)
        let a = try Data(contentsOf: URL(fileURLWithPath: d + "/a.csv"))
        let b = try Data(contentsOf: URL(fileURLWithPath: d + "/b.csv"))
        #expect(a == b)
        let lines = String(decoding: a, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "frame,time_s,track_id,x,y,w,h,score")
        #expect(lines.count == 1 + 300)
        #expect(lines[1].hasPrefix("1,0,1,"))
        // The shared CSV reader accepts what we write.
        let rows = try TracklineCSV.read(path: d + "/a.csv")
        #expect(rows.count == 300)
        #expect(rows == rows.sorted { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) })
    }

    @Test func unfinishedWriterLeavesNoFile() throws {
        let d = tempDir()
        let path = d + "/t.csv"
        do {
            let w = try ResultWriter(path: path, format: .csv)
            try w.write([TrackedBox(frame: 1, trackID: 1, box: BoundingBox(x: 0, y: 0, width: 1, height: 1), score: 1)], time: 0)
            #expect(!FileManager.default.fileExists(atPath: path))
            w.discard()
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: d).isEmpty)
        // An old result survives an abandoned run untouched.
        try AtomicFile.write("old\n", to: path)
        do {
            let w = try ResultWriter(path: path, format: .csv)
            try w.write([], time: 0)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
    }

    @Test func startAndEndFramesKeepSourceNumbers() throws {
        let d = tempDir()
        var text = ""
        for f in 1...50 { text += "\(f),-1,\(100 + 3 * f),50,40,100,0.9,-1,-1,-1\n" }
        try text.write(toFile: d + "/det.txt", atomically: true, encoding: .utf8)
        let seq = try DetectionSequence.load(detPath: d + "/det.txt", start: 20, end: 30)
        #expect(seq.frames == 20...30)
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: 0,
                                      writers: [try ResultWriter(path: d + "/t.txt", format: .mot)])
        for (k, dets) in seq.byFrame.enumerated() { _ = try session.process(frame: seq.frames.lowerBound + k, detections: dets) }
        try session.finish()
        let rows = try MOTFile.read(path: d + "/t.txt").rows
        #expect(rows.map(\.frame) == Array(20...30))
        #expect(abs(rows[0].box.x - 160) < 1e-6)
    }

    @Test func seqinfoBesideTheDetFolder() throws {
        let d = tempDir()
        try FileManager.default.createDirectory(atPath: d + "/SEQ/det", withIntermediateDirectories: true)
        try "[Sequence]\nname=SEQ\nframeRate=7\nseqLength=12\nimWidth=640\nimHeight=480\n"
            .write(toFile: d + "/SEQ/seqinfo.ini", atomically: true, encoding: .utf8)
        try "3,-1,1,2,3,4,0.5\n20,-1,1,2,3,4,0.5\n".write(toFile: d + "/SEQ/det/det.txt", atomically: true, encoding: .utf8)
        let (files, isRoot) = try DetectionSequence.resolve(d)
        #expect(isRoot && files.count == 1)
        let seq = try DetectionSequence.load(detPath: files[0])
        #expect(seq.name == "SEQ" && seq.frames == 1...12 && seq.ignoredRows == 1 && seq.seqInfo?.frameRate == 7)
        #expect(seq.byFrame[2].count == 1)
    }

    @Test func interpolationFillsShortGapsOnly() {
        func b(_ f: Int, _ x: Double) -> TrackedBox { TrackedBox(frame: f, trackID: 7, box: BoundingBox(x: x, y: 0, width: 10, height: 10), score: 1) }
        let t = Trajectory(id: 7, boxes: [b(1, 0), b(4, 30), b(10, 90)])
        let filled = Interpolation.fill([t], maxGap: 3)[0].boxes
        #expect(filled.map(\.frame) == [1, 2, 3, 4, 10])
        #expect(filled[1].box.x == 10 && filled[2].box.x == 20)
        // The streaming filler gives the same rows in frame order.
        var s = StreamingGapFiller(maxGap: 3)
        var out: [TrackedBox] = []
        for f in 1...10 {
            let boxes = t.boxes.filter { $0.frame == f }
            for fr in s.push(frame: f, boxes: boxes) { out += fr.boxes }
        }
        for fr in s.flush() { out += fr.boxes }
        #expect(out == filled)
    }

    @Test func interpolatedSessionMatchesBatchFill() throws {
        let d = tempDir()
        let scene = Scene(walkers: [
            Walker(identity: 1, start: (100, 200), velocity: (4, 0), visible: { !(30..<36).contains($0) }),
        ], frames: 60)
        let (byFrame, _) = scene.detections()
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 30, interpolate: 10,
                                      writers: [try ResultWriter(path: d + "/t.txt", format: .mot)], keepHistory: true)
        for (k, det) in byFrame.enumerated() { _ = try session.process(frame: k + 1, detections: det) }
        let traj = try session.finish()
        let rows = try MOTFile.read(path: d + "/t.txt").rows
        #expect(rows.map(\.frame) == Array(1...60))
        #expect(traj.flatMap(\.boxes).count == 60)
    }
}
