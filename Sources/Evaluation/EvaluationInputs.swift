import Foundation
import TracklineCore

/// Finds ground truth and results on disk, MOTChallenge style, and prepares the sequences.
///
/// Ground truth: a `gt.txt` file, a sequence folder (`<SEQ>/gt/gt.txt`, `<SEQ>/seqinfo.ini`), or a
/// root holding sequence folders. Results: a file (MOTChallenge `.txt` or Trackline CSV), or a
/// folder with `<SEQ>.txt` (or `<SEQ>.csv`, or TrackEval's `data/<SEQ>.txt`).
public struct EvaluationInputs: Sendable {
    public struct Sequence: Sendable {
        public var name: String
        public var groundTruthPath: String
        /// seqinfo.ini beside the ground truth, if any.
        public var seqInfoPath: String?
    }

    public var sequences: [Sequence]
    public var predictionPath: String
    public var predictionIsFile: Bool

    /// Locates the sequences of `groundTruth` (optionally only `only`, in that order) and checks
    /// that `prediction` exists.
    public init(groundTruth: String, prediction: String, only: [String] = []) throws {
        let fm = FileManager.default
        var found: [Sequence]
        do {
            found = try MOTDataset(path: groundTruth, needs: [.groundTruth]).sequences.compactMap { s in
                s.groundTruth.map { Sequence(name: s.name, groundTruthPath: $0, seqInfoPath: s.seqInfoPath) }
            }
        } catch {
            switch error {
            case .notFound: throw MOTFileError.unreadable(path: groundTruth, reason: "no such file or folder")
            case .noSequences: throw EvaluationError.noGroundTruth(path: groundTruth)
            }
        }
        if found.isEmpty { throw EvaluationError.noGroundTruth(path: groundTruth) }
        if !only.isEmpty {
            let available = found.map(\.name)
            found = try only.map { name in
                guard let s = found.first(where: { $0.name == name }) else {
                    throw EvaluationError.unknownSequence(name: name, available: available)
                }
                return s
            }
        }
        sequences = found

        var predDir: ObjCBool = false
        guard fm.fileExists(atPath: prediction, isDirectory: &predDir) else {
            throw MOTFileError.unreadable(path: prediction, reason: "no such file or folder")
        }
        predictionPath = prediction
        predictionIsFile = !predDir.boolValue
        if predictionIsFile && sequences.count > 1 {
            throw EvaluationError.ambiguousPrediction(path: prediction, sequences: sequences.map(\.name))
        }
    }

    /// The result file for a sequence.
    public func predictionFile(for sequence: Sequence) throws -> String {
        if predictionIsFile { return predictionPath }
        let candidates = ["\(predictionPath)/\(sequence.name).txt", "\(predictionPath)/data/\(sequence.name).txt",
                          "\(predictionPath)/\(sequence.name).csv"]
        for c in candidates where FileManager.default.fileExists(atPath: c) { return c }
        throw EvaluationError.missingResult(sequence: sequence.name, tried: candidates)
    }

    /// Reads a result file: a Trackline CSV when it starts with the CSV header, else MOTChallenge text.
    /// Boxes with a negative size are accepted, as TrackEval accepts them (they overlap nothing,
    /// so they score as false positives); `warn` is told how many there were.
    public static func readPrediction(path: String, warn: (String) -> Void = { _ in }) throws -> MOTFile {
        let bytes = try MOTFileReader.bytes(path: path)
        let file: MOTFile
        if TracklineCSV.looksLikeTracklineCSV(bytes) {
            file = TracklineCSV.motFile(try TracklineCSV.parse(bytes, path: path, allowNegativeSizes: true), path: path)
        } else {
            file = try MOTFile.parse(bytes, path: path, allowNegativeSizes: true)
        }
        let negative = file.rows.filter { $0.box.width < 0 || $0.box.height < 0 }
        if let first = negative.first {
            warn("\(path):\(first.line): \(negative.count) box(es) with negative width or height; scored as false positives, as TrackEval does")
        }
        return file
    }

    /// Reads every sequence and preprocesses it. The sequence length comes from seqinfo.ini, or
    /// without one, from the last frame in either file. `flavour` nil detects it per sequence.
    public func load(flavour: EvaluationFlavour? = nil, warn: (String) -> Void = { _ in }) throws -> [SequenceData] {
        try sequences.map { seq in
            let gt = try MOTFile.read(path: seq.groundTruthPath)
            let pred = try Self.readPrediction(path: try predictionFile(for: seq), warn: warn)
            let length: Int
            if let ini = seq.seqInfoPath {
                length = try SeqInfo.readSeqLength(path: ini)
            } else {
                length = max(gt.frameRange?.upperBound ?? 0, pred.frameRange?.upperBound ?? 0)
            }
            return try SequenceData(name: seq.name, groundTruth: gt, prediction: pred, seqLength: length,
                                    flavour: flavour ?? EvaluationFlavour.detect(gt))
        }
    }
}

enum MOTFileReader {
    /// The file's bytes; FIFOs and devices are read to their end (`InputFile`).
    static func bytes(path: String) throws -> [UInt8] {
        do { return try InputFile.read(path: path) } catch { throw MOTFileError.input(error) }
    }
}
