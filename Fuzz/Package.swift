// swift-tools-version:6.1
// libFuzzer targets for Trackline's file parsers. Build and run them with Scripts/fuzz.sh
// (see Fuzz/README.md): `swift build --sanitize=fuzzer --sanitize=address`. With SwiftPM's
// `--sanitize=fuzzer` the fuzz targets are parsed as libraries and libFuzzer supplies `main`.
import PackageDescription

/// The main package, one level up. The explicit name makes `package: "Trackline"` below work
/// whatever the checkout's folder is called (its identity comes from the folder name).
let trackline = Package.Dependency.package(name: "Trackline", path: "..")

func fuzzer(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Trackline", package: "Trackline")],
        path: "Sources/\(name)")
}

let package = Package(
    name: "TracklineFuzz",
    dependencies: [trackline],
    targets: [
        fuzzer("FuzzMOT"),
        fuzzer("FuzzTracklineCSV"),
        fuzzer("FuzzSeqInfo"),
        fuzzer("FuzzSafetensors"),
        fuzzer("FuzzGraphDef"),
        fuzzer("FuzzTrainingConfig"),
        fuzzer("FuzzJobFile"),
        // Writes the binary seed inputs of Corpus/ (graphdef, safetensors) with the project's own writers.
        .executableTarget(
            name: "MakeSeeds",
            dependencies: [.product(name: "Trackline", package: "Trackline")]),
    ],
    swiftLanguageModes: [.v6]
)
