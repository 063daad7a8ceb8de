// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Trackline",
    products: [
        .library(name: "Trackline", targets: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking", "Evaluation",
        ]),
        .executable(name: "trackline", targets: ["trackline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries: the only places C headers enter the package.
        .systemLibrary(
            name: "CFFmpeg", path: "Sources/CFFmpeg",
            pkgConfig: "libavformat libavcodec libswscale libavutil",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev", "pkg-config"])]),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

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
        // Trackers (SORT, ByteTrack, seq2seq) and the streaming pipeline.
        .target(name: "Tracking", dependencies: ["TracklineCore", "Media", "Detection", "SequenceModel"]),
        // MOTChallenge metrics at TrackEval parity.
        .target(name: "Evaluation", dependencies: ["TracklineCore"]),

        .executableTarget(name: "trackline", dependencies: [
            "TracklineCore", "Media", "Detection", "SequenceModel", "Tracking", "Evaluation",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "TracklineCoreTests", dependencies: ["TracklineCore"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "TracklineCore"]),
        .testTarget(name: "DetectionTests", dependencies: ["Detection", "Media", "TracklineCore"]),
        .testTarget(name: "SequenceModelTests", dependencies: ["SequenceModel", "TracklineCore"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "Detection", "TracklineCore"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TracklineCore"]),
        // Runs the built `trackline` as a user does: exit statuses, messages, files on disk.
        .testTarget(name: "CLITests", dependencies: ["trackline"]),
    ],
    swiftLanguageModes: [.v6]
)
