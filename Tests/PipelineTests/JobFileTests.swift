import Foundation
import Testing
@testable import Pipeline

/// Job files: YAML or JSON, keys named like the long options; every malformed file is an
/// error naming the key, never a trap (Fuzz/Regressions/jobfile).
@Suite struct JobFileTests {
    @Test func yamlAndJSONGiveTheSameJob() throws {
        let yaml = try TrackingJob.parse("video: a.mp4\ndetector: motion\ntracker-options: {track_thresh: 0.4, fuse_score: false}\nstart-frame: 3\nappearance: true\n")
        let json = try TrackingJob.parse(#"{"video": "a.mp4", "detector": "motion", "tracker-options": {"track_thresh": 0.4, "fuse_score": false}, "start-frame": 3, "appearance": true}"#)
        #expect(yaml == json)
        #expect(yaml.detector == .motion && yaml.trackerOptions == ["track_thresh": 0.4, "fuse_score": 0] && yaml.startFrame == 3)
    }

    @Test(arguments: ["{{}}", "[1, 2]", "video: [a, b]", "x: &a 1\ny: *a", "start-frame: 1.5", "appearance: maybe",
                      "fps: .inf", "tracker-options: 3", "detector: radar", "camera-motion: gyro", "video: a\nvideo: b", ": x", "\u{0}"])
    func malformedFilesAreErrors(text: String) {
        #expect(throws: (any Error).self, "\(text)") { _ = try TrackingJob.parse(text, path: "job.yaml") }
    }

    @Test func regressionsFromTheFuzzerAreErrors() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/jobfile")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(throws: JobError.self, "\(name)") { _ = try TrackingJob.parse(text, path: name) }
        }
    }

    @Test func flagsOverrideTheFile() throws {
        var file = try TrackingJob.parse("video: a.mp4\ntracker: sort\ntracker-options: {iou_threshold: 0.2}\n")
        var flags = TrackingJob()
        flags.tracker = "bytetrack"
        flags.trackerOptions = ["track_thresh": 0.5]
        file = file.overridden(by: flags)
        #expect(file.video == "a.mp4" && file.tracker == "bytetrack")
        #expect(file.trackerOptions == ["iou_threshold": 0.2, "track_thresh": 0.5])
    }

    @Test func cameraMotionReachesTheSession() throws {
        let job = try TrackingJob.parse("detections: det.txt\ncamera-motion: boxes\n")
        #expect(job.cameraMotion == .boxes)
        #expect(try TrackingJob.parse("detections: det.txt\n").cameraMotion == nil)
    }

    @Test func presetsKeepTheKalmanCueForSSDLiteOnly() {
        #expect(Presets.trackerParameters(tracker: "seq2seq", detector: .ssdlite)["kalman_weight"] == nil)
        #expect(Presets.trackerParameters(tracker: "seq2seq", detector: .motion)["kalman_weight"] == 0)
        #expect(Presets.trackerParameters(tracker: "seq2seq", detector: nil).isEmpty)
    }
}
