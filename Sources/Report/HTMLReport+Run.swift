import Evaluation
import Foundation

extension HTMLReport {
    func runPayload(_ run: ReportRun) throws -> ReportPayload.Run {
        var sequences: [ReportPayload.Sequence] = []
        var scores: [SequenceScores] = []
        for s in run.sequences {
            let (payload, score) = try sequencePayload(s)
            sequences.append(payload)
            if let score { scores.append(score) }
        }
        let combined = run.isScored ? Self.metrics(Evaluator().combine(scores)) : nil
        return ReportPayload.Run(label: run.label, results: run.resultsPath, info: run.info.map(Self.info), sequences: sequences,
                                 combined: combined)
    }

    static func info(_ i: RunInfo) -> ReportPayload.Info {
        ReportPayload.Info(
            version: i.version, command: i.command, settings: i.settings.map { [$0.key, $0.value] },
            inputs: i.inputs.map { [$0.path, String($0.bytes)] }, models: i.models.map { [$0.path, $0.sha256] },
            sequences: i.sequences.map {
                ReportPayload.Timing(name: $0.name, frames: $0.frames, seconds: $0.seconds, framesPerSecond: $0.framesPerSecond,
                                     decode: $0.decodeSeconds, detect: $0.detectSeconds, track: $0.trackSeconds, render: $0.renderSeconds)
            })
    }

    /// Every field of `trackline eval --format json`, in its order, and the per-alpha curves.
    static func metrics(_ s: SequenceScores) -> ReportPayload.Metrics {
        let fields = s.allFields
        let pct = { (a: [Double]) in a.map { 100 * $0 } }
        return ReportPayload.Metrics(names: fields.map(\.name), values: fields.map(\.scaled),
                                     curves: ["HOTA": pct(s.hota.hota), "DetA": pct(s.hota.detA), "AssA": pct(s.hota.assA),
                                              "LocA": pct(s.hota.locA)])
    }
}
