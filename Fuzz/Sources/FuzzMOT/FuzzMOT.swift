// MOTChallenge det/gt/results reader: MOTFile.parse(bytes, path:, allowNegativeSizes:).
import Foundation
import TracklineCore

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = TracklineCSV.looksLikeTracklineCSV(bytes)
    for allowNegativeSizes in [false, true] {
        guard let file = try? MOTFile.parse(bytes, path: "fuzz", allowNegativeSizes: allowNegativeSizes) else { continue }
        _ = file.frameRange
        _ = try? file.checkFrames(seqLength: 50)
        let boxes = file.trackedBoxes
        let detections = file.detections
        // What our writers emit from accepted rows must read back (same row count).
        for text in [MOTFile.resultsText(boxes), MOTFile.detectionsText(detections)] {
            do {
                let again = try MOTFile.parse(Array(text.utf8), path: "written", allowNegativeSizes: allowNegativeSizes)
                precondition(again.rows.count == file.rows.count, "written rows: \(again.rows.count), read: \(file.rows.count)")
            } catch {
                fatalError("text written from accepted rows does not read back: \(error)\n\(text.prefix(400))")
            }
        }
    }
    return 0
}
