import Detection
import Foundation
import Tracking
import TracklineCore

/// What a run did, written beside its outputs (`tracks.csv` -> `tracks.run.json`): the job with
/// every value in effect (tracker and detector parameters included), the version, the model
/// files with their SHA-256, the inputs' sizes and what came out (frames, tracks, seconds in all
/// and spent decoding, detecting, tracking and rendering). It is itself a job file:
/// `trackline track --config tracks.run.json` runs the same job again.
public struct RunRecord: Sendable {
    /// Version of Trackline that wrote the record.
    public static let version = "0.2.0"

    public var job: TrackingJob
    public var models: [(path: String, sha256: String)]
    public var inputs: [(path: String, bytes: Int)]
    public var sequences: [SequenceSummary]
    public var command: String?

    /// The record of `resolved` after it ran.
    public init(_ resolved: ResolvedJob, sequences: [SequenceSummary], command: String? = nil) {
        var j = resolved.job
        j.tracker = resolved.tracker.name
        j.trackerOptions = (try? resolved.tracker.parameterValues(resolved.trackerOptions)) ?? resolved.trackerParameters
        j.appearance = resolved.appearance
        if let kind = resolved.detector {
            j.detector = kind
            j.detectorSize = nil
            switch kind {
            case .ssdlite: j.detectorOptions = Self.values(SSDLiteSettings.table, resolved.ssdlite)
            case .motion: j.detectorOptions = Self.values(MotionDetector.Parameters.table, resolved.motion)
            }
        }
        var models: [(String, String)] = []
        if resolved.tracker.name == "seq2seq", let m = resolved.job.model ?? Seq2SeqTracker.defaultModelPath(appearance: resolved.appearance) {
            j.model = m
            models.append((m, SHA256.hexDigest(ofFile: m) ?? "unreadable"))
        }
        if resolved.detector == .ssdlite {
            let m = resolved.job.detectorModel ?? SSDLiteDetector.defaultModelPath
            j.detectorModel = m
            models.append((m, SHA256.hexDigest(ofFile: m) ?? "unreadable"))
        }
        var inputs: [(String, Int)] = []
        for p in [resolved.job.video, resolved.job.detections].compactMap({ $0 }) where VideoSource(p).isPath {
            let size = (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? nil
            inputs.append((p, size ?? -1))
        }
        // Absolute paths: the record reruns from any working directory.
        func absolute(_ p: String?) -> String? {
            p.map { $0.hasPrefix("/") || !VideoSource($0).isPath ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path }
        }
        j.video = absolute(j.video); j.detections = absolute(j.detections); j.model = absolute(j.model)
        j.detectorModel = absolute(j.detectorModel)
        j.output = absolute(j.output); j.mot = absolute(j.mot); j.render = absolute(j.render)
        j.saveDetections = absolute(j.saveDetections)
        j.jsonl = absolute(j.jsonl); j.trackSummary = absolute(j.trackSummary)
        self.job = j
        self.models = models.map { (absolute($0.0) ?? $0.0, $0.1) }
        self.inputs = inputs
        self.sequences = sequences
        self.command = command
    }

    static func values<C>(_ table: ParameterTable<C>, _ owner: C) -> [String: Double] {
        var out: [String: Double] = [:]
        for p in table.parameters { if let v = p.value(in: owner) { out[p.name] = v } }
        return out
    }

    /// The record as JSON (sorted keys): the job's keys at the top, the rest under `run`.
    public func json() -> String {
        var top: [String: Any] = [:]
        let j = job
        func put(_ key: String, _ v: Any?) { if let v { top[key] = v } }
        put("video", j.video); put("detections", j.detections); put("detector", j.detector?.rawValue)
        put("detector-model", j.detectorModel)
        put("detector-size", j.detectorSize); put("detector-options", j.detectorOptions)
        put("tracker", j.tracker); put("tracker-options", j.trackerOptions); put("model", j.model)
        put("appearance", j.appearance); put("start-frame", j.startFrame); put("end-frame", j.endFrame)
        put("fps", j.fps); put("interpolate", j.interpolate); put("smooth", j.smooth); put("camera-motion", j.cameraMotion?.rawValue)
        put("output", j.output); put("mot", j.mot); put("render", j.render); put("save-detections", j.saveDetections)
        put("jsonl", j.jsonl); put("track-summary", j.trackSummary); put("reconnect", j.reconnect)
        put("stall-timeout", j.stallTimeout); put("duration", j.duration); put("max-frames", j.maxFrames)
        var run: [String: Any] = [
            "trackline": Self.version,
            "models": models.map { ["path": $0.path, "sha256": $0.sha256] },
            "inputs": inputs.map { ["path": $0.path, "bytes": $0.bytes] },
            "sequences": sequences.map { s -> [String: Any] in
                func ms(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
                var d: [String: Any] = ["name": s.name, "frames": s.frames, "tracks": s.tracks, "rows": s.rows,
                                        "seconds": ms(s.seconds), "decode-seconds": ms(s.decodeSeconds),
                                        "detect-seconds": ms(s.detectSeconds), "track-seconds": ms(s.trackSeconds),
                                        "render-seconds": ms(s.renderSeconds), "source-seconds": ms(s.sourceSeconds)]
                if let r = s.frameRange { d["first-frame"] = r.lowerBound; d["last-frame"] = r.upperBound }
                return d
            },
        ]
        if let command { run["command"] = command }
        run["config-sha256"] = configHash
        top[TrackingJob.recordKey] = run
        guard let data = try? JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Where the record of `job` goes: beside its first output, with `.run.json` for the
    /// extension (`DIR/trackline.run.json` for a MOTChallenge root). Nil when the first output
    /// is a device or a FIFO.
    public static func path(for job: ResolvedJob) -> String? {
        let j = job.job
        if case .detections(_, _, true) = job.input {
            guard let dir = j.output ?? j.mot else { return nil }
            return dir + "/trackline.run.json"
        }
        let first = j.output ?? j.mot ?? "tracks.csv"
        if FileIdentity.isSpecial(FileIdentity.resolvingLinks(first)) { return nil }
        let url = URL(fileURLWithPath: first)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        let dir = (first as NSString).deletingLastPathComponent
        let name = base.lastPathComponent + ".run.json"
        return dir.isEmpty ? name : dir + "/" + name
    }
}
