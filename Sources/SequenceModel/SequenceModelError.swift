/// Errors of the SequenceModel module; messages say what to do.
public enum SequenceModelError: Error, CustomStringConvertible, Equatable {
    /// A safetensors file is malformed; `reason` names the part.
    case invalidSafetensors(path: String, reason: String)
    /// A weights file lacks a tensor the model needs or has the wrong shape.
    case weightsMismatch(path: String, reason: String)
    /// A configuration file or value is invalid.
    case invalidConfiguration(path: String, reason: String)
    /// Training data cannot be used.
    case invalidData(path: String, line: Int, reason: String)
    /// No weights file where they were looked for; `searched` says where.
    case weightsNotFound(path: String, searched: String)
    /// Training found no sample to learn from.
    case nothingToTrainOn(reason: String)
    /// The training loss or the weights stopped being finite numbers.
    case trainingDiverged(epoch: Int, step: Int, learningRate: Double)

    public var description: String {
        switch self {
        case let .invalidSafetensors(path, reason):
            return "\(path): not a usable safetensors file (\(reason)); re-save it with `trackline train` or pick another file"
        case let .weightsMismatch(path, reason):
            return "\(path): weights do not fit this model (\(reason)); use weights trained by this version of `trackline train`"
        case let .invalidConfiguration(path, reason):
            return "\(path): invalid configuration (\(reason)); fix the value or remove it to use the default"
        case let .invalidData(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .nothingToTrainOn(reason):
            return "nothing to train on: \(reason); give simulatedSequences > 0 or --data with labelled sequences"
        case let .trainingDiverged(epoch, step, rate):
            return "training diverged at epoch \(epoch), step \(step): the loss or the weights are no longer finite numbers; no weights were written. Lower learningRate (now \(rate); the default is 0.002)"
        case let .weightsNotFound(path, searched):
            return "\(path): seq2seq weights not found (looked \(searched)); pass --model FILE, set TRACKLINE_SEQ2SEQ_MODEL, or run from the repository"
        }
    }
}
