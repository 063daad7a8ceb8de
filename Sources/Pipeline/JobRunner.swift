import Detection
import Foundation
import Media
import Tracking
import TracklineCore

/// Runs a `ResolvedJob`: for a video, decode -> detect (or read the file's boxes) -> track ->
/// outputs; for detection files, the same loop over bare frame numbers, once per sequence.
/// Outputs appear whole or not at all; no output may be an input. Progress, warnings and notes
/// go to the observer.
///
/// The overlay video (`render`) of a video file is drawn after tracking, in a second decode
/// pass, from the rows the result files get (final ids, smoothed and gap-filled boxes), kept
/// meanwhile in a temporary CSV (`OverlaySpool`): memory stays flat, at the cost of decoding the
/// video twice. A stream given by URL is drawn as it is tracked, with the tracker's live ids.
///
/// ```swift
/// var job = TrackingJob()
/// job.video = "walk.mp4"
/// job.output = "tracks.csv"
/// let summaries = try JobRunner(try job.resolve()).run()
/// ```
public struct JobRunner {
    public let job: ResolvedJob
    /// Frames decoded ahead of the tracker (each is one frame buffer).
    public var decodeDepth = 4
    /// Write the run file (`RunRecord`) beside the outputs.
    public var writesRunFile = true
    /// The command line recorded in the run file.
    public var command: String?
    /// The code running SSDLite's 1x1 convolutions.
    public var ssdliteKernels: SSDLiteKernelPath = .fused
    /// Files the run must not write besides its declared inputs (a job file given with
    /// `--config`): the run file is not written over them.
    public var protectedFiles: [String] = []
    /// Outputs the caller writes after the run (e.g. `--report`), checked with the run's own
    /// before anything is written: none may be an input or another output.
    public var additionalOutputs: [(option: String, path: String)] = []
    /// Ends the run early with complete outputs when requested (Ctrl-C of a live run).
    public var stop: StopSignal?
    /// Decoder threads (frame threading); `trackline batch` shares the cores among its jobs.
    public var decoderThreads = 2

    public init(_ job: ResolvedJob) { self.job = job }

    /// Runs the job; returns one summary per sequence (one for a video).
    @discardableResult
    public func run(observer: RunObserver = LoggingObserver()) throws -> [SequenceSummary] {
        for n in job.notes { observer.note(n) }
        let summaries: [SequenceSummary]
        switch job.input {
        case let .video(path, detections):
            summaries = [try runVideo(path, detections: detections, observer: observer)]
        case let .detections(path, files, isRoot):
            summaries = try runFiles(path, files: files, isRoot: isRoot, observer: observer)
        }
        if writesRunFile, let path = RunRecord.path(for: job) {
            let target = FileIdentity(path)
            let inputs = protectedFiles + [job.job.video, job.job.detections, job.job.model].compactMap { $0 }
            if inputs.contains(where: { FileIdentity($0) == target }) {
                observer.note("run file not written: \(path) is an input of this run")
            } else {
                try AtomicFile.write(RunRecord(job, sequences: summaries, command: command).json(), to: path)
            }
        }
        return summaries
    }

    // MARK: - Detection files

    /// The result files of one sequence: (option, path, format).
    func resultOutputs(sequence: String?, isRoot: Bool) -> [(option: String, path: String, format: ResultFormat)] {
        let j = job.job
        var out: [(String, String, ResultFormat)] = []
        if isRoot, let sequence {
            if let o = j.output { out.append(("--output", o + "/" + sequence + ".csv", .csv)) }
            if let m = j.mot { out.append(("--mot", m + "/" + sequence + ".txt", .mot)) }
        } else {
            if j.output != nil || (j.mot == nil && j.jsonl == nil) { out.append(("--output", j.output ?? "tracks.csv", .csv)) }
            if let m = j.mot { out.append(("--mot", m, .mot)) }
        }
        return out + extraResultOutputs(sequence: sequence, isRoot: isRoot)
    }

