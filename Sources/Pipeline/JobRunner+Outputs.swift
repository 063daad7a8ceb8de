import Foundation
import Media
import Tracking
import TracklineCore

extension JobRunner {
    /// The result writers of `outputs`; streaming (in place, flushed per frame) for a live source.
    func makeWriters(_ outputs: [(option: String, path: String, format: ResultFormat)]) throws -> [ResultWriter] {
        try outputs.map {
            try ResultWriter(path: $0.path, format: $0.format, option: $0.option, className: job.className, streaming: job.isLive)
        }
    }

    /// The JSON Lines and track-summary outputs of one sequence (folders for a MOTChallenge root).
    func extraResultOutputs(sequence: String?, isRoot: Bool) -> [(option: String, path: String, format: ResultFormat)] {
        let j = job.job
        var out: [(String, String, ResultFormat)] = []
        if isRoot, let sequence {
            if let p = j.jsonl { out.append(("--jsonl", p + "/" + sequence + ".jsonl", .jsonl)) }
            if let p = j.trackSummary { out.append(("--track-summary", p + "/" + sequence + ".csv", .trackSummary)) }
        } else {
            if let p = j.jsonl { out.append(("--jsonl", p, .jsonl)) }
            if let p = j.trackSummary { out.append(("--track-summary", p, .trackSummary)) }
        }
        return out
    }

    /// How the job's video is decoded.
    var readerOptions: VideoReaderOptions {
        var options = VideoReaderOptions(format: .rgb24, startFrame: job.startFrame ?? 1, endFrame: job.endFrame,
                                         threadCount: decoderThreads)
        if let s = job.job.stallTimeout { options.stallTimeout = s }
        return options
    }

    /// The frames of `reader`: decoded ahead on a thread of their own, live sources through
    /// `StreamFrameSource` (stoppable, reconnecting), bounded by `--max-frames` / `--duration`
    /// and by `stop`.
    func frameSource(_ reader: VideoReader, video: String, expectedFrames: Int?) -> FrameSource {
        let inner: FrameSource
        if reader.isLive {
            let options = reader.options
            inner = StreamFrameSource(reader: reader, depth: decodeDepth, reconnect: job.reconnectPolicy, stop: stop ?? StopSignal()) {
                try VideoReader(path: video, options: options)
            }
        } else {
            inner = VideoFrameSource(reader: reader, depth: decodeDepth, expectedFrames: expectedFrames)
        }
        return bounded(inner, frameRate: reader.metadata.frameRate)
    }

    /// `source` ended by `--max-frames`, `--duration` and `stop`, when any is given.
    func bounded(_ source: FrameSource, frameRate: Double) -> FrameSource {
        guard job.job.maxFrames != nil || job.job.duration != nil || stop != nil else { return source }
        return BoundedFrameSource(source, maxFrames: job.job.maxFrames, duration: job.job.duration, frameRate: frameRate, stop: stop)
    }
}
