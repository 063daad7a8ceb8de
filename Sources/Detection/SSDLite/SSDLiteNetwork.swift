import COpenBLAS
import CSSDLiteKernels
import Dispatch
import Foundation

/// A borrowed view of one activation tensor of the network, NHWC `[height, width, channels]`.
/// Valid only inside the closure that receives it.
public struct SSDLiteTensorView {
    public let values: UnsafeBufferPointer<Float>
    public let height: Int
    public let width: Int
    public let channels: Int
    /// Network-input pixels per cell along each axis (`inputSize / height`, rounded up steps of 2).
    public let stride: Int
}

/// SSDLite-MobileNetV2 forward pass: NHWC float32, batch norms folded, every activation buffer
/// allocated once for the input size. 1x1 convs on our fused kernels (blocks with big expanded
/// tensors streamed row band by row band) or on OpenBLAS, per `kernels`.
///
/// Layout choice: NHWC makes every 1x1 conv one row-major GEMM `[pixels, cin] x [cin, cout]` with no
/// transposes, and the depthwise inner loop runs over contiguous channels.
final class SSDLiteNetwork {
    let weights: SSDLiteWeights
    /// Square network input side in pixels.
    let inputSize: Int
    /// Heads evaluated (6 at 300; 3 for the larger constant-pixel variant).
    let headCount: Int
    /// Feature-map side of each evaluated head.
    let grids: [Int]
    /// First output row of each head, plus the total at the end.
    let headOffsets: [Int]
    var anchorCount: Int { headOffsets[headCount] }
    /// Threads each layer is split across (see `ownThreads`).
    var threads: Int
    /// Fused C kernels or OpenBLAS for the 1x1 convolutions and the first conv's product.
    var kernels: SSDLiteKernelPath

    /// Network input `[S, S, 3]`, RGB in [-1, 1].
    let input: UnsafeMutablePointer<Float>
    /// Raw box encodings `[anchorCount, 4]` (ty, tx, th, tw) = the graph's `concat:0`.
    let boxOutput: UnsafeMutablePointer<Float>
    /// Raw class logits `[anchorCount, 2]` (background, person) = the graph's `concat_1:0`.
    let classOutput: UnsafeMutablePointer<Float>

    private let arena = Arena()
    private let im2col, ping, pong, expanded, depthwiseOut, headScratch, headScratch2, extraA, extraB: UnsafeMutablePointer<Float>
    /// Head inputs: expanded_conv_13 expansion, Conv_1, then the extra layers.
    private let headMaps: [UnsafeMutablePointer<Float>]
    private let headMapShapes: [(h: Int, c: Int)]
    /// Floats of `ssdl_inverted_residual` scratch per thread, and one buffer per thread so far.
    private let blockScratchCount: Int
    private let stemScratchCount: Int
    private var blockScratch: [UnsafeMutablePointer<Float>] = []

