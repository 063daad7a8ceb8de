/// Kinds of video paths that are not plain file names.
enum VideoPathPattern {
    /// True for URLs FFmpeg opens itself (`rtsp://...`, `http://...`, `pipe:0`).
    static func isURL(_ path: String) -> Bool {
        path.contains("://") || path.hasPrefix("pipe:")
    }
}
