import Foundation
import TracklineCore

/// Many videos tracked with one job configuration (`trackline batch`): each input gets
/// `outputFolder/<name>/` with `tracks.csv`, `tracks.txt` (MOTChallenge) and the run file
/// `tracks.run.json`, plus `tracks.jsonl`, `tracks.summary.csv` and `overlay.mp4` when asked;
/// `outputFolder/summary.csv` and `summary.json` list every input (see `BatchSummary`).
public struct BatchJob: Sendable {
    /// Files, folders (searched for videos), manifests or URLs (`BatchInputs.expand`).
    public var inputs: [String]
    /// Where the per-video folders and the summary go.
    public var outputFolder: String
    /// The detector, tracker and their options, frame range, filter, bounds: everything but
    /// the video and the outputs, which the batch sets for each input.
    public var template = TrackingJob()
    /// Videos tracked at once. Default 1; at most the number of cores.
    public var jobs = 1
    /// Skip inputs whose run file says they were tracked with the same configuration
    /// (`RunRecord.configHash`) and whose outputs are all there.
    public var resume = false
    /// Track only this shard of the inputs (nil: all).
    public var shard: Shard?
    /// Optional outputs per video: JSON Lines, the track summary table, the overlay video.
    public var jsonl = false
    public var trackSummary = false
    public var render = false
    /// Cores shared by the jobs (default: the machine's). Each job gets `cores / jobs`
    /// decoder threads and, for SSDLite, as many network threads unless the template sets them.
    public var cores = ProcessInfo.processInfo.activeProcessorCount
    /// The command line recorded in each run file.
    public var command: String?

    public init(inputs: [String], outputFolder: String) {
        self.inputs = inputs
        self.outputFolder = outputFolder
    }

    /// Jobs actually run at once: `jobs`, at most `cores`.
    public var effectiveJobs: Int { max(1, min(jobs, max(1, cores))) }
    /// Threads each job gets, so that jobs x threads <= cores.
    public var threadsPerJob: Int { max(1, max(1, cores) / effectiveJobs) }

    /// The folder of one input.
    public func folder(_ input: BatchInput) -> String { outputFolder + "/" + input.name }

    /// The tracking job of one input.
    public func job(for input: BatchInput) -> TrackingJob {
        var j = template
        let dir = folder(input)
        j.video = input.input
        j.output = dir + "/tracks.csv"
        j.mot = dir + "/tracks.txt"
        j.jsonl = jsonl ? dir + "/tracks.jsonl" : nil
        j.trackSummary = trackSummary ? dir + "/tracks.summary.csv" : nil
        j.render = render ? dir + "/overlay.mp4" : nil
        if (j.detector ?? .ssdlite) == .ssdlite, j.detections == nil, j.detectorOptions?["threads"] == nil {
            j.detectorOptions = (j.detectorOptions ?? [:]).merging(["threads": Double(threadsPerJob)]) { $1 }
        }
        return j
    }

    /// The files a finished input has (the run file last).
    public func outputs(_ input: BatchInput) -> [String] {
        let dir = folder(input)
        var out = [dir + "/tracks.csv", dir + "/tracks.txt"]
        if jsonl { out.append(dir + "/tracks.jsonl") }
        if trackSummary { out.append(dir + "/tracks.summary.csv") }
        if render { out.append(dir + "/overlay.mp4") }
        return out + [dir + "/tracks.run.json"]
    }

    /// Throws when the template names what the batch decides per input.
    func checkTemplate() throws {
        let t = template
        for (key, value) in [("video", t.video), ("detections", t.detections), ("output", t.output), ("mot", t.mot), ("render", t.render),
                             ("save-detections", t.saveDetections), ("jsonl", t.jsonl), ("track-summary", t.trackSummary)] where value != nil {
            throw JobError.badValue(option: "--config", message: "'\(key)' is set per video by the batch (DIR/<name>/...); remove it from the job file")
        }
        if t.reconnect == true { throw JobError.noEffect(option: "--reconnect", reason: "in a batch") }
    }
}