    init(weights: SSDLiteWeights, inputSize: Int, headCount: Int, threads: Int = 1, kernels: SSDLiteKernelPath = .fused) {
        self.weights = weights
        self.kernels = kernels
        self.inputSize = inputSize
        self.headCount = headCount
        self.threads = max(1, threads)

        // Walk the shapes once to size every buffer.
        var h = SamePadding(input: inputSize, kernel: 3, stride: weights.stem.stride).output
        var maxPing = h * h * weights.stem.cout, maxExpanded = 0, maxDepthwise = 0
        let im2colCount = h * h * 9 * weights.stem.cin
        var c = weights.stem.cout
        var mapShapes: [(h: Int, c: Int)] = []
        for (i, b) in weights.blocks.enumerated() {
            let ce = b.expand?.cout ?? c
            if b.expand != nil, i != 13 { maxExpanded = max(maxExpanded, h * h * ce) }
            if i == 13 { mapShapes.append((h, ce)) }
            h = SamePadding(input: h, kernel: 3, stride: b.depthwise.stride).output
            maxDepthwise = max(maxDepthwise, h * h * ce)
            c = b.project.cout
            maxPing = max(maxPing, h * h * c)
        }
        mapShapes.append((h, weights.lastConv.cout))
        var extraMax = 0
        for x in weights.extras.prefix(max(0, headCount - 2)) {
            extraMax = max(extraMax, h * h * x.reduce.cout)
            h = SamePadding(input: h, kernel: 3, stride: x.depthwise.stride).output
            extraMax = max(extraMax, h * h * x.reduce.cout)
            mapShapes.append((h, x.expand.cout))
        }
        headMapShapes = mapShapes
        grids = mapShapes.map(\.h)
        var offsets = [0]
        for k in 0..<headCount { offsets.append(offsets[k] + grids[k] * grids[k] * weights.heads[k].anchorsPerCell) }
        headOffsets = offsets
        let headScratchCount = mapShapes.map { $0.h * $0.h * $0.c }.max() ?? 0
        // Per-thread scratch of the row-streamed blocks (expanded-row ring + depthwise band).
        var blockScratch = 0
        var bh = SamePadding(input: inputSize, kernel: 3, stride: weights.stem.stride).output
        var bc = weights.stem.cout
        for b in weights.blocks {
            let ce = b.expand?.cout ?? bc
            let o = SamePadding(input: bh, kernel: 3, stride: b.depthwise.stride).output
            blockScratch = max(blockScratch, ConvOps.invertedResidualScratchCount(size: bh, expanded: ce, stride: b.depthwise.stride))
            bh = o
            bc = b.project.cout
        }
        for x in weights.extras.prefix(max(0, headCount - 2)) {
            let o = SamePadding(input: bh, kernel: 3, stride: x.depthwise.stride).output
            blockScratch = max(blockScratch, ConvOps.invertedResidualScratchCount(size: bh, expanded: x.reduce.cout, stride: x.depthwise.stride))
            bh = o
        }
        // + the stem's im2col bands when block 0 computes its input from the image.
        stemScratchCount = ConvOps.fusedConv3x3ScratchCount(size: inputSize, cin: weights.stem.cin, stride: weights.stem.stride)
        blockScratchCount = max(blockScratch, stemScratchCount) + stemScratchCount

        input = arena.allocate(inputSize * inputSize * 3)
        im2col = arena.allocate(im2colCount)
        ping = arena.allocate(maxPing)
        pong = arena.allocate(maxPing)
        expanded = arena.allocate(maxExpanded)
        depthwiseOut = arena.allocate(maxDepthwise)
        headScratch = arena.allocate(headScratchCount)
        headScratch2 = arena.allocate(headScratchCount)
        extraA = arena.allocate(extraMax)
        extraB = arena.allocate(extraMax)
        let arena = self.arena
        headMaps = mapShapes.map { arena.allocate($0.h * $0.h * $0.c) }
        boxOutput = arena.allocate(offsets[headCount] * 4)
        classOutput = arena.allocate(offsets[headCount] * 2)
    }

    /// The activation feeding head `k` from the last `forward` (k = 0: expanded_conv_13
    /// expansion, 576 channels at stride 16; k = 1: Conv_1, 1280 channels at stride 32).
    func headMap(_ k: Int) -> SSDLiteTensorView {
        let s = headMapShapes[k]
        return SSDLiteTensorView(values: UnsafeBufferPointer(start: headMaps[k], count: s.h * s.h * s.c),
                                 height: s.h, width: s.h, channels: s.c,
                                 stride: (inputSize + s.h - 1) / s.h)
    }

    /// Observer of intermediate tensors: TF tensor name (without `:0`), values, NHWC shape.
    typealias Observer = (String, UnsafeBufferPointer<Float>, (h: Int, w: Int, c: Int)) -> Void

