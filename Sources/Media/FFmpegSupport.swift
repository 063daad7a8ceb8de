import CFFmpeg
import Synchronization

/// FFmpeg's own console logging. Readers and writers silence it the first time one is created,
/// unless `FFmpegLog.setLevel` was called before; our typed errors and `warnings` replace it.
public enum FFmpegLog {
    /// FFmpeg log levels (`AV_LOG_*`).
    public enum Level: Int32, Sendable, CaseIterable {
        case quiet = -8, panic = 0, fatal = 8, error = 16, warning = 24, info = 32, verbose = 40, debug = 48
    }

    private static let configured = Mutex(false)

    /// Sets FFmpeg's global log level (process-wide; affects every reader and writer).
    public static func setLevel(_ level: Level) {
        configured.withLock { $0 = true }
        av_log_set_level(level.rawValue)
    }

    /// The current global FFmpeg log level.
    public static var level: Int32 { av_log_get_level() }

    /// Silences FFmpeg once, unless someone chose a level already.
    static func applyDefault() {
        configured.withLock { done in
            if !done {
                done = true
                av_log_set_level(Level.quiet.rawValue)
            }
        }
    }
}

/// FFmpeg's message for an error code (av_err2str).
func ffmpegErrorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 128)
    return buffer.withUnsafeMutableBufferPointer { buf in
        _ = cffmpeg_err2str(code, buf.baseAddress, buf.count)
        return String(cString: buf.baseAddress!)
    }
}

extension MediaError {
    /// Wraps an FFmpeg return code with what we were doing.
    static func code(_ code: Int32, _ context: String) -> MediaError {
        .ffmpeg(code: code, message: ffmpegErrorString(code), context: context)
    }
}

extension AVRational {
    /// The rational as a Double; 0 when the denominator is 0 (unknown).
    var double: Double { den == 0 ? 0 : Double(num) / Double(den) }
}
