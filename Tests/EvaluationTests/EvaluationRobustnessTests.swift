import Foundation
import Testing
import TracklineCore
@testable import Evaluation

/// Inputs that used to abort `trackline eval` (per-frame tables sized by a bogus frame number)
/// or block it (a seqinfo.ini without a usable image size).
@Suite struct EvaluationRobustnessTests {
    /// `<root>/gt/A/{seqinfo.ini, gt/gt.txt}` with 3 frames and `<root>/res/A.txt`.
    private func makeSequence(ini: String, prediction: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-evalrob-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/gt/A/gt", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/res", withIntermediateDirectories: true)
        try AtomicFile.write(ini, to: "\(root)/gt/A/seqinfo.ini")
        try AtomicFile.write("1,1,0,0,10,10,1,1,1\n2,1,0,0,10,10,1,1,1\n3,1,0,0,10,10,1,1,1\n", to: "\(root)/gt/A/gt/gt.txt")
        try AtomicFile.write(prediction, to: "\(root)/res/A.txt")
        return root
    }

    private let goodPrediction = "1,5,0,0,10,10,1,-1,-1,-1\n2,5,0,0,10,10,1,-1,-1,-1\n"

    @Test func hugeFrameInPredictionIsAnErrorNamingTheLine() throws {
        let root = try makeSequence(ini: "[Sequence]\nseqLength=3\n", prediction: goodPrediction + "9999999999,1,10,10,50,100,1,-1,-1,-1\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inputs = try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/res")
        #expect(throws: MOTFileError.frameBeyondLimit(path: "\(root)/res/A.txt", line: 3, field: 1, text: "9999999999", limit: MOTFile.maxFrame)) {
            try inputs.load()
        }
    }

    @Test func hugeSeqLengthIsAnError() throws {
        let root = try makeSequence(ini: "[Sequence]\nframeRate=25\nseqLength=10000000000\nimWidth=1\nimHeight=1\n", prediction: goodPrediction)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inputs = try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/res")
        #expect(throws: MOTFileError.seqLengthBeyondLimit(path: "\(root)/gt/A/seqinfo.ini", line: 3, text: "10000000000", limit: MOTFile.maxFrame)) {
            try inputs.load()
        }
    }

    @Test func onlySeqLengthIsNeededFromSeqInfo() throws {
        // Zero width, no height or frame rate, CRLF line ends: eval needs only seqLength.
        let root = try makeSequence(ini: "[Sequence]\r\nimWidth=0\r\nseqLength=3\r\n", prediction: goodPrediction)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try EvaluationInputs(groundTruth: "\(root)/gt", prediction: "\(root)/res").load()
        #expect(data.map(\.numTimesteps) == [3])
        let report = try Evaluator().evaluate(data)
        #expect(report.combined.clear.tp == 2 && report.combined.clear.fn == 1)
    }
}
