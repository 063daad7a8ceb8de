// seqinfo.ini: SeqInfo.parse(text, path:, defaultName:) and SeqInfo.parseSeqLength(text).
import Foundation
import TracklineCore

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // As SeqInfo.read / readSeqLength decode a file.
    let text = String(decoding: bytes, as: UTF8.self)
    let length = try? SeqInfo.parseSeqLength(text, path: "fuzz")
    if let length { precondition((1...MOTFile.maxFrame).contains(length), "seqLength \(length) accepted") }
    guard let info = try? SeqInfo.parse(text, path: "fuzz", defaultName: "seq") else { return 0 }
    precondition(length == info.seqLength, "parseSeqLength \(String(describing: length)) != parse \(info.seqLength)")
    // The ini text we write for an accepted file must read back with the same numbers.
    do {
        let again = try SeqInfo.parse(info.iniText, path: "written", defaultName: "seq")
        precondition(again.seqLength == info.seqLength && again.imWidth == info.imWidth
                     && again.imHeight == info.imHeight && again.frameRate == info.frameRate,
                     "written \(again) read \(info)")
    } catch {
        fatalError("ini text written from an accepted file does not read back: \(error)\n\(info.iniText)")
    }
    return 0
}