    /// Runs the network on `input`, filling `boxOutput` and `classOutput`.
    func forward(observer: Observer? = nil) {
        let b = SSDLiteWeights.backbone
        func report(_ name: String, _ p: UnsafeMutablePointer<Float>, _ h: Int, _ c: Int) {
            observer?(name, UnsafeBufferPointer(start: p, count: h * h * c), (h, h, c))
        }
        var h = inputSize
        let stem = weights.stem
        // Fused kernels without an observer: each block streams rows through its expansion,
        // depthwise and projection (the intermediate tensors are never stored whole), except
        // block 13, whose expansion is head 0's input. Block 0 also computes the first conv's
        // rows itself when it has no expansion.
        let streamed = kernels == .fused && observer == nil
        let streamStem = streamed && weights.blocks.first.map { $0.expand == nil && !$0.residual } == true
        if streamStem {
            // Done by block 0 below.
        } else if kernels == .fused {
            stemConv(stem, output: ping)
        } else {
            let t0 = profile == nil ? 0 : Self.clock()
            let pixels = ConvOps.im2col3x3(input: input, height: h, width: h, cin: stem.cin, stride: stem.stride, output: im2col)
            if profile != nil { profile!.im2col += Self.clock() - t0 }
            pointwise(stem, input: im2col, pixels: pixels, output: ping, cinOverride: 9 * stem.cin)
        }
        h = SamePadding(input: h, kernel: 3, stride: stem.stride).output
        report(b + "Conv/Relu6", ping, h, stem.cout)

        var x = ping, spare = pong
        for (i, blk) in weights.blocks.enumerated() {
            // With several threads every block streams: one hand-off per block instead of three.
            if streamed, i != 13, (i == 0 && streamStem) || threads > 1
                || h * h * (blk.expand?.cout ?? blk.depthwise.channels) * 4 >= streamMinBytes {
                invertedResidual(expand: blk.expand, depthwise: blk.depthwise, project: blk.project,
                                 residual: blk.residual, input: x, size: h, output: spare,
                                 stem: i == 0 && streamStem ? stem : nil)
                swap(&x, &spare)
                h = SamePadding(input: h, kernel: 3, stride: blk.depthwise.stride).output
                continue
            }
            let prefix = b + blk.name
            var dwIn = x
            if let e = blk.expand {
                let dst = i == 13 ? headMaps[0] : expanded
                pointwise(e, input: x, pixels: h * h, output: dst)
                report(prefix + "/expand/Relu6", dst, h, e.cout)
                if i == 13 { head(0, observed: observer != nil, report) }
                dwIn = dst
            }
            let hOut = SamePadding(input: h, kernel: 3, stride: blk.depthwise.stride).output
            depthwise(blk.depthwise, input: dwIn, size: h, output: depthwiseOut)
            report(prefix + "/depthwise/Relu6", depthwiseOut, hOut, blk.depthwise.channels)
            pointwise(blk.project, input: depthwiseOut, pixels: hOut * hOut, output: spare,
                      residual: blk.residual ? UnsafePointer(x) : nil)
            report(prefix + (blk.residual ? "/add" : "/project/BatchNorm/FusedBatchNorm"), spare, hOut, blk.project.cout)
            swap(&x, &spare)
            h = hOut
        }
        pointwise(weights.lastConv, input: x, pixels: h * h, output: headMaps[1])
        report(b + "Conv_1/Relu6", headMaps[1], h, weights.lastConv.cout)
        head(1, observed: observer != nil, report)

        var prev = headMaps[1]
        for (k, ex) in weights.extras.prefix(max(0, headCount - 2)).enumerated() {
            if streamed, threads > 1 || h * h * ex.reduce.cout * 4 >= streamMinBytes {
                invertedResidual(expand: ex.reduce, depthwise: ex.depthwise, project: ex.expand,
                                 residual: false, input: prev, size: h, output: headMaps[k + 2])
                head(k + 2, observed: observer != nil, report)
                prev = headMaps[k + 2]
                h = SamePadding(input: h, kernel: 3, stride: ex.depthwise.stride).output
                continue
            }
            let n = SSDLiteWeights.extraNames[k]
            pointwise(ex.reduce, input: prev, pixels: h * h, output: extraA)
            report(b + n.reduce + "/Relu6", extraA, h, ex.reduce.cout)
            let hOut = SamePadding(input: h, kernel: 3, stride: ex.depthwise.stride).output
            depthwise(ex.depthwise, input: extraA, size: h, output: extraB)
            report(b + n.depthwise + "/Relu6", extraB, hOut, ex.reduce.cout)
            pointwise(ex.expand, input: extraB, pixels: hOut * hOut, output: headMaps[k + 2])
            report(b + n.expand + "/Relu6", headMaps[k + 2], hOut, ex.expand.cout)
            head(k + 2, observed: observer != nil, report)
            prev = headMaps[k + 2]
            h = hOut
        }

    }

