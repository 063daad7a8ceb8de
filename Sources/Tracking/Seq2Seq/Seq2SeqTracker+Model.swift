import Foundation
import Logging
import Synchronization
import SequenceModel
import TracklineCore

extension Seq2SeqTracker {
    /// File name of the committed default weights.
    public static let defaultModelName = "Models/seq2seq.safetensors"
    /// File name of the committed weights trained with appearance vectors (colour histograms of
    /// the boxes, 256 values), for detections that carry them. Without vectors they do worse
    /// than the default weights, which never saw any.
    public static let appearanceModelName = "Models/seq2seq-appearance.safetensors"

    /// Where the default weights are: `Models/seq2seq.safetensors`
    /// (`Models/seq2seq-appearance.safetensors` first with `appearance`) as `ModelFiles` finds it.
    public static func defaultModelPath(appearance: Bool = false) -> String? {
        if appearance, let found = find(appearanceModelName) { return found }
        return find(defaultModelName)
    }

    private static func find(_ name: String) -> String? { ModelFiles.locate(name) }

    /// Loads weights (the default ones when `path` is nil: the appearance weights when
    /// `appearance` is set and they exist) and builds a tracker.
    public static func load(path: String?, configuration: Configuration, appearance: Bool = false) throws -> Seq2SeqTracker {
        guard let file = path ?? defaultModelPath(appearance: appearance) else {
            throw SequenceModelError.weightsNotFound(path: defaultModelName,
                                                     searched: "in the working directory and the folders above the executable")
        }
        let (model, _) = try Seq2SeqModel.load(path: file)
        return Seq2SeqTracker(model: model, configuration: configuration)
    }
}

extension Seq2SeqTracker {
    /// Throws the loading error of the weights a seq2seq tracker would use.
    public static func checkModel(path: String?, appearance: Bool = false) throws {
        _ = try load(path: path, configuration: Configuration(), appearance: appearance)
    }
}

extension Seq2SeqTracker {
    /// When set, every frame is also scored by the autodiff graph
    /// (`Seq2SeqModel.predictReference`) and each new largest difference is logged (notice level,
    /// label `trackline.seq2seq`); the executables set it from `TRACKLINE_SEQ2SEQ_CHECK=1`.
    public static let checksAgainstReference = Atomic<Bool>(false)

    static let logger = Logger(label: "trackline.seq2seq")

    /// Scores the current batch into `logProbabilities` and `forecasts`. The inference engine's
    /// scratch buffers are shared by copies of a tracker, so a copy makes its own first.
    mutating func runModel(frame: Int) {
        if Seq2SeqModel.usesReference.load(ordering: .relaxed) {
            model.predictReference(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
            return
        }
        if !isKnownUniquelyReferenced(&inference) { inference = Seq2SeqInference(model: model) }
        guard Self.checksAgainstReference.load(ordering: .relaxed) else {
            inference.predict(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
            return
        }
        let d = inference.predictComparingReference(batch, model: model, logProbabilities: &logProbabilities, forecasts: &forecasts)
        if d.logProbability > inference.largestDifference.logProbability || d.forecast > inference.largestDifference.forecast {
            inference.largestDifference = (max(d.logProbability, inference.largestDifference.logProbability),
                                           max(d.forecast, inference.largestDifference.forecast))
            Self.logger.notice("seq2seq check: frame \(frame): largest difference from the reference so far: log-probability \(inference.largestDifference.logProbability), forecast \(inference.largestDifference.forecast) track heights")
        }
    }
}
