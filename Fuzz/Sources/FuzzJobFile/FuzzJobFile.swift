// Job files (`trackline track --config`): TrackingJob.parse (YAML or JSON), then resolve()
// where it needs no files (a job naming no input fails resolving, which is fine).
import Foundation
import Pipeline

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size < 1 << 16 else { return 0 }
    let text = data.map { String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self) } ?? ""
    guard var job = try? TrackingJob.parse(text, path: "fuzz") else { return 0 }
    // Keep resolution off the file system: no inputs or outputs that exist.
    job.video = job.video.map { _ in "/nonexistent/video.mp4" }
    job.detections = nil
    job.model = nil
    job.detectorModel = nil
    if job.video == nil { return 0 }
    _ = try? job.resolve()
    return 0
}
