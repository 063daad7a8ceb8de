import ArgumentParser
import Foundation
import Synchronization
import Pipeline
import TracklineCore

@main
struct Trackline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackline",
        abstract: "Track people in video: decode, detect, link into trajectories, evaluate.",
        version: RunRecord.version,
        subcommands: [
            TrackCommand.self,
            BatchCommand.self,
            DetectCommand.self,
            EvalCommand.self,
            ReportCommand.self,
            ProbeCommand.self,
            TrainCommand.self,
            SimulateCommand.self,
            SynthCommand.self,
        ]
    )

    static func main() {
        Interruption.install()
        CLILogging.bootstrap()
        Environment.apply()
        main(nil)
    }
}

/// Ctrl-C, `kill` and a closed terminal (SIGINT, SIGTERM, SIGHUP) end the run without leaving
/// temporary files behind: outputs not yet complete are deleted (their targets were never
/// touched), then the process ends by the same signal, so the shell sees how it ended.
/// A live run registers `onFirstSignal` instead: the first signal stops it cleanly (its
/// outputs are completed and it exits normally), a second one ends it as above.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let graceful = Mutex<(@Sendable () -> Void)?>(nil)

    /// Runs `handler` (once) on the first SIGINT, SIGTERM or SIGHUP instead of ending the process.
    static func onFirstSignal(_ handler: @escaping @Sendable () -> Void) {
        graceful.withLock { $0 = handler }
    }

    static func install() {
        // A parent may start us with these blocked (threads of a dispatch queue block them, and
        // a child inherits the mask): unblock them, or nothing could interrupt the run.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // A signal the parent already ignores (nohup) stays ignored.
            if isIgnored(sig) { continue }
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if let stop = graceful.withLock({ h -> (@Sendable () -> Void)? in defer { h = nil }; return h }) {
                    stop()
                    return
                }
                TemporaryFiles.shared.removeAll()
                signal(sig, SIG_DFL)
                kill(getpid(), sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    private static func isIgnored(_ sig: Int32) -> Bool {
        var old = sigaction()
        guard sigaction(sig, nil, &old) == 0 else { return false }
        #if os(Linux)
        let handler = old.__sigaction_handler.sa_handler
        #else
        let handler = old.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == 1  // SIG_IGN
    }
}
