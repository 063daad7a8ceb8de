import ArgumentParser

@main
struct Trackline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackline",
        abstract: "Track objects in video files: decode, detect, link into trajectories, evaluate.",
        version: "0.1.0",
        subcommands: [
            ProbeCommand.self,
            SSDLiteCheckCommand.self,
            EvalCommand.self,
            BenchAssignmentCommand.self,
            BenchReadCommand.self,
            TrackCommand.self,
            SynthCommand.self,
            DetectCommand.self,
            TrainCommand.self,
            SimulateCommand.self,
        ]
    )
}
