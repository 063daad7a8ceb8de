import Foundation
import Detection
import Pipeline

/// The settings `trackline` takes from its environment (`ProcessSettings` lists them).
enum Environment {
    nonisolated(unsafe) private(set) static var settings = ProcessSettings()

    static func apply() {
        settings = ProcessSettings.apply(environment: ProcessInfo.processInfo.environment, executable: CommandLine.arguments.first)
    }

    static var seq2seqModel: String? { settings.seq2seqModel }
    static var ssdliteModel: String? { settings.ssdliteModel }
    static var ssdliteKernels: SSDLiteKernelPath { settings.ssdliteKernels }
}