    /// Box and class predictors of head `k`, run as soon as its input map is complete (while the
    /// map is still in cache).
    private func head(_ k: Int, observed: Bool, _ report: (String, UnsafeMutablePointer<Float>, Int, Int) -> Void) {
        guard k < headCount else { return }
        let hw = weights.heads[k]
        let s = headMapShapes[k]
        if kernels == .fused, threads > 1, profile == nil, !observed {
            // Box and class branches side by side on two threads: one hand-off instead of four.
            let job = HeadJob(map: headMaps[k], size: s.h, head: hw, scratch: [headScratch, headScratch2],
                              box: boxOutput + headOffsets[k] * 4, classes: classOutput + headOffsets[k] * 2)
            parallel(parts: 2) { job.run(branch: $0) }
            return
        }
        let p = "BoxPredictor_\(k)/"
        depthwise(hw.boxDepthwise, input: headMaps[k], size: s.h, output: headScratch)
        report(p + "BoxEncodingPredictor_depthwise/Relu6", headScratch, s.h, s.c)
        pointwise(hw.box, input: headScratch, pixels: s.h * s.h, output: boxOutput + headOffsets[k] * 4)
        depthwise(hw.classDepthwise, input: headMaps[k], size: s.h, output: headScratch)
        report(p + "ClassPredictor_depthwise/Relu6", headScratch, s.h, s.c)
        pointwise(hw.classes, input: headScratch, pixels: s.h * s.h, output: classOutput + headOffsets[k] * 2)
    }

    /// The first 3x3 conv on the fused path: im2col and the 1x1 kernel a band of rows at a time,
    /// rows split across `threads`.
    private func stemConv(_ l: ConvWeights, output: UnsafeMutablePointer<Float>) {
        let outRows = SamePadding(input: inputSize, kernel: 3, stride: l.stride).output
        let parts = profile == nil ? max(1, min(threads, outRows)) : 1
        while blockScratch.count < parts { blockScratch.append(arena.allocate(blockScratchCount)) }  // once per thread count
        let job = StemJob(layer: l, input: input, size: inputSize, output: output, scratch: Array(blockScratch.prefix(parts)))
        let t0 = profile == nil ? 0 : Self.clock()
        forEachBand(of: outRows, parts: parts) { job.run(rows: $0, part: $1) }
        if profile != nil {
            let dt = Self.clock() - t0
            profile!.gemm += dt
            let key = l.name + " fused 3x3 \(inputSize)x\(inputSize)x\(l.cin)/\(l.stride)>\(l.cout)"
            profile!.layers[key, default: (0, 0)].ns += dt
            profile!.layers[key, default: (0, 0)].flops = 2 * outRows * outRows * 9 * l.cin * l.cout
        }
    }

    /// An inverted-residual block (or extra layer) through `ssdl_inverted_residual`, output rows
    /// split across `threads`, each with its own scratch.
    private func invertedResidual(expand: ConvWeights?, depthwise dw: DepthwiseWeights, project: ConvWeights,
                                  residual: Bool, input: UnsafePointer<Float>, size: Int,
                                  output: UnsafeMutablePointer<Float>, stem: ConvWeights? = nil) {
        let outRows = SamePadding(input: size, kernel: 3, stride: dw.stride).output
        let parts = profile == nil ? max(1, min(threads, outRows)) : 1
        while blockScratch.count < parts { blockScratch.append(arena.allocate(blockScratchCount)) }  // once per thread count
        let job = BlockJob(expand: expand, depthwise: dw, project: project, residual: residual, input: input,
                           size: size, output: output, scratch: Array(blockScratch.prefix(parts)),
                           stem: stem, image: self.input, imageSize: inputSize, stemScratchOffset: blockScratchCount - stemScratchCount)
        let t0 = profile == nil ? 0 : Self.clock()
        forEachBand(of: outRows, parts: parts) { job.run(rows: $0, part: $1) }
        if profile != nil {
            let dt = Self.clock() - t0
            profile!.blocks += dt
            let ce = expand?.cout ?? dw.channels
            let key = project.name + " block \(size)x\(size)x\(expand?.cin ?? dw.channels)>\(ce)/\(dw.stride)>\(project.cout)"
            profile!.layers[key, default: (0, 0)].ns += dt
            profile!.layers[key, default: (0, 0)].flops = 2 * size * size * (expand.map { $0.cin * $0.cout } ?? 0)
                + 18 * outRows * outRows * ce + 2 * outRows * outRows * ce * project.cout
        }
    }

