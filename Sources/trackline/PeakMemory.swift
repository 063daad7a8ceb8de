import Foundation

/// The most memory this process has held at once (peak resident set size).
enum PeakMemory {
    /// Megabytes (10^6 bytes). On Linux this is `VmHWM` of /proc/self/status, the peak of this
    /// program's own memory: `getrusage`'s `ru_maxrss` keeps the peak of the process before
    /// `exec`, so a run started by a large parent (a test runner) would report the parent's size.
    static var megabytes: Double {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kB = Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") {
            return kB * 1024 / 1e6
        }
        #endif
        var usage = rusage()
        #if os(Linux)
        let who = RUSAGE_SELF.rawValue
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        #if os(Linux)
        return Double(usage.ru_maxrss) * 1024 / 1e6  // kilobytes on Linux
        #else
        return Double(usage.ru_maxrss) / 1e6  // bytes on Darwin
        #endif
    }
}
