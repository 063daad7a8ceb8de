import Foundation

/// Writes a file so that it appears whole or not at all: the bytes go to a hidden temporary
/// file beside the target, which is renamed over the target only once it is complete (see
/// `OutputFile` for links, devices and FIFOs, which are written in place).
public enum AtomicFile {
    /// Writes `data` to `path` atomically. Missing parent folders are created.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let out = try OutputFile(path: path)
        let f = try out.open()
        let n = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        var failure = n == data.count ? nil : String(cString: strerror(errno))
        if fflush(f) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if fclose(f) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            out.discard()
            throw .writeFailed(path: path, reason: failure)
        }
        try out.commit()
    }

    /// Writes `text` (UTF-8) to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }
}
