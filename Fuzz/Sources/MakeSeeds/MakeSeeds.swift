// Writes the binary seeds of Fuzz/Corpus/{graphdef,safetensors}: small hand-built GraphDefs
// (a conv layer, a depthwise layer, a head, odd encodings, a truncated one) and safetensors
// files (header bytes written out by hand, plus the smallest valid seq2seq model).
// Usage: Fuzz/.build/debug/MakeSeeds Fuzz/Corpus (after `Scripts/fuzz.sh build`).
// Built like the fuzzers, so libFuzzer owns `main`: the work happens in LLVMFuzzerInitialize,
// which libFuzzer calls first, and the process exits there.
import Foundation
@testable import Detection
import SequenceModel

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Fuzz/Corpus"

func write(_ bytes: [UInt8], _ target: String, _ name: String) {
    let dir = (root as NSString).appendingPathComponent(target)
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = (dir as NSString).appendingPathComponent(name)
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
    print("\(path): \(bytes.count) bytes")
}

// MARK: GraphDef

extension ProtobufWriter {
    mutating func node(_ name: String, op: String, inputs: [String] = [], attrs: (inout ProtobufWriter) -> Void = { _ in }) {
        messageField(1) { n in
            n.stringField(1, name)
            n.stringField(2, op)
            for i in inputs { n.stringField(3, i) }
            attrs(&n)
        }
    }

    mutating func attr(_ key: String, _ value: (inout ProtobufWriter) -> Void) {
        messageField(5) { e in
            e.stringField(1, key)
            e.messageField(2, value)
        }
    }

    mutating func shape(_ field: Int, _ dims: [Int64]) {
        messageField(field) { s in for d in dims { s.messageField(2) { $0.varintField(1, d) } } }
    }

    /// A float32 Const: raw `tensor_content` when `values` fill the shape, else packed `float_val`.
    mutating func const(_ name: String, shape dims: [Int64], values: [Float]) {
        node(name, op: "Const") { w in
            w.attr("dtype") { $0.varintField(6, 1) }
            w.attr("value") { a in
                a.messageField(8) { t in
                    t.varintField(1, 1)
                    t.shape(2, dims)
                    if values.count == dims.reduce(1, *), values.count > 1 {
                        var raw: [UInt8] = []
                        for v in values { for i in 0..<4 { raw.append(UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32(i)))) } }
                        t.bytesField(4, raw)
                    } else {
                        t.packedFloats(5, values)
                    }
                }
            }
        }
        node(name + "/read", op: "Identity", inputs: [name])
    }

    mutating func convOp(_ name: String, op: String, weights: String, stride: Int64) {
        node(name, op: op, inputs: ["input", weights + "/read"]) { w in
            w.attr("strides") { a in a.messageField(1) { l in l.packedVarints(3, [1, stride, stride, 1]) } }
            w.attr("padding") { $0.stringField(2, "SAME") }
            w.attr("data_format") { $0.stringField(2, "NHWC") }
            w.attr("T") { $0.varintField(6, 1) }
        }
    }

    mutating func batchNorm(_ prefix: String, _ c: Int64) {
        let bn = prefix + "/BatchNorm/"
        const(bn + "gamma", shape: [c], values: [1])
        const(bn + "beta", shape: [c], values: [0.25])
        const(bn + "moving_mean", shape: [c], values: [0])
        const(bn + "moving_variance", shape: [c], values: [0.5, 2])
        node(bn + "FusedBatchNorm", op: "FusedBatchNorm", inputs: [prefix + "/Conv2D"]) { w in
            w.attr("epsilon") { $0.floatField(4, 0.001) }
            w.attr("is_training") { $0.varintField(5, 0) }
        }
    }
}

// MARK: safetensors

