import Detection
import Foundation
import Tracking
import TracklineCore

/// A `TrackingJob` with every default filled in and every value and combination checked:
/// what `JobRunner` runs and what the run file records.
public struct ResolvedJob: Sendable {
    /// Where the boxes come from.
    public enum Input: Sendable, Equatable {
        /// Decode a video; detections from the detector, or from a file when given.
        case video(path: String, detections: String?)
        /// Detection files without video: one file or every sequence of a MOTChallenge root.
        case detections(path: String, files: [String], isRoot: Bool)
    }

    /// The job as given.
    public let job: TrackingJob
    public let input: Input
    /// The detector run on frames; nil when the boxes come from a file.
    public let detector: DetectorKind?
    public let ssdlite: SSDLiteSettings
    public let motion: MotionDetector.Parameters
    public let tracker: TrackerFactory.Kind
    /// Tracker parameters: the detector's presets (see `Presets`) overridden by the job's.
    public let trackerParameters: [String: Double]
    public let appearance: Bool
    public let filter: FilterSettings
    /// How the session follows a moving camera.
    public let cameraMotion: CameraMotionSource
    public let startFrame: Int?
    public let endFrame: Int?
    public let fps: Double?
    /// Notes for the user about defaults that were chosen (a missing model, ...).
    public let notes: [String]

    var trackerOptions: TrackerFactory.Options {
        .init(frameRate: 30, appearance: appearance, parameters: trackerParameters, model: job.model)
    }
}

