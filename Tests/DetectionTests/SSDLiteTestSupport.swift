@testable import Detection

/// Deterministic pseudo-random floats for tests (xorshift64*).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2685821657736338717
    }

    /// Uniform in [lo, hi).
    mutating func float(_ lo: Float = -1, _ hi: Float = 1) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }

    mutating func floats(_ n: Int, _ lo: Float = -1, _ hi: Float = 1) -> [Float] {
        (0..<n).map { _ in float(lo, hi) }
    }
}

/// Builds a serialized GraphDef with the node names, ops and attributes of the SSDLite graph but
/// tiny channel counts and random weights, so that the loader and the network run without the
/// real model file.
struct SyntheticSSDLiteGraph {
    var writer = ProtobufWriter()
    var rng = TestRandom(seed: 42)

    mutating func node(_ name: String, op: String, inputs: [String] = [], attrs: (inout ProtobufWriter) -> Void = { _ in }) {
        writer.messageField(1) { n in
            n.stringField(1, name)
            n.stringField(2, op)
            for i in inputs { n.stringField(3, i) }
            attrs(&n)
        }
    }

    static func attr(_ w: inout ProtobufWriter, _ key: String, _ value: (inout ProtobufWriter) -> Void) {
        w.messageField(5) { e in
            e.stringField(1, key)
            e.messageField(2, value)
        }
    }

    mutating func const(_ name: String, shape: [Int], values: [Float]? = nil, lo: Float = -0.5, hi: Float = 0.5) {
        let n = shape.reduce(1, *)
        let v = values ?? rng.floats(n, lo, hi)
        var bytes: [UInt8] = []
        for x in v { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: x.bitPattern >> (8 * UInt32(i)))) } }
        node(name, op: "Const") { w in
            Self.attr(&w, "dtype") { $0.varintField(6, 1) }
            Self.attr(&w, "value") { a in
                a.messageField(8) { t in
                    t.varintField(1, 1)
                    t.messageField(2) { s in for d in shape { s.messageField(2) { $0.varintField(1, Int64(d)) } } }
                    t.bytesField(4, bytes)
                }
            }
        }
        node(name + "/read", op: "Identity", inputs: [name])
    }

    mutating func batchNorm(_ prefix: String, _ c: Int) {
        const(prefix + "/BatchNorm/gamma", shape: [c], lo: 0.5, hi: 1.5)
        const(prefix + "/BatchNorm/beta", shape: [c], lo: -0.2, hi: 0.2)
        const(prefix + "/BatchNorm/moving_mean", shape: [c], lo: -0.2, hi: 0.2)
        const(prefix + "/BatchNorm/moving_variance", shape: [c], lo: 0.5, hi: 2)
        node(prefix + "/BatchNorm/FusedBatchNorm", op: "FusedBatchNorm") { w in
            Self.attr(&w, "epsilon") { $0.floatField(4, 0.001) }
        }
    }

    mutating func convOp(_ prefix: String, op: String, weights: String, stride: Int) {
        node(prefix + (op == "Conv2D" ? "/Conv2D" : "/depthwise"), op: op, inputs: ["x", weights + "/read"]) { w in
            Self.attr(&w, "strides") { a in a.messageField(1) { l in l.packedVarints(3, [1, Int64(stride), Int64(stride), 1]) } }
            Self.attr(&w, "padding") { $0.stringField(2, "SAME") }
            Self.attr(&w, "data_format") { $0.stringField(2, "NHWC") }
        }
    }

    mutating func conv(_ prefix: String, k: Int, cin: Int, cout: Int, stride: Int = 1, bn: Bool = true) {
        const(prefix + "/weights", shape: [k, k, cin, cout])
        convOp(prefix, op: "Conv2D", weights: prefix + "/weights", stride: stride)
        if bn { batchNorm(prefix, cout) } else { const(prefix + "/biases", shape: [cout]) }
    }

    mutating func depthwise(_ prefix: String, c: Int, stride: Int = 1) {
        const(prefix + "/depthwise_weights", shape: [3, 3, c, 1])
        convOp(prefix, op: "DepthwiseConv2dNative", weights: prefix + "/depthwise_weights", stride: stride)
        batchNorm(prefix, c)
    }

    /// The whole tiny network; returns the serialized GraphDef.
    static func build() -> [UInt8] {
        var g = SyntheticSSDLiteGraph()
        let b = SSDLiteWeights.backbone
        g.conv(b + "Conv", k: 3, cin: 3, cout: 4, stride: 2)
        // (output channels, stride) of the 17 blocks, channels / 8 of the real model; expansion x2.
        let plan: [(Int, Int)] = [(2, 1), (3, 2), (3, 1), (4, 2), (4, 1), (4, 1), (8, 2), (8, 1), (8, 1), (8, 1),
                                  (12, 1), (12, 1), (12, 1), (20, 2), (20, 1), (20, 1), (40, 1)]
        var c = 4
        var head0 = 0
        for (i, (cout, s)) in plan.enumerated() {
            let name = SSDLiteWeights.blockNames[i]
            var ce = c
            if i > 0 {
                ce = 2 * c
                g.conv(b + name + "/expand", k: 1, cin: c, cout: ce)
            }
            if i == 13 { head0 = ce }
            g.depthwise(b + name + "/depthwise", c: ce, stride: s)
            g.conv(b + name + "/project", k: 1, cin: ce, cout: cout)
            if s == 1, c == cout { g.node(b + name + "/add", op: "Add") }
            c = cout
        }
        g.conv(b + "Conv_1", k: 1, cin: c, cout: 16)
        c = 16
        var mapChannels = [head0, 16]
        for (k, n) in SSDLiteWeights.extraNames.enumerated() {
            let mid = k == 0 ? 8 : 4
            g.conv(b + n.reduce, k: 1, cin: c, cout: mid)
            g.depthwise(b + n.depthwise, c: mid, stride: 2)
            g.conv(b + n.expand, k: 1, cin: mid, cout: 8)
            c = 8
            mapChannels.append(8)
        }
        for (k, cin) in mapChannels.enumerated() {
            let a = k == 0 ? 3 : 6
            let p = "BoxPredictor_\(k)/"
            g.depthwise(p + "BoxEncodingPredictor_depthwise", c: cin)
            g.conv(p + "BoxEncodingPredictor", k: 1, cin: cin, cout: 4 * a, bn: false)
            g.depthwise(p + "ClassPredictor_depthwise", c: cin)
            g.conv(p + "ClassPredictor", k: 1, cin: cin, cout: 2 * a, bn: false)
        }
        return g.writer.bytes
    }
}