    private func pointwise(_ l: ConvWeights, input: UnsafePointer<Float>, pixels: Int,
                           output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>? = nil,
                           cinOverride: Int? = nil) {
        let cin = cinOverride ?? l.cin
        if kernels == .fused {
            // Split only layers with a few microseconds of work or more: the small heads cost
            // less than the hand-off to the other thread.
            if threads > 1, profile == nil, pixels >= 2 * threads, pixels * cin * l.cout >= 1 << 18 {
                let job = PointwiseJob(layer: l, input: input, cin: cin, output: output, residual: residual, fused: true)
                forEachBand(of: pixels, parts: threads) { rows, _ in job.run(rows: rows) }
                return
            }
            let t0 = profile == nil ? 0 : Self.clock()
            ConvOps.fusedPointwise(l, input: input, cin: cin, rows: 0..<pixels, output: output, residual: residual)
            if profile != nil {
                let dt = Self.clock() - t0
                profile!.gemm += dt
                let key = l.name + " fused \(pixels)x\(cin)x\(l.cout)"
                profile!.layers[key, default: (0, 0)].ns += dt
                profile!.layers[key, default: (0, 0)].flops = 2 * pixels * cin * l.cout
            }
            return
        }
        if threads > 1, ownThreads, profile == nil, pixels >= 2 * threads {
            // Our own threads, each a band of rows with a one-thread GEMM and its epilogue: no
            // OpenBLAS worker threads spinning between the many small GEMMs of this network.
            let job = PointwiseJob(layer: l, input: input, cin: cin, output: output, residual: residual, fused: false)
            forEachBand(of: pixels, parts: threads) { rows, _ in job.run(rows: rows) }
            return
        }
        // Large maps go through in bands of about `bandBytes` of output, bias + ReLU6 applied to
        // each band right after its GEMM while it is still in cache.
        // With several OpenBLAS threads one big GEMM splits better than many small ones.
        let band = bandBytes > 0 && threads == 1 ? max(64, bandBytes / (4 * l.cout)) : pixels
        var r0 = 0
        while r0 < pixels {
            let rows = min(band, pixels - r0)
            let t0 = profile == nil ? 0 : Self.clock()
            l.weights.withUnsafeBufferPointer { w in
                ConvOps.gemm(input: input + r0 * cin, pixels: rows, cin: cin, weights: w.baseAddress!,
                             cout: l.cout, output: output + r0 * l.cout)
            }
            let t1 = profile == nil ? 0 : Self.clock()
            l.bias.withUnsafeBufferPointer { bias in
                ConvOps.epilogue(output: output + r0 * l.cout, rows: rows, columns: l.cout, ld: l.cout, bias: bias.baseAddress!,
                                 activation: l.activation, residual: residual.map { $0 + r0 * l.cout })
            }
            if profile != nil {
                profile!.gemm += t1 - t0
                profile!.epilogue += Self.clock() - t1
                let key = l.name + " gemm \(pixels)x\(cin)x\(l.cout)"
                profile!.layers[key, default: (0, 0)].ns += t1 - t0
                profile!.layers[key, default: (0, 0)].flops = 2 * pixels * cin * l.cout
            }
            r0 += rows
        }
    }

    /// With `threads` > 1: split every layer across our own threads, each calling a one-thread
    /// OpenBLAS (true), or let OpenBLAS thread each GEMM (false).
    var ownThreads = true

    /// Blocks whose expanded tensor has at least this many bytes are streamed row band by row band
    /// on the fused path (smaller ones stay in cache anyway and run layer by layer).
    var streamMinBytes = 1 << 20

    /// Output bytes per GEMM band (0: one GEMM per layer).
    var bandBytes = 256 * 1024

