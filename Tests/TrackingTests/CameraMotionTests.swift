import Foundation
import Testing
import TracklineCore
@testable import Tracking

@Suite struct CameraMotionTests {
    /// Six walkers with their own steady velocities, jittered by up to 1 px.
    static let scene = Scene(walkers: (0..<6).map(walker), frames: 60)

    static func walker(_ k: Int) -> Walker {
        let x: Double = Double(80 + 150 * k), y: Double = Double(100 + 40 * (k % 3))
        let vx: Double = Double(k % 3) - 1, vy: Double = Double(k % 2) * 0.5
        return Walker(identity: k + 1, start: (x, y), velocity: (vx, vy))
    }

    /// The camera's pan in frame `f` (pixels the scene moves between frame f-1 and f).
    static func pan(_ f: Int) -> (Double, Double) { f > 20 && f <= 40 ? (-12, 6) : (0, 0) }

    /// The scene's detections as a camera panning by `pan` sees them.
    static func panned() -> [[Detection]] {
        var (byFrame, _) = scene.detections()
        var sx = 0.0, sy = 0.0
        for f in 1...byFrame.count {
            let (dx, dy) = pan(f)
            sx += dx; sy += dy
            for k in byFrame[f - 1].indices { byFrame[f - 1][k].box.x += sx; byFrame[f - 1][k].box.y += sy }
        }
        return byFrame
    }

    @Test func stillCameraWithWalkersStaysStill() {
        var e = BoxMotionEstimator()
        let (byFrame, _) = Self.scene.detections()
        for d in byFrame { #expect(e.estimate(d).isIdentity) }
    }

    @Test func panIsRecovered() {
        var e = BoxMotionEstimator()
        for (k, d) in Self.panned().enumerated() {
            let m = e.estimate(d)
            let (dx, dy) = Self.pan(k + 1)
            // Shifts within 1.5 px (the boxes jitter by up to 1 px), identity where nothing moved.
            #expect(abs(m.dx - dx) <= 1.5 && abs(m.dy - dy) <= 1.5, "frame \(k + 1): \(m)")
        }
    }

    @Test func cameraMotionAlgebra() {
        let a = CameraMotion(scale: 1.1, dx: 5, dy: -3), b = CameraMotion(scale: 0.9, dx: -2, dy: 7)
        let box = BoundingBox(x: 10, y: 20, width: 30, height: 60)
        let ab = a.followed(by: b).apply(box), step = b.apply(a.apply(box))
        #expect(abs(ab.x - step.x) < 1e-9 && abs(ab.y - step.y) < 1e-9 && abs(ab.height - step.height) < 1e-9)
        let back = a.inverse.apply(a.apply(box))
        #expect(abs(back.x - box.x) < 1e-9 && abs(back.width - box.width) < 1e-9)
        #expect(CameraMotion.identity.isIdentity && !a.isIdentity)
    }

    /// Tracks a panned scene through a session and returns (frame, id, box) rows.
    func track(_ byFrame: [[Detection]], motion: CameraMotionSource, interpolate: Int = 0, smooth: Int = 0) throws -> [MOTRow] {
        let path = NSTemporaryDirectory() + "trackline-cmc-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: interpolate, smooth: smooth,
                                      writers: [try ResultWriter(path: path, format: .mot)], cameraMotion: motion)
        for (k, d) in byFrame.enumerated() { _ = try session.process(frame: k + 1, detections: d) }
        try session.finish()
        return try MOTFile.read(path: path).rows
    }

    @Test func compensatedOutputIsInEachFramesPixels() throws {
        let byFrame = Self.panned()
        let rows = try track(byFrame, motion: .boxes(.init()))
        // Every reported box lies on one of its frame's detections (ByteTrack reports its
        // Kalman box, close to the detection): mapping back to image pixels worked.
        for r in rows {
            let best = byFrame[r.frame - 1].map { $0.box.iou(r.box) }.max() ?? 0
            #expect(best > 0.8, "frame \(r.frame) id \(r.id): best IoU \(best)")
        }
        #expect(Set(rows.map(\.id)).count == 6)
    }

    @Test func givenMotionIsUsedAndSmoothingFollowsTheScene() throws {
        // A hard pan (40 px a frame) and smoothing: in image coordinates the centred mean would
        // pull boxes 40 px off; in the scene's coordinates the boxes stay on their people.
        var (byFrame, _) = Self.scene.detections()
        var shift = 0.0
        for f in 1...byFrame.count {
            if f > 30 { shift -= 40 }
            for k in byFrame[f - 1].indices { byFrame[f - 1][k].box.x += shift }
        }
        let path = NSTemporaryDirectory() + "trackline-cmc-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: 0, smooth: 3,
                                      writers: [try ResultWriter(path: path, format: .mot)], cameraMotion: .given)
        for (k, d) in byFrame.enumerated() {
            _ = try session.process(frame: k + 1, detections: d, motion: k + 1 > 30 ? CameraMotion(dx: -40) : .identity)
        }
        try session.finish()
        let rows = try MOTFile.read(path: path).rows
        #expect(!rows.isEmpty)
        for r in rows {
            let best = byFrame[r.frame - 1].map { $0.box.iou(r.box) }.max() ?? 0
            #expect(best > 0.8, "frame \(r.frame) id \(r.id): best IoU \(best)")
        }
        #expect(Set(rows.map(\.id)).count == 6)
    }

    @Test func offLeavesOutputsUnchanged() throws {
        let (byFrame, _) = Self.scene.detections()
        // A still scene: the estimator finds no motion, so compensation changes nothing.
        #expect(try track(byFrame, motion: .boxes(.init()), interpolate: 5, smooth: 2) == track(byFrame, motion: .off, interpolate: 5, smooth: 2))
    }
}
