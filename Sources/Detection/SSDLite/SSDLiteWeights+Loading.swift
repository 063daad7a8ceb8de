import Foundation

extension SSDLiteWeights {
    /// Loads the weights from a frozen `.pb` file.
    init(contentsOf path: String) throws(SSDLiteError) {
        let bytes: [UInt8]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unreadableModel(path: path, reason: "it is a directory; give the frozen_inference_graph.pb file (Scripts/fetch-models.sh puts it in Models/cache/)")
        }
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            throw .unreadableModel(path: path, reason: "\(error.localizedDescription)")
        }
        let graph: GraphDef
        do {
            graph = try GraphDef(serialized: bytes)
        } catch {
            throw .notAGraphDef(path: path, reason: error.description)
        }
        if graph.nodes.isEmpty { throw .notAGraphDef(path: path, reason: "it holds no nodes") }
        try self.init(graph: graph, path: path)
    }

    init(graph: GraphDef, path: String) throws(SSDLiteError) {
        let g = GraphReader(graph: graph, path: path)
        let b = SSDLiteWeights.backbone
        stem = try g.conv(b + "Conv", activation: .relu6)
        var blocks: [BottleneckWeights] = []
        for name in SSDLiteWeights.blockNames {
            let prefix = b + name
            let expand = name == "expanded_conv" ? nil : try g.conv(prefix + "/expand", activation: .relu6)
            let dw = try g.depthwise(prefix + "/depthwise")
            let project = try g.conv(prefix + "/project", activation: .none)
            let residual = g.graph[prefix + "/add"].map { $0.op == "Add" || $0.op == "AddV2" } ?? false
            if residual, dw.stride != 1 || (expand?.cin ?? dw.channels) != project.cout {
                throw .unsupportedOp(path: path, name: prefix + "/add", reason: "adds tensors of different shapes")
            }
            blocks.append(BottleneckWeights(name: name, expand: expand, depthwise: dw, project: project, residual: residual))
        }
        self.blocks = blocks
        lastConv = try g.conv(b + "Conv_1", activation: .relu6)
        extras = try SSDLiteWeights.extraNames.map { (n) throws(SSDLiteError) -> ExtraLayerWeights in
            ExtraLayerWeights(reduce: try g.conv(b + n.reduce, activation: .relu6),
                              depthwise: try g.depthwise(b + n.depthwise),
                              expand: try g.conv(b + n.expand, activation: .relu6))
        }
        heads = try (0..<6).map { (k) throws(SSDLiteError) -> HeadWeights in
            let p = "BoxPredictor_\(k)/"
            let box = try g.conv(p + "BoxEncodingPredictor", activation: .none, batchNorm: false)
            let cls = try g.conv(p + "ClassPredictor", activation: .none, batchNorm: false)
            guard box.cout % 4 == 0, cls.cout % 2 == 0, box.cout / 4 == cls.cout / 2 else {
                throw .badTensor(path: path, name: p + "ClassPredictor/weights",
                                 reason: "has \(cls.cout) outputs for \(box.cout) box outputs (expected 2 per anchor, 4 per anchor)")
            }
            return HeadWeights(boxDepthwise: try g.depthwise(p + "BoxEncodingPredictor_depthwise"), box: box,
                               classDepthwise: try g.depthwise(p + "ClassPredictor_depthwise"), classes: cls,
                               anchorsPerCell: box.cout / 4)
        }
        try checkChannels(path: path)
    }

}

/// Looks up constants and conv settings in a graph, with errors naming the file and node.
struct GraphReader {
    let graph: GraphDef
    let path: String
    /// Consumers of each tensor name (node names, `:0` stripped).
    let consumers: [String: [Int]]

    init(graph: GraphDef, path: String) {
        self.graph = graph
        self.path = path
        var consumers: [String: [Int]] = [:]
        for (i, n) in graph.nodes.enumerated() {
            for input in n.inputs {
                let name = input.split(separator: ":").first.map(String.init) ?? input
                consumers[name, default: []].append(i)
            }
        }
        self.consumers = consumers
    }

    func constant(_ name: String) throws(SSDLiteError) -> (shape: [Int], values: [Float]) {
        guard let node = graph[name] else { throw .missingNode(path: path, name: name) }
        guard node.op == "Const", let t = node.attrs["value"]?.tensor else {
            throw .badTensor(path: path, name: name, reason: "is a \(node.op) node, not a constant")
        }
        if let problem = t.shapeProblem { throw .badTensor(path: path, name: name, reason: problem) }
        guard let v = t.floats() else {
            throw .badTensor(path: path, name: name, reason: "is not a float32 tensor of shape \(t.shape) (dtype \(t.dtype), \(t.content.count) bytes)")
        }
        return (t.shape.map { Int($0) }, v)
    }

    /// The conv op reading `weightsName` (directly or through its `/read` Identity).
    func consumer(of weightsName: String, ops: Set<String>) throws(SSDLiteError) -> NodeDef {
        for name in [weightsName + "/read", weightsName] {
            for i in consumers[name] ?? [] where ops.contains(graph.nodes[i].op) {
                return graph.nodes[i]
            }
        }
        throw .missingNode(path: path, name: "\(ops.sorted().joined(separator: "/")) reading \(weightsName)")
    }