    /// Time spent per kind of op, in nanoseconds, accumulated while `profile` is non-nil.
    struct Profile {
        /// `cblas_sgemm`, or the whole fused 1x1 kernel (epilogue included) on the fused path.
        var gemm: UInt64 = 0
        var epilogue: UInt64 = 0
        var depthwise: UInt64 = 0
        var im2col: UInt64 = 0
        /// Row-streamed inverted-residual blocks (fused path): 1x1s and depthwise together.
        var blocks: UInt64 = 0
        /// Per layer: time and floating-point operations of one call.
        var layers: [String: (ns: UInt64, flops: Int)] = [:]
        var total: UInt64 { gemm + epilogue + depthwise + im2col + blocks }
    }

    var profile: Profile?

    /// Wall clock in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The profiler's clock: CPU time of the calling thread, which on a shared machine measures the
    /// work of an op far more steadily than wall time. With one thread (OpenBLAS included) all work
    /// runs on the caller; with more, work done on other threads is not counted.
    static func clock() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Hand each split to `DispatchQueue.concurrentPerform` instead of our persistent workers
    /// (the former way, kept for comparison: `SSDLITE_DISPATCH=1` in the benchmark).
    var dispatchSplits = false

    /// Our worker threads, made on first use for the current `threads`.
    private var pool: SSDLiteThreadPool?

    /// Runs `body(part)` for `parts` parts, on that many threads (the caller's included).
    private func parallel(parts: Int, _ body: @Sendable (Int) -> Void) {
        guard parts > 1 else { body(0); return }
        if dispatchSplits { DispatchQueue.concurrentPerform(iterations: parts, execute: body); return }
        if pool?.threads != threads { pool = nil; pool = SSDLiteThreadPool(threads: threads) }
        pool!.run(parts: parts, body)
    }

    /// Runs `body` on `parts` contiguous bands of `0..<count` (with the band's index), on that many
    /// threads when `parts > 1`.
    private func forEachBand(of count: Int, parts: Int, _ body: @Sendable (Range<Int>, Int) -> Void) {
        if parts > 1 {
            parallel(parts: parts) { t in body((count * t / parts)..<(count * (t + 1) / parts), t) }
        } else {
            body(0..<count, 0)
        }
    }

    private func depthwise(_ l: DepthwiseWeights, input: UnsafePointer<Float>, size: Int, output: UnsafeMutablePointer<Float>) {
        let outRows = SamePadding(input: size, kernel: 3, stride: l.stride).output
        let t0 = profile == nil ? 0 : Self.clock()
        let job = DepthwiseJob(input: input, size: size, layer: l, output: output)
        let parts = min(threads, outRows)
        // Small maps cost less than the hand-off to the other thread.
        forEachBand(of: outRows, parts: outRows * outRows * l.channels < 16_384 ? 1 : parts) { rows, _ in job.run(rows: rows) }
        if profile != nil {
            profile!.depthwise += Self.clock() - t0
            profile!.layers[l.name + " dw \(size)x\(size)x\(l.channels)/\(l.stride)", default: (0, 0)].ns += Self.clock() - t0
            profile!.layers[l.name + " dw \(size)x\(size)x\(l.channels)/\(l.stride)", default: (0, 0)].flops = 18 * outRows * outRows * l.channels
        }
    }
}


/// One 1x1 conv call, shareable across the threads that each compute a band of rows.
/// Unchecked Sendable: the threads read the same input and weights and write disjoint rows.
private struct PointwiseJob: @unchecked Sendable {
    let layer: ConvWeights
    let input: UnsafePointer<Float>
    let cin: Int
    let output: UnsafeMutablePointer<Float>
    let residual: UnsafePointer<Float>?
    let fused: Bool

    func run(rows: Range<Int>) {
        guard !rows.isEmpty else { return }
        if fused {
            ConvOps.fusedPointwise(layer, input: input, cin: cin, rows: rows, output: output, residual: residual)
            return
        }
        let cout = layer.cout
        layer.weights.withUnsafeBufferPointer { w in
            ConvOps.gemm(input: input + rows.lowerBound * cin, pixels: rows.count, cin: cin, weights: w.baseAddress!,
                         cout: cout, output: output + rows.lowerBound * cout)
        }
        layer.bias.withUnsafeBufferPointer { bias in
            ConvOps.epilogue(output: output + rows.lowerBound * cout, rows: rows.count, columns: cout, ld: cout,
                             bias: bias.baseAddress!, activation: layer.activation,
                             residual: residual.map { $0 + rows.lowerBound * cout })
        }
    }
}