/// 8-byte little-endian header length, the JSON header padded to 8 bytes, then the data.
func safetensors(_ header: String, _ data: [UInt8], pad: Bool = true, length: UInt64? = nil) -> [UInt8] {
    var h = Array(header.utf8)
    while pad, h.count % 8 != 0 { h.append(0x20) }
    let n = length ?? UInt64(h.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + data
}

func f32(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    do {
        try MakeSeeds.main()
    } catch {
        fatalError("\(error)")
    }
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { 0 }

enum MakeSeeds {
    static func main() throws {
        graphDefSeeds()
        try safetensorsSeeds()
    }

    static func graphDefSeeds() {
        let backbone = SSDLiteWeights.backbone
        // The stem: 3x3 conv, 3 -> 2 channels, stride 2, batch norm.
        var stem = ProtobufWriter()
        stem.const(backbone + "Conv/weights", shape: [3, 3, 3, 2], values: (0..<54).map { Float($0 % 7) / 8 - 0.375 })
        stem.convOp(backbone + "Conv/Conv2D", op: "Conv2D", weights: backbone + "Conv/weights", stride: 2)
        stem.batchNorm(backbone + "Conv", 2)
        write(stem.bytes, "graphdef", "stem-conv.pb")

        // A depthwise layer (stride 1) and a residual add.
        var dw = ProtobufWriter()
        let block = backbone + "expanded_conv/depthwise"
        dw.const(block + "/depthwise_weights", shape: [3, 3, 2, 1], values: [0.5])
        dw.convOp(block + "/depthwise", op: "DepthwiseConv2dNative", weights: block + "/depthwise_weights", stride: 1)
        dw.batchNorm(block, 2)
        dw.node(backbone + "expanded_conv/add", op: "AddV2", inputs: ["a", "b:0", "^c"])
        write(dw.bytes, "graphdef", "depthwise.pb")

        // A box head: 1x1 conv with biases, no batch norm; unpacked repeated fields, other attr kinds.
        var head = ProtobufWriter()
        head.const("BoxPredictor_0/BoxEncodingPredictor/weights", shape: [1, 1, 2, 4], values: [0.1, -0.2])
        head.const("BoxPredictor_0/BoxEncodingPredictor/biases", shape: [4], values: [0, 1, 2, 3])
        head.node("BoxPredictor_0/BoxEncodingPredictor/Conv2D", op: "Conv2D",
                  inputs: ["x", "BoxPredictor_0/BoxEncodingPredictor/weights/read"]) { w in
            w.attr("strides") { a in a.messageField(1) { l in for s in [1, 1, 1, 1] as [Int64] { l.varintField(3, s) } } }
            w.attr("dilations") { a in a.messageField(1) { l in l.floatField(4, 1); l.stringField(2, "x"); l.varintField(3, 1) } }
            w.attr("use_cudnn_on_gpu") { $0.varintField(5, 1) }
            w.attr("_output_shapes") { $0.shape(7, [1, -1, 19, 4]) }
            w.attr("alpha") { $0.floatField(4, 0.2) }
            w.attr("k") { $0.varintField(3, -3) }
        }
        write(head.bytes, "graphdef", "head-conv.pb")

        // Int tensors, int_val / int64_val, negative and zero dims, unknown fields of every wire type.
        var odd = ProtobufWriter()
        odd.node("shape", op: "Const") { w in
            w.attr("value") { a in
                a.messageField(8) { t in
                    t.varintField(1, 3)
                    t.shape(2, [4])
                    t.packedVarints(7, [1, 300, -1, 1])
                    t.varintField(10, 7)
                }
            }
        }
        odd.node("empty", op: "Const") { w in
            w.attr("value") { a in a.messageField(8) { t in t.varintField(1, 1); t.shape(2, [0, 5]) } }
        }
        odd.node("unknown", op: "Const") { w in
            w.attr("value") { a in a.messageField(8) { t in t.varintField(1, 1); t.shape(2, [-1, 2]); t.floatField(5, 1) } }
        }
        odd.fixed64Field(3, 0x0123_4567_89AB_CDEF)
        odd.fixed32Field(6, 7)
        odd.messageField(4) { $0.varintField(1, 27); $0.varintField(2, 21) }  // GraphDef.versions
        write(odd.bytes, "graphdef", "odd-fields.pb")

        // The stem cut in the middle of a value.
        write(Array(stem.bytes.prefix(stem.bytes.count * 2 / 3)), "graphdef", "stem-truncated.pb")
    }

    static func safetensorsSeeds() throws {
        write(safetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, f32([1, -2.5])),
              "safetensors", "one-tensor.safetensors")
        write(safetensors(#"{"__metadata__":{"format":"pt","note":"\u00e9\n"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[4,28]},"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"z":{"dtype":"F32","shape":[0,7],"data_offsets":[28,28]}}"#,
                          f32([7, 1, 2, 3, 4, 5, .nan])), "safetensors", "metadata-three-tensors.safetensors")
        write(safetensors(#"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, [0, 60, 0, 188]),
              "safetensors", "f16.safetensors")
        write(safetensors(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, f32([1, 2])),
              "safetensors", "offsets-mismatch.safetensors")
        write(safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, f32([1]), length: 4096),
              "safetensors", "header-too-long.safetensors")

        // The smallest valid seq2seq model, as `Seq2SeqModel.save` writes it (config in the metadata).
        var tiny = Seq2SeqConfig()
        tiny.history = 2; tiny.width = 4; tiny.heads = 1; tiny.encoderLayers = 1; tiny.decoderLayers = 1
        tiny.feedForward = 1; tiny.maxCandidates = 1; tiny.maxAge = 1
        let modelPath = NSTemporaryDirectory() + "/trackline-seed-\(getpid()).safetensors"
        try Seq2SeqModel(config: tiny, seed: 1).save(to: modelPath)
        write([UInt8](FileManager.default.contents(atPath: modelPath)!), "safetensors", "tiny-model.safetensors")
        try? FileManager.default.removeItem(atPath: modelPath)
    }
}
