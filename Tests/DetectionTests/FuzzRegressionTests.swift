import Foundation
import Testing
@testable import Detection

/// Inputs the fuzzers found (Fuzz/Regressions/graphdef): read fast and refused, not
/// gigabytes and seconds.
@Suite struct GraphDefFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/graphdef")

    @Test func hugeDeclaredTensorsAreRefusedQuickly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".pb") }
        #expect(!files.isEmpty)
        for name in files {
            let path = Self.folder.appendingPathComponent(name).path
            let start = ContinuousClock.now
            #expect(throws: (any Error).self, "\(name)") { _ = try SSDLiteWeights(contentsOf: path) }
            #expect(ContinuousClock.now - start < .seconds(2), "\(name) took too long")
        }
    }
}
