import Foundation
import Testing
import TracklineCore
@testable import Evaluation

@Suite struct EvaluationInputsTests {
    /// A MOTChallenge root with two sequences in a fresh temporary folder.
    private func makeRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-eval-\(UUID().uuidString)").path
        for (name, frames) in [("A", 3), ("B", 2)] {
            try FileManager.default.createDirectory(atPath: "\(root)/gt/\(name)/gt", withIntermediateDirectories: true)
            try SeqInfo(name: name, frameRate: 10, seqLength: frames, imWidth: 100, imHeight: 100).write(to: "\(root)/gt/\(name)/seqinfo.ini")
            let rows = (1...frames).map { "\($0),1,0,0,10,10,1,-1,-1,-1" }.joined(separator: "\n")
            try AtomicFile.write(rows, to: "\(root)/gt/\(name)/gt/gt.txt")
        }
        return root
    }

    @Test func findsSequencesAndResultsInEveryLayout() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A as MOT text under TrackEval's data/, B as a Trackline CSV.
        try MOTFile.writeResults((1...3).map { TrackedBox(frame: $0, trackID: 7, box: BoundingBox(x: 0, y: 0, width: 10, height: 10), score: 1) },
                                 to: "\(root)/res/data/A.txt")
        let csv = TracklineCSV.text([TrackedBox(frame: 1, trackID: 2, box: BoundingBox(x: 0, y: 0, width: 10, height: 10), score: 1)]) { Double($0 - 1) / 10 }
        try AtomicFile.write(csv, to: "\(root)/res/B.csv")

        let inputs = try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/res")
        #expect(inputs.sequences.map(\.name) == ["A", "B"])
        let data = try inputs.load()
        #expect(data.map(\.numTimesteps) == [3, 2])
        let report = try Evaluator().evaluate(data)
        #expect(report.sequences[0].scores.clear.tp == 3)
        #expect(report.sequences[1].scores.clear.tp == 1 && report.sequences[1].scores.clear.fn == 1)
        #expect(report.combined.clear.tp == 4 && report.combined.count.gtDets == 5)

        // One sequence by folder, by gt.txt, and by --seq with a single result file.
        let single = try EvaluationInputs(groundTruth: "\(root)/gt/B/gt/gt.txt", prediction: "\(root)/res/B.csv")
        #expect(single.sequences.map(\.name) == ["B"] && single.sequences[0].seqInfoPath != nil)
        #expect(try EvaluationInputs(groundTruth: "\(root)/gt/A", prediction: "\(root)/res").sequences.map(\.name) == ["A"])
        #expect(try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/res/B.csv", only: ["B"]).load().count == 1)
    }

    @Test func explainsWhatIsMissing() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/empty", withIntermediateDirectories: true)
        #expect(throws: EvaluationError.noGroundTruth(path: "\(root)/empty")) {
            try EvaluationInputs(groundTruth: "\(root)/empty", prediction: "\(root)/empty")
        }
        #expect(throws: EvaluationError.unknownSequence(name: "C", available: ["A", "B"])) {
            try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/empty", only: ["C"])
        }
        let inputs = try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/empty")
        #expect(throws: EvaluationError.self) { try inputs.load() }
        try AtomicFile.write("1,1,0,0,10,10,1,-1,-1,-1\n", to: "\(root)/one.txt")
        #expect(throws: EvaluationError.ambiguousPrediction(path: "\(root)/one.txt", sequences: ["A", "B"])) {
            try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/one.txt")
        }
        // An empty result file is zero recall, not an error.
        try AtomicFile.write("", to: "\(root)/empty/A.txt")
        let report = try Evaluator().evaluate(try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/empty", only: ["A"]).load())
        #expect(report.combined.clear.recall == 0 && report.combined.clear.fn == 3)
    }
}
