import Foundation
import TracklineCore

/// The list of a batch's videos with how each went, written as `summary.csv` and
/// `summary.json` (`summary.shard-K-of-N.*` for one shard), each atomically. The JSON also
/// records the shard and a fingerprint of the whole input list, so that `merge` can check
/// that the shards of one batch are all there, once.
public struct BatchSummary: Sendable, Equatable {
    public var items: [BatchItem]
    /// The shard these items are (nil: the whole batch).
    public var shard: Shard?
    /// Inputs of the whole batch, before sharding.
    public var totalInputs: Int
    /// SHA-256 of the whole input list (names and inputs, in order).
    public var inputsSHA256: String
    /// `RunRecord.configHash` of the batch's job configuration.
    public var configSHA256: String

    public init(items: [BatchItem], shard: Shard?, totalInputs: Int, inputsSHA256: String, configSHA256: String) {
        self.items = items.sorted { $0.index < $1.index }
        self.shard = shard
        self.totalInputs = totalInputs
        self.inputsSHA256 = inputsSHA256
        self.configSHA256 = configSHA256
    }

    /// Items that failed.
    public var failed: [BatchItem] { items.filter { $0.status == .failed } }

    /// The file name stem in the output folder: `summary` or `summary.shard-K-of-N`.
    public static func stem(shard: Shard?) -> String {
        shard.map { "summary.shard-\($0.index)-of-\($0.count)" } ?? "summary"
    }

    /// The fingerprint of an input list.
    public static func fingerprint(_ inputs: [BatchInput]) -> String {
        var h = SHA256()
        for i in inputs { h.update(Array("\(i.index)\t\(i.name)\t\(i.input)\n".utf8)) }
        return h.hexDigest()
    }

    /// Columns of `summary.csv`.
    public static let csvHeader = "index,input,name,status,frames,duration_s,tracks,seconds,fps,error\n"

    public func csv() -> String {
        var out = Self.csvHeader
        for i in items {
            out += [String(i.index), Self.quoted(i.input), Self.quoted(i.name), i.status.rawValue, String(i.frames),
                    MOTFile.formatDecimal(i.durationSeconds, decimals: 3), String(i.tracks),
                    MOTFile.formatDecimal(i.seconds, decimals: 3), MOTFile.formatDecimal(i.framesPerSecond, decimals: 1),
                    Self.quoted(i.error)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func json() -> String {
        var top: [String: Any] = [
            "trackline": RunRecord.version, "total-inputs": totalInputs, "inputs-sha256": inputsSHA256,
            "config-sha256": configSHA256, "failed": failed.count,
            "items": items.map { i -> [String: Any] in
                ["index": i.index, "input": i.input, "name": i.name, "status": i.status.rawValue, "frames": i.frames,
                 "duration-s": (i.durationSeconds * 1000).rounded() / 1000, "tracks": i.tracks,
                 "seconds": (i.seconds * 1000).rounded() / 1000, "fps": (i.framesPerSecond * 10).rounded() / 10, "error": i.error]
            },
        ]
        if let s = shard { top["shard"] = s.description }
        guard let data = try? JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes `DIR/<stem>.csv` and `.json`, each whole or not at all.
    public func write(to folder: String) throws {
        let stem = Self.stem(shard: shard)
        try AtomicFile.write(csv(), to: folder + "/" + stem + ".csv")
        try AtomicFile.write(json(), to: folder + "/" + stem + ".json")
    }

    /// Reads a `summary*.json`.
    public static func read(path: String) throws -> BatchSummary {
        func bad(_ why: String) -> JobError { .badJobFile(path: path, reason: why) }
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path: path, limit: 256 << 20) } catch { throw bad(error.description) }
        guard let top = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { throw bad("not a JSON object") }
        guard let total = top["total-inputs"] as? Int, let inputs = top["inputs-sha256"] as? String,
              let rows = top["items"] as? [[String: Any]] else { throw bad("not a batch summary (total-inputs, inputs-sha256, items)") }
        let shard = try (top["shard"] as? String).map { try Shard(parsing: $0) }
        var items: [BatchItem] = []
        for (k, r) in rows.enumerated() {
            guard let index = r["index"] as? Int, let input = r["input"] as? String, let name = r["name"] as? String,
                  let st = (r["status"] as? String).flatMap(BatchItem.Status.init(rawValue:)) else {
                throw bad("items[\(k)]: needs index, input, name and status (ok, skipped or failed)")
            }
            var i = BatchItem(index: index, input: input, name: name, status: st)
            i.frames = r["frames"] as? Int ?? 0
            i.durationSeconds = (r["duration-s"] as? NSNumber)?.doubleValue ?? 0
            i.tracks = r["tracks"] as? Int ?? 0
            i.seconds = (r["seconds"] as? NSNumber)?.doubleValue ?? 0
            i.error = r["error"] as? String ?? ""
            items.append(i)
        }
        return BatchSummary(items: items, shard: shard, totalInputs: total, inputsSHA256: inputs,
                            configSHA256: top["config-sha256"] as? String ?? "")
    }
}