    func runFiles(_ path: String, files: [String], isRoot: Bool, observer: RunObserver) throws -> [SequenceSummary] {
        // Load every sequence first: names decide the output files, and two sequences that
        // share a name would write one file twice.
        let sequences = try files.map { try DetectionSequence.load(detPath: $0, start: job.startFrame, end: job.endFrame) }
        var runFiles = RunFiles()
        runFiles.input("--model", job.job.model)
        var owner: [String: String] = [:]
        for seq in sequences {
            runFiles.input("--detections", seq.path)
            if let ini = SeqInfo.locate(near: seq.path) { runFiles.input("--detections", ini) }
            if isRoot, let other = owner[seq.name] {
                throw JobError.duplicateSequenceName(name: seq.name, first: other, second: seq.path)
            }
            owner[seq.name] = seq.path
            for o in resultOutputs(sequence: seq.name, isRoot: isRoot) { runFiles.output(o.option, o.path) }
        }
        for o in additionalOutputs { runFiles.output(o.option, o.path) }
        try runFiles.check()
        return try sequences.map { try runSequence($0, isRoot: isRoot, observer: observer) }
    }

    func runSequence(_ seq: DetectionSequence, isRoot: Bool, observer: RunObserver) throws -> SequenceSummary {
        if seq.ignoredRows > 0, let r = seq.ignoredFrames, let info = seq.seqInfo {
            observer.warning("\(seq.path): \(seq.ignoredRows) rows for frames \(r.lowerBound)-\(r.upperBound) are past seqLength \(info.seqLength) of its seqinfo.ini and were not tracked")
        }
        if seq.byFrame.isEmpty {
            throw JobError.noFrames(input: seq.path, start: job.startFrame ?? 1, last: seq.seqInfo?.seqLength ?? seq.fileFrames?.upperBound ?? 0)
        }
        let rate: Double
        if let f = job.fps {
            if let info = seq.seqInfo, info.frameRate != f {
                observer.note("--fps \(MOTFile.formatDecimal(f, decimals: 6)) overrides the frame rate \(MOTFile.formatDecimal(info.frameRate, decimals: 6)) of \(seq.path)'s seqinfo.ini")
            }
            rate = f
        } else if let r = seq.seqInfo?.frameRate {
            rate = r
        } else {
            rate = 30
            observer.warning("\(seq.path): no seqinfo.ini beside it and no --fps; assuming 30 fps")
        }
        let outputs = resultOutputs(sequence: seq.name, isRoot: isRoot)
        let writers = try makeWriters(outputs)
        var session = try makeSession(frameRate: rate, writers: writers)
        let source = bounded(NumberedFrames(first: seq.frames.lowerBound, count: seq.byFrame.count), frameRate: rate)
        var detector: any Detector = FileDetections(seq)
        var sinks: [any FrameSink] = []
        observer.started(sequence: seq.name, expectedFrames: seq.byFrame.count)
        var summary = try drive(source: source, detector: &detector, session: &session, sinks: &sinks, observer: observer)
        summary.name = seq.name
        summary.outputs = outputs.map(\.path)
        observer.finished(summary)
        return summary
    }

    func makeSession(frameRate: Double, writers: [ResultWriter]) throws -> TrackingSession {
        var options = job.trackerOptions
        options.frameRate = frameRate
        let tracker = try job.tracker.make(options)
        return TrackingSession(tracker: tracker, frameRate: frameRate, interpolate: job.filter.interpolate,
                               smooth: job.filter.smooth, writers: writers, cameraMotion: job.cameraMotion)
    }

    // MARK: - Video

