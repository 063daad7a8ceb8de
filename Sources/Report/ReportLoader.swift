import Evaluation
import Foundation
import Media
import TracklineCore

/// Reads a run's outputs for a report: the results file, the run file beside it, the video
/// and the ground truth, each optional but the results.
public enum ReportLoader {
    /// One run.
    ///
    /// - Parameters:
    ///   - results: a Trackline CSV or MOTChallenge txt; nil takes the run file's `output` (or `mot`).
    ///   - runFile: the run file; nil looks beside the results (`tracks.csv` -> `tracks.run.json`).
    ///   - video: the video for thumbnails; nil takes the run file's when it exists on disk.
    ///   - groundTruth: a gt.txt, sequence folder or MOTChallenge root with one sequence.
    ///   - flavour: the ground truth's convention; nil detects it.
    ///   - label: the run's name in the report; nil uses the tracker's name, else the file name.
    ///   - only: with a ground-truth root, these sequences only (as `eval --seq`).
    public static func run(results: String?, runFile: String? = nil, video: String? = nil, groundTruth: String? = nil,
                           flavour: EvaluationFlavour? = nil, only: [String] = [], label: String? = nil,
                           warn: (String) -> Void = { _ in }) throws -> ReportRun {
        let runPath = runFile ?? results.flatMap { RunInfo.locate(besideResults: $0) }
        let info = try runPath.map { try RunInfo.read(path: $0) }
        guard let resultsPath = results ?? info?.setting("output") ?? info?.setting("mot") else { throw ReportError.noResults }
        var sequences: [ReportSequence]
        if let groundTruth {
            let inputs = try EvaluationInputs(groundTruth: groundTruth, prediction: resultsPath, only: only)
            let data = try inputs.load(flavour: flavour, warn: warn)
            sequences = try zip(inputs.sequences, data).map { seq, d in
                let file = try inputs.predictionFile(for: seq)
                let rows = try readRows(path: file)
                let seqInfo = try seq.seqInfoPath.map { try SeqInfo.read(path: $0) }
                return ReportSequence(name: seq.name, rows: rows,
                                      truth: .init(data: d, file: try MOTFile.read(path: seq.groundTruthPath)),
                                      frameRate: seqInfo?.frameRate ?? 30,
                                      frameSize: seqInfo.map { ($0.imWidth, $0.imHeight) })
            }
        } else {
            let rows = try readRows(path: resultsPath)
            sequences = [ReportSequence(name: (resultsPath as NSString).lastPathComponent, rows: rows)]
        }
        // What the run file and the video add: frames processed, size, rate, the overlay to watch.
        let videoPath = video ?? info?.setting("video").flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        if sequences.count == 1 {
            var s = sequences[0]
            if let r = info?.sequences.first, let a = r.firstFrame, let b = r.lastFrame { s.frames = a...b }
            if let videoPath {
                let reader = try VideoReader(path: videoPath, options: VideoReaderOptions(threadCount: 1))
                s.video = videoPath
                s.frameSize = (reader.outputWidth, reader.outputHeight)
                if s.truth == nil, reader.metadata.frameRate > 0 { s.frameRate = reader.metadata.frameRate }
            }
            if info?.setting("detections") != nil, let fps = info?.setting("fps").flatMap(Double.init) { s.frameRate = fps }
            s.watchLink = info?.setting("render") ?? videoPath
            if s.truth == nil, let v = videoPath { s.name = (v as NSString).lastPathComponent }
            sequences[0] = s
        }
        let name = label ?? info?.setting("tracker") ?? (resultsPath as NSString).lastPathComponent
        return ReportRun(label: name, resultsPath: resultsPath, info: info, sequences: sequences)
    }

    /// Several runs scored against one ground truth, for a comparison. Labels: the tracker from
    /// each run file, made unique with the file name when two runs share one.
    public static func comparison(results: [String], groundTruth: String, flavour: EvaluationFlavour? = nil, only: [String] = [],
                                  warn: (String) -> Void = { _ in }) throws -> [ReportRun] {
        var runs = try results.map { try run(results: $0, groundTruth: groundTruth, flavour: flavour, only: only, warn: warn) }
        let labels = runs.map(\.label)
        for k in runs.indices where labels.filter({ $0 == runs[k].label }).count > 1 {
            runs[k].label += " (\(runs[k].resultsPath))"
        }
        return runs
    }

    /// A results file's rows as the CSV holds them (a MOTChallenge txt gets no times: they are
    /// set from the frame rate later).
    static func readRows(path: String) throws -> [TracklineCSV.Row] {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path: path) } catch {
            throw ReportError.unreadableResults(path: path, reason: "\(error)")
        }
        var rows: [TracklineCSV.Row]
        if TracklineCSV.looksLikeTracklineCSV(bytes) {
            rows = try TracklineCSV.parse(bytes, path: path, allowNegativeSizes: true)
        } else {
            rows = try MOTFile.parse(bytes, path: path, allowNegativeSizes: true).rows.map {
                TracklineCSV.Row(frame: $0.frame, time: .nan, trackID: $0.id, box: $0.box, score: $0.confidence, line: $0.line)
            }
        }
        rows.sort { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) }
        return rows
    }
}
