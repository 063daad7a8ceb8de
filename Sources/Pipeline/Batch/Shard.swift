import Foundation

/// One of `count` disjoint parts of a batch's inputs (`--shard K/N`, K = 0..N-1, as Slurm's
/// `SLURM_ARRAY_TASK_ID` and Kubernetes' `JOB_COMPLETION_INDEX` count): an input belongs to
/// shard `fnv1a64(name) mod N`, so N workers given the same inputs cover every input exactly
/// once, whatever order they list them in.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based index of this shard, below `count`.
    public let index: Int
    /// Number of shards, at least 1.
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= 1_000_000 else { throw JobError.badValue(option: "--shard", message: "N must be 1...1000000, not \(count)") }
        guard index >= 0, index < count else {
            throw JobError.badValue(option: "--shard", message: "K must be 0...\(count - 1) for N = \(count) (shards count from 0), not \(index)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw JobError.badValue(option: "--shard", message: "'\(text)' must look like K/N, e.g. 0/4 (K = 0...N-1)")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// True when the input named `name` (a `BatchInput.name`) belongs to this shard.
    public func contains(_ name: String) -> Bool { Int(Self.hash(name) % UInt64(count)) == index }

    /// 64-bit FNV-1a of the UTF-8 bytes: stable across machines, runs and Swift versions.
    public static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
