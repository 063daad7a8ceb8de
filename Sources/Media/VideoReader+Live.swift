import CFFmpeg
import Foundation
import Synchronization
import TracklineCore

/// The flag a reader's FFmpeg interrupt callback reads; set by `VideoReader.interrupt()` from
/// any thread. Owned by the reader, freed after its format context.
final class InterruptFlag: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<cffmpeg_interrupt>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: cffmpeg_interrupt(stop: 0))
    }

    func request() { cffmpeg_interrupt_request(pointer) }
    var isRequested: Bool { cffmpeg_interrupt_check(pointer) != 0 }

    deinit { pointer.deallocate() }
}

extension VideoReader {
    private static let devicesRegistered = Mutex(false)

    /// Registers libavdevice's inputs (V4L2, ...) once per process.
    static func registerDevices() {
        devicesRegistered.withLock { done in
            if !done { avdevice_register_all(); done = true }
        }
    }

    /// Makes a blocking read of a network source return soon (within about 0.1 s): the reader
    /// then ends as if the stream had ended. Safe to call from any thread while another reads.
    /// A pipe or camera read already under way finishes first.
    public func interrupt() { interruptFlag.request() }

    /// True once `interrupt()` was called.
    public var wasInterrupted: Bool { interruptFlag.isRequested }

    /// True when the source has no end of its own (network, standard input, camera).
    public var isLive: Bool { source.isLive }

    /// The demuxer options for `source`: stall timeouts for network sources (microseconds).
    static func openOptions(_ source: VideoSource, _ options: VideoReaderOptions) -> [(String, String)] {
        switch source.kind {
        case .network where options.stallTimeout > 0:
            let us = String(Int64(options.stallTimeout * 1_000_000))
            var out = [("rw_timeout", us)]
            // Protocols whose own `timeout` (microseconds) replaces rw_timeout (udp sets it from
            // its own); rtmp's `timeout` means something else (listen), so it is left alone.
            if let scheme = VideoSource.scheme(of: source.url),
               ["rtsp", "rtsps", "udp", "tcp", "http", "https", "srt"].contains(scheme) { out.append(("timeout", us)) }
            return out
        case .imageFolder:
            return [("framerate", String(options.imageFrameRate)), ("start_number", "1")]
        default:
            return []
        }
    }

    /// Maps an `avformat_open_input` failure of a live source (network, stdin, camera).
    static func liveOpenError(_ code: Int32, source: VideoSource, options: VideoReaderOptions) -> MediaError {
        switch source.kind {
        case .camera:
            return .cameraUnavailable(path: source.input, detail: ffmpegErrorString(code))
        case .standardInput:
            if code == cffmpeg_invaliddata() || code == cffmpeg_eof() { return .notAVideo(path: "standard input") }
            return .code(code, "opening standard input")
        default:
            if code == cffmpeg_etimedout() && options.stallTimeout > 0 {
                return .cannotOpenStream(url: source.redacted, detail: "no data for \(MediaError.seconds(options.stallTimeout)) s")
            }
            return .cannotOpenStream(url: source.redacted, detail: ffmpegErrorString(code))
        }
    }

    /// The error of a live source that failed while being read: a stall when nothing came for
    /// the stall timeout (protocols report it as ETIMEDOUT or EIO), else a lost stream.
    func liveReadError(_ code: Int32) -> MediaError {
        let quiet = Double(DispatchTime.now().uptimeNanoseconds &- lastDataTime) / 1e9
        if source.kind == .network && options.stallTimeout > 0 && (code == cffmpeg_etimedout() || quiet >= options.stallTimeout * 0.9) {
            return .stalled(url: source.redacted, seconds: options.stallTimeout)
        }
        let name = source.kind == .standardInput ? "standard input" : source.redacted
        var detail = ffmpegErrorString(code)
        if source.kind == .standardInput && metadata.containerName.contains("mp4") {
            detail += "; an MP4 whose index is at its end cannot be read from a pipe: send MPEG-TS instead (`ffmpeg -i in.mp4 -c copy -f mpegts -`)"
        }
        return .streamLost(url: name, detail: detail)
    }
}
