/// Pixel layout of a decoded frame.
public enum PixelFormat: String, Sendable, CaseIterable {
    /// 3 bytes per pixel, R then G then B.
    case rgb24
    /// 1 byte per pixel, luma (BT.601 range as decoded).
    case gray8

    /// Bytes per pixel.
    public var channels: Int {
        switch self {
        case .rgb24: return 3
        case .gray8: return 1
        }
    }
}

/// One decoded video frame: plain data passed from the reader to the detector.
///
/// `pixels` is tightly packed, row-major, top row first: pixel (x, y) channel c is at
/// `(y * width + x) * format.channels + c`.
public struct Frame: Sendable {
    /// 1-based frame number in decode order (frame 1 is the first decoded frame).
    public var number: Int
    /// Presentation time in seconds from the stream start (best-effort timestamp).
    public var timestamp: Double
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    public var format: PixelFormat
    public var pixels: [UInt8]

    public init(number: Int, timestamp: Double, width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) {
        precondition(pixels.count == width * height * format.channels, "pixel buffer size does not match the frame size")
        self.number = number
        self.timestamp = timestamp
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// A black frame of the given size.
    public init(number: Int = 1, timestamp: Double = 0, width: Int, height: Int, format: PixelFormat = .rgb24) {
        self.init(number: number, timestamp: timestamp, width: width, height: height, format: format,
                  pixels: [UInt8](repeating: 0, count: width * height * format.channels))
    }
}