    func runVideo(_ video: String, detections: String?, observer: RunObserver) throws -> SequenceSummary {
        let j = job.job
        var fileDetections: DetectionSequence? = nil
        var runFiles = RunFiles()
        if VideoSource(video).isPath { runFiles.input("VIDEO", video) }
        runFiles.input("--model", j.model)
        runFiles.input("--detector-model", j.detectorModel)
        if let det = detections {
            let (files, isRoot) = try DetectionSequence.resolve(det)
            guard !isRoot, let file = files.first else {
                throw JobError.badValue(option: "--detections", message: "with a VIDEO, give one det.txt or one sequence folder")
            }
            // The video decides how many frames there are, not a seqinfo.ini beside the file.
            fileDetections = try DetectionSequence.load(detPath: file, start: job.startFrame, end: job.endFrame, useSeqLength: false)
            runFiles.input("--detections", file)
        }
        let outputs = resultOutputs(sequence: nil, isRoot: false)
        for o in outputs { runFiles.output(o.option, o.path) }
        runFiles.output("--render", j.render)
        runFiles.output("--save-detections", j.saveDetections)
        for o in additionalOutputs { runFiles.output(o.option, o.path) }
        try runFiles.check()

        let reader = try VideoReader(path: video, options: readerOptions)
        if reader.metadata.rotation != 0 {
            observer.note("\(video) is stored turned; its frames are rotated \(reader.metadata.rotation)° clockwise to stand upright (boxes are in upright pixels, \(reader.outputWidth)x\(reader.outputHeight))")
        }
        // Trackers run at the sequence's own rate when a seqinfo.ini beside the detections
        // gives it (a container's rate can be wrong: vtest.avi says 10 fps, PETS09 is 7);
        // time_s always comes from the video's timestamps.
        let videoRate = reader.metadata.frameRate > 0 ? reader.metadata.frameRate : 30
        let rate = fileDetections?.seqInfo?.frameRate ?? videoRate
        var writers = try makeWriters(outputs)
        var sinks: [any FrameSink] = []
        // The overlay of a file is drawn after tracking from the rows the result files get
        // (final ids, filtered boxes); a live stream is drawn as it is tracked (live ids).
        var overlay: (writer: VideoWriter, spool: OverlaySpool)? = nil
        if let r = j.render {
            // Encoders need even sizes; the overlay drops a last odd row/column if any.
            guard reader.outputWidth >= 2, reader.outputHeight >= 2 else {
                throw MediaError.invalidArgument("--render: \(video) is \(reader.outputWidth)x\(reader.outputHeight); an overlay video needs at least 2x2 pixels")
            }
            let writer = try VideoWriter(path: r, width: reader.outputWidth & ~1, height: reader.outputHeight & ~1, frameRate: videoRate)
            if VideoSource(video).isLive {
                sinks.append(OverlaySink(writer: writer))
            } else {
                let spool = try OverlaySpool()
                writers.append(spool.writer)
                overlay = (writer, spool)
            }
        }
        defer { overlay?.spool.remove() }
        var session = try makeSession(frameRate: rate, writers: writers)
        if let p = j.saveDetections { sinks.append(try DetectionsSink(path: p)) }
        var detector: any Detector
        if let seq = fileDetections {
            detector = FileDetections(seq)
        } else {
            detector = try makeDetector()
        }
        // With pixels at hand, boxes get appearance vectors (from a file too).
        if job.appearance { detector = FeatureAttachingDetector(detector) }
        var total: Int? = reader.metadata.frameCount.map { $0 - (job.startFrame ?? 1) + 1 }
        if let e = job.endFrame { total = min(total ?? Int.max, e - (job.startFrame ?? 1) + 1) }
        let source = frameSource(reader, video: video, expectedFrames: total)
        observer.started(sequence: video, expectedFrames: source.expectedFrames)
        var summary = try drive(source: source, detector: &detector, session: &session, sinks: &sinks, observer: observer) {
            if reader.decodedFrameCount == 0 {
                throw MediaError.noFrames(path: video, detail: reader.warnings.first ?? "the stream holds no decodable frame")
            }
            throw JobError.noFrames(input: video, start: job.startFrame ?? 1, last: reader.frameNumber)
        }
        if let overlay {
            let again = try VideoReader(path: video, options: reader.options)
            let seconds = try OverlayPass(reader: again, spool: overlay.spool, writer: overlay.writer, depth: decodeDepth).run(observer: observer)
            summary.renderSeconds += seconds
            summary.seconds += seconds
        }
        for problem in reader.damageReport { observer.warning("\(video): \(problem)") }
        if let seq = fileDetections, let fileFrames = seq.fileFrames {
            let last = reader.frameNumber
            let beyond = seq.byFrame.enumerated().filter { seq.frames.lowerBound + $0.offset > last }.reduce(0) { $0 + $1.element.count }
            if beyond > 0 {
                observer.warning("\(seq.path): \(beyond) rows for frames \(last + 1)-\(min(fileFrames.upperBound, job.endFrame ?? .max)) were not tracked: \(video) ends after frame \(last)")
            }
        }
        summary.name = video
        summary.outputs = outputs.map(\.path) + [j.render, j.saveDetections].compactMap { $0 }
        observer.finished(summary)
        return summary
    }

