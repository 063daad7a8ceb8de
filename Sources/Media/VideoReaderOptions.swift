/// How a `VideoReader` decodes and converts frames.
public struct VideoReaderOptions: Sendable, Equatable {
    /// Pixel layout of the frames handed out.
    public var format: PixelFormat
    /// Output size in pixels (width, height, after rotation); nil keeps the native size.
    /// Resizing uses libswscale (bilinear).
    public var outputSize: (width: Int, height: Int)?
    /// Turn frames upright as the stream's display matrix says (phone videos), as `ffmpeg`
    /// does by default; off hands out frames as stored.
    public var autorotate: Bool = true
    /// First frame handed out (1-based, decode order). Earlier frames are decoded (so that the
    /// decoder state is right) but not converted.
    public var startFrame: Int
    /// Last frame handed out (1-based, inclusive); nil reads to the end.
    public var endFrame: Int?
    /// Decoder threads. 2 with frame threading is fastest on 2-core machines; 0 lets FFmpeg pick
    /// (cores + 1), 1 decodes on the calling thread only.
    public var threadCount: Int
    /// Use frame threading (FF_THREAD_FRAME); otherwise slice threading.
    public var frameThreading: Bool
    /// Network sources only: seconds without data (while opening or reading) after which the
    /// reader gives up with `MediaError.stalled`; 0 waits forever. Default 10.
    public var stallTimeout: Double = 10
    /// Image folders only: frames per second given to the images (they carry no time). Default 25.
    public var imageFrameRate: Double = 25

    public init(format: PixelFormat = .rgb24, outputSize: (width: Int, height: Int)? = nil,
                startFrame: Int = 1, endFrame: Int? = nil, threadCount: Int = 2, frameThreading: Bool = true) {
        self.format = format
        self.outputSize = outputSize
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.threadCount = threadCount
        self.frameThreading = frameThreading
    }

    public static func == (a: VideoReaderOptions, b: VideoReaderOptions) -> Bool {
        a.format == b.format && a.outputSize?.width == b.outputSize?.width
            && a.outputSize?.height == b.outputSize?.height && a.startFrame == b.startFrame
            && a.endFrame == b.endFrame && a.threadCount == b.threadCount && a.frameThreading == b.frameThreading
            && a.autorotate == b.autorotate && a.stallTimeout == b.stallTimeout && a.imageFrameRate == b.imageFrameRate
    }

    func validate() throws {
        if startFrame < 1 { throw MediaError.invalidArgument("start frame must be >= 1 (frames are 1-based), got \(startFrame)") }
        if let end = endFrame, end < startFrame {
            throw MediaError.invalidArgument("end frame \(end) is before start frame \(startFrame)")
        }
        if let size = outputSize, size.width < 1 || size.height < 1 || size.width > 16384 || size.height > 16384 {
            throw MediaError.invalidArgument("output size \(size.width)x\(size.height) is invalid: use 1...16384 pixels per side")
        }
        if !(stallTimeout >= 0 && stallTimeout <= 86_400) { throw MediaError.invalidArgument("stall timeout must be 0...86400 seconds, got \(stallTimeout)") }
        if !(imageFrameRate > 0 && imageFrameRate <= 1000) { throw MediaError.invalidArgument("image frame rate must be in (0, 1000] frames per second, got \(imageFrameRate)") }
        if threadCount < 0 || threadCount > 64 { throw MediaError.invalidArgument("thread count must be 0...64, got \(threadCount)") }
    }
}
