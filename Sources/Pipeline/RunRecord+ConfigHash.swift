import Foundation
import TracklineCore

extension RunRecord {
    /// SHA-256 of everything that decides a run's rows, as 64 hex digits: the version, the
    /// detector and tracker with every parameter in effect, appearance, frame range, output
    /// filter, camera motion, bounds, and the SHA-256 of the model files (not their paths).
    /// Inputs, outputs, compute threads and reconnection settings are left out, so two runs of
    /// the same configuration on other videos or machines share it (`trackline batch --resume`
    /// compares it; the run file holds it as `run.config-sha256`).
    public var configHash: String {
        let j = job
        var d: [String: Any] = ["trackline": Self.version]
        func put(_ key: String, _ v: Any?) { if let v { d[key] = v } }
        put("detector", j.detector?.rawValue)
        put("detector-size", j.detectorSize)
        put("detector-options", j.detectorOptions?.filter { $0.key != "threads" })
        put("tracker", j.tracker); put("tracker-options", j.trackerOptions)
        put("appearance", j.appearance); put("start-frame", j.startFrame); put("end-frame", j.endFrame)
        put("fps", j.fps); put("interpolate", j.interpolate); put("smooth", j.smooth)
        put("camera-motion", j.cameraMotion?.rawValue); put("duration", j.duration); put("max-frames", j.maxFrames)
        d["models"] = models.map(\.sha256).sorted()
        guard let data = try? JSONSerialization.data(withJSONObject: d, options: [.sortedKeys]) else { return "" }
        var h = SHA256()
        h.update([UInt8](data))
        return h.hexDigest()
    }
}
