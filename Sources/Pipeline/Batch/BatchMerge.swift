import Foundation
import TracklineCore

/// Combines the summaries of a batch's shards (`trackline batch --merge DIR... --out DIR`):
/// reads every `summary*.json` in the folders, checks that they belong to one batch (same
/// input list and configuration), that each shard is there once and no input twice, copies
/// the per-video folders into the output folder when they live elsewhere, and writes the
/// whole batch's `summary.csv` and `summary.json`, as one unsharded run would have.
public enum BatchMerge {
    /// Why the shards do not make one batch.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The summary files in `folder`: `summary.json` and `summary.shard-K-of-N.json`.
    static func summaryFiles(in folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw Problem(description: "\(folder): cannot read the folder")
        }
        return NaturalOrder.sorted(names.filter { $0.hasPrefix("summary") && $0.hasSuffix(".json") }).map { folder + "/" + $0 }
    }

    /// Merges the shard summaries in `folders` into `output`; returns the merged summary.
    /// Missing shards or inputs are errors (nothing is written); failed inputs are not.
    @discardableResult
    public static func merge(_ folders: [String], into output: String) throws -> BatchSummary {
        var parts: [(path: String, summary: BatchSummary, folder: String)] = []
        for f in folders {
            let files = try summaryFiles(in: f)
            if files.isEmpty { throw Problem(description: "\(f): no summary*.json (is it the --out folder of a batch?)") }
            for p in files { parts.append((p, try BatchSummary.read(path: p), f)) }
        }
        // Leave out an earlier merge's result in the output folder.
        let outID = FileIdentity(output + "/summary.json")
        if parts.count > 1 { parts.removeAll { FileIdentity($0.path) == outID && $0.summary.shard == nil } }
        let first = parts[0].summary
        for p in parts where p.summary.inputsSHA256 != first.inputsSHA256 || p.summary.configSHA256 != first.configSHA256 {
            throw Problem(description: "\(p.path) is from another batch than \(parts[0].path) (different inputs or job configuration)")
        }
        // Every shard exactly once (or one unsharded summary).
        let counts = Set(parts.map { $0.summary.shard?.count ?? 1 })
        guard counts.count == 1, let n = counts.first else {
            throw Problem(description: "the summaries split the batch in different numbers of shards: \(parts.map { "\($0.path): \($0.summary.shard?.description ?? "whole")" }.joined(separator: ", "))")
        }
        var byShard: [Int: String] = [:]
        for p in parts {
            let k = p.summary.shard?.index ?? 0
            if let other = byShard[k] { throw Problem(description: "shard \(k)/\(n) is there twice: \(other) and \(p.path)") }
            byShard[k] = p.path
        }
        let missing = (0..<n).filter { byShard[$0] == nil }
        if !missing.isEmpty {
            throw Problem(description: "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: give every shard's folder")
        }
        var items: [BatchItem] = []
        var seen: [Int: String] = [:]
        for p in parts {
            for i in p.summary.items {
                if let other = seen[i.index] { throw Problem(description: "input \(i.input) is in \(other) and \(p.path)") }
                seen[i.index] = p.path
                items.append(i)
                try copyFolder(p.folder + "/" + i.name, to: output + "/" + i.name)
            }
        }
        if items.count != first.totalInputs {
            throw Problem(description: "the shards list \(items.count) inputs but the batch has \(first.totalInputs)")
        }
        let merged = BatchSummary(items: items, shard: nil, totalInputs: first.totalInputs, inputsSHA256: first.inputsSHA256,
                                  configSHA256: first.configSHA256)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try merged.write(to: output)
        return merged
    }

    /// Copies a video's folder into the merged output (each file whole: copied to a hidden
    /// name, then renamed); nothing when it is already there or does not exist (failed inputs).
    static func copyFolder(_ from: String, to: String) throws {
        guard FileIdentity.kind(from) == .directory, FileIdentity(from) != FileIdentity(to) else { return }
        let fm = FileManager.default
        try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: from) where !name.hasPrefix(".") {
            let tmp = to + "/." + name + ".\(getpid()).tmp"
            try? fm.removeItem(atPath: tmp)
            TemporaryFiles.shared.register(tmp)
            defer { TemporaryFiles.shared.unregister(tmp) }
            try fm.copyItem(atPath: from + "/" + name, toPath: tmp)
            if rename(tmp, to + "/" + name) != 0 {
                throw OutputError.writeFailed(path: to + "/" + name, reason: String(cString: strerror(errno)))
            }
        }
    }
}
