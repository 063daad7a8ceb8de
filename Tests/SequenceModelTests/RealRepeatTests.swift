import Foundation
import Testing
@testable import SequenceModel

@Suite struct RealRepeatTests {
    @Test func realRepeatDefaultsToOneAndIsBounded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"epochs\": 2}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingConfig.read(path: path).realRepeat == 1)
        try Data("{\"realRepeat\": 4}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingConfig.read(path: path).realRepeat == 4)
        try Data("{\"realRepeat\": 0}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SequenceModelError.self) { _ = try TrainingConfig.read(path: path) }
        #expect(TrainingConfig().json().contains("\"realRepeat\""))
    }
}
