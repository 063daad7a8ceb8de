import Foundation
import Synchronization

/// Where model files are found when the caller names none: the working directory, then the
/// folders added with `addSearchRoot` (the `trackline` executable adds the folders above
/// itself, so a build under `.build/release/` finds the repository's `Models/` from anywhere).
public enum ModelFiles {
    private static let roots = Mutex<[String]>([])

    /// Also look in `folder` (and up to five folders above it).
    public static func addSearchRoot(_ folder: String) {
        roots.withLock { if !$0.contains(folder) { $0.append(folder) } }
    }

    /// `relative` (e.g. `Models/seq2seq.safetensors`) as found, or nil.
    public static func locate(_ relative: String) -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        for root in roots.withLock({ $0 }) {
            var dir = URL(fileURLWithPath: root)
            for _ in 0..<6 {
                let candidate = dir.appendingPathComponent(relative).path
                if fm.fileExists(atPath: candidate) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }
}
