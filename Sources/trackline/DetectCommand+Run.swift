import ArgumentParser
import Detection
import Foundation
import Media
import TracklineCore

extension DetectCommand {
    /// Runs the chosen detector over the video and writes det.txt atomically.
    func runDetector(video: String, output: String) throws {
        var files = RunFiles()
        files.input("VIDEO", video)
        if detector == .ssdlite { files.input("--model", model) }
        files.output("--output", output)
        try files.check()
        let reader = try VideoReader(path: video, options: VideoReaderOptions(
            format: .rgb24, startFrame: startFrame, endFrame: endFrame))
        var detector = try makeDetector()
        let showProgress = !quiet && (progress || ProgressLine.stderrIsTerminal)
        var line = ProgressLine(total: expectedFrames(reader))
        var frame = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: .rgb24, pixels: [])
        var found: [Detection] = []
        let clock = ContinuousClock()
        let start = clock.now
        var frames = 0
        while try reader.read(into: &frame) {
            for d in try detector.detect(in: frame) where d.score >= threshold { found.append(d) }
            frames += 1
            if showProgress { line.update(frames: frames, elapsed: (clock.now - start).seconds) }
        }
        line.end()
        if frames == 0 {
            if reader.decodedFrameCount == 0 {
                throw MediaError.noFrames(path: video, detail: reader.warnings.first ?? "the stream holds no decodable frame")
            }
            throw CLIError("\(video): no frames to detect in: --start-frame \(startFrame) is past the last frame (\(reader.frameNumber))")
        }
        try MOTFile.writeDetections(found, to: output)
        if !quiet {
            for problem in reader.damageReport {
                FileHandle.standardError.write(Data("warning: \(video): \(problem)\n".utf8))
            }
            let seconds = (clock.now - start).seconds
            FileHandle.standardError.write(Data(String(
                format: "%d frames, %d detections, %.1f fps -> %@\n",
                frames, found.count, Double(frames) / max(seconds, 1e-9), output as NSString).utf8))
        }
    }

    private func expectedFrames(_ reader: VideoReader) -> Int? {
        let total = reader.metadata.frameCount
        if let e = endFrame { return e - startFrame + 1 <= (total ?? .max) ? e - startFrame + 1 : total.map { $0 - startFrame + 1 } }
        return total.map { max(0, $0 - startFrame + 1) }
    }

    /// The detector chosen by `--detector`, wrapped to a common type.
    func makeDetector() throws -> any Detector {
        switch detector {
        case .motion:
            var p = MotionDetector.Parameters()
            for setting in motionSettings {
                do { try p.set(setting) } catch { throw CLIError("--motion '\(setting)': \(error)") }
            }
            return try MotionDetector(parameters: p)
        case .ssdlite:
            return try makeSSDLite()
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