    func makeDetector() throws -> any Detector {
        switch job.detector ?? .ssdlite {
        case .ssdlite:
            let s = job.ssdlite
            var detector = try SSDLiteDetector(modelPath: job.job.detectorModel ?? SSDLiteDetector.defaultModelPath, inputSize: s.inputSize,
                                               threads: s.threads, scoreThreshold: Float(s.scoreThreshold), kernels: ssdliteKernels)
            detector.calibration = s.calibration
            if s.fuseMotion { return FusedDetector(primary: detector, secondary: try MotionDetector(parameters: job.motion)) }
            return detector
        case .motion:
            return try MotionDetector(parameters: job.motion)
        }
    }

    // MARK: - The loop

    /// Frames in, boxes tracked, rows and frames out: the one loop every run goes through.
    /// `empty` is called (to throw) when the source gave no frame. On error every output is
    /// abandoned (targets untouched) and the source is stopped before this returns.
    func drive(source: FrameSource, detector: inout any Detector, session: inout TrackingSession,
               sinks: inout [any FrameSink], observer: RunObserver,
               empty: () throws -> Void = {}) throws -> SequenceSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var frames = 0
        var first: Int?, last = 0
        var times = SourceTimes()
        var detectSeconds = 0.0, trackSeconds = 0.0
        do {
            defer { source.stop() }
            while var frame = try source.next() {
                let t0 = clock.now
                let detections = try detector.detect(in: frame)
                let t1 = clock.now
                let boxes = try session.process(frame: frame.number, time: source.hasTimestamps ? frame.timestamp : nil,
                                                detections: detections)
                let t2 = clock.now
                for k in sinks.indices { try sinks[k].consume(&frame, detections: detections, boxes: boxes) }
                detectSeconds += (t1 - t0) / .seconds(1)
                trackSeconds += (t2 - t1) / .seconds(1)
                frames += 1
                if first == nil { first = frame.number }
                last = frame.number
                times.add(frame, timed: source.hasTimestamps)
                source.recycle(frame)
                for n in source.drainNotes() { observer.warning(n) }
                observer.progress(frames: frames, elapsed: (clock.now - start) / .seconds(1))
            }
            if frames == 0 { try empty() }
            try session.finish()
            for k in sinks.indices { try sinks[k].finish() }
        } catch {
            for n in source.drainNotes() { observer.warning(n) }
            // A live source's rows made final so far are its result: complete them, then report.
            if source.keepsPartialResult && frames > 0, (try? session.finish()) != nil {
                for k in sinks.indices { try? sinks[k].finish() }
                observer.note("outputs completed up to the last final frame before the error")
                throw error
            }
            session.discard()
            for k in sinks.indices { sinks[k].discard() }
            throw error
        }
        var summary = SequenceSummary(name: "", frames: frames, frameRange: first.map { $0...last }, tracks: session.tracksWritten,
                                      rows: session.rowsWritten, seconds: (clock.now - start) / .seconds(1),
                                      decodeSeconds: source.decodeSeconds, detectSeconds: detectSeconds, trackSeconds: trackSeconds,
                                      renderSeconds: sinks.reduce(0) { $0 + $1.seconds }, outputs: [])
        summary.sourceSeconds = times.seconds(frameRate: session.frameRate)
        return summary
    }
}
