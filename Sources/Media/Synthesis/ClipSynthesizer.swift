import Foundation
import TracklineCore

/// Writes a synthetic clip and its ground truth in MOTChallenge layout:
/// `<clips>/<name>.mp4`, `<annotations>/<name>/gt/gt.txt`, `<annotations>/<name>/seqinfo.ini`.
public enum ClipSynthesizer {
    /// What was written for one clip.
    public struct Result: Sendable {
        public var videoPath: String
        public var groundTruthPath: String
        public var seqInfoPath: String
        public var frames: Int
        public var boxes: Int
        public var ids: Int
        public var bytes: Int
    }

    /// Renders and encodes `scene`. gt.txt rows are `frame,id,x,y,w,h,1,1,visibility`: consider
    /// flag 1 for every box, class 1 (pedestrian), and the visible fraction of the figure.
    /// `progress` is called after each frame with (frame, total).
    public static func write(_ scene: SynthScene, clipsDirectory: String, annotationsDirectory: String,
                             quality: Int = 23, progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        let video = (clipsDirectory as NSString).appendingPathComponent("\(scene.name).mp4")
        let seqDir = (annotationsDirectory as NSString).appendingPathComponent(scene.name)
        let gtPath = ((seqDir as NSString).appendingPathComponent("gt") as NSString).appendingPathComponent("gt.txt")
        let iniPath = (seqDir as NSString).appendingPathComponent("seqinfo.ini")

        let writer = try VideoWriter(path: video, width: scene.width, height: scene.height,
                                     frameRate: scene.frameRate, quality: quality)
        var renderer = SceneRenderer(scene: scene)
        var frame = Frame(width: scene.width, height: scene.height)
        var text = ""
        var ids = Set<Int>()
        var boxCount = 0
        for n in 1...scene.frameCount {
            let boxes = renderer.render(frame: n, into: &frame)
            try writer.write(frame)
            for b in boxes {
                text += "\(b.frame),\(b.id),\(b.x),\(b.y),\(b.width),\(b.height),1,1,\(String(format: "%.2f", b.visibility))\n"
                ids.insert(b.id)
            }
            boxCount += boxes.count
            progress?(n, scene.frameCount)
        }
        try writer.finish()
        try AtomicFile.write(text, to: gtPath)
        try SeqInfo(name: scene.name, frameRate: scene.frameRate, seqLength: scene.frameCount,
                    imWidth: scene.width, imHeight: scene.height).write(to: iniPath)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: video))?[.size] as? NSNumber)?.intValue ?? 0
        return Result(videoPath: video, groundTruthPath: gtPath, seqInfoPath: iniPath, frames: scene.frameCount,
                      boxes: boxCount, ids: ids.count, bytes: bytes)
    }
}
