import Foundation
import Testing
@testable import Detection

/// Crafted Const shapes (negative, overflowing, huge) must give `badTensor`, never trap or allocate.
@Suite struct SSDLiteCraftedShapeTests {
    static let shapes: [[Int64]] = [[-5], [1 << 40, 1 << 40], [1 << 20, 1 << 20, 1 << 10], [1 << 62, 4]]

    func graph(shape: [Int64], content: Bool) throws -> GraphDef {
        var g = SyntheticSSDLiteGraph()
        g.node("c", op: "Const") { w in
            SyntheticSSDLiteGraph.attr(&w, "value") { a in
                a.messageField(8) { t in
                    t.varintField(1, 1)
                    t.messageField(2) { s in for d in shape { s.messageField(2) { $0.varintField(1, d) } } }
                    if content { t.bytesField(4, [0, 0, 128, 63]) } else { t.packedFloats(5, [1]) }
                }
            }
        }
        return try GraphDef(serialized: g.writer.bytes)
    }

    @Test(arguments: shapes, [false, true])
    func craftedShapeIsRefused(shape: [Int64], content: Bool) throws {
        let graph = try graph(shape: shape, content: content)
        let t = try #require(graph["c"]?.attrs["value"]?.tensor)
        #expect(t.floats() == nil)
        let reader = GraphReader(graph: graph, path: "crafted.pb")
        do {
            _ = try reader.constant("c")
            Issue.record("crafted shape \(shape) accepted")
        } catch let e {
            guard case .badTensor(let p, let n, _) = e else { Issue.record("wrong error \(e)"); return }
            #expect(p == "crafted.pb" && n == "c")
        }
    }

    @Test func contentMustMatchTheShape() throws {
        let t = try #require(try graph(shape: [2], content: true)["c"]?.attrs["value"]?.tensor)
        #expect(t.floats() == nil)
        let ok = try #require(try graph(shape: [1], content: true)["c"]?.attrs["value"]?.tensor)
        #expect(ok.floats() == [1])
    }

    @Test func directoryGivenAsModelSaysSo() {
        let dir = FileManager.default.temporaryDirectory.path
        do {
            _ = try SSDLiteWeights(contentsOf: dir)
            Issue.record("a directory was accepted as a model")
        } catch let e {
            guard case .unreadableModel = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains("is a directory"))
            #expect(e.description.contains("frozen_inference_graph.pb"))
        }
    }
}
