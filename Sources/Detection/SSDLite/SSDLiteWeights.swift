import CSSDLiteKernels

/// A convolution with batch norm folded in: `weights` `[kh*kw*cin, cout]` row-major (TF HWIO
/// flattened), `bias` `[cout]`, and both packed once for the fused kernel (`packed`).
struct ConvWeights: Sendable {
    let name: String
    let weights: [Float]
    let bias: [Float]
    let kernel: Int
    let cin: Int
    let cout: Int
    let stride: Int
    let activation: Activation
    /// Weights and bias in the panel layout of `ssdl_pointwise` (rows = `kernel*kernel*cin`),
    /// 64-byte aligned.
    let packed: AlignedFloats

    init(name: String, weights: [Float], bias: [Float], kernel: Int, cin: Int, cout: Int, stride: Int,
         activation: Activation) {
        self.name = name
        self.weights = weights
        self.bias = bias
        self.kernel = kernel
        self.cin = cin
        self.cout = cout
        self.stride = stride
        self.activation = activation
        let rows = kernel * kernel * cin
        let count = ssdl_pointwise_packed_count(rows, cout)
        guard count > 0, rows > 0, weights.count == rows * cout, bias.count == cout else {
            // Degenerate or inconsistent shapes (rejected elsewhere): zeros, never an out-of-bounds read.
            packed = AlignedFloats(count: max(count, 1))
            return
        }
        packed = AlignedFloats(count: count) { buf in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    ssdl_pointwise_pack(w.baseAddress!, b.baseAddress!, rows, cout, buf)
                }
            }
        }
    }
}

/// A depthwise 3x3 convolution with batch norm folded in: `weights` `[3*3, channels]`.
struct DepthwiseWeights: Sendable {
    let name: String
    let weights: [Float]
    let bias: [Float]
    let channels: Int
    let stride: Int
    /// `weights` then `bias`, 64-byte aligned (the bias at `biasOffset`, a multiple of 16).
    let aligned: AlignedFloats
    let biasOffset: Int

    init(name: String, weights: [Float], bias: [Float], channels: Int, stride: Int) {
        self.name = name
        self.weights = weights
        self.bias = bias
        self.channels = channels
        self.stride = stride
        let offset = (weights.count + 15) / 16 * 16
        biasOffset = offset
        aligned = AlignedFloats(count: offset + bias.count) { p in
            for i in weights.indices { p[i] = weights[i] }
            for i in bias.indices { p[offset + i] = bias[i] }
        }
    }
}

/// A MobileNetV2 inverted-residual block: (expand 1x1) -> depthwise 3x3 -> project 1x1 (linear).
struct BottleneckWeights: Sendable {
    var name: String
    var expand: ConvWeights?
    var depthwise: DepthwiseWeights
    var project: ConvWeights
    var residual: Bool
}

/// One SSD extra feature layer: 1x1 -> depthwise 3x3 stride 2 -> 1x1, all ReLU6.
struct ExtraLayerWeights: Sendable {
    var reduce: ConvWeights
    var depthwise: DepthwiseWeights
    var expand: ConvWeights
}

/// One box-predictor head: a depthwise 3x3 + 1x1 (with bias) branch each for boxes and classes.
struct HeadWeights: Sendable {
    var boxDepthwise: DepthwiseWeights
    var box: ConvWeights
    var classDepthwise: DepthwiseWeights
    var classes: ConvWeights
    var anchorsPerCell: Int
}

/// Every weight of SSDLite-MobileNetV2, read by TF node name from the frozen graph, BN folded.
struct SSDLiteWeights: Sendable {
    var stem: ConvWeights
    var blocks: [BottleneckWeights]
    var lastConv: ConvWeights
    var extras: [ExtraLayerWeights]
    var heads: [HeadWeights]

    static let backbone = "FeatureExtractor/MobilenetV2/"
    /// Batch-norm epsilon of every BN in the graph (`FusedBatchNorm` attr, float32 0.001).
    static let defaultEpsilon: Float = 0.001

    /// Block names in order; `expanded_conv` has no expansion layer.
    static let blockNames = ["expanded_conv"] + (1...16).map { "expanded_conv_\($0)" }
    /// Extra layers `layer_19_{1,2}_Conv2d_{k}_...` (k = 2...5).
    static let extraNames: [(reduce: String, depthwise: String, expand: String)] = [
        ("layer_19_1_Conv2d_2_1x1_256", "layer_19_2_Conv2d_2_3x3_s2_512_depthwise", "layer_19_2_Conv2d_2_3x3_s2_512"),
        ("layer_19_1_Conv2d_3_1x1_128", "layer_19_2_Conv2d_3_3x3_s2_256_depthwise", "layer_19_2_Conv2d_3_3x3_s2_256"),
        ("layer_19_1_Conv2d_4_1x1_128", "layer_19_2_Conv2d_4_3x3_s2_256_depthwise", "layer_19_2_Conv2d_4_3x3_s2_256"),
        ("layer_19_1_Conv2d_5_1x1_64", "layer_19_2_Conv2d_5_3x3_s2_128_depthwise", "layer_19_2_Conv2d_5_3x3_s2_128"),
    ]

    /// Every layer must consume the channel count its predecessor produces.
    func checkChannels(path: String) throws(SSDLiteError) {
        func expect(_ got: Int, _ want: Int, _ name: String) throws(SSDLiteError) {
            if got != want { throw .badTensor(path: path, name: name, reason: "expects \(got) input channels, the previous layer gives \(want)") }
        }
        var c = stem.cout
        try expect(stem.cin, 3, stem.name)
        var head0 = 0
        for (i, blk) in blocks.enumerated() {
            if let e = blk.expand { try expect(e.cin, c, e.name); c = e.cout }
            if i == 13 { head0 = c }  // expanded_conv_13 expansion feeds head 0
            try expect(blk.depthwise.channels, c, blk.depthwise.name)
            try expect(blk.project.cin, c, blk.project.name)
            c = blk.project.cout
        }
        try expect(lastConv.cin, c, lastConv.name)
        c = lastConv.cout
        var headInputs = [head0, c]
        for x in extras {
            try expect(x.reduce.cin, c, x.reduce.name)
            try expect(x.depthwise.channels, x.reduce.cout, x.depthwise.name)
            try expect(x.expand.cin, x.reduce.cout, x.expand.name)
            c = x.expand.cout
            headInputs.append(c)
        }
        for (h, cin) in zip(heads, headInputs) {
            try expect(h.boxDepthwise.channels, cin, h.boxDepthwise.name)
            try expect(h.box.cin, cin, h.box.name)
            try expect(h.classDepthwise.channels, cin, h.classDepthwise.name)
            try expect(h.classes.cin, cin, h.classes.name)
        }
    }
}

