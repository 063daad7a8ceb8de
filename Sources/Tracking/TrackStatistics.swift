import Foundation
import TracklineCore

/// Per-track figures accumulated from the rows of a run, one small record per track (memory
/// grows with the number of tracks, not with frames): first and last frame and time, frames
/// seen, mean score, path length of the box centre in pixels and mean speed in pixels per
/// second. `ResultWriter` keeps one for `ResultFormat.trackSummary`.
public struct TrackStatistics: Sendable {
    /// One track's accumulators.
    public struct Track: Sendable, Equatable {
        public var firstFrame: Int, lastFrame: Int
        /// Seconds (the rows' `time_s`).
        public var firstTime: Double, lastTime: Double
        /// Rows (boxes) of the track.
        public var frames: Int
        public var scoreSum: Double
        /// Sum of the distances between consecutive box centres, in pixels.
        public var pathLength: Double
        var centreX: Double, centreY: Double

        public var meanScore: Double { frames > 0 ? scoreSum / Double(frames) : 0 }
        /// Path length over the time between first and last box, in pixels per second; nil for
        /// a track seen at one instant.
        public var meanSpeed: Double? { lastTime > firstTime ? pathLength / (lastTime - firstTime) : nil }
    }

    public private(set) var tracks: [Int: Track] = [:]

    public init() {}

    /// Adds the row of `box`, shown at `time` seconds. Rows of one track come in frame order.
    public mutating func add(_ box: TrackedBox, time: Double) {
        let cx = box.box.x + box.box.width / 2, cy = box.box.y + box.box.height / 2
        if var t = tracks[box.trackID] {
            t.pathLength += ((cx - t.centreX) * (cx - t.centreX) + (cy - t.centreY) * (cy - t.centreY)).squareRoot()
            t.centreX = cx; t.centreY = cy
            t.lastFrame = box.frame; t.lastTime = time
            t.frames += 1
            t.scoreSum += Double(box.score)
            tracks[box.trackID] = t
        } else {
            tracks[box.trackID] = Track(firstFrame: box.frame, lastFrame: box.frame, firstTime: time, lastTime: time, frames: 1,
                                        scoreSum: Double(box.score), pathLength: 0, centreX: cx, centreY: cy)
        }
    }

    /// The CSV header of `table`.
    public static let header = "id,class,first_frame,last_frame,first_time_s,last_time_s,frames_seen,mean_score,path_length_px,mean_speed_px_s\n"

    /// The table as CSV, one row per track in id order; `class` is `className` for every
    /// track, `mean_speed_px_s` is empty for a track seen at one instant.
    public func table(className: String) -> String {
        var out = Self.header
        for id in tracks.keys.sorted() {
            let t = tracks[id]!
            let fields = [String(id), className, String(t.firstFrame), String(t.lastFrame),
                          MOTFile.formatDecimal(t.firstTime, decimals: 6), MOTFile.formatDecimal(t.lastTime, decimals: 6),
                          String(t.frames), MOTFile.formatDecimal(t.meanScore, decimals: 6),
                          MOTFile.formatDecimal(t.pathLength, decimals: 2), t.meanSpeed.map { MOTFile.formatDecimal($0, decimals: 2) } ?? ""]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
