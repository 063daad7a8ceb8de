import Foundation
import Testing
@testable import Detection

@Suite struct SSDLiteGraphTests {
    @Test func parsesNodesAttributesAndConstants() throws {
        var g = SyntheticSSDLiteGraph()
        g.const("w", shape: [1, 1, 2, 3], values: [1, 2, 3, 4, 5, 6])
        g.convOp("layer", op: "Conv2D", weights: "w", stride: 2)
        // A constant with float_val only: TF repeats the last value to fill the shape.
        g.node("s", op: "Const") { w in
            SyntheticSSDLiteGraph.attr(&w, "value") { a in
                a.messageField(8) { t in
                    t.varintField(1, 1)
                    t.messageField(2) { s in s.messageField(2) { $0.varintField(1, 3) } }
                    t.packedFloats(5, [0.5])
                }
            }
        }
        let graph = try GraphDef(serialized: g.writer.bytes)
        #expect(graph.nodes.count == 4)
        let w = try #require(graph["w"])
        #expect(w.op == "Const")
        let t = try #require(w.attrs["value"]?.tensor)
        #expect(t.shape == [1, 1, 2, 3])
        #expect(t.floats() == [1, 2, 3, 4, 5, 6])
        let conv = try #require(graph["layer/Conv2D"])
        #expect(conv.inputs == ["x", "w/read"])
        #expect(conv.attrs["strides"]?.list?.ints == [1, 2, 2, 1])
        #expect(conv.attrs["padding"]?.string == "SAME")
        #expect(graph["s"]?.attrs["value"]?.tensor?.floats() == [0.5, 0.5, 0.5])
    }

    @Test func loadsSyntheticModelAndFoldsBatchNorm() throws {
        let bytes = SyntheticSSDLiteGraph.build()
        let graph = try GraphDef(serialized: bytes)
        let weights = try SSDLiteWeights(graph: graph, path: "synthetic.pb")
        #expect(weights.blocks.count == 17)
        #expect(weights.blocks.filter(\.residual).count == 10)
        #expect(weights.stem.stride == 2 && weights.stem.kernel == 3 && weights.stem.cout == 4)
        #expect(weights.blocks[1].depthwise.stride == 2 && weights.blocks[2].depthwise.stride == 1)
        #expect(weights.heads.map(\.anchorsPerCell) == [3, 6, 6, 6, 6, 6])

        // BN folding of the stem: w' = w * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps).
        func values(_ name: String) throws -> [Float] { try #require(graph[name]?.attrs["value"]?.tensor?.floats()) }
        let b = SSDLiteWeights.backbone + "Conv"
        let w = try values(b + "/weights"), gamma = try values(b + "/BatchNorm/gamma")
        let beta = try values(b + "/BatchNorm/beta"), mean = try values(b + "/BatchNorm/moving_mean")
        let variance = try values(b + "/BatchNorm/moving_variance")
        for o in 0..<4 {
            let s = gamma[o] / (variance[o] + 0.001).squareRoot()
            #expect(abs(weights.stem.bias[o] - (beta[o] - mean[o] * s)) < 1e-6)
            for r in 0..<27 { #expect(abs(weights.stem.weights[r * 4 + o] - w[r * 4 + o] * s) < 1e-6) }
        }
    }

    @Test func missingNodeAndBadFilesGiveClearErrors() throws {
        var g = SyntheticSSDLiteGraph()
        g.conv(SSDLiteWeights.backbone + "Conv", k: 3, cin: 3, cout: 4, stride: 2)
        let graph = try GraphDef(serialized: g.writer.bytes)
        #expect(throws: SSDLiteError.missingNode(path: "p.pb", name: SSDLiteWeights.backbone + "expanded_conv/depthwise/depthwise_weights")) {
            _ = try SSDLiteWeights(graph: graph, path: "p.pb")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssdlite-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.pb")
        try Data([0x0F, 0xFF, 0x00, 0x12]).write(to: bad)
        do {
            _ = try SSDLiteWeights(contentsOf: bad.path)
            Issue.record("garbage file accepted")
        } catch let e {
            guard case .notAGraphDef = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains("bad.pb"))
        }
        do {
            _ = try SSDLiteWeights(contentsOf: dir.appendingPathComponent("none.pb").path)
            Issue.record("missing file accepted")
        } catch let e {
            guard case .unreadableModel = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains("fetch-models.sh"))
        }
    }
}
