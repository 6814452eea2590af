// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "respan-plan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "respan-plan", targets: ["respan-plan"]),
        .library(name: "Manifest", targets: ["Manifest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev). Only the Manifest target touches it.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Values every layer shares: diagnostics with source locations, JSON values, canonical JSON.
        .target(name: "RespanCore"),
        // YAML composer, typed manifest, resolution into desired state.
        .target(name: "Manifest", dependencies: ["CYAML", "RespanCore"]),
        .executableTarget(
            name: "respan-plan",
            dependencies: [
                "Manifest", "RespanCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["RespanCore"], path: "Tests/TestSupport"),
        .testTarget(name: "RespanCoreTests", dependencies: ["RespanCore", "TestSupport"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "RespanCore", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["respan-plan", "TestSupport"]
        ),
    ]
)
