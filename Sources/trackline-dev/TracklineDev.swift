import ArgumentParser
import Foundation
import Pipeline
import TracklineCore

/// Developer tools behind the measurement scripts (Scripts/*.sh): benchmarks, golden checks
/// and measurements that are not part of the user's `trackline`.
@main
struct TracklineDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackline-dev",
        abstract: "Trackline developer tools: benchmarks and golden checks used by Scripts/.",
        subcommands: [BenchTrackCommand.self, BenchAssignmentCommand.self, BenchReadCommand.self,
                      SSDLiteCheckCommand.self, ScoreAPCommand.self, FeatureAUCCommand.self,
                      ParameterTablesCommand.self])

    static func main() {
        _ = ProcessSettings.apply(environment: ProcessInfo.processInfo.environment, executable: CommandLine.arguments.first)
        main(nil)
    }
}
