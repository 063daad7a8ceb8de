import Foundation

/// The most memory this process has held at once (peak resident set size).
enum PeakMemory {
    /// Megabytes (10^6 bytes).
    static var megabytes: Double {
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
