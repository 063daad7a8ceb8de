import Detection
import Foundation
import TracklineCore

/// Runs a `BatchJob`: expands the inputs, keeps this shard's, tracks each with `JobRunner`
/// on `effectiveJobs` worker threads, and writes the summary. A failing video never stops
/// the others: its row says why (its outputs are not written, as for any failed run).
///
/// ```swift
/// var batch = BatchJob(inputs: ["night/"], outputFolder: "out")
/// batch.template.detector = .motion
/// batch.jobs = 2
/// let summary = try BatchRunner(batch).run()
/// print(summary.failed.map(\.input))
/// ```
public struct BatchRunner: Sendable {
    public let batch: BatchJob
    /// The code running SSDLite's 1x1 convolutions.
    public var ssdliteKernels: SSDLiteKernelPath = .fused
    /// Ends the batch early: running jobs are abandoned (their outputs not written), inputs not
    /// started are listed as failed with "stopped".
    public var stop: StopSignal?

    public init(_ batch: BatchJob) { self.batch = batch }

    /// The inputs this run tracks (this shard's), and all of them.
    public func plan() throws -> (selected: [BatchInput], all: [BatchInput]) {
        let all = try BatchInputs.expand(batch.inputs)
        let selected = batch.shard.map { s in all.filter { s.contains($0.name) } } ?? all
        return (selected, all)
    }

    /// Runs the batch; throws only for problems of the whole batch (no inputs, a bad option,
    /// an unwritable output folder), never for one video.
    @discardableResult
    public func run(observer: BatchObserver = LoggingBatchObserver()) throws -> BatchSummary {
        try batch.checkTemplate()
        let (selected, all) = try plan()
        // The configuration is the same for every input: resolve it once (bad options fail here).
        let probe = BatchInput(index: 0, input: "video.mp4", name: "video")
        let resolvedTemplate = try batch.job(for: probe).resolve()
        let configHash = RunRecord(resolvedTemplate, sequences: []).configHash
        try FileManager.default.createDirectory(atPath: batch.outputFolder, withIntermediateDirectories: true)

        let state = BatchState(total: selected.count, observer: observer)
        for n in resolvedTemplate.notes { state.message("note: \(n)", warning: false) }
        var items = [BatchItem?](repeating: nil, count: selected.count)
        var pending: [Int] = []
        for (k, input) in selected.enumerated() {
            if batch.resume, let done = resumed(input, configHash: configHash) {
                items[k] = done
                state.finished(done)
            } else {
                pending.append(k)
            }
        }
        let results = ResultSlots(count: selected.count)
        let queue = WorkQueue(pending)
        let workers = min(batch.effectiveJobs, max(1, pending.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = queue.next() {
                let input = selected[k]
                let item: BatchItem
                if stop?.isRequested == true {
                    var i = BatchItem(index: input.index, input: input.input, name: input.name, status: .failed)
                    i.error = "stopped before it started"
                    item = i
                } else {
                    state.started()
                    item = track(input, state: state)
                }
                results.set(k, item)
                state.finished(item)
            }
        }
        for k in pending { items[k] = results.get(k) }
        let summary = BatchSummary(items: items.compactMap { $0 }, shard: batch.shard, totalInputs: all.count,
                                   inputsSHA256: BatchSummary.fingerprint(all), configSHA256: configHash)
        try summary.write(to: batch.outputFolder)
        return summary
    }

    /// Tracks one input; every error becomes the item's.
    func track(_ input: BatchInput, state: BatchState) -> BatchItem {
        var item = BatchItem(index: input.index, input: input.input, name: input.name, status: .failed)
        do {
            var runner = JobRunner(try batch.job(for: input).resolve())
            runner.decoderThreads = batch.threadsPerJob
            runner.ssdliteKernels = ssdliteKernels
            runner.command = batch.command
            runner.stop = stop
            let observer = BatchJobObserver(name: input.name, state: state)
            let summaries = try runner.run(observer: observer)
            item.status = .ok
            item.frames = summaries.reduce(0) { $0 + $1.frames }
            item.tracks = summaries.reduce(0) { $0 + $1.tracks }
            item.seconds = summaries.reduce(0) { $0 + $1.seconds }
            item.durationSeconds = summaries.reduce(0) { $0 + $1.sourceSeconds }
        } catch {
            item.error = "\(error)"
        }
        return item
    }

    /// The item of an input `--resume` may skip: its run file holds `configHash` and every
    /// output is there.
    func resumed(_ input: BatchInput, configHash: String) -> BatchItem? {
        let outputs = batch.outputs(input)
        guard outputs.allSatisfy({ FileIdentity.kind($0) == .regular }),
              let bytes = try? InputFile.read(path: outputs.last!, limit: 16 << 20),
              let top = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let run = top[TrackingJob.recordKey] as? [String: Any],
              run["config-sha256"] as? String == configHash else { return nil }
        var item = BatchItem(index: input.index, input: input.input, name: input.name, status: .skipped)
        for s in run["sequences"] as? [[String: Any]] ?? [] {
            item.frames += s["frames"] as? Int ?? 0
            item.tracks += s["tracks"] as? Int ?? 0
            item.seconds += (s["seconds"] as? NSNumber)?.doubleValue ?? 0
            item.durationSeconds += (s["source-seconds"] as? NSNumber)?.doubleValue ?? 0
        }
        return item
    }
}

/// Hands out pending indices to the workers.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int]
    private var next_ = 0
    init(_ items: [Int]) { self.items = items }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next_ < items.count else { return nil }
        next_ += 1
        return items[next_ - 1]
    }
}

/// The workers' results, one slot per input.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [BatchItem?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ item: BatchItem) { lock.lock(); slots[k] = item; lock.unlock() }
    func get(_ k: Int) -> BatchItem? { lock.lock(); defer { lock.unlock() }; return slots[k] }
}

/// The batch's counters, and the one lock under which the observer is called.
final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: BatchProgress
    private let observer: BatchObserver
    private let start = ContinuousClock.now

    init(total: Int, observer: BatchObserver) {
        progress = BatchProgress(total: total)
        self.observer = observer
    }

    private func elapsed() -> Double { (ContinuousClock.now - start) / .seconds(1) }

    func started() {
        lock.lock(); defer { lock.unlock() }
        progress.running += 1
        progress.elapsed = elapsed()
        observer.progress(progress)
    }

    func frame() {
        lock.lock(); defer { lock.unlock() }
        progress.frames += 1
        progress.elapsed = elapsed()
        observer.progress(progress)
    }

    func finished(_ item: BatchItem) {
        lock.lock(); defer { lock.unlock() }
        switch item.status {
        case .ok: progress.done += 1; progress.running -= 1
        case .failed: progress.failed += 1; if item.error != "stopped before it started" { progress.running -= 1 }
        case .skipped: progress.skipped += 1
        }
        progress.running = max(0, progress.running)
        progress.elapsed = elapsed()
        observer.finished(item)
        observer.progress(progress)
    }

    func message(_ text: String, warning: Bool) {
        lock.lock(); defer { lock.unlock() }
        observer.message(text, warning: warning)
    }
}

/// One job's `RunObserver` inside a batch: frames go to the batch's counters, warnings and
/// notes to the batch observer with the input's name.
final class BatchJobObserver: RunObserver {
    let name: String
    let state: BatchState

    init(name: String, state: BatchState) {
        self.name = name
        self.state = state
    }

    func progress(frames: Int, elapsed: Double) { state.frame() }
    func warning(_ message: String) { state.message("\(name): \(message)", warning: true) }
    func note(_ message: String) { state.message("\(name): \(message)", warning: false) }
}
