import Foundation
import Testing
@testable import Media

@Suite struct JPEGEncoderTests {
    @Test func encodesAScaledImage() throws {
        var f = Frame(width: 97, height: 61)
        for y in 0..<61 { for x in 0..<97 { f.pixels[(y * 97 + x) * 3] = UInt8(x * 2); f.pixels[(y * 97 + x) * 3 + 1] = UInt8(y * 4) } }
        let encoder = try JPEGEncoder(width: 48, height: 30)
        let a = try encoder.encode(f)
        let b = try encoder.encode(f)
        #expect(a.prefix(2) == [0xFF, 0xD8] && a.suffix(2) == [0xFF, 0xD9])
        #expect(a == b, "the same frame twice gives the same bytes")
        // Read back: a JPEG file decodes to the encoder's size.
        let path = NSTemporaryDirectory() + "trackline-jpeg-\(UUID().uuidString).jpg"
        defer { unlink(path) }
        try Data(a).write(to: URL(fileURLWithPath: path))
        let back = try #require(try VideoReader(path: path).nextFrame())
        #expect(back.width == 48 && back.height == 30)
        #expect(throws: MediaError.self) { try JPEGEncoder(width: 0, height: 10) }
        #expect(throws: MediaError.self) { try JPEGEncoder(width: 10, height: 10, quality: 40) }
    }
}
