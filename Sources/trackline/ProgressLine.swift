import Foundation

/// A one-line progress report on stderr (`frame N/T  F fps  ETA m:ss`), redrawn in place at
/// most four times a second, finished with a newline by `end()`.
struct ProgressLine {
    let total: Int?
    private var lastDraw = -1.0
    private var drawn = false

    init(total: Int?) { self.total = total }

    /// True when stderr is a terminal.
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    mutating func update(frames: Int, elapsed: Double, force: Bool = false) {
        guard force || elapsed - lastDraw >= 0.25 else { return }
        lastDraw = elapsed
        let fps = elapsed > 0 ? Double(frames) / elapsed : 0
        var s = "\rframe \(frames)"
        if let t = total, t > 0 { s += "/\(t)" }
        s += String(format: "  %.1f fps", fps)
        if let t = total, t > frames, fps > 0 {
            let eta = Int((Double(t - frames) / fps).rounded())
            s += String(format: "  ETA %d:%02d", eta / 60, eta % 60)
        }
        FileHandle.standardError.write(Data((s + "   ").utf8))
        drawn = true
    }

    mutating func end() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
