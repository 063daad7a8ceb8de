import Foundation
import Testing
@testable import Media

@Suite struct WriterTests {
    @Test func roundTripThroughBothEncoders() throws {
        let dir = try TestSupport.makeTempDirectory("writer")
        defer { TestSupport.cleanup(dir) }
        for codec in [VideoWriter.Codec.automatic, .mpeg4] {
            let path = dir + "/\(codec.rawValue).mp4"
            try TestSupport.writeColorClip(to: path, codec: codec)
            let reader = try VideoReader(path: path)
            #expect(reader.metadata.codecName == (codec == .mpeg4 ? "mpeg4" : "h264"))
            #expect(reader.metadata.frameCount == TestSupport.palette.count)
            #expect(abs(reader.metadata.frameRate - 10) < 1e-9)
            var n = 0
            while let frame = try reader.nextFrame() {
                n += 1
                let c = TestSupport.palette[n - 1]
                let o = (24 * 64 + 32) * 3
                #expect(abs(Int(frame.pixels[o]) - Int(c.0)) <= 12 && abs(Int(frame.pixels[o + 1]) - Int(c.1)) <= 12
                        && abs(Int(frame.pixels[o + 2]) - Int(c.2)) <= 12, "\(codec) frame \(n)")
            }
            #expect(n == TestSupport.palette.count)
        }
    }

    @Test func unfinishedWriterLeavesNoFile() throws {
        let dir = try TestSupport.makeTempDirectory("abandon")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/half.mp4"
        do {
            let writer = try VideoWriter(path: path, width: 32, height: 32, frameRate: 5)
            try writer.write(Frame(width: 32, height: 32))
            #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func rejectsBadSizes() throws {
        let dir = try TestSupport.makeTempDirectory("badsize")
        defer { TestSupport.cleanup(dir) }
        #expect(throws: MediaError.self) { try VideoWriter(path: dir + "/a.mp4", width: 33, height: 32, frameRate: 5) }
        #expect(throws: MediaError.self) { try VideoWriter(path: dir + "/a.mp4", width: 32, height: 32, frameRate: 0) }
        let writer = try VideoWriter(path: dir + "/b.mp4", width: 32, height: 32, frameRate: 5)
        #expect(throws: MediaError.self) { try writer.write(Frame(width: 16, height: 16)) }
        try writer.write(Frame(width: 32, height: 32, format: .gray8))
        try writer.finish()
        #expect(try VideoReader(path: dir + "/b.mp4").countFrames() == 1)
    }
}
