/// Why an evaluation could not run. Messages name the file (and line) at fault and what to do.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    /// Nothing that looks like ground truth at the path.
    case noGroundTruth(path: String)
    /// `--seq` names a sequence the ground truth lacks.
    case unknownSequence(name: String, available: [String])
    /// No result file for a sequence in a results folder.
    case missingResult(sequence: String, tried: [String])
    /// A single result file given for several ground-truth sequences.
    case ambiguousPrediction(path: String, sequences: [String])
    /// The same id twice in one frame.
    case duplicateID(path: String, line: Int, frame: Int, id: Int)
    /// A negative id (ids index TrackEval's tables; -1 is for detection files, not results).
    case negativeID(path: String, line: Int, id: Int)
    /// A result row with a class other than pedestrian in column 8.
    case nonPedestrianClass(path: String, line: Int, classID: Int)
    /// A ground-truth class outside MOTChallenge's 1...13 during MOT16/17/20 preprocessing.
    case invalidGroundTruthClass(path: String, line: Int, classID: Int)
    /// The assignment solver failed (cannot happen for finite IoU matrices).
    case assignment(String)

    public var description: String {
        switch self {
        case let .noGroundTruth(path):
            return "\(path): no ground truth found; give a gt.txt, a sequence folder with gt/gt.txt, or a MOTChallenge root whose sequences have gt/gt.txt"
        case let .unknownSequence(name, available):
            return "sequence '\(name)' is not in the ground truth; available: \(available.joined(separator: ", "))"
        case let .missingResult(sequence, tried):
            return "no result file for sequence \(sequence); looked for \(tried.joined(separator: ", "))"
        case let .ambiguousPrediction(path, sequences):
            return "\(path) is a single result file but the ground truth has \(sequences.count) sequences (\(sequences.joined(separator: ", "))); pass --seq NAME or a results folder with <SEQ>.txt files"
        case let .duplicateID(path, line, frame, id):
            return "\(path):\(line): id \(id) appears twice in frame \(frame); ids must be unique per frame"
        case let .negativeID(path, line, id):
            return "\(path):\(line): id \(id) is negative; track ids must be >= 0 (is this a detection file?)"
        case let .nonPedestrianClass(path, line, classID):
            return "\(path):\(line): column 8 is class \(classID); only pedestrians (1, or -1 for none) can be evaluated, as in TrackEval; write -1 in columns 8-10"
        case let .invalidGroundTruthClass(path, line, classID):
            return "\(path):\(line): class \(classID) is not a MOTChallenge class (1...13); use --flavour mot15 if column 8 is not a class"
        case let .assignment(message):
            return "assignment failed: \(message)"
        }
    }
}
