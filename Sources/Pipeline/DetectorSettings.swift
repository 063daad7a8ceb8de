import Detection
import TracklineCore

/// The detectors a job can run on video frames.
public enum DetectorKind: String, Codable, Sendable, CaseIterable {
    /// SSDLite-MobileNetV2 pedestrian CNN (needs the model file, `make models`).
    case ssdlite
    /// Background subtraction; needs no weights.
    case motion
}

/// SSDLite's settings, declared once.
public struct SSDLiteSettings: Sendable, Equatable {
    /// Network input side in pixels: 576 finds small people far better; 300 (as trained) is
    /// about 3x faster.
    public var inputSize = 576
    /// Compute threads of the network.
    public var threads = 1
    /// Boxes scoring below this are not returned.
    public var scoreThreshold = 0.3
    /// Correct the boxes to the MOTChallenge annotation convention (`BoxCalibration.ssdlite`).
    public var calibrate = true
    /// Also run the motion detector and add the moving boxes SSDLite did not find
    /// (`FusedDetector`, at half their score); costs the motion detector's time.
    public var fuseMotion = false

    public init() {}

    /// The correction in use, if any.
    public var calibration: BoxCalibration? { calibrate ? .ssdlite : nil }

    public static let table = ParameterTable<Self>("ssdlite", [
        .init("input_size", .integer, in: 64...2048, doc: "Network input side in pixels: 576 finds small people far better; 300 (as trained) is about 3x faster.",
              get: { Double($0.inputSize) }, set: { $0.inputSize = Int($1) }),
        .init("threads", .integer, in: 1...64, doc: "Compute threads of the network.",
              get: { Double($0.threads) }, set: { $0.threads = Int($1) }),
        .init("score_threshold", in: 0...1, doc: "Boxes scoring below this are not returned.",
              get: { $0.scoreThreshold }, set: { $0.scoreThreshold = $1 }),
        .init("calibrate", .flag, in: 0...1, doc: "Shift and shrink boxes to the MOTChallenge annotation convention (raw boxes are 3 % of the height left, 8 % too wide, 5 % too tall on PETS09); 0 keeps the network's boxes.",
              get: { $0.calibrate ? 1 : 0 }, set: { $0.calibrate = $1 != 0 }),
        .init("fuse_motion", .flag, in: 0...1, doc: "Also run the motion detector and add, at half their score, the moving boxes no SSDLite box overlaps by IoU 0.3: people the CNN misses can continue a track. Costs the motion detector's time (about a tenth of SSDLite's at 576).",
              get: { $0.fuseMotion ? 1 : 0 }, set: { $0.fuseMotion = $1 != 0 }),
    ])
}

/// How a run follows a moving camera (`--camera-motion`).
public enum CameraMotionMode: String, Codable, Sendable, CaseIterable {
    /// The camera is taken to be still.
    case off
    /// Estimated from each frame's boxes (`BoxMotionEstimator`): shake, pans and zoom.
    case boxes
}

/// The output filter's settings (see `Tracking.OutputFilter`); nil values are the tracker's
/// own defaults.
public struct FilterSettings: Sendable, Equatable {
    public var interpolate: Int?
    public var smooth: Int?
    public init(interpolate: Int? = nil, smooth: Int? = nil) { self.interpolate = interpolate; self.smooth = smooth }

    public static let table = ParameterTable<Self>("output filter", [
        .init("interpolate", .integer, in: 0...10_000, doc: "Fill gaps of at most this many frames in each trajectory linearly.",
              automatic: "the tracker's (seq2seq: gaps it bridges, up to 1 s; others 0)", get: { $0.interpolate.map(Double.init) }, set: { $0.interpolate = Int($1) }),
        .init("smooth", .integer, in: 0...1_000, doc: "Each box becomes the mean of its track's boxes within this many frames either side.",
              automatic: "the tracker's (seq2seq: 3; others 0)", get: { $0.smooth.map(Double.init) }, set: { $0.smooth = Int($1) }),
    ])
}
