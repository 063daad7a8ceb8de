import ArgumentParser
import Foundation
import SequenceModel
import TracklineCore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the seq2seq association model on simulated and real labelled detections.",
        discussion: """
        Simulated pedestrians (perspective ground plane, 5-30 fps, groups, stops, crossings) pass
        through a detector noise model calibrated on real detections; --data adds real MOTChallenge
        sequences (det/det.txt labelled by matching to gt/gt.txt at IoU 0.5). Writes the weights
        (safetensors, config and data description in the header) plus <output>-loss.csv and
        <output>-loss.svg. With one thread the same seed gives the same weights.
        Calibration: --calibrate DIR ... --write-config FILE measures the noise model on real data
        and writes a full training config with it, then exits.
        """)

    @Option(help: "Training config JSON (defaults apply to missing keys).")
    var config: String?

    @Option(parsing: .singleValue, help: "Real MOTChallenge data: a <SEQ> folder with det/ and gt/, or a root of such folders. Repeatable.")
    var data: [String] = []

    @Option(help: "Number of simulated training sequences (overrides the config).")
    var simulated: Int?

    @Option(help: "Random seed (overrides the config).")
    var seed: UInt64?

    @Option(help: "Epochs (overrides the config).")
    var epochs: Int?

    @Option(help: "OpenBLAS threads (1 gives bit-reproducible weights).")
    var threads: Int = 1

    @Option(name: [.short, .customLong("output")], help: "Weights file to write, e.g. Models/seq2seq.safetensors.")
    var output: String?

    @Option(parsing: .singleValue, help: "Calibrate the detector noise model on these MOTChallenge folders (needs --write-config).")
    var calibrate: [String] = []

    @Option(help: "Write the effective training config (with a calibrated noise model) to this JSON file and exit.")
    var writeConfig: String?

    @Option(help: "Only score these weights: association accuracy on --data (and simulated validation) samples, then exit.")
    var evaluate: String?

    func validate() throws {
        if writeConfig == nil && output == nil && evaluate == nil { throw ValidationError("give -o FILE.safetensors for the weights (or --write-config FILE)") }
        if !calibrate.isEmpty && writeConfig == nil { throw ValidationError("--calibrate needs --write-config FILE to write the result to") }
        if let s = simulated, s < 0 { throw ValidationError("--simulated must be 0 or more") }
        if let e = epochs, e < 1 { throw ValidationError("--epochs must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let wall = Date()
        var cfg = try config.map { try TrainingConfig.read(path: $0) } ?? TrainingConfig()
        if let simulated { cfg.simulatedSequences = simulated }
        if let seed { cfg.seed = seed }
        if let epochs { cfg.epochs = epochs }
        try cfg.validate(source: config ?? "<defaults>")
        BLAS.setThreads(threads)

        if let writeConfig {
            if !calibrate.isEmpty {
                let sequences = try calibrate.flatMap { try Self.sequences($0) }.map { seq in
                    (detections: try MOTFile.read(path: seq.detections ?? "").rows, truth: try MOTFile.read(path: seq.groundTruth ?? "").rows)
                }
                cfg.noise = DetectorNoiseModel.calibrate(sequences)
                FileHandle.standardError.write(Data("calibrated the detector noise model on \(sequences.count) sequences\n".utf8))
            }
            try AtomicFile.write(cfg.json() + "\n", to: writeConfig)
            print("wrote \(writeConfig)")
            return
        }
        if let evaluate {
            let (model, _) = try Seq2SeqModel.load(path: evaluate)
            var c = cfg
            c.model = model.config
            c.simulatedSequences = 0
            let trainer = Trainer(config: c)
            var rng = RandomSource(seed: c.seed &+ 99)
            let val = trainer.simulate().validation.flatMap { SampleGenerator.samples(from: $0, history: c.model.history, options: c.samples, using: &rng) }
            let (acc, loss) = trainer.evaluate(model, val)
            print("simulated validation: \(val.count) samples, accuracy \(String(format: "%.4f", acc)), loss \(String(format: "%.4f", loss)), nearest-candidate baseline \(String(format: "%.4f", Trainer.nearestBaseline(val, config: c.model)))")
            for labelled in try data.flatMap({ try Self.sequences($0) }) {
                let seq = try Self.loadLabelled(labelled)
                var options = c.samples
                options.sampleProbability = 1
                options.dropProbability = 0; options.gapProbability = 0; options.switchProbability = 0; options.falsePositiveProbability = 0
                let samples = SampleGenerator.samples(from: seq, history: c.model.history, options: options, using: &rng)
                let gapped = samples.filter { $0.frame - ($0.history.last?.frame ?? $0.frame) > 1 }
                let g = trainer.evaluateInDetail(model, gapped)
                print("  after a gap (> 1 frame): \(gapped.count) samples (\(gapped.filter { $0.target != nil }.count) with a true candidate), accuracy \(String(format: "%.4f", g.accuracy)); wrong candidate \(String(format: "%.4f", g.wrongCandidate)), false miss \(String(format: "%.4f", g.falseMiss)), false match \(String(format: "%.4f", g.falseMatch))")
                let r = trainer.evaluateInDetail(model, samples)
                print("\(seq.name): \(samples.count) samples, accuracy \(String(format: "%.4f", r.accuracy)), loss \(String(format: "%.4f", r.loss)), nearest-candidate baseline \(String(format: "%.4f", Trainer.nearestBaseline(samples, config: c.model))); errors: wrong candidate \(String(format: "%.4f", r.wrongCandidate)), false miss \(String(format: "%.4f", r.falseMiss)), false match \(String(format: "%.4f", r.falseMatch))")
            }
            return
        }
        guard let output else { return }

        let real = try data.flatMap { try Self.sequences($0) }.map { try Self.loadLabelled($0) }
        let trainer = Trainer(config: cfg)
        let (sim, val) = trainer.simulate()
        let simDetections = sim.reduce(0) { $0 + $1.frames.reduce(0) { $0 + $1.count } }
        log("simulated \(sim.count) training + \(val.count) validation sequences (\(simDetections) detections); \(real.count) real sequences")
        let (model, reports) = try trainer.train(simulated: sim, validation: val, real: real, progress: { epoch, step, steps, loss in
            self.log("epoch \(epoch)/\(cfg.epochs) step \(step)/\(steps) loss \(String(format: "%.4f", loss))", transient: true)
        }, epochDone: { r in
            var line = "epoch \(r.epoch)/\(cfg.epochs) loss \(String(format: "%.4f", r.trainLoss))"
            if let vl = r.validationLoss, let va = r.validationAccuracy {
                line += " val-loss \(String(format: "%.4f", vl)) val-acc \(String(format: "%.4f", va))"
            } else {
                line += " (no validation: validationSequences is 0)"
            }
            if let ra = r.realAccuracy { line += " real-acc \(String(format: "%.4f", ra))" }
            line += " (\(String(format: "%.0f", r.seconds)) s)"
            self.log(line)
        })
        var meta: [String: String] = [
            "training_config": cfg.json(),
            "data": "simulated \(cfg.simulatedSequences) sequences (seed \(cfg.seed)), validation \(cfg.validationSequences); real: \(real.map(\.name).joined(separator: ", "))",
            "command": CommandLine.arguments.dropFirst().joined(separator: " "),
        ]
        if let acc = reports.last?.validationAccuracy { meta["validation_accuracy"] = String(format: "%.4f", acc) }
        try model.save(to: output, metadata: meta)
        let base = output.hasSuffix(".safetensors") ? String(output.dropLast(".safetensors".count)) : output
        try AtomicFile.write(Self.lossCSV(reports), to: base + "-loss.csv")
        try AtomicFile.write(Self.lossSVG(reports), to: base + "-loss.svg")
        let seconds = Date().timeIntervalSince(wall)
        print("wrote \(output) (\(model.store.scalarCount) parameters), \(base)-loss.csv, \(base)-loss.svg; wall time \(String(format: "%.1f", seconds)) s")
    }

    private func log(_ s: String, transient: Bool = false) {
        FileHandle.standardError.write(Data((transient ? "\r\(s)\u{1B}[K" : "\r\(s)\u{1B}[K\n").utf8))
    }

    /// `dir` itself when it holds det/det.txt and gt/gt.txt, else its subfolders that do.
    /// The labelled sequences (`det/det.txt` with `gt/gt.txt`) of a `<SEQ>` folder or a root.
    static func sequences(_ path: String) throws -> [MOTDataset.Sequence] {
        do { return try MOTDataset(path: path, needs: [.detections, .groundTruth]).sequences } catch { throw CLIError("\(error)") }
    }

    static func loadLabelled(_ seq: MOTDataset.Sequence) throws -> LabelledSequence {
        let det = try MOTFile.read(path: seq.detections ?? "").rows
        let gt = try MOTFile.read(path: seq.groundTruth ?? "").rows
        let info = try seq.seqInfo()
        return LabelledSequence.labelling(name: info?.name ?? seq.name, frameRate: info?.frameRate ?? 30, detections: det, truth: gt)
    }

    static func lossCSV(_ reports: [EpochReport]) -> String {
        var s = "epoch,train_loss,validation_loss,validation_accuracy,real_accuracy,seconds\n"
        for r in reports {
            s += "\(r.epoch),\(r.trainLoss),\(r.validationLoss.map { "\($0)" } ?? ""),\(r.validationAccuracy.map { "\($0)" } ?? ""),\(r.realAccuracy.map { "\($0)" } ?? ""),\(String(format: "%.2f", r.seconds))\n"
        }
        return s
    }

    /// A small line plot of training and validation loss per epoch.
    static func lossSVG(_ reports: [EpochReport]) -> String {
        let w = 480.0, h = 300.0, left = 50.0, bottom = 40.0, top = 20.0, right = 20.0
        let values = reports.flatMap { [$0.trainLoss, $0.validationLoss ?? $0.trainLoss] }
        let maxV = max(values.max() ?? 1, 1e-6) * 1.05
        let n = max(1, reports.count - 1)
        func x(_ i: Int) -> Double { left + (w - left - right) * Double(i) / Double(n) }
        func y(_ v: Double) -> Double { h - bottom - (h - top - bottom) * v / maxV }
        func path(_ k: (EpochReport) -> Double) -> String {
            reports.enumerated().map { i, r in "\(i == 0 ? "M" : "L")\(String(format: "%.1f", x(i))),\(String(format: "%.1f", y(k(r))))" }.joined(separator: " ")
        }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<line x1=\"\(left)\" y1=\"\(h - bottom)\" x2=\"\(w - right)\" y2=\"\(h - bottom)\" stroke=\"black\"/>\n"
        s += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(h - bottom)\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let v = maxV * Double(k) / 4
            s += "<text x=\"\(left - 5)\" y=\"\(String(format: "%.1f", y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.3f", v))</text>\n"
        }
        for (i, r) in reports.enumerated() {
            s += "<text x=\"\(String(format: "%.1f", x(i)))\" y=\"\(h - bottom + 15)\" text-anchor=\"middle\">\(r.epoch)</text>\n"
        }
        s += "<text x=\"\((w + left) / 2)\" y=\"\(h - 5)\" text-anchor=\"middle\">epoch</text>\n"
        s += "<path d=\"\(path { $0.trainLoss })\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
        let validation: (EpochReport) -> Double = { $0.validationLoss ?? $0.trainLoss }
        s += "<path d=\"\(path(validation))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
        s += "<text x=\"\(w - right - 150)\" y=\"\(top + 10)\" fill=\"#1f77b4\">training loss</text>\n"
        s += "<text x=\"\(w - right - 150)\" y=\"\(top + 25)\" fill=\"#d62728\">validation loss</text>\n"
        s += "</svg>\n"
        return s
    }
}