extension TrackingJob {
    /// Fills in the defaults and checks everything that can be checked before running; throws
    /// `JobError` (or the model's loading error).
    public func resolve() throws -> ResolvedJob {
        var notes: [String] = []
        try checkSourceOptions()
        let input: ResolvedJob.Input
        if let video {
            input = .video(path: video, detections: detections)
        } else if let detections {
            let (files, isRoot) = try DetectionSequence.resolve(detections)
            if isRoot && output == nil && mot == nil { throw JobError.rootNeedsOutputFolder(path: detections, sequences: files.count) }
            input = .detections(path: detections, files: files, isRoot: isRoot)
        } else {
            throw JobError.noInput
        }
        // Tracker: the default is seq2seq; without its weights, bytetrack with a note.
        var trackerName = tracker?.lowercased() ?? TrackerFactory.names[0]
        if tracker == nil && model == nil && trackerName == "seq2seq" && Seq2SeqTracker.defaultModelPath() == nil {
            trackerName = "bytetrack"
            notes.append("seq2seq weights (\(Seq2SeqTracker.defaultModelName)) not found; tracking with bytetrack. Pass --model FILE or set TRACKLINE_SEQ2SEQ_MODEL to use seq2seq.")
        }
        guard let kind = TrackerFactory.kind(trackerName) else {
            throw JobError.badValue(option: "--tracker", message: "unknown tracker '\(trackerName)'; choose one of: \(TrackerFactory.names.joined(separator: ", "))")
        }
        if let s = startFrame, s < 1 { throw JobError.badValue(option: "--start-frame", message: "must be at least 1 (frames are 1-based), not \(s)") }
        if let e = endFrame, e < 1 { throw JobError.badValue(option: "--end-frame", message: "must be at least 1 (frames are 1-based), not \(e)") }
        if let s = startFrame, let e = endFrame, e < s { throw JobError.badValue(option: "--end-frame", message: "\(e) is before --start-frame \(s)") }
        var filter = FilterSettings()
        for (name, value) in [("interpolate", interpolate), ("smooth", smooth)] {
            guard let value else { continue }
            do { try FilterSettings.table.apply([(name, Double(value))], to: &filter) } catch {
                throw JobError.badValue(option: "--\(name)", message: "\(error)")
            }
        }
        if let f = fps {
            if !(f > 0 && f <= 1000) { throw JobError.badValue(option: "--fps", message: "must be a number in (0, 1000], not \(f)") }
            if video != nil { throw JobError.noEffect(option: "--fps", reason: "with a VIDEO: its own frame rate and timestamps are used (--fps is for detection files)") }
        }
        // Detector.
        var ssd = SSDLiteSettings()
        var motionParameters = MotionDetector.Parameters()
        let detectorKind: DetectorKind?
        if detections != nil {
            if detector != nil { throw JobError.noEffect(option: "--detector", reason: "with --detections: the boxes come from the file") }
            if detectorSize != nil || detectorOptions != nil || detectorModel != nil {
                throw JobError.noEffect(option: detectorSize != nil ? "--detector-size" : detectorModel != nil ? "--detector-model" : "--detector-option",
                                        reason: "with --detections: no detector runs")
            }
            if saveDetections != nil {
                throw JobError.noEffect(option: "--save-detections", reason: "with --detections: the boxes already are in a file")
            }
            detectorKind = nil
        } else {
            detectorKind = detector ?? .ssdlite
            let options = (detectorOptions ?? [:]).sorted { $0.key < $1.key }
            switch detectorKind! {
            case .ssdlite:
                if let size = detectorSize { try Self.apply("--detector-size", SSDLiteSettings.table, [("input_size", Double(size))], to: &ssd) }
                try Self.apply("--detector-option", SSDLiteSettings.table, options.map { ($0.key, $0.value) }, to: &ssd)
            case .motion:
                if detectorSize != nil { throw JobError.noEffect(option: "--detector-size", reason: "with --detector motion (it sets SSDLite's input size)") }
                if detectorModel != nil { throw JobError.noEffect(option: "--detector-model", reason: "with --detector motion (it needs no weights)") }
                try Self.apply("--detector-option", MotionDetector.Parameters.table, options.map { ($0.key, $0.value) }, to: &motionParameters)
                do { try motionParameters.validate() } catch { throw JobError.badValue(option: "--detector-option", message: "\(error)") }
            }
        }
        // Tracker parameters: presets for the detector, then the job's own.
        var parameters = Presets.trackerParameters(tracker: kind.name, detector: detectorKind).filter { kind.parameterNames.contains($0.key) }
        for (name, value) in (trackerOptions ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard kind.parameterNames.contains(name) else {
                let known = kind.parameterNames
                throw JobError.badValue(option: "--tracker-option", message: known.isEmpty ? "\(kind.name) takes no options (got '\(name)')"
                                        : "tracker '\(kind.name)' has no parameter '\(name)'; known: \(known.joined(separator: ", "))")
            }
            if let problem = kind.problem(name, value) { throw JobError.badValue(option: "--tracker-option", message: problem) }
            parameters[name] = value
        }
        if render != nil && video == nil { throw JobError.needs(option: "--render", what: "a VIDEO to draw on") }
        if appearance == true && video == nil {
            throw JobError.needs(option: "--appearance", what: "a VIDEO: the colour histograms come from its frames (give the video beside --detections)")
        }
        let useAppearance = appearance ?? Presets.appearance(tracker: kind.name, hasVideo: video != nil)
        if kind.name == "seq2seq" {
            try Seq2SeqTracker.checkModel(path: model, appearance: useAppearance)
        } else if model != nil {
            throw JobError.noEffect(option: "--model", reason: "with --tracker \(kind.name) (it is only used by seq2seq)")
        }
        return ResolvedJob(job: self, input: input, detector: detectorKind, ssdlite: ssd, motion: motionParameters,
                           tracker: kind, trackerParameters: parameters, appearance: useAppearance, filter: filter,
                           cameraMotion: (cameraMotion ?? .off) == .boxes ? .boxes(.init()) : .off,
                           startFrame: startFrame, endFrame: endFrame, fps: fps, notes: notes)
    }

    private static func apply<C>(_ option: String, _ table: ParameterTable<C>, _ values: [(String, Double)], to owner: inout C) throws {
        do { try table.apply(values, to: &owner) } catch { throw JobError.badValue(option: option, message: "\(error)") }
    }
}
