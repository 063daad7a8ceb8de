import Foundation
import Logging
import TracklineCore

/// A run report: one self-contained HTML file (inline style, a small script of our own, the data
/// as JSON, thumbnails as base64 JPEG; nothing fetched from the network) showing a run, or
/// several runs side by side. Built from the results' rows, the run file and the metrics'
/// own structures (`ReportPayload`), never from printed text.
///
/// ```swift
/// let run = try ReportLoader.run(results: "tracks.csv", groundTruth: "Annotations/crossing")
/// try HTMLReport(runs: [run]).write(to: "report.html")
/// ```
public struct HTMLReport: Sendable {
    public var runs: [ReportRun]
    public var title: String
    /// Decode thumbnails from the sequences' videos (off: no pictures, no decoding).
    public var thumbnails = true
    /// Worst moments shown per sequence.
    public var momentCount = 6
    /// Where progress goes (`Logger(label: "trackline.report")`).
    public var logger = Logger(label: "trackline.report")

    public init(runs: [ReportRun], title: String? = nil) {
        self.runs = runs
        self.title = title ?? (runs.count == 1 ? "Trackline run: \(runs[0].label)" : "Trackline: \(runs.map(\.label).joined(separator: " vs "))")
    }

    /// Version written into reports.
    public static let version = "0.2.0"

    /// The data the page draws.
    public func payload() throws -> ReportPayload {
        ReportPayload(title: title, version: Self.version, alphas: HOTAAlphas.values,
                      runs: try runs.map { try runPayload($0) })
    }

    /// The page.
    public func html() throws -> String {
        ReportPage.html(title: title, dataJSON: try Self.json(payload()))
    }

    /// Writes the page to `path`, whole or not at all (`AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(html(), to: path)
    }

    /// Non-finite numbers as JSON strings ("NaN", "Infinity", "-Infinity").
    static let nonFinite = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// Compact JSON, safe inside a `<script>` element (no `</` sequence).
    static func json(_ payload: ReportPayload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = nonFinite
        let text = String(decoding: try encoder.encode(payload), as: UTF8.self)
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }
}
