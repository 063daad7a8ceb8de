// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Trackline",
    products: [
        .library(name: "Trackline", targets: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking", "Evaluation", "Pipeline", "Report",
        ]),
        .executable(name: "trackline", targets: ["trackline"]),
        .executable(name: "trackline-dev", targets: ["trackline-dev"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `make docs`: DocC reference of the library modules.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System libraries: the only places C headers enter the package.
        .systemLibrary(
            name: "CFFmpeg", path: "Sources/CFFmpeg",
            pkgConfig: "libavdevice libavformat libavcodec libswscale libavutil",
            providers: [.apt(["libavdevice-dev", "libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev", "pkg-config"]),
                        .brew(["ffmpeg", "pkg-config"])]),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
            // Homebrew's openblas is keg-only: PKG_CONFIG_PATH="$(brew --prefix openblas)/lib/pkgconfig".
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        // Plain data shared by every stage: boxes, detections, trajectories, MOT files, assignment.
        .target(name: "TracklineCore"),
        // Video in and out. The only module that imports CFFmpeg.
        .target(name: "Media", dependencies: ["CFFmpeg", "TracklineCore"]),
        // Depthwise-conv and bias/ReLU6 kernels of the SSDLite detector, built for AVX-512, AVX2 and
        // the x86-64 baseline and picked at run time (Swift code only gets the baseline, SSE2).
        .target(name: "CSSDLiteKernels", path: "Sources/CSSDLiteKernels"),
        // Frames to boxes: SSDLite CNN, motion detector, detection files, appearance features.
        .target(name: "Detection", dependencies: ["TracklineCore", "Media", "COpenBLAS", "CSSDLiteKernels"]),
        // The sequence model's expf, eight lanes at a time bit-identical to glibc's (needs FMA,
        // which Swift does not get here), picked at run time like CSSDLiteKernels.
        .target(name: "CSequenceKernels", path: "Sources/CSequenceKernels"),
        // Tensors, autodiff, the seq2seq association model and its training.
        .target(name: "SequenceModel", dependencies: ["TracklineCore", "COpenBLAS", "CSequenceKernels"]),
        // Trackers (SORT, ByteTrack, seq2seq), the tracking session and its output filter. Boxes
        // in, trajectories out: no frames.
        .target(name: "Tracking", dependencies: ["TracklineCore", "SequenceModel", .product(name: "Logging", package: "swift-log")]),
        // MOTChallenge metrics at TrackEval parity.
        .target(name: "Evaluation", dependencies: ["TracklineCore"]),

        // Run reports: one self-contained HTML page from a run's results, run file, video
        // (thumbnails) and ground truth; several runs side by side.
        .target(name: "Report", dependencies: [
            "TracklineCore", "Evaluation", "Media", .product(name: "Logging", package: "swift-log"),
        ]),

        // Tracking jobs: sources (video, detection files), detector and tracker presets, the one
        // driver loop, sinks (CSV, MOT, overlay video, saved detections), run files.
        .target(name: "Pipeline", dependencies: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),

        .executableTarget(name: "trackline", dependencies: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking", "Evaluation", "Pipeline", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Benchmarks, golden checks and measurements for Scripts/: not the user's commands.
        .executableTarget(name: "trackline-dev", dependencies: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking", "Evaluation", "Pipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The library from the outside: tracks a video and writes a CSV (built by `make test`).
        .executableTarget(name: "TrackVideo", dependencies: ["Pipeline"], path: "Examples/TrackVideo"),

        .testTarget(name: "TracklineCoreTests", dependencies: ["TracklineCore"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "TracklineCore"]),
        .testTarget(name: "DetectionTests", dependencies: ["Detection", "Media", "TracklineCore"]),
        .testTarget(name: "SequenceModelTests", dependencies: ["SequenceModel", "TracklineCore"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "Detection", "TracklineCore"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Tracking", "Detection", "Media", "TracklineCore"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TracklineCore"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Evaluation", "Media", "TracklineCore"]),
        // Runs the built `trackline` as a user does: exit statuses, messages, files on disk.
        .testTarget(name: "CLITests", dependencies: ["trackline", "trackline-dev"]),
    ],
    swiftLanguageModes: [.v6]
)
