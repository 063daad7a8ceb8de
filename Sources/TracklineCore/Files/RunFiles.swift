import Foundation

/// The files one run reads and writes, checked together before anything is written: no output
/// may be an input (it would be destroyed), and no two outputs may be one file (one would
/// replace the other). Devices such as `/dev/null` may take several outputs.
public struct RunFiles: Sendable {
    /// Inputs as (option or role, path), e.g. ("VIDEO", "in.mp4"), ("--detections", "det.txt").
    public var inputs: [(option: String, path: String)] = []
    /// Outputs as (option, path), e.g. ("--output", "tracks.csv").
    public var outputs: [(option: String, path: String)] = []

    public init(inputs: [(option: String, path: String)] = [], outputs: [(option: String, path: String)] = []) {
        self.inputs = inputs
        self.outputs = outputs
    }

    public mutating func input(_ option: String, _ path: String?) {
        if let path { inputs.append((option, path)) }
    }

    public mutating func output(_ option: String, _ path: String?) {
        if let path { outputs.append((option, path)) }
    }

    /// Throws the first problem: an empty or folder output path, an output that is an input,
    /// or two outputs that are one file.
    public func check() throws(OutputError) {
        var inputIDs: [(FileIdentity, String)] = []
        for (option, path) in inputs where !path.isEmpty {
            inputIDs.append((FileIdentity(path), option == path ? path : "\(option) \(path)"))
        }
        var seen: [FileIdentity: String] = [:]
        for (option, path) in outputs {
            let out = try OutputFile(path: path, option: option)
            let id = FileIdentity(out.target)
            if let input = inputIDs.first(where: { $0.0 == id }) {
                throw .sameAsInput(path: path, option: option, input: input.1)
            }
            if isCharacterDevice(out.target) { continue }
            if let other = seen[id] { throw .sameAsOtherOutput(path: path, option: option, other: other) }
            seen[id] = option
        }
    }

    private func isCharacterDevice(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR
    }
}
