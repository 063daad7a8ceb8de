import Foundation
import Testing
import TracklineCore
@testable import Pipeline

@Suite struct BatchTests {
    func dir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-batch-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// N shards of any input list are disjoint and cover it, for several N.
    @Test func shardsCoverEveryInputOnce() throws {
        let inputs = BatchInputs.named((0..<500).map { "videos/cam\($0 % 37)/night-\($0).mp4" })
        for n in [1, 2, 3, 7, 16] {
            let shards = try (0..<n).map { try Shard(index: $0, count: n) }
            var seen: [String: Int] = [:]
            for s in shards { for i in inputs where s.contains(i.name) { seen[i.name, default: 0] += 1 } }
            #expect(seen.count == inputs.count && seen.values.allSatisfy { $0 == 1 }, "N = \(n)")
        }
        // Stable: the same name always lands in the same shard (FNV-1a, not Swift's seeded hash).
        #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c)  // the FNV-1a 64 test vector
        #expect(try Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        #expect(throws: JobError.self) { try Shard(parsing: "3/3") }
        #expect(throws: JobError.self) { try Shard(parsing: "1") }
    }

    @Test func inputsExpandFoldersAndManifests() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: d + "/night/cam2", withIntermediateDirectories: true)
        for f in ["night/a10.mp4", "night/a9.avi", "night/cam2/a9.mp4", "night/notes.md", "x.mkv"] {
            try Data([0]).write(to: URL(fileURLWithPath: d + "/" + f))
        }
        try "# cameras\nx.mkv\n\nrtsp://cam/1\n".write(toFile: d + "/list.txt", atomically: true, encoding: .utf8)
        let inputs = try BatchInputs.expand([d + "/night", d + "/list.txt", d + "/x.mkv"])
        #expect(inputs.map(\.input) == [d + "/night/a9.avi", d + "/night/a10.mp4", d + "/night/cam2/a9.mp4", d + "/x.mkv", "rtsp://cam/1"])
        // Two inputs named a9 get hashed suffixes; the others keep their names.
        #expect(inputs[0].name.hasPrefix("a9-") && inputs[2].name.hasPrefix("a9-") && inputs[0].name != inputs[2].name)
        #expect(inputs.map(\.name)[3...] == ["x", "1"])
        #expect(throws: JobError.self) { try BatchInputs.expand([d + "/missing.mp4"]) }
    }

    @Test func mergeRefusesMissingOrRepeatedShards() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let all = BatchInputs.named(["a.mp4", "b.mp4", "c.mp4", "d.mp4"])
        let fp = BatchSummary.fingerprint(all)
        for k in 0..<2 {
            let shard = try Shard(index: k, count: 2)
            let items = all.filter { shard.contains($0.name) }.map { BatchItem(index: $0.index, input: $0.input, name: $0.name, status: .ok) }
            try BatchSummary(items: items, shard: shard, totalInputs: 4, inputsSHA256: fp, configSHA256: "c").write(to: d + "/s\(k)")
        }
        let merged = try BatchMerge.merge([d + "/s0", d + "/s1"], into: d + "/all")
        #expect(merged.items.map(\.input) == ["a.mp4", "b.mp4", "c.mp4", "d.mp4"] && merged.shard == nil)
        #expect(FileManager.default.fileExists(atPath: d + "/all/summary.csv"))
        #expect(throws: BatchMerge.Problem.self) { try BatchMerge.merge([d + "/s0"], into: d + "/x") }
        #expect(throws: BatchMerge.Problem.self) { try BatchMerge.merge([d + "/s0", d + "/s0", d + "/s1"], into: d + "/x") }
    }

    @Test func threadsPerJobShareTheCores() {
        var b = BatchJob(inputs: [], outputFolder: "o")
        b.cores = 8
        b.jobs = 3
        #expect(b.effectiveJobs == 3 && b.threadsPerJob == 2)
        b.jobs = 20
        #expect(b.effectiveJobs == 8 && b.threadsPerJob == 1)
        b.cores = 2; b.jobs = 1
        #expect(b.threadsPerJob == 2 && b.job(for: BatchInput(index: 0, input: "v.mp4", name: "v")).detectorOptions?["threads"] == 2)
    }
}
