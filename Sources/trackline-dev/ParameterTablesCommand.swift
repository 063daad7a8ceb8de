import ArgumentParser
import Detection
import Pipeline
import Tracking
import TracklineCore

/// `trackline-dev parameter-tables`: every component's parameter table as Markdown, the
/// reference part of docs/cli.md (Scripts/cli-docs.sh); a test checks the two agree.
struct ParameterTablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parameter-tables", abstract: "Print every parameter table as Markdown (for docs/cli.md).")

    func run() throws { print(Self.markdown(), terminator: "") }

    /// The tables, each under a heading naming the flag that sets it.
    static func markdown() -> String {
        var out = ""
        for kind in TrackerFactory.kinds {
            out += "### Tracker `\(kind.name)` (`--tracker-option`)\n\n\(kind.summary).\n\n"
            out += kind.parameterNames.isEmpty ? "No parameters.\n\n" : kind.markdownTable + "\n"
        }
        out += "### Detector `ssdlite` (`--detector-option`; `--detector-size` sets `input_size`)\n\n"
        out += SSDLiteSettings.table.markdownTable(defaults: SSDLiteSettings()) + "\n"
        out += "### Detector `motion` (`--detector-option`; `detect --motion`)\n\n"
        out += MotionDetector.Parameters.table.markdownTable(defaults: .init()) + "\n"
        out += "### Output filter (`--interpolate`, `--smooth`)\n\n"
        out += FilterSettings.table.markdownTable(defaults: FilterSettings()) + "\n"
        return out
    }
}
