/// What the container and codec headers say about a video stream, before decoding it.
public struct VideoMetadata: Sendable, Equatable, Codable {
    /// Coded width in pixels.
    public var width: Int
    /// Coded height in pixels.
    public var height: Int
    /// Frames per second (average frame rate; the container's guess when that is missing; 0 if unknown).
    public var frameRate: Double
    /// Duration in seconds (stream duration, else container duration; nil if unknown).
    public var duration: Double?
    /// Short codec name, e.g. "h264", "msmpeg4v3", "mjpeg".
    public var codecName: String
    /// Container (demuxer) name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "avi", "image2".
    public var containerName: String
    /// Decoder output pixel format name, e.g. "yuv420p" (nil if unknown before decoding).
    public var pixelFormat: String?
    /// Number of frames as the container declares it (nil when it does not know). Decoding all
    /// frames is the only exact count; see `VideoReader.countFrames()`.
    public var frameCount: Int?
    /// Stream bit rate in bits/s, when known.
    public var bitRate: Int?
    /// Clockwise rotation in degrees (0, 90, 180 or 270) that shows the stream upright, from its
    /// display matrix (phone videos); `VideoReader` applies it unless told not to.
    public var rotation: Int

    /// Width and height once `rotation` is applied.
    public var displayWidth: Int { rotation == 90 || rotation == 270 ? height : width }
    public var displayHeight: Int { rotation == 90 || rotation == 270 ? width : height }

    public init(width: Int, height: Int, frameRate: Double, duration: Double?, codecName: String,
                containerName: String, pixelFormat: String?, frameCount: Int?, bitRate: Int?, rotation: Int = 0) {
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.duration = duration
        self.codecName = codecName
        self.containerName = containerName
        self.pixelFormat = pixelFormat
        self.frameCount = frameCount
        self.bitRate = bitRate
        self.rotation = rotation
    }
}