/// One `ssdl_inverted_residual` call, shareable across the threads that each compute a band of
/// output rows with their own scratch. Unchecked Sendable: the threads read the same input and
/// weights, write disjoint output rows and separate scratch buffers.
private struct BlockJob: @unchecked Sendable {
    let expand: ConvWeights?
    let depthwise: DepthwiseWeights
    let project: ConvWeights
    let residual: Bool
    let input: UnsafePointer<Float>
    let size: Int
    let output: UnsafeMutablePointer<Float>
    let scratch: [UnsafeMutablePointer<Float>]
    /// Block 0 computing its input from the image through the first conv (nil: reads `input`).
    let stem: ConvWeights?
    let image: UnsafePointer<Float>
    let imageSize: Int
    /// Where the stem's im2col scratch starts in each thread's scratch buffer.
    let stemScratchOffset: Int

    func run(rows: Range<Int>, part: Int) {
        let s = stem.map { ConvOps.StreamedStem(layer: $0, image: image, imageSize: imageSize, scratch: scratch[part] + stemScratchOffset) }
        ConvOps.invertedResidual(expand: expand, depthwise: depthwise, project: project, residual: residual,
                                 input: input, size: size, rows: rows, output: output, scratch: scratch[part], stem: s)
    }
}

/// The two branches of a head on the fused path, one per thread (0: boxes, 1: classes), each with
/// its own scratch. Unchecked Sendable: both read the same map and write disjoint outputs.
private struct HeadJob: @unchecked Sendable {
    let map: UnsafePointer<Float>
    let size: Int
    let head: HeadWeights
    let scratch: [UnsafeMutablePointer<Float>]
    let box: UnsafeMutablePointer<Float>
    let classes: UnsafeMutablePointer<Float>

    func run(branch: Int) {
        let dw = branch == 0 ? head.boxDepthwise : head.classDepthwise
        let pw = branch == 0 ? head.box : head.classes
        dw.aligned.withPointer { w in
            ConvOps.depthwise3x3(input: map, height: size, width: size, channels: dw.channels, weights: w,
                                 bias: w + dw.biasOffset, stride: dw.stride, output: scratch[branch], activation: .relu6)
        }
        ConvOps.fusedPointwise(pw, input: scratch[branch], cin: pw.cin, rows: 0..<(size * size),
                               output: branch == 0 ? box : classes, residual: nil)
    }
}

/// The first conv on the fused path, shareable like `BlockJob`.
private struct StemJob: @unchecked Sendable {
    let layer: ConvWeights
    let input: UnsafePointer<Float>
    let size: Int
    let output: UnsafeMutablePointer<Float>
    let scratch: [UnsafeMutablePointer<Float>]

    func run(rows: Range<Int>, part: Int) {
        ConvOps.fusedConv3x3(layer, input: input, size: size, rows: rows, output: output, scratch: scratch[part])
    }
}

/// One depthwise layer call, shareable across the threads that each compute a band of rows.
/// Unchecked Sendable: the threads read the same input and weights and write disjoint rows.
private struct DepthwiseJob: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let size: Int
    let layer: DepthwiseWeights
    let output: UnsafeMutablePointer<Float>

    func run(rows: Range<Int>) {
        layer.aligned.withPointer { w in
            ConvOps.depthwise3x3(input: input, height: size, width: size, channels: layer.channels,
                                 weights: w, bias: w + layer.biasOffset, stride: layer.stride,
                                 output: output, activation: .relu6, rows: rows)
        }
    }
}

/// Owns the network's float buffers (freed together), each 64-byte aligned (see `AlignedFloats`).
private final class Arena {
    private var blocks: [AlignedFloats] = []

    func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let b = AlignedFloats(count: count)
        blocks.append(b)
        // The arena keeps the storage alive as long as the network that writes through it.
        return b.withPointer { UnsafeMutablePointer(mutating: $0) }
    }
}