    /// Stride of a conv node; checks SAME padding, NHWC, no dilation.
    func stride(of node: NodeDef) throws(SSDLiteError) -> Int {
        if let p = node.attrs["padding"]?.string, p != "SAME" {
            throw .unsupportedOp(path: path, name: node.name, reason: "uses padding \(p) (only SAME is implemented)")
        }
        if let f = node.attrs["data_format"]?.string, f != "NHWC" {
            throw .unsupportedOp(path: path, name: node.name, reason: "uses data format \(f) (only NHWC)")
        }
        if let d = node.attrs["dilations"]?.list?.ints, d.contains(where: { $0 != 1 }) {
            throw .unsupportedOp(path: path, name: node.name, reason: "uses dilations \(d)")
        }
        guard let s = node.attrs["strides"]?.list?.ints, s.count == 4, s[0] == 1, s[3] == 1, s[1] == s[2],
              s[1] == 1 || s[1] == 2 else {
            throw .unsupportedOp(path: path, name: node.name, reason: "has strides other than [1,s,s,1] with s = 1 or 2")
        }
        return Int(s[1])
    }

    /// Folded scale and shift of `<prefix>/BatchNorm/...` for `count` channels.
    func batchNorm(_ prefix: String, count: Int) throws(SSDLiteError) -> (scale: [Float], shift: [Float]) {
        let bn = prefix + "/BatchNorm/"
        let gamma = try vector(bn + "gamma", count: count)
        let beta = try vector(bn + "beta", count: count)
        let mean = try vector(bn + "moving_mean", count: count)
        let variance = try vector(bn + "moving_variance", count: count)
        var eps = SSDLiteWeights.defaultEpsilon
        if let e = graph[bn + "FusedBatchNorm"]?.attrs["epsilon"]?.float { eps = e }
        var scale = [Float](repeating: 0, count: count)
        var shift = [Float](repeating: 0, count: count)
        for c in 0..<count {
            // Double for the fold itself; the result is stored as float32 like every weight.
            let s = Double(gamma[c]) / (Double(variance[c]) + Double(eps)).squareRoot()
            scale[c] = Float(s)
            shift[c] = Float(Double(beta[c]) - Double(mean[c]) * s)
        }
        return (scale, shift)
    }

    func vector(_ name: String, count: Int) throws(SSDLiteError) -> [Float] {
        let (shape, v) = try constant(name)
        guard shape == [count] else {
            throw .badTensor(path: path, name: name, reason: "has shape \(shape), expected [\(count)]")
        }
        return v
    }

    /// A Conv2D layer `<prefix>/weights` (+ BN, or `<prefix>/biases` for the heads).
    func conv(_ prefix: String, activation: Activation, batchNorm: Bool = true) throws(SSDLiteError) -> ConvWeights {
        let wname = prefix + "/weights"
        var (shape, w) = try constant(wname)
        guard shape.count == 4, shape[0] == shape[1], shape[0] == 1 || shape[0] == 3 else {
            throw .badTensor(path: path, name: wname, reason: "has shape \(shape), expected [1,1,in,out] or [3,3,in,out]")
        }
        let (k, cin, cout) = (shape[0], shape[2], shape[3])
        let s = try stride(of: try consumer(of: wname, ops: ["Conv2D"]))
        let bias: [Float]
        if batchNorm {
            let (scale, shift) = try self.batchNorm(prefix, count: cout)
            for r in 0..<(k * k * cin) {
                for o in 0..<cout { w[r * cout + o] *= scale[o] }
            }
            bias = shift
        } else {
            bias = try vector(prefix + "/biases", count: cout)
        }
        if k == 1, s != 1 {
            throw .unsupportedOp(path: path, name: prefix, reason: "is a 1x1 conv with stride \(s)")
        }
        return ConvWeights(name: prefix, weights: w, bias: bias, kernel: k, cin: cin, cout: cout, stride: s, activation: activation)
    }

    /// A depthwise layer `<prefix>/depthwise_weights` `[3,3,C,1]` + BN + ReLU6.
    func depthwise(_ prefix: String) throws(SSDLiteError) -> DepthwiseWeights {
        let wname = prefix + "/depthwise_weights"
        var (shape, w) = try constant(wname)
        guard shape.count == 4, shape[0] == 3, shape[1] == 3, shape[3] == 1 else {
            throw .badTensor(path: path, name: wname, reason: "has shape \(shape), expected [3,3,C,1]")
        }
        let c = shape[2]
        let s = try stride(of: try consumer(of: wname, ops: ["DepthwiseConv2dNative"]))
        let (scale, shift) = try batchNorm(prefix, count: c)
        for t in 0..<9 {
            for ch in 0..<c { w[t * c + ch] *= scale[ch] }
        }
        return DepthwiseWeights(name: prefix, weights: w, bias: shift, channels: c, stride: s)
    }
}
