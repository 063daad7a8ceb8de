import Foundation
import TracklineCore

extension RunInfo {
    /// Key of the run file's record of what happened (the other keys are the job's).
    static let recordKey = "run"

    /// Reads a run file.
    public static func read(path: String) throws -> RunInfo {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path: path) } catch {
            throw ReportError.badRunFile(path: path, reason: "\(error)")
        }
        return try RunInfo(json: Data(bytes), path: path)
    }

    /// Parses a run file's JSON; `path` names it in errors.
    public init(json: Data, path: String = "<memory>") throws {
        let top: [String: JSONValue]
        do {
            guard let o = try JSONDecoder().decode(JSONValue.self, from: json).object else {
                throw ReportError.badRunFile(path: path, reason: "not a JSON object")
            }
            top = o
        } catch let e as ReportError { throw e } catch {
            throw ReportError.badRunFile(path: path, reason: "not JSON")
        }
        var settings: [(String, String)] = []
        for key in top.keys.sorted() where key != Self.recordKey {
            if let nested = top[key]?.object {
                for k in nested.keys.sorted() { settings.append(("\(key).\(k)", nested[k]!.text)) }
            } else {
                settings.append((key, top[key]!.text))
            }
        }
        let run = top[Self.recordKey] ?? .null
        let inputs = run["inputs"].map { $0.array } ?? []
        let models = run["models"].map { $0.array } ?? []
        let sequences = (run["sequences"].map { $0.array } ?? []).map { s in
            Sequence(name: s["name"]?.string ?? "", frames: s["frames"]?.int ?? 0, firstFrame: s["first-frame"]?.int,
                     lastFrame: s["last-frame"]?.int, tracks: s["tracks"]?.int ?? 0, rows: s["rows"]?.int ?? 0,
                     seconds: s["seconds"]?.double ?? 0, decodeSeconds: s["decode-seconds"]?.double,
                     detectSeconds: s["detect-seconds"]?.double, trackSeconds: s["track-seconds"]?.double,
                     renderSeconds: s["render-seconds"]?.double)
        }
        self.init(settings: settings,
                  inputs: inputs.map { ($0["path"]?.string ?? "?", $0["bytes"]?.int ?? -1) },
                  models: models.map { ($0["path"]?.string ?? "?", $0["sha256"]?.string ?? "") },
                  sequences: sequences, command: run["command"]?.string, version: run["trackline"]?.string)
    }

    /// The run file beside a results file: `tracks.csv` -> `tracks.run.json` (as
    /// `trackline track` names it). Nil when there is none.
    public static func locate(besideResults path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        let candidate = base.path + ".run.json"
        let dir = (path as NSString).deletingLastPathComponent
        let local = dir.isEmpty ? base.lastPathComponent + ".run.json" : dir + "/" + base.lastPathComponent + ".run.json"
        return FileManager.default.fileExists(atPath: candidate) ? local : nil
    }
}
