import Foundation
import Testing
@testable import TracklineCore

@Suite struct OutputFileTests {
    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("trackline-out-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func regularFilesGoThroughATemporaryFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try OutputFile(path: dir + "/a.csv")
        #expect(!out.inPlace && out.temporaryPath?.hasSuffix(".tmp") == true)
        try AtomicFile.write("x\n", to: dir + "/a.csv")
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "x\n")
        #expect(!TemporaryFiles.shared.current.contains { $0.contains("/.a.csv.") })
    }

    @Test func linksAreFollowedAndDevicesWrittenInPlace() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "sub/target.txt")
        let out = try OutputFile(path: dir + "/link")
        #expect(out.target == dir + "/sub/target.txt")
        try AtomicFile.write("y", to: dir + "/link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link") == "sub/target.txt")
        #expect(try String(contentsOfFile: dir + "/sub/target.txt", encoding: .utf8) == "y")
        #expect(try OutputFile(path: "/dev/null").inPlace)
        try AtomicFile.write("z", to: "/dev/null")
        if FileManager.default.fileExists(atPath: "/dev/full") {
            #expect(throws: OutputError.self) { try AtomicFile.write(Data(count: 1 << 16), to: "/dev/full") }
        }
    }

    @Test func foldersAndEmptyPathsAreRefused() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: OutputError.isDirectory(path: dir, option: "-o")) { try OutputFile(path: dir, option: "-o") }
        #expect(throws: OutputError.emptyPath(option: "-o")) { try OutputFile(path: "", option: "-o") }
        #expect(throws: OutputError.self) { try OutputFile(path: dir + "/new/") }
    }

    @Test func runFilesRefuseOverlaps() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1,-1,1,1,1,1,1\n".write(toFile: dir + "/det.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias.txt", withDestinationPath: "det.txt")
        var files = RunFiles(inputs: [("--detections", dir + "/det.txt")])
        files.output("--output", dir + "/alias.txt")
        #expect(throws: OutputError.self) { try files.check() }
        var twice = RunFiles(outputs: [("--output", dir + "/x.csv"), ("--mot", dir + "/./x.csv")])
        #expect(throws: OutputError.sameAsOtherOutput(path: dir + "/./x.csv", option: "--mot", other: "--output")) { try twice.check() }
        twice.outputs = [("--output", "/dev/null"), ("--mot", "/dev/null")]
        try twice.check()
    }

    @Test func inputFilesReadFIFOsAndStopAtTheLimit() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: InputFile.Failure.notFound(path: dir + "/missing")) { try InputFile.read(path: dir + "/missing") }
        #expect(throws: InputFile.Failure.isDirectory(path: dir)) { try InputFile.read(path: dir) }
        #expect(throws: InputFile.Failure.tooLarge(path: "/dev/zero", limit: 1 << 20)) { try InputFile.read(path: "/dev/zero", limit: 1 << 20) }
        #expect(try InputFile.read(path: "/dev/null").isEmpty)
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let h = FileHandle(forWritingAtPath: dir + "/fifo")
            h?.write(Data("1,2,3\n".utf8))
            try? h?.close()
            done.signal()
        }
        #expect(try InputFile.read(path: dir + "/fifo") == Array("1,2,3\n".utf8))
        done.wait()
    }
}

@Suite struct ParameterTableTests {
    struct Knobs { var rate = 0.5; var count = 3; var on = true; var auto: Double? = nil }
    static let table = ParameterTable<Knobs>("knobs", [
        .init("rate", in: 0...1, doc: "A rate.", get: { $0.rate }, set: { $0.rate = $1 }),
        .init("count", .integer, in: 1...10, doc: "A count.", get: { Double($0.count) }, set: { $0.count = Int($1) }),
        .init("on", .flag, in: 0...1, doc: "A switch.", get: { $0.on ? 1 : 0 }, set: { $0.on = $1 != 0 }),
        .init("auto", in: 0...5, doc: "Automatic unless set.", automatic: "the model's", get: { $0.auto }, set: { $0.auto = $1 }),
    ])

    @Test func parsesAndChecks() throws {
        var k = Knobs()
        try Self.table.apply([try Self.table.parse("rate=0.25"), try Self.table.parse("count=7"), try Self.table.parse("on=off")], to: &k)
        #expect(k.rate == 0.25 && k.count == 7 && !k.on)
        for bad in ["rate=1.5", "count=2.5", "count=0", "on=2", "rate=nan", "rate=0x1", "nope=1", "rate"] {
            #expect(throws: ParameterError.self, "\(bad)") { try Self.table.parse(bad) }
        }
    }

    @Test func listingAndDocsComeFromTheTable() {
        let listing = Self.table.listing(defaults: Knobs())
        #expect(listing.contains("rate") && listing.contains("real in 0...1; default 0.5") && listing.contains("A rate."))
        #expect(listing.contains("default the model's"))
        let md = Self.table.markdownTable(defaults: Knobs())
        #expect(md.contains("| `count` | integer | 1...10 | 3 | A count. |"))
    }
}
