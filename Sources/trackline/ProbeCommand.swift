import ArgumentParser

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Print a video's metadata; with --count, decode it all.")

    @Argument(help: "Video file or image-sequence pattern (e.g. img1/%06d.jpg).")
    var video: String

    func run() throws {
        throw ValidationError("probe is not implemented yet")
    }
}
