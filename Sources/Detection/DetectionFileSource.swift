import Foundation
import Media
import TracklineCore

/// Detections read from a file, served frame by frame: a `Detector` that needs no image.
///
/// The file is read once, in MOTChallenge det format (`frame,id,x,y,w,h,score,...`: 1-based
/// frames, top-left boxes in original pixels) or as a Trackline CSV. Used with a video, `detect(in:)` returns the rows
/// of `frame.number`, with appearance vectors when a feature extractor is set; used without one,
/// `detections(forFrame:)` returns them with empty features.
public struct DetectionFileSource: Detector {
    /// All kept detections, ordered by frame (file order within a frame).
    public let all: [Detection]
    /// First and last frame that has a detection, or nil for an empty file.
    public let frameRange: ClosedRange<Int>?
    /// When set, `detect(in:)` attaches vectors computed from the frame.
    public var featureExtractor: (any FeatureExtractor)?
    private let rangeOfFrame: [Int: Range<Int>]

    /// Reads `path`: MOTChallenge text, or a Trackline CSV (recognised by its header; its track
    /// ids are ignored). Rows scoring below `scoreThreshold` (when given) are dropped. Throws
    /// `MOTFileError` naming the file and line of a bad row.
    public init(path: String, scoreThreshold: Float? = nil, featureExtractor: (any FeatureExtractor)? = nil) throws {
        var dets: [Detection]
        if let head = FileHandle(forReadingAtPath: path).map({ h in defer { try? h.close() }; return [UInt8](h.readData(ofLength: 64)) }),
           TracklineCSV.looksLikeTracklineCSV(head) {
            dets = try TracklineCSV.read(path: path).map { Detection(frame: $0.frame, box: $0.box, score: Float($0.score)) }
        } else {
            dets = try MOTFile.read(path: path).detections
        }
        if let t = scoreThreshold { dets.removeAll { $0.score < t } }
        self.init(detections: dets, featureExtractor: featureExtractor)
    }

    /// A source serving the given detections.
    public init(detections: [Detection], featureExtractor: (any FeatureExtractor)? = nil) {
        // Stable sort by frame keeps file order within a frame.
        let sorted = detections.enumerated().sorted { a, b in
            a.element.frame != b.element.frame ? a.element.frame < b.element.frame : a.offset < b.offset
        }.map(\.element)
        var ranges: [Int: Range<Int>] = [:]
        var start = 0
        for i in sorted.indices where i + 1 == sorted.count || sorted[i + 1].frame != sorted[i].frame {
            ranges[sorted[i].frame] = start..<(i + 1)
            start = i + 1
        }
        all = sorted
        rangeOfFrame = ranges
        frameRange = sorted.isEmpty ? nil : sorted[0].frame...sorted[sorted.count - 1].frame
        self.featureExtractor = featureExtractor
    }

    /// The detections of 1-based frame `n`, with empty features.
    public func detections(forFrame n: Int) -> [Detection] {
        guard let r = rangeOfFrame[n] else { return [] }
        return Array(all[r])
    }

    public mutating func detect(in frame: Frame) throws -> [Detection] {
        var out = detections(forFrame: frame.number)
        if var fx = featureExtractor {
            try fx.attach(to: &out, in: frame)
            featureExtractor = fx
        }
        return out
    }
}
