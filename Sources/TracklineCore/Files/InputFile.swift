import Foundation

/// Reads a whole text input (detections, ground truth, seqinfo.ini, configs) with errors that
/// say what is wrong with the path. Regular files, FIFOs and devices are read to their end
/// (so `<(command)` and `/dev/stdin` work); more than `limit` bytes is refused before it is
/// all held in memory (`/dev/zero` ends with an error, not with the machine's memory).
public enum InputFile {
    /// The largest text input read by default: 2 GiB (a MOTChallenge detection file of that
    /// size holds about 50 million rows).
    public static let defaultLimit = 2 << 30

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notFound(path: String)
        case isDirectory(path: String)
        case notReadable(path: String, reason: String)
        case tooLarge(path: String, limit: Int)

        public var description: String {
            switch self {
            case let .notFound(path):
                return "\(path): no such file; check the path"
            case let .isDirectory(path):
                return "\(path) is a folder, not a file"
            case let .notReadable(path, reason):
                return "\(path): cannot read the file (\(reason)); check the path and permissions"
            case let .tooLarge(path, limit):
                return "\(path): more than \(limit >> 20) MiB; larger inputs are not supported (is it the right file?)"
            }
        }
    }

    /// The bytes of `path`, at most `limit` of them.
    public static func read(path: String, limit: Int = defaultLimit) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw .notFound(path: path) }
            throw .notReadable(path: path, reason: String(cString: strerror(e)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .notReadable(path: path, reason: String(cString: strerror(errno))) }
        if st.st_mode & S_IFMT == S_IFDIR { throw .isDirectory(path: path) }
        let regular = st.st_mode & S_IFMT == S_IFREG
        if regular && Int(st.st_size) > limit { throw .tooLarge(path: path, limit: limit) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(regular ? Int(st.st_size) : 1 << 16)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                if e == EISDIR { throw .isDirectory(path: path) }
                throw .notReadable(path: path, reason: String(cString: strerror(e)))
            }
            if n == 0 { break }
            if bytes.count + n > limit { throw .tooLarge(path: path, limit: limit) }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }
}
