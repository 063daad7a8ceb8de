// TensorFlow GraphDef: GraphDef(serialized:) (ProtobufReader), every attribute and constant
// read back, GraphReader's conv / depthwise / constant on every node that looks like a weight,
// and SSDLiteWeights(graph:path:) as SSDLiteDetector loads a model.
import Foundation
@testable import Detection

/// FUZZ_VERBOSE=1: say how far each input got (for checking that seeds reach the weight reader).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parsed = Result { () throws(ProtobufError) in try GraphDef(serialized: bytes) }
    if verbose { print("GraphDef: \(parsed.map { "\($0.nodes.count) nodes" })") }
    guard case .success(let graph) = parsed else { return 0 }
    // The generic passes below read every node, which the loader never does (it reads named
    // nodes only); they stop after `budget` tensor elements so that many small nodes declaring
    // big constants do not make the harness itself slow (the loader's own cost is what
    // SSDLiteWeights below measures).
    var budget = 16 << 20
    func spend(_ name: String) -> Bool {
        let n = graph[name]?.attrs["value"]?.tensor?.elementCount ?? 0
        guard n <= budget else { return false }
        budget -= n
        return true
    }
    for node in graph.nodes {
        _ = graph[node.name]
        for (_, value) in node.attrs {
            _ = (value.int, value.float, value.bool, value.string, value.list?.ints, value.list?.floats)
            if let t = value.tensor {
                _ = t.elementCount
                _ = t.shapeProblem
                if t.shapeProblem == nil, let n = t.elementCount, n <= budget {
                    budget -= n
                    _ = t.floats()
                }
            }
        }
    }
    guard !graph.nodes.isEmpty else { return 0 }
    let reader = GraphReader(graph: graph, path: "fuzz")
    for node in graph.nodes {
        _ = try? reader.stride(of: node)
        if node.op == "Const", spend(node.name) { _ = try? reader.constant(node.name) }
        if node.name.hasSuffix("/depthwise_weights"), spend(node.name) {
            let dw = Result { () throws(SSDLiteError) in try reader.depthwise(String(node.name.dropLast("/depthwise_weights".count))) }
            if verbose { print("depthwise \(node.name): \(dw.map { "\($0.channels) channels s\($0.stride)" })") }
        } else if node.name.hasSuffix("/weights"), spend(node.name), spend(node.name) {
            let prefix = String(node.name.dropLast("/weights".count))
            let bn = Result { () throws(SSDLiteError) in try reader.conv(prefix, activation: .relu6) }
            let biased = Result { () throws(SSDLiteError) in try reader.conv(prefix, activation: .none, batchNorm: false) }
            if verbose { print("conv \(prefix): with BN \(bn.map { "\($0.kernel)x\($0.kernel) \($0.cin)->\($0.cout) s\($0.stride)" }); with biases \(biased.map { "\($0.cout) outputs" })") }
        }
    }
    let weights = Result { () throws(SSDLiteError) in try SSDLiteWeights(graph: graph, path: "fuzz") }
    if verbose { print("SSDLiteWeights: \(weights.map { "\($0.blocks.count) blocks, \($0.heads.count) heads" })") }
    return 0
}
