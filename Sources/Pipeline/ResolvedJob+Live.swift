import Foundation
import TracklineCore

extension ResolvedJob {
    /// What the job's video names (nil for detection files).
    public var videoSource: VideoSource? { job.video.map(VideoSource.init) }

    /// True when the video is a live source (network, standard input, camera): no expected
    /// length, rows flushed as they become final, a stop completes the outputs.
    public var isLive: Bool { videoSource?.isLive ?? false }

    /// How a dropped network source is reopened; nil without `reconnect`.
    public var reconnectPolicy: ReconnectPolicy? { job.reconnect == true ? ReconnectPolicy() : nil }

    /// The class written for every box: "person" for SSDLite's boxes, "object" for the motion
    /// detector's and for detection files.
    public var className: String { detector == .ssdlite ? "person" : "object" }
}

extension TrackingJob {
    /// Checks the options of live sources, bounds and the new outputs (`resolve()` calls it).
    func checkSourceOptions() throws {
        if let d = duration, !(d > 0 && d <= 1e9) {
            throw JobError.badValue(option: "--duration", message: "must be a number of seconds above 0, not \(d)")
        }
        if let m = maxFrames, m < 1 { throw JobError.badValue(option: "--max-frames", message: "must be at least 1, not \(m)") }
        if let s = stallTimeout, !(s >= 0 && s <= 86_400) {
            throw JobError.badValue(option: "--stall-timeout", message: "must be 0...86400 seconds (0 waits forever), not \(s)")
        }
        let network = video.map { VideoSource($0).kind == .network } ?? false
        if reconnect == true && !network {
            throw JobError.noEffect(option: "--reconnect", reason: "without a network VIDEO (rtsp://, rtmp://, http://, udp://, tcp://, srt://)")
        }
        if stallTimeout != nil && !network {
            throw JobError.noEffect(option: "--stall-timeout", reason: "without a network VIDEO (rtsp://, rtmp://, http://, udp://, tcp://, srt://)")
        }
        for (option, path) in [("--jsonl", jsonl), ("--track-summary", trackSummary)] where path?.isEmpty == true {
            throw JobError.badValue(option: option, message: "the output path is empty; give a file name")
        }
    }
}
