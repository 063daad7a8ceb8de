import Foundation

/// What a video input names, decided from its text and the file system alone (no FFmpeg):
/// a local file or image pattern, a folder of images, a network URL, standard input or a V4L2
/// camera. The Media module opens it; the Pipeline uses it to check inputs (a URL is not
/// stat'ed as a file) and to treat live sources as unbounded.
public struct VideoSource: Sendable, Equatable {
    /// The kinds of input.
    public enum Kind: String, Sendable, CaseIterable {
        /// A local video file, or an image-sequence pattern (`img1/%06d.jpg`).
        case file
        /// A folder of images, read in natural sort order (`2.png` before `10.png`).
        case imageFolder
        /// A URL FFmpeg opens itself: rtsp, rtmp, http(s), udp, tcp, srt, ...
        case network
        /// Standard input (`-` or `pipe:0`).
        case standardInput
        /// A V4L2 capture device (`/dev/video0`), read through libavdevice.
        case camera
    }

    /// The input as the user gave it.
    public let input: String
    public let kind: Kind
    /// What FFmpeg opens: `pipe:0` for `-`, else the input unchanged.
    public let url: String

    /// URL schemes of network sources, as the docs list them (any other `scheme://` is handed
    /// to FFmpeg as well and counts as a network source).
    public static let networkSchemes = ["rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "udp", "tcp", "srt", "rtp"]

    /// Classifies `input`: `-` and `pipe:N` are standard input, `scheme://...` a network URL
    /// (`file://` a file), `/dev/videoN` a camera, an existing folder a folder of images,
    /// anything else a file or image pattern.
    public init(_ input: String) {
        self.input = input
        if input == "-" {
            kind = .standardInput
            url = "pipe:0"
            return
        }
        url = input
        if input.hasPrefix("pipe:") {
            kind = .standardInput
        } else if let scheme = Self.scheme(of: input) {
            kind = scheme == "file" ? .file : .network
        } else if Self.isCameraPath(input) {
            kind = .camera
        } else if FileIdentity.kind(input) == .directory {
            kind = .imageFolder
        } else {
            kind = .file
        }
    }

    /// The lowercased scheme of `scheme://rest`, or nil.
    public static func scheme(of input: String) -> String? {
        guard let r = input.range(of: "://") else { return nil }
        let s = input[..<r.lowerBound]
        guard let first = s.first, first.isLetter,
              s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        return s.lowercased()
    }

    /// True for `/dev/videoN` (and links to it).
    static func isCameraPath(_ path: String) -> Bool {
        let name = FileIdentity.resolvingLinks(path)
        return path.hasPrefix("/dev/video") || name.hasPrefix("/dev/video")
    }

    /// True when the source has no end of its own (network, standard input, camera): progress
    /// shows no total, rows are flushed as they become final, and Ctrl-C ends the run with
    /// complete outputs.
    public var isLive: Bool { kind == .network || kind == .standardInput || kind == .camera }

    /// True when the input is a path in the file system (a file, pattern, folder or device),
    /// false for URLs and standard input, which must not be checked as files.
    public var isPath: Bool { kind == .file || kind == .imageFolder || kind == .camera }

    /// The input with a password in its URL replaced by `***` (for messages and run files).
    public var redacted: String {
        guard kind == .network, let r = input.range(of: "://"),
              let at = input[r.upperBound...].firstIndex(of: "@") else { return input }
        let userInfo = input[r.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return input }
        return String(input[..<input.index(after: colon)]) + "***" + String(input[at...])
    }

    /// A short name for the source: the file name without extension, or the last path
    /// component of a URL (else its host), `stdin` for standard input. Used for batch folders.
    public var shortName: String {
        switch kind {
        case .standardInput: return "stdin"
        case .network:
            let rest = input.components(separatedBy: "://").dropFirst().joined(separator: "://")
            let noQuery = rest.split(separator: "?", maxSplits: 1).first.map(String.init) ?? rest
            let parts = noQuery.split(separator: "/").map(String.init)
            let hostPart = (parts.first ?? "stream").split(separator: "@").last.map(String.init) ?? "stream"
            guard parts.count > 1, let last = parts.last else { return Self.sanitize(hostPart) }
            let stem = (last as NSString).deletingPathExtension
            return Self.sanitize(stem.isEmpty ? last : stem)
        case .file, .imageFolder, .camera:
            let trimmed = input.hasSuffix("/") ? String(input.dropLast()) : input
            let last = (trimmed as NSString).lastPathComponent
            let stem = kind == .imageFolder ? last : (last as NSString).deletingPathExtension
            return Self.sanitize(stem.isEmpty ? last : stem)
        }
    }

    /// Keeps letters, digits, `-`, `_` and `.`; anything else becomes `_`.
    static func sanitize(_ s: String) -> String {
        let out = String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return out.isEmpty || out == "." || out == ".." ? "video" : out
    }
}
