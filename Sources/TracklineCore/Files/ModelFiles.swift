import Foundation

/// Where model files are found when the caller names none: the working directory first, then
/// the folders above the executable, so a binary under `.build/release/` finds the
/// repository's `Models/` from any working directory.
public enum ModelFiles {
    /// `relative` (e.g. `Models/seq2seq.safetensors`) as found, or nil.
    public static func locate(_ relative: String) -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
