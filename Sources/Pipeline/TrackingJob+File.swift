import Foundation
import TracklineCore
import Yams

extension TrackingJob {
    /// Key of the run file's own section (`RunRecord`), which a job file may hold and which
    /// is not part of the job.
    static let recordKey = "run"

    /// Reads a job from YAML or JSON (JSON is YAML). Unknown keys and values of the wrong type
    /// are errors naming the key; option tables take numbers, and `true`/`false` for switches.
    public static func read(path: String) throws -> TrackingJob {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path: path, limit: 16 << 20) } catch { throw JobError.badJobFile(path: path, reason: error.description) }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses job text (YAML or JSON).
    public static func parse(_ text: String, path: String = "<memory>") throws -> TrackingJob {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw JobError.badJobFile(path: path, reason: "not valid YAML or JSON (\(error))")
        }
        let node = try root.map { try plain($0, path: path, at: "") }
        guard let map = node as? [String: Any] else {
            throw JobError.badJobFile(path: path, reason: node == nil ? "the file is empty" : "expected a mapping of options (key: value) at the top level")
        }
        var job = TrackingJob()
        func string(_ key: String) throws -> String? {
            guard let v = map[key] else { return nil }
            if let s = v as? String { return s }
            if let n = v as? Int { return String(n) }
            if let d = v as? Double { return String(d) }
            throw JobError.badJobFile(path: path, reason: "\(key): expected a string, found \(v)")
        }
        func number(_ key: String, _ v: Any) throws -> Double {
            if let b = v as? Bool { return b ? 1 : 0 }
            if let n = v as? Int { return Double(n) }
            if let d = v as? Double, d.isFinite { return d }
            if let s = v as? String, let d = ParameterTable<Void>.value(s) { return d }
            throw JobError.badJobFile(path: path, reason: "\(key): expected a number, found \(v)")
        }
        func integer(_ key: String) throws -> Int? {
            guard let v = map[key] else { return nil }
            let d = try number(key, v)
            guard d.rounded() == d, abs(d) < 1e15 else { throw JobError.badJobFile(path: path, reason: "\(key): expected a whole number, found \(v)") }
            return Int(d)
        }
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E? where E.RawValue == String {
            guard let s = try string(key) else { return nil }
            guard let e = E(rawValue: s.lowercased()) else {
                throw JobError.badJobFile(path: path, reason: "\(key): '\(s)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return e
        }
        func flag(_ key: String) throws -> Bool? {
            guard let v = map[key] else { return nil }
            guard let b = v as? Bool else { throw JobError.badJobFile(path: path, reason: "\(key): expected true or false, found \(v)") }
            return b
        }
        func options(_ key: String) throws -> [String: Double]? {
            guard let v = map[key] else { return nil }
            guard let m = v as? [String: Any] else { throw JobError.badJobFile(path: path, reason: "\(key): expected a mapping of name: value") }
            var out: [String: Double] = [:]
            for (k, x) in m { out[k] = try number("\(key).\(k)", x) }
            return out
        }
        for key in map.keys.sorted() where !keys.contains(key) && key != recordKey {
            throw JobError.badJobFile(path: path, reason: "unknown key '\(key)'; a job file takes: \(keys.joined(separator: ", "))")
        }
        job.video = try string("video")
        job.detections = try string("detections")
        job.detector = try choice("detector", DetectorKind.self)
        job.detectorModel = try string("detector-model")
        job.detectorSize = try integer("detector-size")
        job.detectorOptions = try options("detector-options")
        job.tracker = try string("tracker")
        job.trackerOptions = try options("tracker-options")
        job.model = try string("model")
        job.appearance = try flag("appearance")
        job.startFrame = try integer("start-frame")
        job.endFrame = try integer("end-frame")
        job.fps = try map["fps"].map { try number("fps", $0) }
        job.interpolate = try integer("interpolate")
        job.smooth = try integer("smooth")
        job.cameraMotion = try choice("camera-motion", CameraMotionMode.self)
        job.output = try string("output")
        job.mot = try string("mot")
        job.render = try string("render")
        job.saveDetections = try string("save-detections")
        job.jsonl = try string("jsonl")
        job.trackSummary = try string("track-summary")
        job.reconnect = try flag("reconnect")
        job.stallTimeout = try map["stall-timeout"].map { try number("stall-timeout", $0) }
        job.duration = try map["duration"].map { try number("duration", $0) }
        job.maxFrames = try integer("max-frames")
        return job
    }

    /// A YAML node as plain values: mappings with string keys, arrays, Bool, Int, Double,
    /// String (nulls left out). Built from the node tree rather than Yams' own constructor,
    /// which traps on a mapping used as a key.
    private static func plain(_ node: Node, path: String, at key: String) throws -> Any? {
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return nil
            case .bool: return node.bool
            case .int: return node.int ?? node.string
            case .float: return node.float ?? node.string
            default: return node.string
            }
        case .mapping(let mapping):
            var out: [String: Any] = [:]
            for (k, v) in mapping {
                guard case .scalar = k, let name = k.string else {
                    throw JobError.badJobFile(path: path, reason: "\(key.isEmpty ? "" : key + ": ")keys must be plain names")
                }
                let full = key.isEmpty ? name : key + "." + name
                if out[name] != nil { throw JobError.badJobFile(path: path, reason: "\(full): given twice") }
                if let value = try plain(v, path: path, at: full) { out[name] = value }
            }
            return out
        case .sequence(let sequence):
            return try sequence.compactMap { try plain($0, path: path, at: key) }
        case .alias:
            throw JobError.badJobFile(path: path, reason: "\(key.isEmpty ? "" : key + ": ")aliases (*name) are not supported")
        }
    }
}
