import Foundation

/// The process's resident memory from /proc/self/status (Linux): current (`VmRSS`) and peak
/// (`VmHWM`), in bytes. Elsewhere both are nil.
enum PeakMemory {
    static func field(_ name: String) -> Int? {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kb = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return kb.map { $0 * 1024 }
        }
        #endif
        return nil
    }

    static var resident: Int? { field("VmRSS") }
    static var peak: Int? { field("VmHWM") }

    /// Resets the peak to the current resident size (writing 5 to /proc/self/clear_refs); false
    /// when not allowed, and the peak then still includes whatever ran before.
    @discardableResult
    static func resetPeak() -> Bool {
        #if os(Linux)
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
        #else
        return false
        #endif
    }

    /// Peak resident growth while `body` runs, in bytes: the peak after it less the resident size
    /// before it (an overestimate if the peak could not be reset and was higher before).
    static func growth<T>(during body: () throws -> T) rethrows -> (value: T, bytes: Int?) {
        resetPeak()
        let before = resident
        let value = try body()
        guard let before, let after = peak else { return (value, nil) }
        return (value, max(0, after - before))
    }
}
