// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "respan-plan",
    // Synchronization.Mutex needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "respan-plan", targets: ["respan-plan"]),
        .library(name: "Manifest", targets: ["Manifest"]),
        .library(name: "RespanAPI", targets: ["RespanAPI"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
        .library(name: "Lockfiles", targets: ["Lockfiles"]),
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "Applying", targets: ["Applying"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // The sandbox stops through a graceful shutdown (Hummingbird's own lifecycle package).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Managed datasets from CSV files: a streaming reader (InputStream, 64 KiB buffer, BOM aware).
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
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
        // Managed dataset files are read here (JSONL, CSV) and hashed (Crypto).
        .target(
            name: "Manifest",
            dependencies: [
                "CYAML", "RespanCore", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The typed Respan API client on AsyncHTTPClient: retries, rate limiting, typed errors.
        .target(
            name: "RespanAPI",
            dependencies: [
                "RespanCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // NIOConnectionError: tells a name that does not resolve from a refused connection.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // A local, faithful Respan on Hummingbird 2 with its own model of the remote.
        .target(
            name: "Sandbox",
            dependencies: [
                "RespanCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The flow, one target a step: Lockfiles ← Planning ← Applying; Results reads lockfiles.
        // The lockfile: its sections, workspaces, the file lock, the journal, digests and derived ids.
        .target(
            name: "Lockfiles",
            dependencies: ["Manifest", "RespanCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Refresh, the pure planner, cost and saved plans: a plan is data, made without a write.
        .target(name: "Planning", dependencies: ["Lockfiles", "Manifest", "RespanAPI", "RespanCore"]),
        // The applier, dataset upload, evaluator sync and the operations the CLI runs.
        .target(name: "Applying", dependencies: ["Planning", "Lockfiles", "Manifest", "RespanAPI", "RespanCore"]),
        // Status, results, gates and baselines over the managed experiments' runs.
        .target(name: "Results", dependencies: ["Lockfiles", "Planning", "Manifest", "RespanAPI", "RespanCore"]),
        // Every view: plan, apply, state, results and status, in text, JSON, Markdown and JUnit.
        .target(
            name: "Views",
            dependencies: ["Applying", "Planning", "Lockfiles", "Results", "Manifest", "RespanAPI", "RespanCore"]
        ),
        // The one factory for clients: Respan, or an embedded sandbox started in-process.
        .target(name: "RespanConnection", dependencies: ["RespanAPI", "Sandbox"]),
        .executableTarget(
            name: "respan-plan",
            dependencies: [
                "Manifest", "RespanCore", "RespanAPI", "Sandbox", "Lockfiles", "Planning", "Applying", "Results",
                "Views",
                "RespanConnection",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The loader under libFuzzer (scripts/fuzz builds it with -sanitize=fuzzer,address and
        // -D FUZZING); built normally it replays inputs: ManifestFuzz FILE…
        .executableTarget(name: "ManifestFuzz", dependencies: ["Manifest"], path: "Fuzz/ManifestFuzz"),
        .target(
            name: "TestSupport",
            dependencies: [
                "RespanCore", "Sandbox", "RespanAPI", "Lockfiles", "Planning", "Applying", "Manifest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                // RowService: an application under test for a runner's http: form.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "RespanCoreTests", dependencies: ["RespanCore", "TestSupport"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "RespanCore", "TestSupport"]),
        .testTarget(name: "RespanAPITests", dependencies: ["RespanAPI", "Sandbox", "RespanCore", "TestSupport"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "RespanCore", "TestSupport"]),
        .testTarget(
            name: "ResultsTests",
            dependencies: [
                "Results", "Views", "Lockfiles", "Planning", "Manifest", "RespanCore", "RespanAPI", "TestSupport",
            ]),
        .testTarget(
            name: "PlanningTests",
            dependencies: [
                "Lockfiles", "Planning", "Applying", "Views", "Manifest", "RespanCore", "RespanAPI", "Sandbox",
                "TestSupport",
            ]),
        .testTarget(name: "LockfilesTests", dependencies: ["Lockfiles", "Manifest", "RespanCore", "TestSupport"]),
        .testTarget(
            name: "ViewsTests",
            dependencies: [
                "Views", "Results", "Applying", "Lockfiles", "Planning", "RespanCore", "RespanAPI", "TestSupport",
            ]),
        .testTarget(
            name: "CLITests",
            dependencies: ["respan-plan", "TestSupport"]
        ),
    ]
)
