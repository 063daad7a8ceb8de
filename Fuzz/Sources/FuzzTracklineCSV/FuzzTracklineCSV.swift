// Trackline's trajectory CSV reader: TracklineCSV.parse(bytes, path:, allowNegativeSizes:).
import Foundation
import TracklineCore

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = TracklineCSV.looksLikeTracklineCSV(bytes)
    for allowNegativeSizes in [false, true] {
        guard let rows = try? TracklineCSV.parse(bytes, path: "fuzz", allowNegativeSizes: allowNegativeSizes) else { continue }
        _ = rows.map(\.trackedBox)
        _ = TracklineCSV.motFile(rows).frameRange
        // What the writer emits from accepted rows must read back (same row count).
        let text = TracklineCSV.text(rows)
        do {
            let again = try TracklineCSV.parse(Array(text.utf8), path: "written", allowNegativeSizes: allowNegativeSizes)
            precondition(again.count == rows.count, "written rows: \(again.count), read: \(rows.count)")
        } catch {
            fatalError("CSV written from accepted rows does not read back: \(error)\n\(text.prefix(400))")
        }
    }
    return 0
}
