import Foundation
import Testing
@testable import SequenceModel

/// Inputs the fuzzers found (Fuzz/Regressions/safetensors): refused with an error, no trap.
@Suite struct SafetensorsFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/safetensors")

    @Test func overflowingShapesAreRefused() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        #expect(!files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(throws: SequenceModelError.self, "\(name)") { _ = try Safetensors.decode(data, path: name) }
        }
    }
}
