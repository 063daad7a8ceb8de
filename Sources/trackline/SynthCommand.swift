import ArgumentParser
import Foundation
import Media

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Render the synthetic sample clips (crossing, occlusion, crowd) with exact ground truth.",
        discussion: """
        Writes <out-clips>/<name>.mp4 and, in MOTChallenge layout, <out-annotations>/<name>/gt/gt.txt
        (frame,id,x,y,w,h,1,1,visibility; 1-based frames; boxes in pixels, top-left x,y) and
        <out-annotations>/<name>/seqinfo.ini. The same seed always gives the same clips.
        """)

    @Option(help: "Folder for the videos.")
    var outClips = "Clips"

    @Option(help: "Folder for the ground truth (one MOTChallenge sequence folder per clip).")
    var outAnnotations = "Annotations"

    @Option(help: "Random seed: paths in the crowd clip, colours, background texture.")
    var seed: UInt64 = 2024

    @Option(help: "Only these clips (comma-separated names).")
    var only: String?

    func run() throws {
        var scenes = SynthScene.presets(seed: seed)
        if let only {
            let names = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let unknown = names.subtracting(scenes.map(\.name))
            if !unknown.isEmpty {
                throw ValidationError("unknown clip(s) \(unknown.sorted().joined(separator: ", ")); choose from \(scenes.map(\.name).joined(separator: ", "))")
            }
            scenes = scenes.filter { names.contains($0.name) }
        }
        for scene in scenes {
            let result = try ClipSynthesizer.write(scene, clipsDirectory: outClips, annotationsDirectory: outAnnotations) { n, total in
                if n % 30 == 0 || n == total {
                    FileHandle.standardError.write(Data("\r\(scene.name): frame \(n)/\(total)".utf8))
                }
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            print("\(result.videoPath): \(result.frames) frames, \(result.bytes / 1024) KiB; \(result.groundTruthPath): \(result.boxes) boxes, \(result.ids) ids")
        }
    }
}
