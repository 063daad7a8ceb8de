import Foundation
import Testing
import TracklineCore
@testable import Media

/// A folder of images is read in natural order (2.ppm before 10.ppm).
@Suite struct ImageFolderTests {
    /// A 32x16 PPM with a white column at `x`.
    func ppm(x: Int) -> Data {
        var d = Data("P6\n32 16\n255\n".utf8)
        for _ in 0..<16 { for c in 0..<32 { d.append(contentsOf: c == x ? [255, 255, 255] : [0, 0, 0]) } }
        return d
    }

    @Test func foldersAreReadInNaturalOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-imgs-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for k in 1...12 { try ppm(x: 2 * k).write(to: URL(fileURLWithPath: "\(dir)/img\(k).ppm")) }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: dir + "/README.txt"))
        let reader = try VideoReader(path: dir)
        #expect(reader.source.kind == .imageFolder)
        var columns: [Int] = []
        while let f = try reader.nextFrame() {
            columns.append((0..<32).first { f.pixels[$0 * 3] > 128 } ?? -1)
        }
        #expect(columns == (1...12).map { 2 * $0 })
        // Frames are timed at 25 per second.
        #expect(reader.frameNumber == 12)
    }

    @Test func foldersWithoutOrWithMixedImagesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-imgs-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: MediaError.noImages(path: dir)) { try VideoReader(path: dir) }
        try ppm(x: 1).write(to: URL(fileURLWithPath: dir + "/a.ppm"))
        try ppm(x: 1).write(to: URL(fileURLWithPath: dir + "/b.png"))
        #expect(throws: MediaError.mixedImageFormats(path: dir, extensions: ["png", "ppm"])) { try VideoReader(path: dir) }
    }
}
